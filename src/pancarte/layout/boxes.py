"""What the layout engine hands to renderers: positioned items on pages, plus findings.

Coordinates are points, origin at the top-left corner of the trim box, y downwards; the bleed
lies at negative coordinates and beyond the trim size. Renderers paint these items and nothing
else: they never measure or break text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pancarte.geometry import Rect
from pancarte.model.color import Color


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Glyphs of one face at one size on one baseline. ``xs`` are each glyph's pen position
    (absolute, pt); ``text`` holds the character of each glyph (one per glyph)."""

    face: str  # FontFace.key
    size: float
    y: float
    xs: tuple[float, ...]
    glyphs: tuple[int, ...]
    text: str
    color: Color
    end: float  # pen position after the last glyph
    frame: str = ""


@dataclass(frozen=True, slots=True)
class RectItem:
    rect: Rect
    fill: Color | None
    stroke: Color | None = None
    stroke_width: float = 0.0
    frame: str = ""


@dataclass(frozen=True, slots=True)
class ImageItem:
    """An image drawn into ``rect`` and clipped to ``clip`` (both pt)."""

    rect: Rect
    clip: Rect
    name: str
    data: bytes = field(repr=False)
    frame: str = ""


@dataclass(frozen=True, slots=True)
class QRItem:
    """A QR code: ``rect`` is the whole symbol including its quiet zone of ``quiet`` modules;
    ``modules`` is the matrix without the quiet zone (True = dark)."""

    rect: Rect
    modules: tuple[tuple[bool, ...], ...]
    quiet: int
    dark: Color
    light: Color
    content: str
    frame: str = ""

    @property
    def module_size(self) -> float:
        return self.rect.w / (len(self.modules) + 2 * self.quiet)

    def dark_rects(self) -> list[Rect]:
        """The dark modules as rectangles (pt), each horizontal run of modules as one: what
        every renderer fills, in one path, so neighbouring modules show no seam."""
        unit = self.module_size
        ox = self.rect.x + self.quiet * unit
        oy = self.rect.y + self.quiet * unit
        out: list[Rect] = []
        for row, cells in enumerate(self.modules):
            col, n = 0, len(cells)
            while col < n:
                if cells[col]:
                    start = col
                    while col < n and cells[col]:
                        col += 1
                    out.append(Rect(ox + start * unit, oy + row * unit, (col - start) * unit,
                                    unit))
                else:
                    col += 1
        return out


Item = GlyphRun | RectItem | ImageItem | QRItem


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a user should know about the laid-out document. ``code`` is stable;
    ``params`` fill the message (see :mod:`pancarte.findings`)."""

    code: str
    severity: str  # "error" or "warning"
    page: int  # 1-based
    frame: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class FrameInfo:
    """What layout learnt about a text frame: the size chosen and how much text fitted."""

    rect: Rect  # pt
    size: float = 0.0
    overflow: bool = False
    lines: int = 0


@dataclass(slots=True)
class PageLayout:
    width: float  # pt, trim
    height: float
    bleed: float
    items: list[Item] = field(default_factory=list)
    frames: dict[str, FrameInfo] = field(default_factory=dict)


@dataclass(slots=True)
class DocumentLayout:
    pages: list[PageLayout]
    findings: list[Finding]

    @property
    def overflow(self) -> bool:
        return any(f.code == "text-overflow" for f in self.findings)
