"""Test fonts made from a bundled TrueType face with fontTools: renamed (a group's own face),
as CFF OpenType (PostScript outlines), or with a restricted embedding licence."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont

from pancarte.assets import fonts_dir

SOURCE = fonts_dir() / "lato" / "Lato-Black.ttf"
CHARS = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,;:!?'’«»-–—()/@&%"
         "éèêàâçôîûùëïÉÈÀÇ\u00a0\u202f")


def renamed(out: Path, family: str, fs_type: int = 0) -> Path:
    tt = TTFont(SOURCE)
    ps = family.replace(" ", "") + "-Regular"
    for rec in tt["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = family
        elif rec.nameID == 6:
            rec.string = ps
    tt["OS/2"].fsType = fs_type
    tt.save(out)
    return out


def cff(out: Path, family: str) -> Path:
    """An OpenType font with CFF outlines of the characters of CHARS."""
    src = TTFont(SOURCE)
    cmap = src.getBestCmap()
    glyph_set = src.getGlyphSet()
    names = [".notdef"] + sorted({cmap[ord(c)] for c in CHARS if ord(c) in cmap})
    upem = src["head"].unitsPerEm
    charstrings, metrics = {}, {}
    for name in names:
        pen = T2CharStringPen(glyph_set[name].width, glyph_set)
        glyph_set[name].draw(pen)
        charstrings[name] = pen.getCharString()
        metrics[name] = (glyph_set[name].width, 0)
    fb = FontBuilder(upem, isTTF=False)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): cmap[ord(c)] for c in CHARS if ord(c) in cmap})
    ps = family.replace(" ", "") + "-Regular"
    fb.setupCFF(ps, {"FullName": family}, charstrings, {})
    fb.setupHorizontalMetrics({n: (w, glyph_set[n].lsb if hasattr(glyph_set[n], "lsb") else 0)
                               for n, (w, _x) in metrics.items()})
    hhea = src["hhea"]
    fb.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": ps})
    os2 = src["OS/2"]
    fb.setupOS2(sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender,
                usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent,
                sCapHeight=os2.sCapHeight, sxHeight=os2.sxHeight, fsType=0)
    fb.setupPost()
    fb.save(str(out))
    return out


def poster_in_own_face(tmp_path: Path, monkeypatch):
    """A sample poster whose title is set in a group's face known only in memory (added to
    the layout's font library, as the editor does for an identity's font, and gone after the
    test): (document, family, the font's bytes)."""
    from dataclasses import replace

    from pancarte.layout.fonts import library
    from pancarte.model.document import TextFrame
    from pancarte.model.edit import compose

    data = renamed(tmp_path / "quartier.ttf", "Quartier Libre").read_bytes()
    fonts = library()
    monkeypatch.setattr(fonts, "families", fonts.families)
    family = fonts.add_font("Quartier Libre", data)
    doc = compose("poster-a4", sample=True)
    (_i, title), = doc.frames_named("title")
    assert isinstance(title, TextFrame)
    return doc.replace_frame(replace(title, style=replace(title.style, family=family))), \
        family, data
