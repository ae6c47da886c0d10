"""The group's own font files: checked for embedding rights (OS/2 fsType), CFF outlines
converted to TrueType (what the layout and the PDF embed), named by their family."""

from __future__ import annotations

import io
import logging
import struct

from pancarte.errors import PancarteError
from pancarte.i18n import _

MAX_FONT_BYTES = 20 * 2**20


class IdentityFontError(PancarteError):
    """A font file that cannot be used (unreadable, or its licence forbids embedding)."""


def family_name(data: bytes) -> str:
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(data), lazy=True)
    name = tt["name"]
    for nid in (16, 1):
        value = name.getDebugName(nid)
        if value:
            return value.strip()[:64]
    return "Police"


def prepare_font(data: bytes, filename: str) -> bytes:
    """TrueType bytes for ``data`` (a .ttf, or a CFF .otf converted): IdentityFontError when
    it is no font or its fsType forbids embedding (restricted licence, bit 1)."""
    from fontTools.ttLib import TTFont, TTLibError

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    if len(data) > MAX_FONT_BYTES:
        raise IdentityFontError(_("{name} is too large for a font (over 20 MB)", name=filename))
    try:
        tt = TTFont(io.BytesIO(data))
        fs_type = tt["OS/2"].fsType if "OS/2" in tt else 0
        has_glyf = "glyf" in tt
        has_cff = "CFF " in tt
    except (TTLibError, OSError, ValueError, KeyError, AssertionError, struct.error):
        raise IdentityFontError(_("{name} is not a font file (TrueType or OpenType)",
                                  name=filename)) from None
    if fs_type & 0x000F == 0x0002:
        raise IdentityFontError(_("the licence of {name} forbids embedding it in documents "
                                  "(restricted licence): ask its foundry for an embeddable "
                                  "version", name=filename))
    if fs_type & 0x0200:
        raise IdentityFontError(_("the licence of {name} allows embedding only as images "
                                  "(bitmap only): it cannot be used", name=filename))
    if has_glyf:
        return data
    if not has_cff:
        raise IdentityFontError(_("{name} has no outlines Pancarte can use", name=filename))
    try:
        return _cff_to_truetype(tt)
    except Exception:  # noqa: BLE001 — fontTools raises many kinds on odd CFF data
        raise IdentityFontError(_("{name}: its PostScript outlines cannot be converted",
                                  name=filename)) from None


def _cff_to_truetype(tt) -> bytes:
    """The CFF font ``tt`` with quadratic TrueType outlines (fontTools' otf2ttf recipe); its
    fsType, names and metrics kept."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = tt.getGlyphOrder()
    glyph_set = tt.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    tt["loca"] = newTable("loca")
    glyf = tt["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del tt["CFF "]
    if "VORG" in tt:
        del tt["VORG"]
    tt["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                 "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = tt["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    tt["head"].glyphDataFormat = 0
    tt.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    tt.save(out)
    return out.getvalue()
