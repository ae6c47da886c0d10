"""Text layout: paragraphs → shaped words → lines → glyph runs, with autofit and flow.

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

from pancarte.layout.boxes import Finding, GlyphRun
from pancarte.layout.fonts import FontFace, FontLibrary, char_name
from pancarte.layout.hyphenate import hyphenation_points
from pancarte.layout.inline import parse_inline
from pancarte.layout.typography import apply_french_rules, upper_fr
from pancarte.model.color import Color
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


@dataclass(slots=True)
class Placed:
    """Lines of one paragraph placed in one frame (baselines in pt from the frame's top)."""

    para: int
    prepared: Prepared
    size: float
    lines: list[Line]
    baselines: list[float]
    first_of_para: bool
    width_em: float


@dataclass(slots=True)
class FlowResult:
    frames: list[list[Placed]]
    heights: list[float]  # content height used in each frame (pt)
    complete: bool  # every paragraph placed and no word wider than its frame
    total_paras: int = 0
    unplaced_words: int = 0  # words (of the text, not lines) left out when not complete


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
    words = p.words
    n = len(words)
    wi, lo = start
    lines: list[Line] = []
    prev_hyphen = False
    limit = width + _EPS
    while wi < n and (max_lines is None or len(lines) < max_lines):
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
        last = wi >= n
        lines.append(Line(pieces, w, hyphen, last, too_wide))
        prev_hyphen = hyphen
    return lines, (wi, lo)


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


# ---------------------------------------------------------------------------------------------
# Flowing paragraphs through one or more frames


def _metrics(p: Prepared, size: float) -> tuple[float, float, float]:
    """(ascent, descent, leading) in pt for paragraph ``p`` at ``size``."""
    return p.face.ascent * size, p.face.descent * size, size * p.style.line_spacing


_BREAKS: dict[int, tuple[Prepared, dict]] = {}
_BREAKS_LIMIT = 4000  # prepared paragraphs remembered


def _breaks(p: Prepared, width: float, start: tuple[int, int]) -> tuple[list[Line],
                                                                         tuple[int, int]]:
    """``break_lines(p, width, start)``, remembered for the prepared paragraph (the same
    object while its text and style are unchanged): after a keystroke in a long text only the
    edited paragraph is broken again. Callers never modify the lines."""
    memo = _BREAKS.get(id(p))
    if memo is None or memo[0] is not p:
        if len(_BREAKS) >= _BREAKS_LIMIT:
            _BREAKS.clear()
        memo = (p, {})
        _BREAKS[id(p)] = memo
    key = (width, start)
    hit = memo[1].get(key)
    if hit is None:
        hit = memo[1][key] = break_lines(p, width, start)
    return hit


def _first_baseline(last_base: float | None, last_desc: float, pending_space: float,
                    style: TextStyle, size: float, asc: float, lead: float,
                    para_start: bool) -> float:
    """Baseline (pt from the frame's top) of the next line, after what is already there."""
    if last_base is None:
        return asc
    if not para_start:
        return last_base + max(lead, pending_space + last_desc + asc)
    b = last_base + last_desc + pending_space + style.space_before * size + asc
    return max(b, last_base + lead + style.space_before * size)


def _kept(lines: list[Line], k: int, more_frames: bool, at_top: bool) -> int:
    """How many of ``lines`` to set here when ``k`` fit: no word hyphenated across frames, no
    widow (a last line alone at the top of the next frame), no orphan (a first line alone at
    the bottom of this one), when another frame follows."""
    n = len(lines)
    if 0 < k < n and more_frames:
        if lines[k - 1].hyphen and k > 1:
            k -= 1
        if n - k == 1 and k >= 2:
            k -= 1
        if k == 1 and n > 1 and not at_top:
            k = 0
    return k


def _next_starts_here(q: Prepared, base_size: float, fw: float, fh: float, last_base: float,
                      last_desc: float, pending_space: float) -> bool:
    """Whether paragraph ``q`` can start below ``last_base`` in a frame ``fw`` × ``fh`` pt as
    :func:`flow` would set it there (no orphan, no widow, no hyphen across frames), with all
    its lines when it must itself stay with what follows."""
    size = max(0.1, base_size * q.style.scale)
    asc, desc, lead = _metrics(q, size)
    lines, _ = _breaks(q, max(0.0, fw / size - q.style.indent), (0, 0))
    if not lines:
        return True
    b = _first_baseline(last_base, last_desc, pending_space, q.style, size, asc, lead, True)
    room = int((fh + 1e-6 - desc - b) // lead) + 1 if b + desc <= fh + 1e-6 else 0
    k = _kept(lines, min(room, len(lines)), True, False)
    return k == len(lines) or (k > 0 and not q.keep_with_next)


def flow(
    paras: list[Prepared],
    balance: list[bool],
    boxes: list[tuple[float, float]],
    base_size: float,
    measure_only: bool = False,
) -> FlowResult:
    """Place ``paras`` at ``base_size`` through frames of (width, height) pt, in order.

    Lines never cross a frame's bottom; widows and orphans are avoided at frame breaks when
    another frame follows, and a paragraph that must stay with the next one (a heading) is not
    the last thing of a frame. ``complete`` says whether everything fitted; ``unplaced_words``
    how many words did not.
    """
    out: list[list[Placed]] = [[] for _ in boxes]
    heights = [0.0 for _ in boxes]
    complete = True
    fi = 0
    pi = 0
    pos = (0, 0)
    last_base = None  # baseline of the last line placed in the current frame
    last_desc = 0.0
    pending_space = 0.0
    while pi < len(paras):
        if fi >= len(boxes):
            complete = False
            break
        p = paras[pi]
        style = p.style
        size = base_size * style.scale
        if size <= 0:
            size = 0.1
        fw, fh = boxes[fi]
        asc, desc, lead = _metrics(p, size)
        indent_em = style.indent
        width_em = max(0.0, fw / size - indent_em)
        lines, nxt = _breaks(p, width_em, pos)
        if not lines:  # nothing printable (e.g. only characters no font has)
            pi += 1
            pos = (0, 0)
            continue
        if balance[pi] and pos == (0, 0) and not measure_only:
            lines = balanced_lines(p, width_em) or lines
        if any(line.too_wide for line in lines):
            complete = False
        # how many lines fit in this frame?
        baselines: list[float] = []
        b = _first_baseline(last_base, last_desc, pending_space, style, size, asc, lead,
                            pos == (0, 0))
        for _i in range(len(lines)):
            if b + desc > fh + 1e-6:
                break
            baselines.append(b)
            b += lead
        k = len(baselines)
        n = len(lines)
        more_frames = fi + 1 < len(boxes)
        k = _kept(lines, k, more_frames, last_base is None)
        if (k == n and p.keep_with_next and more_frames and pi + 1 < len(paras)
                and not _next_starts_here(paras[pi + 1], base_size, fw, fh, baselines[k - 1],
                                          desc, style.space_after * size)):
            # a heading (or an intro line, a quote) stays with what follows: it goes to the
            # next frame, or a long paragraph leaves its last two lines to go along
            if n >= 4:
                k = n - 2 - (1 if lines[n - 3].hyphen else 0)
            elif last_base is not None:
                k = 0
        if k == 0 and last_base is None and n > 0:
            # not even one line fits in an empty frame: nothing can be done here
            if more_frames:
                fi += 1
                continue
            complete = False
            break
        if k < n and not more_frames:
            complete = False
        if k > 0:
            placed = lines[:k]
            if k < n:
                # re-break the rest in the next frame (its width may differ)
                wi, lo = placed[-1].pieces[-1][0], placed[-1].pieces[-1][2]
                word = p.words[wi]
                if lo >= len(word.text):
                    wi, lo = wi + 1, 0
                next_pos = (wi, lo)
            else:
                next_pos = nxt
            out[fi].append(Placed(pi, p, size, placed, baselines[:k], pos == (0, 0),
                                  width_em))
            last_base = baselines[k - 1]
            last_desc = desc
            heights[fi] = last_base + desc
            if k < n:
                pos = next_pos
                fi += 1
                last_base = None
                pending_space = 0.0
                continue
            pos = (0, 0)
            pending_space = style.space_after * size
            pi += 1
            continue
        # k == 0 with lines already in this frame: go to the next frame
        if not more_frames:
            complete = False
            break
        fi += 1
        last_base = None
        pending_space = 0.0
    unplaced = 0
    if pi < len(paras):
        unplaced = len(paras[pi].words) - pos[0] + sum(len(q.words) for q in paras[pi + 1:])
    return FlowResult(out, heights, complete and pi >= len(paras), total_paras=len(paras),
                      unplaced_words=unplaced)


def fits(paras: list[Prepared], boxes: list[tuple[float, float]], size: float,
         balance: list[bool] | None = None, compound: bool = False) -> bool:
    """Whether everything fits at ``size``; with ``balance``, balanced paragraphs must also
    break without a runt (a line holding one short word) — nor after a compound's hyphen,
    unless ``compound``."""
    if not flow(paras, [False] * len(paras), boxes, size, measure_only=True).complete:
        return False
    if balance:
        for p, bal in zip(paras, balance, strict=True):
            if bal and _has_runt(p, size, boxes[0][0], compound):
                return False
    return True


def _has_runt(p: Prepared, base_size: float, frame_width: float, compound: bool = False,
              ) -> bool:
    """Whether the title breaks badly at this size: a line of one short word, or a line
    ending inside a hyphenated compound. With ``compound`` (a title that must grow to reach
    its reading distance), a compound may break after its hyphen and only a line of one
    word of one or two letters is a runt."""
    size = base_size * p.style.scale
    width = max(0.0, frame_width / size - p.style.indent)
    lines = balanced_lines(p, width)
    if lines is None:
        lines, _ = break_lines(p, width)
    if len(lines) < 2:
        return False
    for line in lines[:-1]:
        wi, _lo, hi = line.pieces[-1]
        if not compound and p.words[wi].text[:hi].endswith(("-", "\u2010")):
            return True  # "PIQUE- / NIQUE": a title is not split at a compound's hyphen
    for line in lines:
        if len(line.pieces) == 1:
            wi, lo, hi = line.pieces[0]
            letters = sum(ch.isalnum() for ch in p.words[wi].text[lo:hi])
            if letters <= (RUNT_LETTERS_REACH if compound else RUNT_LETTERS):
                return True
    return False


RUNT_LETTERS = 4  # a title line of one word this short is a runt
RUNT_LETTERS_REACH = 2  # … when the title must grow to be read from afar: "à", "le" alone
AUTOFIT_STEP = 0.1  # pt: autofit answers on this grid, so every run gives the same size


def autofit_size(
    paras: list[Prepared], boxes: list[tuple[float, float]], lo: float, hi: float,
    balance: list[bool] | None = None, compound: bool = False,
) -> tuple[float, bool]:
    """The largest size ``lo + k·AUTOFIT_STEP`` ≤ ``hi`` at which everything fits, and whether
    it does. The search is a plain bisection from the frame's range alone: the result depends
    only on the document, never on what was laid out before (the editor and the PDF agree).
    Titles (``balance``) first look for the largest size that sets them without a runt."""
    if balance and any(balance):
        size, ok = _search(paras, boxes, lo, hi, balance, compound)
        if ok:
            return size, ok
    return _search(paras, boxes, lo, hi, None)


def _search(paras: list[Prepared], boxes: list[tuple[float, float]], lo: float, hi: float,
            balance: list[bool] | None, compound: bool = False) -> tuple[float, bool]:
    if fits(paras, boxes, hi, balance, compound):
        return hi, True
    if not fits(paras, boxes, lo, balance, compound):
        return lo, False
    good, bad = 0, max(1, int((hi - lo) / AUTOFIT_STEP + 1e-9))  # fits(good), not fits(bad)
    if lo + bad * AUTOFIT_STEP < hi - 1e-9:
        bad += 1
    while bad - good > 1:
        mid = (good + bad) // 2
        if fits(paras, boxes, min(hi, lo + mid * AUTOFIT_STEP), balance, compound):
            good = mid
        else:
            bad = mid
    return round(min(hi, lo + good * AUTOFIT_STEP), 4), True


# ---------------------------------------------------------------------------------------------
# Output


def emit_runs(
    placed: Placed,
    left: float,
    top: float,
    frame_width: float,
    color: Color,
    frame_id: str,
) -> list[GlyphRun]:
    """Glyph runs for placed lines: alignment, justification, hanging markers, hyphens."""
    p = placed.prepared
    style = p.style
    size = placed.size
    words = p.words
    runs: list[GlyphRun] = []
    indent = style.indent * size
    avail = frame_width - indent
    for li, (line, base) in enumerate(zip(placed.lines, placed.baselines, strict=True)):
        y = top + base
        natural = line.width * size
        extra = max(0.0, avail - natural)
        gaps = [words[wi - 1].gap for wi, lo, _ in line.pieces[1:]]
        stretch = 0.0
        align = style.align
        if align == "justify" and not line.last and not words[line.pieces[-1][0]].forced:
            stretchable = sum(1 for g in gaps if g > 0)
            if stretchable:
                stretch = extra / stretchable
            x = left + indent
        elif align == "center":
            x = left + indent + extra / 2
        elif align == "right":
            x = left + indent + extra
        else:
            x = left + indent
        if li == 0 and placed.first_of_para and p.marker is not None:
            mw = p.marker.width * size
            mx = left + indent - mw - 0.35 * size if indent > mw else x
            if indent <= mw:
                x = mx + mw + 0.35 * size
            runs.extend(_word_runs(p.marker, 0, len(p.marker.text), mx, y, size, color,
                                   frame_id))
        for k, (wi, lo, hi) in enumerate(line.pieces):
            if k > 0:
                g = gaps[k - 1]
                x += g * size + (stretch if g > 0 else 0.0)
            word = words[wi]
            runs.extend(_word_runs(word, lo, hi, x, y, size, color, frame_id))
            x += (word.cum[hi] - word.cum[lo]) * size
        if line.hyphen:
            wi, lo, hi = line.pieces[-1]
            face = _face_at(words[wi], hi - 1)
            gid = face.hyphen_glyph
            adv = face.glyph_advance[gid] / face.upem + style.tracking / 1000
            runs.append(GlyphRun(face.key, size, y, (x,), (gid,), "-", color, x + adv * size,
                                 frame_id))
    return _merge_runs(runs)


def _face_at(word: Word, index: int) -> FontFace:
    n = 0
    for seg in word.segs:
        n += len(seg.text)
        if index < n:
            return seg.face
    return word.segs[-1].face


def _word_runs(word: Word, lo: int, hi: int, x: float, y: float, size: float, color: Color,
               frame_id: str) -> list[GlyphRun]:
    runs = []
    n = 0
    for seg in word.segs:
        a, b = max(lo, n), min(hi, n + len(seg.text))
        if a < b:
            xs = []
            cx = x + (word.cum[a] - word.cum[lo]) * size
            for i in range(a - n, b - n):
                xs.append(cx)
                cx += seg.adv[i] * size
            runs.append(GlyphRun(seg.face.key, size, y, tuple(xs), seg.glyphs[a - n : b - n],
                                 seg.text[a - n : b - n], color, cx, frame_id))
        n += len(seg.text)
    return runs


def _merge_runs(runs: list[GlyphRun]) -> list[GlyphRun]:
    """Join runs of the same face, size, baseline and colour: fewer, longer text operators.
    A gap between joined runs becomes a space character (glyph -1: positioned, not drawn)
    so that the PDF's text copies and searches with its spaces."""
    out: list[GlyphRun] = []
    group: list[GlyphRun] = []

    def close() -> None:
        if len(group) == 1:
            out.append(group[0])
        elif group:
            xs: list[float] = []
            glyphs: list[int] = []
            text: list[str] = []
            prev = None
            for r in group:
                if prev is not None and r.xs[0] - prev.end > r.size * 0.1:
                    xs.append(prev.end)
                    glyphs.append(-1)
                    text.append(" ")
                xs.extend(r.xs)
                glyphs.extend(r.glyphs)
                text.append(r.text)
                prev = r
            q = group[0]
            out.append(GlyphRun(q.face, q.size, q.y, tuple(xs), tuple(glyphs), "".join(text),
                                q.color, group[-1].end, q.frame))
        group.clear()

    for r in runs:
        if group:
            q = group[-1]
            if not (q.face == r.face and q.size == r.size and q.y == r.y and q.color == r.color
                    and -0.01 < r.xs[0] - q.end < r.size * 2):
                close()
        group.append(r)
    close()
    return out


def missing_findings(p: Prepared, page: int, frame_id: str) -> list[Finding]:
    seen = dict.fromkeys(p.missing)
    return [Finding("glyph-missing", "warning", page, frame_id, {"char": char_name(ch)})
            for ch in seen]
