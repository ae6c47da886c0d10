"""``pancarte edit [DOC]`` (and ``pancarte`` alone, or ``pancarte DOC.pancarte``): the editor."""

from __future__ import annotations

import argparse
import re

from pancarte.errors import PancarteError
from pancarte.i18n import _
from pancarte.log import logger


def register(subparsers) -> None:
    p = subparsers.add_parser("edit", help=_("open the editor"),
                              description=_("Open the editor, on a document or a new one."))
    p.add_argument("document", nargs="?", metavar=_("DOCUMENT"),
                   help=_("the .pancarte document to open (none: start a new one)"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        from pancarte.gui.app import run_editor
    except ImportError as exc:
        logger(__name__).debug("the editor cannot be imported", exc_info=True)
        raise PancarteError(why_no_editor(exc)) from None
    return run_editor(args.document)


def why_no_editor(exc: ImportError) -> str:
    """What failed, from the ImportError: a system library Qt needs (``libEGL.so.1: cannot
    open shared object file``), a missing Python package, or else the error itself."""
    text = str(exc)
    library = re.search(r"([\w.+-]+\.(?:so(?:\.\d+)*|dylib|dll))\b", text)
    if library:
        return _("the editor cannot start: the system library {name} is missing (install it "
                 "with your package manager); “pancarte compose” works without it",
                 name=library.group(1))
    if exc.name and not exc.name.startswith("pancarte"):
        return _("the editor cannot start: the Python package {name} is missing; "
                 "“pancarte compose” works without it", name=exc.name.split(".")[0])
    return _("the editor cannot start: {reason}", reason=text)
