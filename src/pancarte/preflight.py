"""Preflight: what a print shop would object to, checked on the laid-out document.

One module for ``pancarte preflight``, for every export and for the editor's export dialog.
:func:`preflight` returns :class:`~pancarte.layout.boxes.Finding` objects — the layout engine's
own (text overflow, missing glyphs, QR codes) plus the checks below — each with a stable code;
:mod:`pancarte.findings` words them (message and fix, in the user's language); the checks are
named after Scribus' verifier:

``frame-empty``, ``frame-outside-page``, ``frame-in-bleed-only``, ``text-cut-off``,
``qr-cut-off``, ``text-outside-safe-zone``, ``qr-outside-safe-zone``, ``image-low-resolution``,
``image-smaller-than-frame``, ``rgb-in-cmyk``, ``rgb-image-in-cmyk``, ``text-too-small``,
``text-not-legible``.

Legibility at a distance follows the sign-makers' rule: 1 cm of capital height is read from
3 m. The page's largest text is checked against the document's ``reading_distance``, and
:func:`legible_distance` says for every text frame how far it can be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, assert_never

from pancarte.findings import FIXES, MESSAGES, describe, fix, line, message
from pancarte.geometry import MM, Rect
from pancarte.layout.boxes import (
    DocumentLayout,
    Finding,
    GlyphRun,
    ImageItem,
    Item,
    QRItem,
    RectItem,
)
from pancarte.layout.engine import FOLIO, LayoutEngine
from pancarte.layout.fonts import FontLibrary
from pancarte.layout.legibility import CAP_MM_PER_METRE, legible_metres
from pancarte.model.color import Color
from pancarte.model.document import (
    AnyFrame,
    Document,
    ImageFrame,
    QRFrame,
    ShapeFrame,
    TextFrame,
)

__all__ = ["FIXES", "MESSAGES", "PreflightOptions", "describe", "fix", "has_errors",
           "legible_distance", "legible_metres", "line", "message", "preflight", "print_kind",
           "required_dpi"]

MIN_TEXT_PT = 6.0  # smallest text on a print job
DPI_SMALL = 300  # flyers, tracts, anything smaller than A3
DPI_LARGE = 150  # posters and placards, seen from afar
_EPS = 0.01  # pt
_BAND_MM = 1.0  # a fitted image leaving bands wider than this does not fill its frame
_A3_AREA = 297 * 420 * 0.98

@dataclass(frozen=True)
class PreflightOptions:
    cmyk: bool = False  # the export is in CMYK: RGB colours and images are worth a warning
    kind: str | None = None  # template kind (flyer, tract, poster, placard); None: guessed


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


# ---------------------------------------------------------------------------------------------
# Checks


def print_kind(doc: Document) -> str:
    """The template's kind (flyer, tract, poster, placard), or one guessed from the size."""
    if doc.template:
        from pancarte.errors import TemplateError
        from pancarte.model.templates import template_info

        try:
            return template_info(doc.template).kind
        except (TemplateError, KeyError, ValueError):
            pass
    return "poster" if doc.width * doc.height >= _A3_AREA else "flyer"


def required_dpi(doc: Document, kind: str | None = None) -> int:
    """300 dpi for flyers and tracts, 150 for posters and placards (by kind, else by size:
    A3 and up is a poster)."""
    kind = kind or print_kind(doc)
    if kind in ("flyer", "tract"):
        return DPI_SMALL
    if kind in ("poster", "placard"):
        return DPI_LARGE
    return DPI_LARGE if doc.width * doc.height >= _A3_AREA else DPI_SMALL


def legible_distance(layout: DocumentLayout, fonts: FontLibrary) -> dict[str, float]:
    """For every text frame, the distance (m) from which its largest text can be read."""
    out: dict[str, float] = {}
    for page in layout.pages:
        for it in page.items:
            if isinstance(it, GlyphRun) and it.text.strip():
                d = legible_metres(fonts.face_by_key(it.face).cap_height * it.size)
                out[it.frame] = max(out.get(it.frame, 0.0), d)
    return out


def preflight(doc: Document, layout: DocumentLayout | None = None, *,
              options: PreflightOptions | None = None,
              engine: LayoutEngine | None = None) -> list[Finding]:
    """Every finding about ``doc`` (laid out as ``layout``, or now), page by page."""
    options = options or PreflightOptions()
    engine = engine or LayoutEngine()
    if layout is None:
        layout = engine.layout(doc)
    checker = _Checker(doc, layout, engine.fonts, options)
    found = list(layout.findings) + checker.run() + _qr_density(doc)
    order = {id(f): i for i, f in enumerate(found)}
    return sorted(found, key=lambda f: (f.page, order[id(f)]))


