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
from pancarte.i18n import _, ngettext
from pancarte.layout.boxes import DocumentLayout, GlyphRun
from pancarte.layout.engine import LayoutEngine
from pancarte.layout.fonts import FontLibrary, library
from pancarte.library.tract import Block, Tract
from pancarte.model.document import Document, Paragraph, QRFrame, ShapeFrame, TextFrame
from pancarte.model.templates import derive

SHAPES: dict[str, tuple[int, int]] = {
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
}
MAX_BYTES = 1_000_000  # under 1 MB
MIN_CAP_PX = 18  # the smallest cap height read on a phone without zooming (type ≈ 25 px)
SUFFIXES = (".png", ".jpg", ".jpeg")
PAGE_FRAMES = ("folio", "continued")  # "1/2", "suite au verso": no sense in a one-page image
_EMPHASIS = re.compile(r"\\\*|\*\*|\*")


@dataclass
class SocialResult:
    image: Path
    alt: Path
    size: tuple[int, int]
    layout: DocumentLayout
    scale: float  # pixels per point
    cut: list[str] = field(default_factory=list)  # names of frames whose text is cut
    left_out: list[str] = field(default_factory=list)  # blocks left out (their first words)
    shortened: list[str] = field(default_factory=list)  # blocks shortened (their first words)


@dataclass
class PhoneDocument:
    """A document laid out again for a phone shape and what its text lost on the way."""

    document: Document
    scale: float  # pixels per point
    left_out: list[str] = field(default_factory=list)
    shortened: list[str] = field(default_factory=list)


# the roles a tract's blocks may put in the body, programme and footer frames
_BLOCK_ROLES = ("paragraph", "heading", "list_item", "quote", "attribution", "contact")


def social_document(doc: Document, shape: str,
                    fonts: FontLibrary | None = None) -> tuple[Document, float]:
    """``doc`` laid out again for ``shape``: the same width, the shape's proportions, type
    raised so that every paragraph's caps are at least MIN_CAP_PX high. Returns the document
    and the scale (pixels per point). Only the first page is kept (an image is one page):
    a text that continued on a later page stops at the end of the first."""
    fonts = fonts or library()
    wpx, hpx = SHAPES[shape]
    width = doc.width
    height = width * hpx / wpx
    out = replace(derive(doc, width, height), bleed=0.0)
    out = _first_page(out)
    scale = wpx / (width * 72 / 25.4)
    for page in out.pages:
        for f in page.frames:
            if not isinstance(f, TextFrame):
                continue
            roles = {p.role for p in f.paragraphs} or {"paragraph"}
            if f.name in ("body", "programme", "footer"):
                roles |= set(_BLOCK_ROLES)  # what the block choice may put there
            legible = 0.0  # the frame size under which some paragraph's caps are too short
            for role in roles:
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


def _first_page(doc: Document) -> Document:
    """``doc`` with its first page only, a text chain stopping there, and no template that
    would add pages (the image is one page). When the QR code is on a later page (the back
    of a tract, a booklet's last page), the band that holds it — with the event and the
    footer when they are in it — is brought to the bottom of the first page, and the text
    there ends above it."""
    if len(doc.pages) <= 1 and not doc.template:
        return doc
    page = doc.pages[0]
    ids = {f.id for f in page.frames}
    frames = tuple(replace(f, next_frame=None)
                   if isinstance(f, TextFrame) and f.next_frame and f.next_frame not in ids
                   else f for f in page.frames)
    frames = tuple(f for f in frames if f.name not in PAGE_FRAMES)
    closing = _closing_band(doc) if not any(isinstance(f, QRFrame) for f in frames) else ()
    if closing:
        top = min(f.y for f in closing) - CLOSING_GAP
        kept: list = []
        for f in frames:
            if f.y >= top:
                continue  # under the band: it goes
            if f.y + f.h > top:
                f = replace(f, h=top - f.y)  # it ends above the band
            kept.append(f)
        frames = tuple(kept) + closing
    return replace(doc, pages=(replace(page, frames=frames),), template="")


CLOSING_GAP = 4.0  # mm between the text and the band brought from the last page


def _inside(f, b, eps: float = 0.01) -> bool:
    """Whether frame ``f`` lies within frame ``b``'s rectangle."""
    return (f.x >= b.x - eps and f.y >= b.y - eps and f.x + f.w <= b.x + b.w + eps
            and f.y + f.h <= b.y + b.h + eps)


