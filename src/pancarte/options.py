"""Export options and their defaults: one table shared by the API (:mod:`pancarte.export`), the
command line (its ``set_defaults``) and the editor's export dialog, and the output presets
that set several of them at once.

Nothing here imports a renderer until :func:`pdf_options` builds the PDF renderer's options.
"""

from __future__ import annotations

from dataclasses import dataclass

from pancarte.errors import PancarteError
from pancarte.i18n import _


@dataclass(frozen=True)
class Preset:
    """What an output preset sets; explicit options (``--bleed``, ``--no-marks``) win."""

    bleed: bool
    marks: bool
    cmyk: bool
    pdfx: bool
    unprintable: float = 0.0  # mm at a sheet's edges kept free of ink (tiles, N-up, booklet)


# imprimeur: a print shop's file (bleed, marks, CMYK, PDF/X-4); en-ligne: the same for online
# printers, who want no marks; maison: the home printer's page (RGB, the trim alone, nothing in
# the outer 4.5 mm of an imposed sheet: printers leave about 4.2 mm unprinted)
PRESETS: dict[str, Preset] = {
    "imprimeur": Preset(bleed=True, marks=True, cmyk=True, pdfx=True),
    "en-ligne": Preset(bleed=True, marks=False, cmyk=True, pdfx=True),
    "maison": Preset(bleed=False, marks=False, cmyk=False, pdfx=False, unprintable=4.5),
}
PRESET_NAMES = tuple(PRESETS)
# no --preset: a page goes to a print shop; sheets (tiles, N-up, booklet) to a home printer
DEFAULT_PRESET_NAME = "imprimeur"
SHEETS_PRESET_NAME = "maison"
DEFAULT_PRESET = PRESETS[DEFAULT_PRESET_NAME]

SHEETS = ("A4", "A3")  # for tiling, N-up and booklets
NUPS = (2, 4, 8)  # copies per sheet
IMPOSITIONS = ("booklet",)  # pages imposed on sheets for folding
MAX_PNG_PIXELS = 100_000_000


@dataclass(frozen=True)
class ExportOptions:
    """Every option of an export, with its default (the CLI's when a flag is not given, the
    dialog's first state). ``marks``/``bleed`` None: the preset decides."""

    preset: str | None = None
    marks: bool | None = None
    bleed: bool | None = None
    allow_overflow: bool = False
    invariant: bool = False  # reproducible bytes (fixed dates and ids)
    tile: str | None = None  # "A4" or "A3": the page on several sheets
    overlap: float = 10.0  # mm of glue band between tiles
    nup: int | None = None  # copies per sheet
    sheet: str = "A4"  # the sheet of N-up copies or of a booklet
    imposition: str | None = None  # "booklet": half-sheet pages imposed to fold and staple
    dpi: float = 150.0  # PNG resolution
    width: int | None = None  # PNG width in pixels (instead of dpi)


DEFAULTS = ExportOptions()


def default_preset(*, sheets: bool = False) -> str:
    """The preset used when none is named: ``maison`` for sheets printed at home (tiles, N-up,
    booklet), else ``imprimeur``."""
    return SHEETS_PRESET_NAME if sheets else DEFAULT_PRESET_NAME


def preset(name: str | None, *, sheets: bool = False) -> Preset:
    """The preset ``name`` (None: :func:`default_preset`); PancarteError for an unknown one."""
    if name is None:
        return PRESETS[default_preset(sheets=sheets)]
    if name not in PRESETS:
        raise PancarteError(_("unknown preset {name}", name=name))
    return PRESETS[name]


def pdf_options(preset_name: str | None = None, *, marks: bool | None = None,
                bleed: bool | None = None, title: str = "", invariant: bool = False,
                sheets: bool = False):
    """The PDF renderer's options for ``preset_name`` (None: :func:`default_preset`), with
    ``marks`` and ``bleed`` overriding the preset when given (an explicit option always
    wins)."""
    from pancarte.render.pdf import PdfOptions

    p = preset(preset_name, sheets=sheets)
    return PdfOptions(marks=p.marks if marks is None else marks,
                      bleed=p.bleed if bleed is None else bleed,
                      cmyk=p.cmyk, pdfx=p.pdfx, title=title, invariant=invariant,
                      unprintable=p.unprintable)
