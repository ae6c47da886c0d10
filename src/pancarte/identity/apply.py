"""An identity on a document, in one step: colour roles, faces, logo, signature, link; then
the contrast of every text on its background checked (WCAG AA, 4.5:1) and, where it fails,
the nearest colour that passes put in its place, with a note saying so.

Also :func:`make_identity`, an identity from the user's files (logo, fonts), and
:func:`register_fonts`, the group's fonts made known to the layout for this process."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pancarte.i18n import _
from pancarte.identity.colour import contrast, darker, nearest_passing, to_oklch
from pancarte.identity.model import (
    MAX_COLORS,
    MAX_FONTS,
    FontFile,
    Identity,
    IdentityError,
    check_color,
    check_name,
    check_text,
)
from pancarte.layout.fonts import FontLibrary, library
from pancarte.model.color import parse_color
from pancarte.model.document import Document, ImageFrame, QRFrame, ShapeFrame, TextFrame

AA = 4.5
AA_LARGE = 3.0  # text of 18 pt, or 14 pt bold, and more
_LIGHT = 0.6  # a paper role lighter than this (luminance) is a light paper, kept
_DARK = 0.2  # a colour darker than this (luminance) can stand for a dark role
_PREFER_MAIN = 0.1  # the second colour takes the accent only when nearer by this much
_MM = 72 / 25.4
LOGO_SHARE = 0.12  # a corner logo's side, as a share of the page's short side


def make_identity(name: str, *, logo: str | None = None, colors: list[str] | None = None,
                  fonts: list[str] | None = None, signature: str = "", url: str = "",
                  display_face: str = "", text_face: str = "") -> Identity:
    """An identity from the user's values and files; IdentityError (or ImageError) when one
    cannot be used. The first font file is the display face, the second the text face."""
    from pancarte.files import read_or_refuse
    from pancarte.fontfiles import MAX_FONT_BYTES, family_name, prepare_font

    colors = colors or []
    fonts = fonts or []
    if len(colors) > MAX_COLORS:
        raise IdentityError(_("an identity has at most {n} colours", n=MAX_COLORS))
    if len(fonts) > MAX_FONTS:
        raise IdentityError(_("an identity has at most {n} font files", n=MAX_FONTS))
    logo_data = logo_svg = None
    if logo:
        logo_data, logo_svg = read_logo(logo)
    files = []
    for i, path in enumerate(fonts):
        p = Path(path)
        raw = read_or_refuse(p, MAX_FONT_BYTES, IdentityError,
                             _("{name} is too large for a font (over 20 MB)", name=p.name))
        data = prepare_font(raw, p.name)
        files.append(FontFile(family_name(data), f"fonts/font-{i + 1}.ttf", data))
    bundled = library().bundled_names()
    for face in (display_face, text_face):
        if face and face not in bundled and face not in {f.family for f in files}:
            raise IdentityError(_("unknown face {name}: one of {names}, or a font file",
                                  name=face, names=", ".join(bundled)))
    display = display_face or (files[0].family if files else "")
    text = text_face or (files[1].family if len(files) > 1 else "")
    return Identity(
        name=check_name(name), colors=tuple(check_color(c) for c in colors),
        display_face=display, text_face=text,
        signature=check_text(signature, _("signature"), 2000),
        url=check_text(url, _("link"), 2000), logo=logo_data, fonts=tuple(files),
        logo_svg=logo_svg)


def read_logo(path: str) -> tuple[bytes, bytes | None]:
    """The logo file at ``path`` as (cleaned PNG or JPEG, original SVG or None): an SVG is
    checked and drawn as a large PNG (:mod:`.svg`), an image is cleaned of its metadata.
    IdentityError or ImageError when it cannot be used."""
    from pancarte.files import TooLarge, open_regular, os_reason, read_limited
    from pancarte.identity.svg import MAX_SVG_BYTES, looks_like_svg, svg_to_png
    from pancarte.images import import_image

    p = Path(path)
    try:
        with open_regular(p) as fh:
            head = fh.read(4096)
        if not looks_like_svg(head, p.name):
            return import_image(p)[1], None
        data = read_limited(p, MAX_SVG_BYTES)
    except TooLarge:
        raise IdentityError(_("the SVG logo {name} is refused: {reason}", name=p.name,
                              reason=_("it is larger than {mb} MB",
                                       mb=MAX_SVG_BYTES // 2**20))) from None
    except OSError as exc:
        raise IdentityError(_("cannot read {path}: {reason}", path=str(p),
                              reason=os_reason(exc, reading=True))) from None
    return svg_to_png(data, p.name), data


def register_fonts(identity: Identity, fonts: FontLibrary | None = None) -> dict[str, str]:
    """Make the identity's font files known to ``fonts`` (the process' library by default),
    in memory, as one-style families. Returns the family names the document must use (a
    family named like a bundled one is served by the bundled files)."""
    fonts = fonts or library()
    return {f.family: fonts.add_font(f.family, f.data) for f in identity.fonts}


def apply_identity(doc: Document, identity: Identity,
                   fonts: FontLibrary | None = None) -> tuple[Document, list[str]]:
    """``doc`` dressed in ``identity``; the notes to show the user (contrast changed, no logo
    frame…)."""
    fonts = fonts or library()
    notes: list[str] = []
    doc = _colors(doc, identity)
    doc = _faces(doc, identity, fonts)
    if identity.signature:
        from pancarte.model.edit import set_text, text_to_paragraphs

        doc = set_text(doc, "footer", text_to_paragraphs(identity.signature, "contact"))
    if identity.url:
        for _page, f in doc.frames_named("qr"):
            if isinstance(f, QRFrame) and not f.content.strip():
                doc = doc.replace_frame(replace(f, content=identity.url))
    if identity.logo is not None:  # last: its corner is chosen round the text as laid out
        doc = _logo(doc, identity.logo, fonts, notes)
    doc, contrast_notes = fix_contrast(doc)
    return doc, notes + contrast_notes


def _colors(doc: Document, identity: Identity) -> Document:
    """The template's colour roles in the identity's colours. The template's accent takes the
    main colour; or the second one when its lightness is much nearer the accent's and the
    main colour, dark, still shows in the template's dark roles (a template drawn round a
    light yellow accent and a deep band takes the group's yellow on the accent and its dark
    red on the band): the texts the template set on them stay readable. Dark roles (``deep``, ``dark``, a dark
    paper) take the other colour when it is dark, else a dark shade of the accent's hue;
    ``tint`` takes the third colour."""
    if not identity.colors:
        return doc
    scheme = dict(doc.colors)
    accent = scheme.get("accent")
    first = identity.colors[0]
    second = identity.colors[1] if len(identity.colors) > 1 else None
    third = identity.colors[2] if len(identity.colors) > 2 else None
    chosen, other = first, second
    dark_roles = [r for r, v in scheme.items() if not v.startswith("$") and v != accent and (
        r in ("deep", "dark") or (r == "paper" and parse_color(v).luminance() < _LIGHT))]
    if (accent is not None and second is not None and not accent.startswith("$")
            and dark_roles and parse_color(first).luminance() < _DARK):
        # the main colour, dark, still shows in the template's dark roles
        target = parse_color(accent).luminance()
        gap_first = abs(parse_color(first).luminance() - target)
        gap_second = abs(parse_color(second).luminance() - target)
        if gap_second + _PREFER_MAIN < gap_first:
            chosen, other = second, first
    if other is not None and parse_color(other).luminance() < _DARK:
        dark_base = other
    elif parse_color(chosen).luminance() < _DARK:
        dark_base = chosen
    else:
        dark_base = darker(parse_color(chosen), 0.32).hex()
    out = dict(scheme)
    for role, value in scheme.items():
        if value.startswith("$"):
            continue
        if value == accent:
            out[role] = chosen  # the template's accent wherever it is used (a yellow paper)
        elif role == "deep" or (role == "paper" and parse_color(value).luminance() < _LIGHT):
            out[role] = dark_base
        elif role == "dark":
            out[role] = darker(parse_color(dark_base),
                               to_oklch(parse_color(dark_base))[0] * 0.75).hex()
        elif role == "tint" and third:
            out[role] = third
    return replace(doc, colors=out)


def _faces(doc: Document, identity: Identity, fonts: FontLibrary) -> Document:
    names = register_fonts(identity, fonts) if identity.fonts else {}
    display = names.get(identity.display_face, identity.display_face)
    text = names.get(identity.text_face, identity.text_face)
    if not display and not text:
        return doc
    # the group's own faces travel with the document (saved in its file's fonts/)
    own = {f.family: f.data for f in identity.fonts
           if f.family in (display, text) and f.family not in fonts.bundled_names()}
    if own:
        doc = replace(doc, fonts={**doc.fonts, **own})
    template_display = fonts.family_for_use("display")

    def pick(family: str) -> str:
        if family == template_display:
            return display or family
        return text or family

    for page in doc.pages:
        for f in page.frames:
            if not isinstance(f, TextFrame):
                continue
            roles = {}
            for role, style in f.role_styles.items():
                style = dict(style)
                if "family" in style:
                    style["family"] = pick(style["family"])
                roles[role] = style
            if display:
                roles["title"] = {**roles.get("title", {}), "family": display}
            doc = doc.replace_frame(replace(f, style=replace(f.style, family=pick(
                f.style.family)), role_styles=roles))
    return doc


def _logo(doc: Document, data: bytes, fonts: FontLibrary,
          notes: list[str]) -> Document:
    name = "images/logo-identite" + (".jpg" if data.startswith(b"\xff\xd8") else ".png")
    doc = replace(doc, images={**doc.images, name: data})
    frames = [f for _p, f in doc.frames_named("logo") if isinstance(f, ImageFrame)]
    if frames:
        for f in frames:
            doc = doc.replace_frame(replace(f, image=name))
        for f in frames:
            doc = _backed(doc, replace(f, image=name), data)
        return doc
    x, y, w, h, free = logo_corner(doc, data, fonts)
    if not free:
        notes.append(_("the template has no place for the logo that leaves its text clear: "
                       "it is put in the corner where it covers the least, move it or make "
                       "it smaller"))
    first = doc.pages[0]
    ids = {f.id for p in doc.pages for f in p.frames}
    fid = next(f"logo-{i}" for i in range(1, 1000) if f"logo-{i}" not in ids)
    frame = ImageFrame(fid, x, y, w, h, name="logo", image=name)
    doc = replace(doc, pages=(replace(first, frames=(*first.frames, frame)),
                              *doc.pages[1:]))
    return _backed(doc, frame, data)


LOGO_LOST = 1.6  # under this contrast with its ground, a logo's main colour melts into it
BACKING_PAD = 0.08  # the backing's margin round the logo, as a share of its longer side


def logo_colour(data: bytes):
    """The main colour of a logo's visible pixels (a Color), and whether the logo shows its
    ground through (it has transparent pixels); None when it has no visible pixel."""
    import io

    from PIL import Image

    from pancarte.model.color import Color

    with Image.open(io.BytesIO(data)) as im:
        im.draft("RGB", (64, 64))
        raw = im.convert("RGBA").resize((48, 48)).tobytes()
    every = [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)]
    pixels = [p for p in every if p[3] >= 128]
    if not pixels:
        return None, True
    counts: dict[tuple[int, int, int], int] = {}
    for r, g, b, _a in pixels:
        key = (r // 32, g // 32, b // 32)
        counts[key] = counts.get(key, 0) + 1
    main = max(counts, key=lambda k: counts[k])
    members = [p for p in pixels if (p[0] // 32, p[1] // 32, p[2] // 32) == main]
    mean = [sum(p[i] for p in members) / len(members) / 255 for i in range(3)]
    return Color(mean[0], mean[1], mean[2]), len(pixels) < len(every)


def _ground(doc: Document, frame) -> str:
    """The colour under the middle of ``frame``: the page's paper or the last filled shape
    beneath it."""
    for page in doc.pages:
        if not any(f.id == frame.id for f in page.frames):
            continue
        cx, cy = frame.x + frame.w / 2, frame.y + frame.h / 2
        under = page.background or "#ffffff"
        for f in page.frames:
            if f.id == frame.id:
                break
            if (isinstance(f, ShapeFrame) and f.fill and f.x <= cx <= f.x + f.w
                    and f.y <= cy <= f.y + f.h):
                under = f.fill
        return under
    return "#ffffff"


def _shown_box(frame: ImageFrame, data: bytes) -> tuple[float, float, float, float]:
    """Where the logo's pixels show in ``frame`` (mm): the whole frame when it fills it, else
    the image fitted and centred."""
    from pancarte.images import image_size

    if frame.fit != "fit":
        return frame.x, frame.y, frame.w, frame.h
    iw, ih = image_size(data)  # as the layout places it (EXIF orientation applied)
    scale = min(frame.w / iw, frame.h / ih)
    w, h = iw * scale, ih * scale
    return frame.x + (frame.w - w) / 2, frame.y + (frame.h - h) / 2, w, h


def _backed(doc: Document, frame: ImageFrame, data: bytes) -> Document:
    """``doc`` with a light (or dark) plate under a see-through logo whose main colour melts
    into its ground (a dark red disc on a red band): the logo stays whole to the eye."""
    from pancarte.images import ImageError

    try:
        main, see_through = logo_colour(data)
        ground = parse_color(_ground(doc, frame), doc.colors)
        x, y, w, h = _shown_box(frame, data)
    except (OSError, ValueError, ImageError):  # an image the layout reports as unreadable
        return doc
    if main is None or not see_through or contrast(main, ground) >= LOGO_LOST:
        return doc
    plate = "#ffffff" if contrast(main, parse_color("#ffffff")) >= \
        contrast(main, parse_color("#111111")) else "#111111"
    pad = BACKING_PAD * max(w, h)
    ids = {f.id for p in doc.pages for f in p.frames}
    pid = next(f"logo-fond-{i}" for i in range(1, 1000) if f"logo-fond-{i}" not in ids)
    backing = ShapeFrame(pid, x - pad, y - pad, w + 2 * pad, h + 2 * pad, name="logo-fond",
                         fill=plate)
    pages = []
    for page in doc.pages:
        frames: list = []
        for f in page.frames:
            if f.id == frame.id:
                frames.append(backing)
            frames.append(f)
        pages.append(replace(page, frames=tuple(frames)))
    return replace(doc, pages=tuple(pages))


Box = tuple[float, float, float, float]


def _obstacles(doc: Document, fonts: FontLibrary) -> tuple[list[Box], list[Box]]:
    """What a corner logo must not cover on the first page, laid out, in mm: the text frames'
    boxes with the QR codes and images; and the lines of text with the QR codes and images
    (each with a small margin)."""
    from pancarte.layout.boxes import GlyphRun, ImageItem, QRItem
    from pancarte.layout.engine import LayoutEngine

    page = LayoutEngine(fonts).layout(replace(doc, pages=doc.pages[:1])).pages[0]
    gap = 1.5  # mm kept clear round text
    frames_mm: list[Box] = [(i.rect.x / _MM, i.rect.y / _MM, i.rect.w / _MM, i.rect.h / _MM)
                            for i in page.frames.values()]
    lines_mm: list[Box] = []
    for item in page.items:
        if isinstance(item, GlyphRun) and item.text.strip():
            top = item.y - 0.95 * item.size
            lines_mm.append((item.xs[0] / _MM - gap, top / _MM - gap,
                             (item.end - item.xs[0]) / _MM + 2 * gap,
                             1.25 * item.size / _MM + 2 * gap))
        elif isinstance(item, (QRItem, ImageItem)):
            r = item.rect
            box = (r.x / _MM - gap, r.y / _MM - gap, r.w / _MM + 2 * gap, r.h / _MM + 2 * gap)
            frames_mm.append(box)
            lines_mm.append(box)
    return frames_mm, lines_mm


def logo_corner(doc: Document, data: bytes,
                fonts: FontLibrary) -> tuple[float, float, float, float, bool]:
    """Where a logo goes on a template without a ``logo`` frame: (x, y, w, h) in mm and
    whether that place is free. The first page is laid out, and a place is free when it
    touches no text frame (its laid-out box), no QR code and no image; failing that, no
    laid-out line of text (with a margin). Corners first (top right, top left, bottom right,
    bottom left), then along the top and bottom edges; the logo made smaller (down to half
    its size) before it is allowed to cover anything — then it goes where it covers least."""
    from pancarte.images import image_size

    try:
        pw, ph = image_size(data)
        aspect = min(3.0, max(1 / 3, pw / ph))
    except Exception:  # noqa: BLE001 — a cleaned image always has a size; a square if not
        aspect = 1.0
    frames_mm, lines_mm = _obstacles(doc, fonts)
    m = doc.safe_margin + 2
    base = min(doc.width, doc.height) * LOGO_SHARE

    def size(scale: float) -> tuple[float, float]:
        side = base * scale
        return side * aspect ** 0.5, side / aspect ** 0.5

    for boxes in (frames_mm, lines_mm):
        for scale in (1.0, 0.85, 0.7, 0.55):
            w, h = size(scale)
            for x, y in _places(doc, m, w, h):
                if _covered((x, y, w, h), boxes) == 0:
                    return x, y, w, h, True
    w, h = size(0.55)
    x, y = min(_places(doc, m, w, h), key=lambda c: _covered((c[0], c[1], w, h), lines_mm))
    return x, y, w, h, False


def _places(doc: Document, m: float, w: float, h: float):
    """Where a w×h logo may go, best first: the corners (top right, top left, bottom right,
    bottom left), then along the top and the bottom edges from the right."""
    xs = [doc.width - m - w, m]
    ys = [m, doc.height - m - h]
    for y in ys:
        for x in xs:
            yield x, y
    steps = 12
    for y in ys:
        for i in range(1, steps):
            yield doc.width - m - w - i * (doc.width - 2 * m - w) / steps, y


def _covered(box: Box, boxes: list[Box]) -> float:
    x, y, w, h = box
    return sum(max(0.0, min(x + w, bx + bw) - max(x, bx))
               * max(0.0, min(y + h, by + bh) - max(y, by)) for bx, by, bw, bh in boxes)


# ---------------------------------------------------------------------------------------------
# Contrast


def _background(doc: Document, page_index: int, frame: TextFrame) -> str:
    if frame.background:
        return frame.background
    page = doc.pages[page_index]
    cx, cy = frame.x + frame.w / 2, frame.y + frame.h / 2
    under = "#ffffff" if not page.background else page.background
    for f in page.frames:
        if f.id == frame.id:
            break
        if (isinstance(f, ShapeFrame) and f.fill and f.x <= cx <= f.x + f.w
                and f.y <= cy <= f.y + f.h):
            under = f.fill
    return under


def fix_contrast(doc: Document) -> tuple[Document, list[str]]:
    """Every text whose colour has less than 4.5:1 (3:1 for large text) on its background
    gets the nearest colour that passes (:func:`.colour.nearest_passing`: its lightness
    moved, its hue and chroma kept; a colour of its own, the scheme is left alone); one note
    each."""
    notes: list[str] = []
    for index, page in enumerate(doc.pages):
        for f in page.frames:
            if not isinstance(f, TextFrame) or not f.paragraphs:
                continue
            try:
                bg = parse_color(_background(doc, index, f), doc.colors)
            except ValueError:
                continue
            new = f
            for role in sorted({p.role for p in f.paragraphs}):
                value = f.style_for(role).color
                try:
                    fg = parse_color(value, doc.colors)
                except ValueError:
                    continue
                ratio = contrast(fg, bg)
                style = f.style_for(role)
                pt = f.size * style.scale
                needed = AA_LARGE if pt >= 18 or (style.bold and pt >= 14) else AA
                if ratio >= needed:
                    continue
                fixed = nearest_passing(fg, bg, needed).hex()
                roles = dict(new.role_styles)
                roles[role] = {**roles.get(role, {}), "color": fixed}
                new = replace(new, role_styles=roles)
                notes.append(_("text “{frame}” ({role}): {fg} on {bg} has a contrast of "
                               "{ratio}:1, under the {needed}:1 of WCAG AA; the nearest colour "
                               "that passes, {fixed}, is used", frame=f.name or f.id,
                               role=role, fg=fg.hex(), bg=bg.hex(), ratio=_decimal(ratio),
                               needed=_decimal(needed), fixed=fixed))
            if new is not f:
                doc = doc.replace_frame(new)
    return doc, notes


def _decimal(value: float) -> str:
    from pancarte.i18n import language

    text = f"{value:.1f}"
    return text.replace(".", ",") if language() == "fr" else text