def _closing_band(doc: Document) -> tuple:
    """The frames of the page holding the QR code that go with it to a one-page image: the
    shapes behind it and whatever those hold (the event, the footer), or the QR code and the
    footer alone."""
    for page in doc.pages[1:]:
        qr = next((f for f in page.frames if isinstance(f, QRFrame) and f.content.strip()),
                  None)
        if qr is None:
            continue
        bands = [f for f in page.frames if isinstance(f, ShapeFrame) and _inside(qr, f)]
        if bands:
            return tuple(f for f in page.frames if f in bands
                         or (f.name not in PAGE_FRAMES and any(_inside(f, b) for b in bands)))
        return tuple(f for f in page.frames if f is qr or f.name == "footer")
    return ()


def phone_document(doc: Document, shape: str, engine: LayoutEngine | None = None,
                   tract: Tract | None = None) -> PhoneDocument:
    """``doc`` for ``shape`` (see :func:`social_document`) with a text that fits it legibly.

    When the text of the title, body, programme and footer frames does not fit at the
    legible size, a designer's choice of its blocks goes in instead, as on a poster
    (:func:`pancarte.fill.pick.plan_tract`: the title, the programme, the lead paragraph
    cut at a sentence with "…", a short quote when there is room, the contact). The blocks
    are ``tract``'s when given (``compose --tract``), else the document's own text read
    back as blocks (:func:`document_tract`)."""
    from pancarte.fill.pick import apply_parts, block_label, plan_tract

    engine = engine or LayoutEngine()
    phone, scale = social_document(doc, shape, engine.fonts)
    phone = _room_for_fixed_text(phone, engine)
    if tract is None:
        layout = engine.layout(phone)
        filled = {f.id for _p, f in _filled_frames(phone)}
        if not any(f.code == "text-overflow" and f.frame in filled for f in layout.findings):
            return PhoneDocument(phone, scale)
        tract = document_tract(phone)
    # the title as the document set it (lines, emphasis; ``--title`` over a tract's own)
    title = _title_of(phone)
    if tract is None or not tract.blocks:
        return PhoneDocument(phone, scale)
    plan = plan_tract(phone, tract, engine)
    if not plan.parts.get("programme") and any(b.kind == "list" for b in tract.blocks):
        merged = _programme_into_body(phone)  # an empty box says nothing: the body takes it
        if merged is not None:
            plan2 = plan_tract(merged, tract, engine)
            if len(plan2.placed) >= len(plan.placed):
                phone, plan = merged, plan2
    parts = dict(plan.parts)
    if title is not None and "title" in parts:
        parts["title"] = title  # the title as the document set it (lines, emphasis)
    parts = {name: tuple(replace(p, text=_balanced(p.text)) for p in paras)
             for name, paras in parts.items()}
    phone = apply_parts(phone, parts)
    label = lambda i: _plain(block_label(tract.blocks[i]))  # noqa: E731
    return PhoneDocument(phone, scale, [label(i) for i in plan.left_out],
                         [label(i) for i in plan.cut])


NOTE_LABELS = 3  # blocks named in the note; the others are counted


def left_out_note(result: SocialResult) -> str | None:
    """One line on what the phone image leaves out or shortens so that it stays legible
    (None when it shows the whole text)."""
    if not result.left_out and not result.shortened:
        return None

    def names(labels: list[str]) -> str:
        out = ", ".join(_("“{text}”", text=t) for t in labels[:NOTE_LABELS])
        return out + (", …" if len(labels) > NOTE_LABELS else "")

    if result.left_out:
        n = len(result.left_out)
        text = ngettext("the phone image leaves out {n} block so that it stays legible: "
                        "{blocks}", "the phone image leaves out {n} blocks so that it stays "
                        "legible: {blocks}", n, blocks=names(result.left_out))
        if result.shortened:
            text += _("; shortened: {blocks}", blocks=names(result.shortened))
    else:
        n = len(result.shortened)
        text = ngettext("the phone image shortens {n} block so that it stays legible: "
                        "{blocks}", "the phone image shortens {n} blocks so that it stays "
                        "legible: {blocks}", n, blocks=names(result.shortened))
    return text + _(" (the alt text {path} holds the whole text)", path=str(result.alt))


