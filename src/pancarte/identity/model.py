"""An identity and its file: a zip holding ``identity.json``, the logo (PNG or JPEG without
metadata; for an SVG logo, the PNG drawn from it and the original ``logo.svg``) and the group's
font files (TrueType). Read with the bounded zip reader of
:mod:`pancarte.files`; every value is checked, nothing in the file is trusted."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from pancarte.errors import PancarteError
from pancarte.i18n import _
from pancarte.model.color import is_color, parse_color

FORMAT = "pancarte-identity"
VERSION = 1
SUFFIX = ".pancarte-identite"
MAX_COLORS = 4
MAX_FONTS = 4
MAX_LOGO = 20 * 2**20
_NAME = re.compile(r"[^\x00-\x1f\x7f/\\]{1,80}")
_FONT_MEMBER = re.compile(r"fonts/[A-Za-z0-9_-]{1,60}\.ttf")


class IdentityError(PancarteError):
    """An identity that cannot be made, read or found (the message says why)."""


@dataclass(frozen=True)
class FontFile:
    family: str
    member: str  # fonts/NAME.ttf in the file
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Identity:
    name: str
    colors: tuple[str, ...] = ()  # hex or cmyk(c,m,y,k) exactly as given
    display_face: str = ""  # a bundled family or the family of one of ``fonts``
    text_face: str = ""
    signature: str = ""
    url: str = ""
    logo: bytes | None = field(default=None, repr=False)  # PNG or JPEG, cleaned
    fonts: tuple[FontFile, ...] = ()
    # the SVG the logo was drawn from (checked by identity.svg), kept for a better converter
    logo_svg: bytes | None = field(default=None, repr=False)

    def summary(self) -> dict[str, Any]:
        """The JSON of ``identity list/show``."""
        return {
            "name": self.name,
            "colors": [{"value": c, "screen": parse_color(c).hex(),
                        "cmyk": _cmyk_list(c)} for c in self.colors],
            "display_face": self.display_face,
            "text_face": self.text_face,
            "fonts": [f.family for f in self.fonts],
            "logo": self.logo is not None,
            "logo_svg": self.logo_svg is not None,
            "signature": self.signature,
            "url": self.url,
        }


def _cmyk_list(value: str) -> list[float] | None:
    c = parse_color(value).cmyk
    return None if c is None else [round(v * 100, 3) for v in c]


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.fullmatch(name) or name in (".", ".."):
        raise IdentityError(_("an identity name has 1 to 80 characters, with no / or \\"))
    return name


def check_color(value: str) -> str:
    v = value.strip().lower().replace(" ", "")
    if v.startswith("$") or not is_color(v):
        raise IdentityError(_("not a colour: {value} (expected #RRGGBB or cmyk(c,m,y,k))",
                              value=value))
    return v


def check_text(value: str, what: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit or any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise IdentityError(_("the {what} is too long or holds control characters",
                              what=what))
    return value


def to_zip(identity: Identity) -> bytes:
    logo_name = None if identity.logo is None else (
        "logo.jpg" if identity.logo.startswith(b"\xff\xd8") else "logo.png")
    meta: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "name": identity.name,
        "colors": list(identity.colors), "display_face": identity.display_face,
        "text_face": identity.text_face, "signature": identity.signature,
        "url": identity.url,
        "logo": logo_name,
        **({"logo_svg": "logo.svg"} if identity.logo_svg is not None and logo_name else {}),
        "fonts": [{"family": f.family, "file": f.member} for f in identity.fonts],
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(_info("identity.json"), json.dumps(meta, ensure_ascii=False, indent=1))
        if identity.logo is not None and logo_name:
            z.writestr(_info(logo_name), identity.logo)
            if identity.logo_svg is not None:
                z.writestr(_info("logo.svg"), identity.logo_svg)
        for f in identity.fonts:
            z.writestr(_info(f.member), f.data)
    return buf.getvalue()


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def from_zip(data: bytes, origin: str) -> Identity:
    """The identity in the zip ``data`` (``origin`` names it in messages); IdentityError
    for anything that is not a sound identity file."""
    from pancarte.files import ArchiveError, ZipLimits, open_zip, read_member

    limits = ZipLimits(members=3 + MAX_FONTS, member_size=MAX_LOGO, total=120 * 2**20)
    bad = _("{path} is not a Pancarte identity file", path=origin)
    try:
        with open_zip(io.BytesIO(data), len(data), limits) as z:
            try:
                meta = json.loads(read_member(z, "identity.json", 1 << 20).decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                raise IdentityError(bad) from None
            if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                raise IdentityError(bad)
            if not isinstance(meta.get("version"), int) or meta["version"] > VERSION:
                raise IdentityError(_("{path} was made by a newer Pancarte", path=origin))
            return _from_meta(meta, z, origin)
    except ArchiveError:
        raise IdentityError(bad) from None


def _from_meta(meta: dict[str, Any], z: zipfile.ZipFile, origin: str) -> Identity:
    from pancarte.files import read_member
    from pancarte.fontfiles import prepare_font
    from pancarte.images import ImageError, clean_image

    def text(key: str, limit: int) -> str:
        v = meta.get(key, "")
        if not isinstance(v, str):
            raise IdentityError(_("{path} is not a Pancarte identity file", path=origin))
        return check_text(v, key, limit)

    colors = meta.get("colors", [])
    if not isinstance(colors, list) or len(colors) > MAX_COLORS:
        raise IdentityError(_("{path} is not a Pancarte identity file", path=origin))
    logo = None
    if meta.get("logo") is not None:
        if meta["logo"] not in ("logo.png", "logo.jpg"):
            raise IdentityError(_("{path} is not a Pancarte identity file", path=origin))
        try:
            logo = clean_image(read_member(z, meta["logo"], MAX_LOGO), meta["logo"])
        except ImageError as exc:
            raise IdentityError(str(exc)) from None
    logo_svg = None
    if meta.get("logo_svg") is not None:
        from pancarte.identity.svg import MAX_SVG_BYTES, check_svg

        if meta["logo_svg"] != "logo.svg" or logo is None:
            raise IdentityError(_("{path} is not a Pancarte identity file", path=origin))
        logo_svg = read_member(z, "logo.svg", MAX_SVG_BYTES)
        check_svg(logo_svg, "logo.svg")  # kept, never drawn here: checked all the same
    fonts = []
    entries = meta.get("fonts", [])
    if not isinstance(entries, list) or len(entries) > MAX_FONTS:
        raise IdentityError(_("{path} is not a Pancarte identity file", path=origin))
    for entry in entries:
        member = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(member, str) or not _FONT_MEMBER.fullmatch(member):
            raise IdentityError(_("{path} is not a Pancarte identity file", path=origin))
        data = prepare_font(read_member(z, member, 20 * 2**20), member)
        from pancarte.fontfiles import family_name

        fonts.append(FontFile(family_name(data), member, data))
    return Identity(
        name=check_name(text("name", 80)),
        colors=tuple(check_color(c) if isinstance(c, str) else check_color("?")
                     for c in colors),
        display_face=text("display_face", 64), text_face=text("text_face", 64),
        signature=text("signature", 2000), url=text("url", 2000), logo=logo,
        fonts=tuple(fonts), logo_svg=logo_svg)
