"""An identity on a document, in one step: colour roles, faces, logo, signature, link; then
the contrast of every text on its background checked (WCAG AA, 4.5:1) and, where it fails,
the nearest colour that passes put in its place, with a note saying so.

Also :func:`make_identity`, an identity from the user's files (logo, fonts), and
:func:`register_fonts`, the group's fonts made known to the layout for this process."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pancarte.i18n import _
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
from pancarte.model.color import Color, parse_color
from pancarte.model.document import Document, ImageFrame, QRFrame, ShapeFrame, TextFrame

AA = 4.5
AA_LARGE = 3.0  # text of 18 pt, or 14 pt bold, and more
_LIGHT = 0.6  # a paper role lighter than this (luminance) is a light paper, kept


def make_identity(name: str, *, logo: str | None = None, colors: list[str] | None = None,
                  fonts: list[str] | None = None, signature: str = "", url: str = "",
                  display_face: str = "", text_face: str = "") -> Identity:
    """An identity from the user's values and files; IdentityError (or ImageError) when one
    cannot be used. The first font file is the display face, the second the text face."""
    from pancarte.files import TooLarge, read_limited
    from pancarte.identity.fonts import MAX_FONT_BYTES, family_name, prepare_font

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
        try:
            raw = read_limited(p, MAX_FONT_BYTES)
        except TooLarge:
            raise IdentityError(_("{name} is too large for a font (over 20 MB)",
                                  name=p.name)) from None
        except OSError as exc:
            raise IdentityError(_("cannot read {path}: {reason}", path=str(p),
                                  reason=exc.strerror or exc)) from None
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
    from pancarte.files import TooLarge, open_regular, read_limited
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
                              reason=exc.strerror or exc)) from None
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
    if identity.logo is not None:
        doc = _logo(doc, identity.logo)
    if identity.signature:
        from pancarte.model.edit import set_text, text_to_paragraphs

        doc = set_text(doc, "footer", text_to_paragraphs(identity.signature, "contact"))
    if identity.url:
        for _page, f in doc.frames_named("qr"):
            if isinstance(f, QRFrame) and not f.content.strip():
                doc = doc.replace_frame(replace(f, content=identity.url))
    doc, contrast_notes = fix_contrast(doc)
    return doc, notes + contrast_notes


def _colors(doc: Document, identity: Identity) -> Document:
    if not identity.colors:
        return doc
    primary = identity.colors[0]
    secondary = identity.colors[1] if len(identity.colors) > 1 else None
    third = identity.colors[2] if len(identity.colors) > 2 else None
    scheme = dict(doc.colors)
    accent = scheme.get("accent")
    out = dict(scheme)
    for role, value in scheme.items():
        if value.startswith("$"):
            continue
        if value == accent:
            out[role] = primary  # the template's accent wherever it is used (a yellow paper)
        elif role in ("deep", "dark") and secondary:
            out[role] = secondary
        elif role == "paper" and secondary and parse_color(value).luminance() < _LIGHT:
            out[role] = secondary  # a dark paper takes the second colour
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


def _logo(doc: Document, data: bytes) -> Document:
    name = "images/logo-identite" + (".jpg" if data.startswith(b"\xff\xd8") else ".png")
    doc = replace(doc, images={**doc.images, name: data})
    frames = [f for _p, f in doc.frames_named("logo") if isinstance(f, ImageFrame)]
    if frames:
        for f in frames:
            doc = doc.replace_frame(replace(f, image=name))
        return doc
    # no logo frame: the corner of the first page that covers the least text or QR code
    side = min(doc.width, doc.height) * 0.12
    m = doc.safe_margin + 2
    first = doc.pages[0]
    busy = [f for f in first.frames
            if (isinstance(f, TextFrame) and f.paragraphs) or isinstance(f, QRFrame)]

    def covered(x: float, y: float) -> float:
        return sum(max(0.0, min(x + side, f.x + f.w) - max(x, f.x))
                   * max(0.0, min(y + side, f.y + f.h) - max(y, f.y)) for f in busy)

    corners = [(doc.width - m - side, m), (m, m),
               (doc.width - m - side, doc.height - m - side), (m, doc.height - m - side)]
    x, y = min(corners, key=lambda c: covered(*c))
    ids = {f.id for p in doc.pages for f in p.frames}
    fid = next(f"logo-{i}" for i in range(1, 1000) if f"logo-{i}" not in ids)
    frame = ImageFrame(fid, x, y, side, side, name="logo", image=name)
    return replace(doc, pages=(replace(first, frames=(*first.frames, frame)),
                               *doc.pages[1:]))


# ---------------------------------------------------------------------------------------------
# Contrast


def contrast(a: Color, b: Color) -> float:
    la, lb = sorted((a.luminance(), b.luminance()), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def nearest_passing(fg: Color, bg: Color, ratio: float = AA) -> Color:
    """The colour closest to ``fg`` (mixed towards black or white) that reaches ``ratio`` on
    ``bg``."""
    best = None
    for target in ((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)):
        for step in range(1, 101):
            t = step / 100
            r, g, b = (v + (w - v) * t for v, w in zip(fg.rgb, target, strict=True))
            c = Color(r, g, b)
            if contrast(c, bg) >= ratio:
                if best is None or t < best[0]:
                    best = (t, c)
                break
    return best[1] if best else Color(0, 0, 0)


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
    """Every text whose colour has less than 4.5:1 (3:1 for large text) on its background gets the nearest
    colour that passes (a colour of its own, the scheme is left alone); one note each."""
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