GROW_STEPS = (0.25, 0.5, 0.75, 1.0, 1.5)  # × the frame's height: what a cut frame may gain


def _room_for_fixed_text(doc: Document, engine: LayoutEngine) -> Document:
    """``doc`` with each text frame that the block choice does not fill (the event, a date)
    and that no longer holds its text at the legible size grown downwards, with the band
    behind it, into the body or programme right below it (which then hold fewer blocks).
    A frame with anything else right below it stays as it is (its text is cut)."""
    picked = {f.id for _p, f in _filled_frames(doc)}
    for _round in range(4):
        cut = [f.frame for f in engine.layout(doc).findings
               if f.code == "text-overflow" and f.page == 1 and f.frame not in picked]
        frame = next((f for f in doc.pages[0].frames
                      if f.id in cut and isinstance(f, TextFrame)), None)
        if frame is None:
            return doc
        for step in GROW_STEPS:
            grown = _grown(doc, frame, step * frame.h, picked)
            if grown is None:
                return doc
            if not any(f.code == "text-overflow" and f.frame == frame.id
                       for f in engine.layout(grown).findings):
                doc = grown
                break
        else:
            return doc
    return doc


def _grown(doc: Document, frame: TextFrame, d: float, picked: set[str]) -> Document | None:
    """``frame`` ``d`` mm taller, the shapes that hold it too, the picked text frames below
    it moved down and shortened by as much; None when something else is in the way."""
    eps = 0.01
    page = doc.pages[0]
    bands = [f for f in page.frames if isinstance(f, ShapeFrame) and f.y <= frame.y + eps
             and f.y + f.h >= frame.y + frame.h - eps and f.x <= frame.x + eps
             and f.x + f.w >= frame.x + frame.w - eps]
    bottom = max([frame.y + frame.h] + [b.y + b.h for b in bands])
    left = min([frame.x] + [b.x for b in bands])
    right = max([frame.x + frame.w] + [b.x + b.w for b in bands])
    moved = set()
    for f in page.frames:
        if f is frame or f in bands:
            continue
        if f.x >= right - eps or f.x + f.w <= left + eps or f.y + f.h <= bottom - eps \
                or f.y >= bottom + d:
            continue  # beside it, above it, or below the room taken
        if f.id not in picked or f.h - d < 0.4 * f.h:
            return None
        moved.add(f.id)
    frames = []
    for f in page.frames:
        if f is frame or f in bands:
            f = replace(f, h=f.h + d)
        elif f.id in moved:
            f = replace(f, y=f.y + d, h=f.h - d)
        frames.append(f)
    return replace(doc, pages=(replace(page, frames=tuple(frames)),) + doc.pages[1:])


def _programme_into_body(doc: Document) -> Document | None:
    """``doc`` without its programme frame, the body beside it widened over its place (None
    when they are not side by side on the page)."""
    frames = {f.name: f for f in doc.pages[0].frames
              if isinstance(f, TextFrame) and f.name in ("body", "programme")}
    body, prog = frames.get("body"), frames.get("programme")
    if body is None or prog is None or body.next_frame or prog.next_frame:
        return None
    overlap = min(body.y + body.h, prog.y + prog.h) - max(body.y, prog.y)
    if overlap < 0.5 * min(body.h, prog.h):
        return None
    x0, y0 = min(body.x, prog.x), min(body.y, prog.y)
    x1 = max(body.x + body.w, prog.x + prog.w)
    y1 = max(body.y + body.h, prog.y + prog.h)
    wide = replace(body, x=x0, y=y0, w=x1 - x0, h=y1 - y0)
    page = doc.pages[0]
    out = tuple(wide if f is body else f for f in page.frames if f is not prog)
    return replace(doc, pages=(replace(page, frames=out),) + doc.pages[1:])


def _filled_frames(doc: Document):
    for name in ("title", "body", "programme", "footer"):
        for page, f in doc.frames_named(name):
            if isinstance(f, TextFrame):
                yield page, f
                break


def _title_of(doc: Document) -> tuple[Paragraph, ...] | None:
    for _page, f in doc.frames_named("title"):
        if isinstance(f, TextFrame):
            return f.paragraphs
    return None


