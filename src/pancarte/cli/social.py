"""``--social square|portrait|story`` on ``compose`` and ``export``: the document as an image
for phones (see :mod:`pancarte.social`), with its alt text beside it as ``OUT.txt``."""

from __future__ import annotations

import argparse

from pancarte.cli import common
from pancarte.cli.common import EXIT_OK, UsageError
from pancarte.i18n import _


def add_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--social", choices=("square", "portrait", "story"),
                        help=_("an image for phones laid out again: square 1080×1080, "
                               "portrait 1080×1350, story 1080×1920 (OUT.png or OUT.jpg, "
                               "alt text in OUT.txt)"))


def check(args: argparse.Namespace) -> None:
    """Usage errors for ``--social`` with an output or flags it does not take."""
    from pancarte.social import SUFFIXES

    if not args.output.lower().endswith(SUFFIXES):
        raise UsageError(_("--social makes an image: the output must end with .png or .jpg"))
    for flag, value in (("--tile", args.tile), ("--nup", args.nup), ("--preset", args.preset),
                        ("--width", args.width)):
        if value:
            raise UsageError(_("{flag} cannot be used with --social", flag=flag))


def write(doc, args: argparse.Namespace, tract=None) -> int:
    """Write the phone image and its alt text; ``tract`` (``compose --tract``): the image
    shows a choice of its blocks, the alt text all of them."""
    from pancarte.cli.output import apply_logo
    from pancarte.social import export_social, left_out_note

    if args.logo:
        doc, found = apply_logo(doc, args.logo)
        if not found:
            common.warn(_("the template has no logo frame: {path} is not used",
                          path=args.logo))
    result = export_social(doc, args.output, args.social, tract=tract)
    note = left_out_note(result)
    if note:
        common.warn(note)
    for name in result.cut:
        common.warn(_("the text of frame “{name}” is cut in the phone image (it stays whole "
                      "in the alt text {path})", name=name, path=str(result.alt)))
    print(result.image)
    print(result.alt)
    return EXIT_OK
