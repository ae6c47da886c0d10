"""``pancarte preflight DOC [--json] [--preset P]``: the checks a document must pass before
printing; exit 1 when one is an error."""

from __future__ import annotations

import argparse
import json
import sys

from pancarte.cli import common
from pancarte.cli.common import EXIT_ERROR, EXIT_OK
from pancarte.i18n import _


def register(subparsers) -> None:
    p = subparsers.add_parser("preflight", help=_("check a document before printing"),
                              description=_("Check a document before printing; exit status "
                                            "1 when a check finds an error."))
    p.add_argument("document", metavar=_("DOCUMENT"), help=_("the .pancarte document"))
    common.add_json(p, _("print the findings as JSON (and nothing else) on stdout"))
    common.add_preset(p, _("check for this output: imprimeur, en-ligne or maison"))
    p.set_defaults(func=run_preflight)


def run_preflight(args: argparse.Namespace, out=None) -> int:
    """Run the preflight of ``args.document``; exit status 1 when it finds an error."""
    from pancarte.layout.engine import LayoutEngine
    from pancarte.model.fileformat import load_document
    from pancarte.options import PRESETS
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