def document_tract(doc: Document) -> Tract | None:
    """The text of ``doc``'s title, programme, body and footer frames as a tract's blocks
    (None when there is no text): the title frame's paragraphs as one title block, the
    programme's list (with its heading) next, then the body — list items gathered into
    lists, a quote with the attribution after it — and the footer's lines as contacts."""
    frames = dict((f.name, f) for _p, f in _filled_frames(doc))
    blocks: list[Block] = []
    title = frames.get("title")
    if title is not None and title.paragraphs:
        blocks.append(Block("title", " ".join(_plain(p.text) for p in title.paragraphs)))
    for name in ("programme", "body"):
        frame = frames.get(name)
        if frame is not None:
            blocks += _blocks(frame.paragraphs, as_list=name == "programme")
    footer = frames.get("footer")
    if footer is not None:
        blocks += [Block("contact", p.text) for p in footer.paragraphs if p.text.strip()]
    if not blocks:
        return None
    return Tract(id="phone-image", title=blocks[0].text, blocks=tuple(blocks))


def _balanced(text: str) -> str:
    """``text`` with the emphasis a cut left open closed at its end (``**Le mardi…`` →
    ``**Le mardi…**``), so that no mark shows as a character."""
    marks = [m.group(0) for m in _EMPHASIS.finditer(text) if m.group(0) != "\\*"]
    for mark in ("**", "*"):
        if marks.count(mark) % 2:
            text += mark
    return text


def _plain(text: str) -> str:
    return _EMPHASIS.sub(lambda m: "*" if m.group(0) == "\\*" else "", text).strip()


def _blocks(paragraphs, as_list: bool = False) -> list[Block]:
    """Paragraphs read back as blocks; with ``as_list`` (a programme frame) every paragraph
    but a heading is a list item."""
    out: list[Block] = []
    items: list[str] = []
    numbered = False

    def close() -> None:
        nonlocal items, numbered
        if items:
            out.append(Block("list", items=tuple(items), numbered=numbered))
        items, numbered = [], False

    for p in paragraphs:
        if not p.text.strip():
            continue
        if p.role == "list_item" or (as_list and p.role != "heading"):
            if not items:
                numbered = bool(re.fullmatch(r"\d+[.)]", p.marker))
            items.append(p.text)
            continue
        close()
        if p.role == "attribution" and out and out[-1].kind == "quote" \
                and not out[-1].attribution:
            out[-1] = replace(out[-1], attribution=p.text)
        elif p.role in ("heading", "title"):
            out.append(Block("heading", p.text))
        elif p.role in ("quote", "contact"):
            out.append(Block(p.role, p.text))
        else:
            out.append(Block("paragraph", p.text))
    close()
    return out


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
                  engine: LayoutEngine | None = None,
                  tract: Tract | None = None) -> SocialResult:
    """Write the first page of ``doc`` laid out for ``shape`` at ``path`` (.png or .jpg) and its
    alt text at the same name with ``.txt``; both are made before either is written. With
    ``tract`` (``compose --tract``), the image shows a choice of its blocks and the alt text
    holds all of it."""
    from pancarte.export import check_exportable

    if shape not in SHAPES:
        raise PancarteError(_("unknown phone format: {name}", name=shape))
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise PancarteError(_("a phone image ends with .png or .jpg: {path}", path=str(out)))
    engine = engine or LayoutEngine()
    phone = phone_document(doc, shape, engine, tract)
    layout = engine.layout(phone.document)
    check_exportable(layout, allow_overflow=True)
    cut = sorted({str(f.params.get("name") or f.frame) for f in layout.findings
                  if f.code == "text-overflow" and f.page == 1})
    from pancarte.render.qt import render_exact_png

    wpx, hpx = SHAPES[shape]
    data = encode(render_exact_png(layout, 0, wpx, hpx), "png" if suffix == ".png" else "jpeg")
    if tract is not None:
        from pancarte.fill.pick import apply_parts, whole_parts

        doc = apply_parts(doc, whole_parts(doc, tract))
    alt = alt_text(doc).encode("utf-8")
    alt_path = out.with_suffix(".txt")
    write_output(out, data)
    write_output(alt_path, alt)
    return SocialResult(out, alt_path, (wpx, hpx), layout, phone.scale, cut,
                        phone.left_out, phone.shortened)
