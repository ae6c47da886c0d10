"""The output options of ``compose`` and ``export`` (bleed, marks, presets, tiling, N-up, PNG
size, logo) and the writing of their output: :func:`add_output_options` adds the flags,
:func:`write_output` writes a document as the output kind its file name asks for
(:data:`pancarte.export.OUTPUTS`), with the defaults of :data:`pancarte.options.DEFAULTS`.
Nothing here imports Qt but the PNG path does."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pancarte.cli import common
from pancarte.cli.common import EXIT_OK, UsageError
from pancarte.i18n import _
from pancarte.options import DEFAULTS, IMPOSITIONS, NUPS, SHEETS, ExportOptions

# ---------------------------------------------------------------------------------------------
# Argument types


def size(value: str) -> tuple[float, float]:
    m = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*[xX×]\s*(\d+(?:[.,]\d+)?)\s*(?:mm)?\s*", value)
    if not m:
        raise argparse.ArgumentTypeError(_("expected WIDTHxHEIGHT in mm, e.g. 500x700"))
    w, h = (float(g.replace(",", ".")) for g in m.groups())
    if not (10 <= w <= 5000 and 10 <= h <= 5000):
        raise argparse.ArgumentTypeError(_("sizes go from 10 to 5000 mm"))
    return w, h


def _ranged(convert: Callable[[str], float], low: float, high: float, expected: str,
            outside: str) -> Callable[[str], float]:
    """An argparse type: ``convert(value)`` (``expected`` when it cannot), from ``low`` to
    ``high`` (``outside`` otherwise)."""

    def parse(value: str) -> float:
        try:
            v = convert(value)
        except ValueError:
            raise argparse.ArgumentTypeError(expected) from None
        if not low <= v <= high:
            raise argparse.ArgumentTypeError(outside)
        return v

    return parse


def _mm(value: str) -> float:
    return float(value.replace(",", "."))


def _sheet(value: str) -> str:
    v = value.strip().upper()
    if v not in SHEETS:
        raise argparse.ArgumentTypeError(_("the sheet is A4 or A3"))
    return v


def _nup(value: str) -> int:
    try:
        v = int(value)
    except ValueError:
        v = 0
    if v not in NUPS:
        raise argparse.ArgumentTypeError(_("copies per sheet: 2, 4 or 8"))
    return v


def _imposition(value: str) -> str:
    v = value.strip().lower()
    if v not in IMPOSITIONS:
        raise argparse.ArgumentTypeError(_("the imposition is: {names}",
                                           names=", ".join(IMPOSITIONS)))
    return v


# ---------------------------------------------------------------------------------------------
# Parser


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """The output flags of ``compose`` and ``export``. ``--overlap`` and ``--sheet`` stay None
    when not given (they must come with ``--tile``/``--nup``); :func:`export_options` puts
    the defaults in."""
    parser.add_argument("--bleed", metavar="MM", help=_("bleed in mm (0 to 20)"), type=_ranged(
        _mm, 0, 20, _("expected a number of mm"), _("bleed goes from 0 to 20 mm")))
    marks = parser.add_mutually_exclusive_group()
    marks.add_argument("--marks", action="store_true",
                       help=_("crop marks, also with a preset that has none (maison, en-ligne)"))
    marks.add_argument("--no-marks", action="store_true",
                       help=_("no crop marks, even with a preset that has them"))
    parser.add_argument("--allow-overflow", action="store_true",
                        help=_("write the output even when a text does not fit its frame"))
    parser.add_argument("--dpi", metavar=_("DPI"), help=_("PNG resolution (default 150)"),
                        type=_ranged(
        float, 10, 1200, _("expected a resolution in dpi"),
        _("the resolution goes from 10 to 1200 dpi")))
    common.add_preset(parser, _("imprimeur (the default for a page): bleed, crop marks, CMYK, "
                                "PDF/X-4; en-ligne: the same without marks; maison (the default "
                                "for --tile, --nup, --imposition): RGB, no bleed, nothing in the "
                                "4.5 mm a home printer cannot print"))
    parser.add_argument("--tile", type=_sheet, metavar="A4|A3",
                        help=_("print a large page on A4 or A3 sheets to glue together"))
    parser.add_argument("--overlap", metavar="MM",
                        help=_("glue band between tiles (default 10 mm)"), type=_ranged(
                            _mm, 0, 50, _("expected a number of mm"),
                            _("the overlap goes from 0 to 50 mm")))
    parser.add_argument("--nup", type=_nup, metavar="2|4|8",
                        help=_("copies on each sheet, with cut marks"))
    parser.add_argument("--imposition", type=_imposition, metavar="booklet",
                        help=_("booklet: A5 pages two a side on A4 sheets, in the order to "
                               "fold and staple"))
    parser.add_argument("--sheet", type=_sheet, metavar="A4|A3",
                        help=_("sheet size for --nup and --imposition (default A4)"))
    parser.add_argument("--width", metavar="PX",
                        help=_("PNG width in pixels (instead of --dpi)"), type=_ranged(
                            int, 16, 20000, _("expected a width in pixels"),
                            _("the width goes from 16 to 20000 pixels")))
    common.add_logo(parser, _("a PNG or JPEG image for the template's logo frame"))
    parser.set_defaults(dpi=DEFAULTS.dpi, allow_overflow=DEFAULTS.allow_overflow)


def export_options(args: argparse.Namespace) -> ExportOptions:
    """The export options ``args`` ask for (the defaults for flags not given)."""
    return ExportOptions(
        preset=args.preset,
        marks=True if args.marks else False if args.no_marks else None,
        # --bleed given: the page has a bleed of that size, whatever the preset says
        bleed=True if args.bleed is not None else None,
        allow_overflow=args.allow_overflow, invariant=common.reproducible(),
        tile=args.tile, overlap=DEFAULTS.overlap if args.overlap is None else args.overlap,
        nup=args.nup, sheet=args.sheet or DEFAULTS.sheet, imposition=args.imposition,
        dpi=args.dpi, width=args.width)


# ---------------------------------------------------------------------------------------------
# Writing


def output_kind(path: str) -> str:
    """The name of the output kind ``path`` asks for; UsageError for another file name."""
    from pancarte.export import output_kind as find

    kind = find(path)
    if kind is None:
        raise UsageError(_("the output must end with .pdf, .png or .pancarte: {path}",
                           path=path))
    return kind.name


def apply_logo(doc, path: str | Path):
    """``doc`` with the image at ``path`` in its ``logo`` image frame; returns (document,
    found) where found is False when the template has no logo frame (document unchanged).

    Raises ImageError for an image that cannot be used."""
    from pancarte.images import import_image
    from pancarte.model.document import ImageFrame

    name, data = import_image(path)
    frames = [f for _page, f in doc.frames_named("logo") if isinstance(f, ImageFrame)]
    if not frames:
        return doc, False
    images = dict(doc.images)
    images[name] = data
    doc = replace(doc, images=images)
    for frame in frames:
        doc = doc.replace_frame(replace(frame, image=name))
    return doc, True


def check_output_arguments(kind: str, args: argparse.Namespace) -> None:
    """Usage errors for options that do not go with the output kind."""
    if kind != "pdf":
        for flag, value in (("--tile", args.tile), ("--nup", args.nup),
                            ("--imposition", args.imposition), ("--preset", args.preset)):
            if value:
                raise UsageError(_("{flag} makes a PDF: the output must end with .pdf",
                                   flag=flag))
    if kind != "png" and args.width:
        raise UsageError(_("--width sets the size of a PNG: the output must end with .png"))
    if sum(1 for v in (args.tile, args.nup, args.imposition) if v) > 1:
        raise UsageError(_("--tile, --nup and --imposition cannot be used together"))
    if args.overlap is not None and not args.tile:
        raise UsageError(_("--overlap goes with --tile"))
    if args.sheet and not (args.nup or args.imposition):
        raise UsageError(_("--sheet goes with --nup or --imposition (--tile takes its sheet size "
                           "itself)"))


def check_booklet(doc, args: argparse.Namespace) -> None:
    """A usage error when ``--imposition booklet`` meets pages that are not half the sheet."""
    if args.imposition != "booklet":
        return
    from pancarte.errors import PancarteError
    from pancarte.geometry import MM
    from pancarte.render.imposition import plan_booklet

    try:
        plan_booklet(doc.width * MM, doc.height * MM, len(doc.pages),
                     args.sheet or DEFAULTS.sheet)
    except PancarteError as exc:
        raise UsageError(str(exc)) from None


def write_output(doc, output: str, kind: str, args: argparse.Namespace,
                 warn: Callable[[str], None] | None = None) -> int:
    """Write ``doc`` as ``kind`` (a key of :data:`pancarte.export.OUTPUTS`) at ``output`` with
    the options of ``args``; warnings (the preflight's, or the layout's for a document) go
    through ``warn``."""
    from pancarte.export import OUTPUTS
    from pancarte.findings import line

    warn = warn or common.warn
    check_output_arguments(kind, args)
    if args.logo:
        doc, found = apply_logo(doc, args.logo)
        if not found:
            warn(_("the template has no logo frame: {path} is not used",
                   path=Path(args.logo).name))
    from pancarte.model.document import check_document

    check_document(doc)  # every input in (text, event, tract, logo): one check for every kind
    check_booklet(doc, args)
    out = OUTPUTS[kind]
    result = out.write(doc, Path(output), export_options(args), None, None)
    if out.lists_paths:
        for path in result.paths:
            print(path)
    for f in result.findings:
        warn(line(f))
    for note in result.notes:  # the scale of copies at home, a booklet's sheets…
        print(_("pancarte: {message}", message=note), file=sys.stderr)
    return EXIT_OK
