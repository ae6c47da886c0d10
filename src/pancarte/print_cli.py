"""The print side of the command line: ``pancarte preflight`` and the output options of
``compose`` and ``export`` (presets, tiling, N-up, PNG width, logo).

``cli.py`` wires these in: :func:`add_preflight_command` and :func:`add_output_arguments` when
it builds its parser, :func:`run_preflight` for the ``preflight`` command and
:func:`write_output` as its ``_write``. Nothing here imports Qt but the PNG path does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pancarte.i18n import _

EXIT_OK, EXIT_ERROR = 0, 1
SHEETS = ("A4", "A3")
NUPS = (2, 4, 8)
PRESET_NAMES = ("imprimeur", "en-ligne", "maison")


def _usage(message: str) -> Exception:
    from pancarte.cli import UsageError

    return UsageError(message)


# ---------------------------------------------------------------------------------------------
# Argument types


def _sheet(value: str) -> str:
    v = value.strip().upper()
    if v not in SHEETS:
        raise argparse.ArgumentTypeError(_("the sheet is A4 or A3"))
    return v


def _overlap(value: str) -> float:
    try:
        v = float(value.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a number of mm")) from None
    if not 0 <= v <= 50:
        raise argparse.ArgumentTypeError(_("the overlap goes from 0 to 50 mm"))
    return v


def _nup(value: str) -> int:
    try:
        v = int(value)
    except ValueError:
        v = 0
    if v not in NUPS:
        raise argparse.ArgumentTypeError(_("copies per sheet: 2, 4 or 8"))
    return v


def _width(value: str) -> int:
    try:
        v = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a width in pixels")) from None
    if not 16 <= v <= 20000:
        raise argparse.ArgumentTypeError(_("the width goes from 16 to 20000 pixels"))
    return v


def _preset(value: str) -> str:
    v = value.strip().lower()
    if v not in PRESET_NAMES:
        raise argparse.ArgumentTypeError(
            _("the preset is one of: {names}", names=", ".join(PRESET_NAMES)))
    return v


# ---------------------------------------------------------------------------------------------
# Parser


def add_preflight_command(subparsers) -> argparse.ArgumentParser:
    """``pancarte preflight DOC [--json] [--preset P]``."""
    p = subparsers.add_parser("preflight", help=_("check a document before printing"))
    p.add_argument("document")
    p.add_argument("--json", action="store_true",
                   help=_("print the findings as JSON (and nothing else) on stdout"))
    p.add_argument("--preset", type=_preset, metavar="PRESET",
                   help=_("check for this output: imprimeur, en-ligne or maison"))
    return p


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """The print options of ``compose`` and ``export`` (besides --bleed, --no-marks,
    --allow-overflow and --dpi, which cli.py adds)."""
    parser.add_argument("--preset", type=_preset, metavar="PRESET",
                        help=_("imprimeur: bleed, crop marks, CMYK, PDF/X-4; en-ligne: the same "
                               "without marks; maison: RGB, no bleed, no marks"))
    parser.add_argument("--tile", type=_sheet, metavar="A4|A3",
                        help=_("print a large page on A4 or A3 sheets to glue together"))
    parser.add_argument("--overlap", type=_overlap, metavar="MM",
                        help=_("glue band between tiles (default 10 mm)"))
    parser.add_argument("--nup", type=_nup, metavar="2|4|8",
                        help=_("copies on each sheet, with cut marks"))
    parser.add_argument("--sheet", type=_sheet, metavar="A4|A3",
                        help=_("sheet size for --nup (default A4)"))
    parser.add_argument("--width", type=_width, metavar="PX",
                        help=_("PNG width in pixels (instead of --dpi)"))
    parser.add_argument("--logo", metavar="FILE",
                        help=_("a PNG or JPEG image for the template's logo frame"))


# ---------------------------------------------------------------------------------------------
# preflight


def run_preflight(args: argparse.Namespace, out=None) -> int:
    """Run the preflight of ``args.document``; exit status 1 when it finds an error."""
    from pancarte.export import PRESETS
    from pancarte.layout.engine import LayoutEngine
    from pancarte.model.fileformat import load_document
    from pancarte.preflight import PreflightOptions, describe, has_errors, line, preflight

    out = out or sys.stdout
    doc = load_document(args.document)
    cmyk = bool(args.preset and PRESETS[args.preset].cmyk)
    engine = LayoutEngine()
    findings = preflight(doc, options=PreflightOptions(cmyk=cmyk), engine=engine)
    if args.json:
        json.dump([describe(f) for f in findings], out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        for f in findings:
            label = _("error") if f.severity == "error" else _("warning")
            out.write(_("{label}: {text}", label=label, text=line(f)) + "\n")
        if not findings:
            out.write(_("No problem found: ready to print.") + "\n")
    return EXIT_ERROR if has_errors(findings) else EXIT_OK


# ---------------------------------------------------------------------------------------------
# compose / export


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
    tile, nup = getattr(args, "tile", None), getattr(args, "nup", None)
    if kind != "pdf":
        for flag, value in (("--tile", tile), ("--nup", nup),
                            ("--preset", getattr(args, "preset", None))):
            if value:
                raise _usage(_("{flag} makes a PDF: the output must end with .pdf", flag=flag))
    if kind != "png" and getattr(args, "width", None):
        raise _usage(_("--width sets the size of a PNG: the output must end with .png"))
    if tile and nup:
        raise _usage(_("--tile and --nup cannot be used together"))
    if getattr(args, "overlap", None) is not None and not tile:
        raise _usage(_("--overlap goes with --tile"))
    if getattr(args, "sheet", None) and not nup:
        raise _usage(_("--sheet goes with --nup (--tile takes its sheet size itself)"))


def write_output(doc, output: str, kind: str, args: argparse.Namespace,
                 warn: Callable[[str], None] | None = None) -> int:
    """What ``cli._write`` does: write ``doc`` as ``kind`` (pdf, png, pancarte) at ``output``
    with the options of ``args``; warnings (the preflight's) go through ``warn``."""
    from pancarte.export import export_pdf, export_png

    warn = warn or _default_warn
    check_output_arguments(kind, args)
    if getattr(args, "logo", None):
        doc, found = apply_logo(doc, args.logo)
        if not found:
            warn(_("the template has no logo frame: {path} is not used",
                   path=Path(args.logo).name))
    if kind == "pancarte":
        from pancarte.findings import message
        from pancarte.layout.engine import LayoutEngine
        from pancarte.model.fileformat import save_document

        layout = LayoutEngine().layout(doc)
        save_document(doc, output)
        for f in layout.findings:
            warn(message(f))
        return EXIT_OK
    from pancarte.preflight import line

    if kind == "png":
        width = getattr(args, "width", None)
        paths, result = export_png(doc, output, dpi=getattr(args, "dpi", 150.0), width=width,
                                   allow_overflow=args.allow_overflow)
        for path in paths:
            print(path)
        for f in result.findings:
            warn(line(f))
        return EXIT_OK
    marks = False if getattr(args, "no_marks", False) else None
    # --bleed given: the page has a bleed of that size, whatever the preset says
    bleed = True if getattr(args, "bleed", None) is not None else None
    result = export_pdf(doc, output, marks=marks if getattr(args, "preset", None) else
                        not getattr(args, "no_marks", False),
                        allow_overflow=args.allow_overflow, invariant=reproducible(),
                        preset=getattr(args, "preset", None), bleed=bleed,
                        tile=getattr(args, "tile", None),
                        overlap=10.0 if getattr(args, "overlap", None) is None else args.overlap,
                        nup=getattr(args, "nup", None), sheet=getattr(args, "sheet", None) or "A4")
    for f in result.findings:
        warn(line(f))
    return EXIT_OK


def reproducible() -> bool:
    import os

    return os.environ.get("PANCARTE_REPRODUCIBLE", "") not in ("", "0")


def _default_warn(message: str) -> None:
    print(_("pancarte: warning: {message}", message=message), file=sys.stderr)

