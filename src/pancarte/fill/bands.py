"""Bands that say nothing: a template's coloured band (a shape) that holds only frames left
empty — a poster's event strip when there is no event, a closing band with no QR code and no
contact — is taken out of a composed piece with its empty frames, rather than printed as a
bare bar. The band just above it (same left edge and width, touching it) grows over its
place, with the text frames it holds: the title band takes the room, as a designer would
draw it.

Only what ``compose`` writes to be printed or shared goes through this; a ``.pancarte`` it
writes, and the editor's documents, keep every frame of the template, to be filled later.
"""

from __future__ import annotations

from dataclasses import replace

from pancarte.model.document import (
    Document,
    Frame,
    ImageFrame,
    QRFrame,
    ShapeFrame,
    TextFrame,
)

_EPS = 0.01  # mm
_FILLED_BY_LAYOUT = {"folio", "continued"}  # text frames the layout fills itself


def without_empty_bands(doc: Document) -> Document:
    """``doc`` without its bands that hold only empty frames (see the module doc)."""
    targets: set[str | None] = {f.next_frame for p in doc.pages for f in p.frames
               if isinstance(f, TextFrame) and f.next_frame}
    pages = []
    changed = False
    for page in doc.pages:
        frames = list(page.frames)
        for band in [f for f in frames if isinstance(f, ShapeFrame)]:
            if not any(f is band for f in frames):
                continue
            held = [f for f in frames if f is not band and _inside(f, band)]
            content = [f for f in held if not isinstance(f, ShapeFrame)]
            if not content or not all(_prints_nothing(f, targets) for f in content):
                continue
            frames = _drop(frames, band, held)
            changed = True
        pages.append(replace(page, frames=tuple(frames)))
    return replace(doc, pages=tuple(pages)) if changed else doc


def _drop(frames: list[Frame], band: ShapeFrame, held: list[Frame]) -> list[Frame]:
    """``frames`` without ``band`` and what it holds; the band above grows over its place."""
    gone = {id(band), *(id(f) for f in held)}
    above = next((f for f in frames if isinstance(f, ShapeFrame) and id(f) not in gone
                  and abs(f.x - band.x) < _EPS and abs(f.w - band.w) < _EPS
                  and abs(f.y + f.h - band.y) < _EPS), None)
    out: list[Frame] = []
    for f in frames:
        if id(f) in gone:
            continue
        if above is not None and (f is above or (isinstance(f, TextFrame)
                                                 and _inside(f, above))):
            f = replace(f, h=f.h + band.h)
        out.append(f)
    return out


def _inside(f: Frame, b: Frame) -> bool:
    return (f.x >= b.x - _EPS and f.y >= b.y - _EPS and f.x + f.w <= b.x + b.w + _EPS
            and f.y + f.h <= b.y + b.h + _EPS)


def _prints_nothing(f: Frame, targets: set[str | None]) -> bool:
    match f:
        case TextFrame():
            return (f.id not in targets and f.name not in _FILLED_BY_LAYOUT
                    and not f.background and not any(p.text.strip() or p.marker for p in f.paragraphs))
        case QRFrame():
            return not f.content.strip()
        case ImageFrame():
            return not f.image
        case _:
            return False
