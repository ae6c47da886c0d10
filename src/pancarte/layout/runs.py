"""Glyph runs: placed lines → positioned glyphs (alignment, justification, hanging markers,
hyphens), and the findings for characters no font has."""

from __future__ import annotations

from pancarte.layout.boxes import Finding, GlyphRun
from pancarte.layout.flow import Placed
from pancarte.layout.fonts import FontFace, char_name
from pancarte.layout.text import Prepared, Word
from pancarte.model.color import Color


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