def _qr_density(doc: Document) -> list[Finding]:
    """``qr-too-dense``: QR codes whose modules a phone cannot make out from the document's
    scan distance (a calendar entry in a small code; see :mod:`pancarte.event.qr`)."""
    if not any(isinstance(f, QRFrame) and f.content for p in doc.pages for f in p.frames):
        return []
    from pancarte.event.qr import qr_findings

    return qr_findings(doc)


def _is_empty(f: AnyFrame, targets: set[str | None]) -> bool:
    """Whether ``f`` prints nothing (a frame another one's text flows into is not empty)."""
    match f:
        case TextFrame():
            # a folio frame is filled by the layout with the page number
            return f.id not in targets and f.name != FOLIO and not any(
                p.text.strip() or p.marker for p in f.paragraphs)
        case QRFrame():
            return not f.content.strip()
        case ImageFrame():
            # a template's logo frame is optional: left empty, the design still holds
            return not f.image and f.name != "logo"
        case ShapeFrame():
            return False
        case _:
            assert_never(f)


def _colors_of(it: Item) -> list[Color | None]:
    match it:
        case GlyphRun():
            return [it.color]
        case RectItem():
            return [it.fill, it.stroke]
        case QRItem():
            return [it.dark, it.light]
        case ImageItem():
            return []  # an image's colours are rgb-image-in-cmyk's
        case _:
            assert_never(it)


# print formats (mm, portrait) a bigger page may be ordered in
_FORMATS = (("A4", 210, 297), ("A3", 297, 420), ("A2", 420, 594), ("50 × 70 cm", 500, 700),
            ("A1", 594, 841), ("A0", 841, 1189), ("120 × 176 cm", 1200, 1760))


def _bigger_format(width_mm: float, height_mm: float) -> str:
    """The smallest common print format that holds a page this large (either way up)."""
    w, h = sorted((width_mm, height_mm))
    for name, fw, fh in _FORMATS:
        if fw + 0.5 >= w and fh + 0.5 >= h:
            return name
    return f"{w / 10:.0f} × {h / 10:.0f} cm"


