"""``pancarte export DOC.pancarte -o OUT``: a document as a PDF or PNG images."""

from __future__ import annotations

import argparse
from dataclasses import replace

from pancarte.cli import common, output, social
from pancarte.cli.common import UsageError
from pancarte.i18n import _


def register(subparsers) -> None:
    e = subparsers.add_parser("export", help=_("export a .pancarte document"),
                              description=_("Export a .pancarte document as a PDF, PNG "
                                            "images or an image for phones."))
    e.add_argument("document", metavar=_("DOCUMENT"), help=_("the .pancarte document"))
    common.add_output(e, _("OUT.pdf or OUT.png"))
    output.add_output_options(e)
    social.add_argument(e)
    e.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pancarte.export import OUTPUTS
    from pancarte.model.fileformat import load_document

    if args.social:
        social.check(args)
        doc = load_document(args.document)
        return social.write(doc if args.bleed is None else replace(doc, bleed=args.bleed), args)
    kind = output.output_kind(args.output)
    if not OUTPUTS[kind].exported:
        raise UsageError(_("export writes a PDF or PNG: the output must end with .pdf or .png"))
    doc = load_document(args.document)
    if args.bleed is not None:
        doc = replace(doc, bleed=args.bleed)
    return output.write_output(doc, args.output, kind, args)
