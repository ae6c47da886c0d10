"""Text layout: paragraphs → shaped words → lines. Flowing the lines through frames and
autofit are in :mod:`pancarte.layout.flow`, glyph runs in :mod:`pancarte.layout.runs`.

Everything is measured in em of the paragraph's own size while breaking lines, so one shaping
of a paragraph serves every size that autofit tries: a size only changes the available width
in em (``width_pt / size``) and the heights.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate

from pancarte.layout.fonts import FontFace, FontLibrary
from pancarte.layout.hyphenate import hyphenation_points
from pancarte.layout.inline import parse_inline
from pancarte.layout.typography import apply_french_rules, upper_fr
from pancarte.model.document import TextStyle

_SPACES = " \t\u2000-\u2006\u2008-\u200a\u205f\u3000"  # breakable spaces (not U+00A0, U+202F)
_NEWLINES = "\n\r\u2028\u2029"  # forced line breaks
_TOKEN = re.compile(rf"(?P<sp>[{_SPACES}]+)|(?P<nl>[{_NEWLINES}])|(?P<w>[^{_SPACES}{_NEWLINES}]+)")
# a line may end after a hard hyphen (or a slash) that follows a letter
_AFTER_HYPHEN = re.compile(r"(?<=[^-\u2010/][-\u2010/])(?=.)")
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_KEEP_FORMAT = {"\u200d", "\u200c"}
_EPS = 1e-9
NO_HYPHENATION_ROLES = {"title", "subtitle", "heading"}


@dataclass(slots=True)
class Seg:
    """Characters of one face inside a word; advances in em (tracking included)."""

    face: FontFace
    text: str
    glyphs: tuple[int, ...]
    adv: tuple[float, ...]


@dataclass(slots=True)
class Word:
    text: str
    segs: list[Seg]
    cum: list[float]  # cum[i] = em width of text[:i]
    gap: float  # em width of the space after it (0: none)
    forced: bool = False  # a forced line break follows
    _hyph: tuple[int, ...] | None = None

    @property
    def width(self) -> float:
        return self.cum[-1]


@dataclass(slots=True)
class Prepared:
    """A paragraph ready for line breaking, independent of size."""

    words: list[Word]
    style: TextStyle
    face: FontFace  # primary face (vertical metrics, marker, hyphen)
    marker: Word | None
    hyphenate: bool
    lang: str
    missing: list[str]
    hyphen_em: float
    keep_with_next: bool = False  # never the last thing of a frame when another follows


@dataclass(slots=True)
class Line:
    pieces: list[tuple[int, int, int]]  # (word index, char from, char to)
    width: float  # natural width in em
    hyphen: bool
    last: bool  # last line of the paragraph (not justified)
    too_wide: bool = False


@dataclass(slots=True)
class ParaSpec:
    """What the engine asks to lay out: text, role, style, marker."""

    text: str
    style: TextStyle
    marker: str = ""
    hyphenate: bool = True
    balance: bool = False
    keep_with_next: bool = False  # a heading, an intro line ending in ':', a quote


class Preparer:
    """Turns paragraph specs into :class:`Prepared` words, with a bounded cache so that a
    one-word edit re-prepares one paragraph and shapes one word."""

    def __init__(self, fonts: FontLibrary, limit: int = 2000) -> None:
        self.fonts = fonts
        self._cache: OrderedDict[tuple, Prepared] = OrderedDict()
        self._limit = limit
        self._words: dict[tuple, tuple] = {}

    def prepare(self, spec: ParaSpec, french: bool, lang: str) -> Prepared:
        key = (spec.text, spec.style, spec.marker, spec.hyphenate, spec.keep_with_next, french,
               lang)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        prepared = self._prepare(spec, french, lang)
        self._cache[key] = prepared
        if len(self._cache) > self._limit:
            self._cache.popitem(last=False)
        return prepared

    def _prepare(self, spec: ParaSpec, french: bool, lang: str) -> Prepared:
        style = spec.style
        text = unicodedata.normalize("NFC", spec.text)
        if french:
            text = apply_french_rules(text)
        if style.uppercase:
            text = upper_fr(text)
        primary = self.fonts.face(style.family, style.bold, style.italic)
        missing: list[str] = []
        track = style.tracking / 1000.0
        words: list[Word] = []
        join = False  # the next piece continues the last word (emphasis changed mid-word)
        for span_text, bold, italic in parse_inline(text):
            face = self.fonts.face(style.family, bold or style.bold, italic or style.italic)
            for m in _TOKEN.finditer(span_text):
                kind = m.lastgroup
                if kind == "sp":
                    if words and not words[-1].forced:
                        last = words[-1].segs[-1].face
                        words[-1].gap += len(m.group()) * (last.space_advance / last.upem + track)
                    join = False
                elif kind == "nl":
                    if words:
                        words[-1].forced = True
                    join = False
                else:
                    for piece in _AFTER_HYPHEN.split(m.group()):
                        word = self._word(piece, face, track, missing)
                        if word is None:
                            continue
                        if join and words and not words[-1].forced and words[-1].gap == 0:
                            prev = words[-1]
                            offset = prev.cum[-1]
                            words[-1] = Word(prev.text + word.text, prev.segs + word.segs,
                                             prev.cum + [offset + c for c in word.cum[1:]], 0.0)
                        else:
                            words.append(word)
                        join = False
                    join = m.end() == len(span_text)
        if words:
            words[-1].gap = 0.0
        marker = None
        if spec.marker:
            mshaped = primary.shape(spec.marker)
            madv = [a / primary.upem + track for a in mshaped.advances]
            marker = Word(spec.marker, [Seg(primary, spec.marker, mshaped.glyphs, tuple(madv))],
                          [0.0, *accumulate(madv)], 0.0)
        hyph_em = primary.glyph_advance[primary.hyphen_glyph] / primary.upem + track
        return Prepared(words, style, primary, marker, spec.hyphenate, lang, missing, hyph_em,
                        spec.keep_with_next)

    def _word(self, piece: str, face: FontFace, track: float, missing: list[str]) -> Word | None:
        """A fresh Word for ``piece`` in ``face`` (shaped once, then from the cache)."""
        key = (piece, face.key, track)
        hit = self._words.get(key)
        if hit is None:
            hit = self._make_word(piece, face, track)
            if len(self._words) > 50000:
                self._words.clear()
            self._words[key] = hit
        text, segs, cum, miss = hit
        if miss:
            missing.extend(miss)
        if not text:
            return None
        return Word(text, list(segs), cum, 0.0)

    def _make_word(self, piece: str, face: FontFace, track: float):
        chars: list[tuple[str, FontFace]] = []
        miss: list[str] = []
        for ch in piece:
            if unicodedata.category(ch) in _DROP_CATEGORIES and ch not in _KEEP_FORMAT:
                continue
            f = face if face.has(ch) else self.fonts.face_for_char(face, ch)
            if f is None:
                miss.append(ch)
                continue
            chars.append((ch, f))
        segs: list[Seg] = []
        start = 0
        for i in range(1, len(chars) + 1):
            if i == len(chars) or chars[i][1] is not chars[start][1]:
                f = chars[start][1]
                run = "".join(c for c, _ in chars[start:i])
                shaped = f.shape(run)
                scale = 1.0 / f.upem
                segs.append(Seg(f, run, shaped.glyphs,
                                tuple(a * scale + track for a in shaped.advances)))
                start = i
        adv = [a for seg in segs for a in seg.adv]
        text = "".join(c for c, _ in chars)
        return text, tuple(segs), [0.0, *accumulate(adv)], tuple(miss)


# ---------------------------------------------------------------------------------------------
# Line breaking


def _hyph_points(word: Word, lang: str) -> tuple[int, ...]:
    if word._hyph is None:
        word._hyph = hyphenation_points(word.text, lang)
    return word._hyph


def break_lines(
    p: Prepared,
    width: float,
    start: tuple[int, int] = (0, 0),
    max_lines: int | None = None,
) -> tuple[list[Line], tuple[int, int]]:
    """Greedy first-fit line breaking of ``p`` from ``start`` (word, char) into lines of at
    most ``width`` em. Returns the lines and where the next line would start; a word wider
    than the line is set alone on its line and flagged ``too_wide``."""
    n = len(p.words)
    wi, lo = start
    lines: list[Line] = []
    hyphen = False
    limit = width + _EPS
    while wi < n and (max_lines is None or len(lines) < max_lines):
        line, wi, lo = _next_line(p, limit, wi, lo, hyphen)
        lines.append(line)
        hyphen = line.hyphen
    return lines, (wi, lo)


def _next_line(p: Prepared, limit: float, wi: int, lo: int,
               prev_hyphen: bool) -> tuple[Line, int, int]:
    """The line starting at word ``wi``, character ``lo``, and where the next one starts."""
    words = p.words
    n = len(words)
    pieces: list[tuple[int, int, int]] = []
    w = 0.0
    hyphen = False
    too_wide = False
    while wi < n:
        word = words[wi]
        pw = word.cum[-1] - word.cum[lo]
        gap = words[wi - 1].gap if pieces else 0.0
        if w + gap + pw <= limit:
            pieces.append((wi, lo, len(word.text)))
            w += gap + pw
            wi += 1
            lo = 0
            if word.forced:
                break
            continue
        # does not fit: hyphenate it if allowed, else break before it
        if p.hyphenate and not prev_hyphen:
            base = word.cum[lo]
            room = limit - w - gap - p.hyphen_em
            best = -1
            for pt in _hyph_points(word, p.lang):
                if pt <= lo + 1:
                    continue
                if word.cum[pt] - base <= room:
                    best = pt
                else:
                    break
            if best > 0:
                pieces.append((wi, lo, best))
                w += gap + word.cum[best] - base + p.hyphen_em
                lo = best
                hyphen = True
                break
        if not pieces:
            pieces.append((wi, lo, len(word.text)))
            w = pw
            too_wide = True
            wi += 1
            lo = 0
        break
    return Line(pieces, w, hyphen, wi >= n, too_wide), wi, lo


def _same_word(a: Word, b: Word) -> bool:
    """Whether two words of two versions of a paragraph are set alike: the same text shaped
    the same way (one cache entry: the same advances list), the same space after."""
    return a.cum is b.cum and a.gap == b.gap and a.forced == b.forced and a.text == b.text


def break_lines_again(p: Prepared, width: float, old: Prepared,
                      old_lines: list[Line]) -> list[Line] | None:
    """``break_lines(p, width)[0]``, knowing ``old_lines``, what ``old`` — an earlier version
    of the paragraph, one edit away — gave at the same width: the lines before the edit are
    kept, and breaking stops as soon as a line starts where one of the old lines started, in
    the unchanged words after the edit (greedy breaking goes on alike from there). None when
    the two have nothing in common."""
    if (old.hyphenate, old.lang, old.hyphen_em) != (p.hyphenate, p.lang, p.hyphen_em):
        return None
    words, before = p.words, old.words
    n, m = len(words), len(before)
    d = 0  # the first word that differs
    while d < n and d < m and _same_word(words[d], before[d]):
        d += 1
    delta = n - m
    e = n  # from here on, the words are the old ones (shifted by delta)
    while e > d and e - delta > d and _same_word(words[e - 1], before[e - 1 - delta]):
        e -= 1
    if d == 0 and e == n:
        return None
    keep = 0  # old lines whose end was decided by words before d
    for line in old_lines:
        wi, _lo, hi = line.pieces[-1]
        if (wi + 1 if hi >= len(before[wi].text) else wi) >= d:
            break
        keep += 1
    lines = old_lines[:keep]
    wi, lo, hyphen = 0, 0, False
    if keep:
        last = old_lines[keep - 1]
        wi, lo = last.pieces[-1][0], last.pieces[-1][2]
        if lo >= len(words[wi].text):
            wi, lo = wi + 1, 0
        hyphen = last.hyphen
    starts: dict[tuple[int, int], int] = {}
    if e < n:
        for i, line in enumerate(old_lines):
            first = line.pieces[0]
            starts[first[0], first[1]] = i
    limit = width + _EPS
    while wi < n:
        if wi >= e:
            i = starts.get((wi - delta, lo), -1)
            if i >= 0 and (old_lines[i - 1].hyphen if i else False) == hyphen:
                if not delta:
                    return lines + old_lines[i:]
                return lines + [Line([(w + delta, a, b) for w, a, b in line.pieces], line.width,
                                     line.hyphen, line.last, line.too_wide)
                                for line in old_lines[i:]]
        line, wi, lo = _next_line(p, limit, wi, lo, hyphen)
        lines.append(line)
        hyphen = line.hyphen
    return lines


_PHRASE_END = tuple(",;:!?.—–)»")
_BALANCE_MAX_WORDS = 80


def balanced_lines(p: Prepared, width: float) -> list[Line] | None:
    """Lines for a title or slogan: as many as greedy breaking needs at ``width`` (so the height
    is the same), but of even length, with no lone short word on a line ("runt"), preferring
    breaks where the phrase breaks (after a comma, a colon, a dash…). None when the paragraph
    is not a candidate (one line, too long, or a word wider than the line)."""
    greedy, _ = break_lines(p, width)
    words = p.words
    if len(greedy) <= 1 or len(words) > _BALANCE_MAX_WORDS:
        return None
    if any(line.too_wide or line.hyphen for line in greedy):
        return None
    # forced breaks split the paragraph into segments balanced on their own
    segments: list[tuple[int, int]] = []
    start = 0
    for i, w in enumerate(words):
        if w.forced or i == len(words) - 1:
            segments.append((start, i + 1))
            start = i + 1
    lines: list[Line] = []
    for a, b in segments:
        seg_lines = [line for line in greedy if a <= line.pieces[0][0] < b]
        best = _balance_segment(words, a, b, len(seg_lines), width)
        if best is None:
            return None
        lines.extend(best)
    if lines:
        lines[-1].last = True
    return lines


def _balance_segment(words: list[Word], a: int, b: int, count: int,
                     width: float) -> list[Line] | None:
    n = b - a
    if count <= 1 or n <= 1:
        return [Line([(i, 0, len(words[i].text)) for i in range(a, b)],
                     _span_width(words, a, b), False, False)]
    total = _span_width(words, a, b)
    target = total / count
    inf = float("inf")
    # cost[k][j]: best cost of setting words a..a+j on k lines
    cost = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(1, n + 1):
            for i in range(k - 1, j):
                if cost[k - 1][i] == inf:
                    continue
                w = _span_width(words, a + i, a + j)
                if w > width + _EPS:
                    continue
                c = ((w - target) / target) ** 2
                if j - i == 1 and count > 1 and len(words[a + i].text) <= 6:
                    c += 1.0  # a runt: one short word alone on a line
                if j < n:
                    last_word = words[a + j - 1].text
                    if last_word.endswith(_PHRASE_END):
                        c -= 0.4  # break where the phrase breaks
                    elif last_word.endswith(("-", "\u2010")):
                        c += 0.6  # inside a compound word ("pique-nique")
                    elif sum(ch.isalpha() for ch in last_word) <= 2:
                        c += 0.2  # not after "à", "le", "de"…: they belong to the next line
                total_cost = cost[k - 1][i] + c
                if total_cost < cost[k][j]:
                    cost[k][j] = total_cost
                    back[k][j] = i
    if cost[count][n] == inf:
        return None
    bounds = []
    j = n
    for k in range(count, 0, -1):
        i = back[k][j]
        bounds.append((i, j))
        j = i
    bounds.reverse()
    return [Line([(a + x, 0, len(words[a + x].text)) for x in range(i, j)],
                 _span_width(words, a + i, a + j), False, False) for i, j in bounds]


def _span_width(words: list[Word], a: int, b: int) -> float:
    """Width (em) of words a..b-1 set on one line."""
    return sum(words[i].cum[-1] for i in range(a, b)) + sum(words[i].gap for i in range(a, b - 1))