class _Checker:
    def __init__(self, doc: Document, layout: DocumentLayout, fonts: FontLibrary,
                 options: PreflightOptions) -> None:
        self.doc = doc
        self.layout = layout
        self.fonts = fonts
        self.options = options
        self.names = {f.id: (f.name or f.id) for p in doc.pages for f in p.frames}
        self.out: list[Finding] = []

    def add(self, code: str, severity: str, page: int, frame: str, **params: Any) -> None:
        self.out.append(Finding(code, severity, page, frame, params))

    def run(self) -> list[Finding]:
        self._frames()
        for n, page in enumerate(self.layout.pages, 1):
            self._text(n, page)
            self._qr(n, page)
            self._images(n, page)
            if self.options.cmyk:
                self._colors(n, page)
            self._legibility(n, page)
        return self.out

    # ---- frames in the model -----------------------------------------------------------

    def _frames(self) -> None:
        doc = self.doc
        b = doc.bleed
        trim = Rect(0, 0, doc.width, doc.height)
        bleed = Rect(-b, -b, doc.width + 2 * b, doc.height + 2 * b)
        targets = {f.next_frame for p in doc.pages for f in p.frames
                   if isinstance(f, TextFrame) and f.next_frame}
        for n, page in enumerate(doc.pages, 1):
            for f in page.frames:
                name = self.names[f.id]
                r = f.rect
                if r.w <= 0 or r.h <= 0 or not r.intersects(bleed):
                    self.add("frame-outside-page", "warning", n, f.id, name=name)
                    continue
                if not r.intersects(trim):
                    self.add("frame-in-bleed-only", "warning", n, f.id, name=name)
                    continue
                if _is_empty(f, targets):  # type: ignore[arg-type]
                    self.add("frame-empty", "warning", n, f.id, name=name)

    # ---- text ------------------------------------------------------------------------------

    def _text(self, n: int, page) -> None:
        safe = self.doc.safe_margin * MM
        margin = max(self.doc.safe_margin, 1.0)
        trim = Rect(0, 0, page.width, page.height)
        safe_rect = Rect(safe, safe, page.width - 2 * safe, page.height - 2 * safe)
        cut: dict[str, None] = {}
        unsafe: dict[str, None] = {}
        small: dict[str, float] = {}
        for it in page.items:
            if not isinstance(it, GlyphRun) or not it.text.strip():
                continue
            face = self.fonts.face_by_key(it.face)
            top = it.y - face.cap_height * it.size
            box = Rect(it.xs[0], top, it.end - it.xs[0], it.y - top)
            if not trim.contains(box, _EPS):
                cut[it.frame] = None
            elif not safe_rect.contains(box, _EPS):
                unsafe[it.frame] = None
            if it.size < MIN_TEXT_PT - 1e-6:
                small[it.frame] = min(small.get(it.frame, it.size), it.size)
        for frame in cut:
            self.add("text-cut-off", "error", n, frame, name=self.names.get(frame, frame),
                     margin_mm=margin)
        for frame in unsafe:
            self.add("text-outside-safe-zone", "warning", n, frame,
                     name=self.names.get(frame, frame), margin_mm=self.doc.safe_margin)
        for frame, size in small.items():
            self.add("text-too-small", "warning", n, frame, name=self.names.get(frame, frame),
                     size=round(size, 1), min_size=MIN_TEXT_PT)

    def _legibility(self, n: int, page) -> None:
        best: tuple[float, GlyphRun] | None = None
        for it in page.items:
            if isinstance(it, GlyphRun) and it.text.strip():
                face = self.fonts.face_by_key(it.face)
                cap = face.cap_height * it.size
                if best is None or cap > best[0]:
                    best = (cap, it)
        if best is None:
            return
        cap, run = best
        distance = self.doc.reading_distance
        legible = legible_metres(cap)
        if legible + 1e-9 >= distance:
            return
        face = self.fonts.face_by_key(run.face)
        needed_mm = distance * CAP_MM_PER_METRE
        size_pt = needed_mm * MM / face.cap_height
        factor = distance / max(legible, 1e-6)
        self.add("text-not-legible", "warning", n, run.frame, legible_m=round(legible, 1),
                 distance_m=distance, cap_mm=round(cap / MM, 1), needed_mm=round(needed_mm),
                 size=round(size_pt), chars=self._shorter(run.frame, factor),
                 format=_bigger_format(self.doc.width * factor, self.doc.height * factor))

    def _shorter(self, frame_id: str, factor: float) -> int:
        """About how many characters the frame's text may keep to be set ``factor`` times
        larger in the same frame (the area a text takes grows with the square of its size)."""
        found = self.doc.find_frame(frame_id)
        text = ""
        if found is not None and isinstance(found[1], TextFrame):
            text = " ".join(p.text for p in found[1].paragraphs)
        return max(1, int(len(" ".join(text.split())) / (factor * factor)))

    # ---- QR codes ------------------------------------------------------------------------

    def _qr(self, n: int, page) -> None:
        safe = self.doc.safe_margin * MM
        trim = Rect(0, 0, page.width, page.height)
        safe_rect = Rect(safe, safe, page.width - 2 * safe, page.height - 2 * safe)
        for it in page.items:
            if not isinstance(it, QRItem):
                continue
            if not trim.contains(it.rect, _EPS):
                self.add("qr-cut-off", "error", n, it.frame,
                         margin_mm=max(self.doc.safe_margin, 1.0))
            elif not safe_rect.contains(it.rect, _EPS):
                self.add("qr-outside-safe-zone", "warning", n, it.frame,
                         margin_mm=self.doc.safe_margin)

    # ---- images ----------------------------------------------------------------------------

    def _images(self, n: int, page) -> None:
        from pancarte.images import ImageError, effective_dpi, image_info

        needed = required_dpi(self.doc, self.options.kind)
        frames = {f.id: f for p in self.doc.pages for f in p.frames}
        for it in page.items:
            if not isinstance(it, ImageItem):
                continue
            name = it.name.removeprefix("images/")
            try:
                info = image_info(it.data)
            except ImageError:
                continue  # the engine reported it already
            dpi = effective_dpi((info.width, info.height), it.rect.w, it.rect.h)
            if dpi + 0.5 < needed:
                self.add("image-low-resolution", "warning", n, it.frame, name=name,
                         dpi=round(dpi), needed=needed,
                         px_w=round(it.rect.w / 72 * needed), px_h=round(it.rect.h / 72 * needed))
            frame = frames.get(it.frame)
            band = max(it.clip.w - it.rect.w, it.clip.h - it.rect.h) / MM
            if band > _BAND_MM and (frame is None or frame.name != "logo"):
                self.add("image-smaller-than-frame", "warning", n, it.frame, name=name,
                         band_mm=round(band / 2, 1))
            if self.options.cmyk and info.mode not in ("CMYK", "L", "1", "LA", "I", "I;16"):
                self.add("rgb-image-in-cmyk", "warning", n, it.frame, name=name)

    # ---- colours -------------------------------------------------------------------------

    def _colors(self, n: int, page) -> None:
        """One finding per page naming its RGB colours (greys print in black ink alone)."""
        found: dict[str, str] = {}  # colour → first frame using it
        for it in page.items:
            for c in _colors_of(it):
                if c is None or c.cmyk is not None or max(c.rgb) - min(c.rgb) <= 2.5 / 255:
                    continue
                found.setdefault(c.hex(), it.frame)
        if found:
            shown = list(found)[:4]
            colors = ", ".join(shown) + (", …" if len(found) > len(shown) else "")
            self.add("rgb-in-cmyk", "warning", n, next(iter(found.values())),
                     colors=colors, count=len(found))
