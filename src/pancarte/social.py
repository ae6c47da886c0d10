"""Images for phones: a document laid out again as a square (1080×1080), portrait (1080×1350)
or story (1080×1920) image, with its alt text beside it.

The page is derived to the shape (:func:`pancarte.model.templates.derive`: frames re-placed,
type scaled) and laid out by the same engine; type too small to read on a phone is raised to a
minimum cap height in pixels (text that no longer fits is cut and the warning says so: the alt
text carries all of it). The image is painted by the Qt renderer, then re-encoded by Pillow with
no metadata (no text chunk, no EXIF), as PNG (optimised, reduced to a palette when needed) or
JPEG (the best quality that keeps it under :data:`MAX_BYTES`). Qt is imported only when painting.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from pancarte.errors import PancarteError
from pancarte.export import write_output
from pancarte.i18n import _
from pancarte.layout.boxes import DocumentLayout, GlyphRun
from pancarte.layout.engine import LayoutEngine
from pancarte.layout.fonts import FontLibrary, library
from pancarte.model.document import Document, QRFrame, TextFrame
from pancarte.model.templates import derive

SHAPES: dict[str, tuple[int, int]] = {
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
}
MAX_BYTES = 1_000_000  # under 1 MB
MIN_CAP_PX = 18  # the smallest cap height read on a phone without zooming (type ≈ 25 px)
SUFFIXES = (".png", ".jpg", ".jpeg")
_EMPHASIS = re.compile(r"\\\*|\*\*|\*")


@dataclass
class SocialResult:
    image: Path
    alt: Path
    size: tuple[int, int]
    layout: DocumentLayout
    scale: float  # pixels per point
    cut: list[str] = field(default_factory=list)  # names of frames whose text is cut


def social_document(doc: Document, shape: str,
                    fonts: FontLibrary | None = None) -> tuple[Document, float]:
    """``doc`` laid out again for ``shape``: the same width, the shape's proportions, type
    raised so that every paragraph's caps are at least MIN_CAP_PX high. Returns the document
    and the scale (pixels per point)."""
    fonts = fonts or library()
    wpx, hpx = SHAPES[shape]
    width = doc.width
    height = width * hpx / wpx
    out = replace(derive(doc, width, height), bleed=0.0)
    scale = wpx / (width * 72 / 25.4)
    for page in out.pages:
        for f in page.frames:
            if not isinstance(f, TextFrame):
                continue
            legible = 0.0  # the frame size under which some paragraph's caps are too short
            for role in {p.role for p in f.paragraphs} or {"paragraph"}:
                st = f.style_for(role)
                cap = fonts.face(st.family, st.bold, st.italic).cap_height or 0.7
                legible = max(legible, MIN_CAP_PX / (scale * cap * st.scale))
            for p in f.paragraphs:  # a paragraph's own style may make it smaller
                st = f.style_for(p.role, p.style)
                cap = fonts.face(st.family, st.bold, st.italic).cap_height or 0.7
                legible = max(legible, MIN_CAP_PX / (scale * cap * st.scale))
            if min(f.size, f.min_size) < legible:
                out = out.replace_frame(replace(
                    f, size=max(f.size, legible), min_size=max(f.min_size, legible),
                    max_size=max(f.max_size, legible)))
    return out, scale


def alt_text(doc: Document) -> str:
    """The poster's text in reading order (page, then top to bottom, left to right), inline
    emphasis marks removed; the QR code's link last on its page."""
    lines: list[str] = []
    for page in doc.pages:
        frames = sorted(page.frames, key=lambda f: (round(f.y, 1), f.x))
        qrs: list[str] = []
        for f in frames:
            if isinstance(f, TextFrame):
                for p in f.paragraphs:
                    text = _EMPHASIS.sub(lambda m: "*" if m.group(0) == "\\*" else "", p.text)
                    text = text.strip()
                    if text:
                        lines.append(f"{p.marker} {text}" if p.marker else text)
            elif isinstance(f, QRFrame) and f.content.strip():
                qrs.append(f.content.strip())
        lines.extend(_("QR code: {link}", link=q) for q in qrs)
    return "\n".join(lines) + "\n"


def encode(image_bytes: bytes, kind: str) -> bytes:
    """The Qt PNG ``image_bytes`` re-encoded by Pillow without any metadata, under MAX_BYTES."""
    from PIL import Image

    with Image.open(io.BytesIO(image_bytes)) as source:
        im = source.convert("RGB")
    if kind == "png":
        data = _save(im, "PNG", optimize=True)
        if len(data) >= MAX_BYTES:  # photos or gradients: a 256-colour palette
            pal = im.quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                              dither=Image.Dither.NONE)
            data = _save(pal, "PNG", optimize=True)
        if len(data) >= MAX_BYTES:
            raise PancarteError(_("the image stays over 1 MB: export it as .jpg"))
        return data
    for quality in (92, 88, 84, 80, 75, 70, 60, 50, 40):
        data = _save(im, "JPEG", quality=quality, optimize=True, progressive=True)
        if len(data) < MAX_BYTES:
            return data
    raise PancarteError(_("the image stays over 1 MB even at low quality"))


def _save(im, fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()


def min_cap_px(layout: DocumentLayout, engine: LayoutEngine, scale: float,
               page: int = 0) -> float:
    """The smallest cap height (pixels) of the text painted on ``page``."""
    caps = [run.size * scale * engine.fonts.face_by_key(run.face).cap_height
            for run in layout.pages[page].items
            if isinstance(run, GlyphRun) and run.text.strip()]
    return min(caps) if caps else 0.0


def export_social(doc: Document, path: str | os.PathLike, shape: str, *,
                  engine: LayoutEngine | None = None) -> SocialResult:
    """Write the first page of ``doc`` laid out for ``shape`` at ``path`` (.png or .jpg) and its
    alt text at the same name with ``.txt``; both are made before either is written."""
    from pancarte.export import check_exportable

    if shape not in SHAPES:
        raise PancarteError(_("unknown phone format: {name}", name=shape))
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise PancarteError(_("a phone image ends with .png or .jpg: {path}", path=str(out)))
    engine = engine or LayoutEngine()
    social, scale = social_document(doc, shape, engine.fonts)
    layout = engine.layout(social)
    check_exportable(layout, allow_overflow=True)
    cut = sorted({str(f.params.get("name") or f.frame) for f in layout.findings
                  if f.code == "text-overflow" and f.page == 1})
    from pancarte.render.qt import render_exact_png

    wpx, hpx = SHAPES[shape]
    data = encode(render_exact_png(layout, 0, wpx, hpx), "png" if suffix == ".png" else "jpeg")
    alt = alt_text(doc).encode("utf-8")
    alt_path = out.with_suffix(".txt")
    write_output(out, data)
    write_output(alt_path, alt)
    return SocialResult(out, alt_path, (wpx, hpx), layout, scale, cut)
