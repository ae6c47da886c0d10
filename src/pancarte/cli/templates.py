"""``pancarte templates``: the bundled templates, one a line (id, size, pages, name)."""

from __future__ import annotations

import argparse

from pancarte.cli.common import EXIT_OK
from pancarte.i18n import _, language


def register(subparsers) -> None:
    p = subparsers.add_parser("templates", help=_("list the templates"),
                              description=_("List the templates: id, size, pages and name."))
    p.set_defaults(func=run)


def run(_args: argparse.Namespace) -> int:
    from pancarte.model.templates import list_templates

    lang = language()
    for t in list_templates():
        pages = "" if t.pages == 1 else _(", {n} pages", n=t.pages)
        if t.max_pages > t.pages:
            pages = _(", {n} to {most} pages", n=t.pages, most=t.max_pages)
        print(f"{t.id}\t{t.width:g}×{t.height:g} mm{pages}\t{t.label(lang)}")
    return EXIT_OK
