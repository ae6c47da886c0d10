"""``pancarte edit [DOC]`` (and ``pancarte`` alone, or ``pancarte DOC.pancarte``): the editor."""

from __future__ import annotations

import argparse

from pancarte.errors import PancarteError
from pancarte.i18n import _


def register(subparsers) -> None:
    p = subparsers.add_parser("edit", help=_("open the editor"))
    p.add_argument("document", nargs="?")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        from pancarte.gui.app import run_editor
    except ImportError:
        raise PancarteError(_("the editor is not available in this version yet; use "
                              "“pancarte compose” (see --help)")) from None
    return run_editor(args.document)
