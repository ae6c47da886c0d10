"""``pancarte compose TEMPLATE -o OUT``: a PDF, PNG or document from a template, filled with
a title, a text (typed, from a file or from a tract of the library), a QR code and an event."""

from __future__ import annotations

import argparse
import sys

from pancarte.cli import common, event, identity, library, output, social
from pancarte.errors import PancarteError
from pancarte.i18n import _

MAX_TEXT_FILE = 5_000_000


def register(subparsers) -> None:
    c = subparsers.add_parser("compose", help=_("make a PDF or a document from a template"))
    c.add_argument("template")
    common.add_output(c, _("OUT.pdf or OUT.pancarte"))
    c.add_argument("--title")
    g = c.add_mutually_exclusive_group()
    g.add_argument("--text")
    g.add_argument("--text-file")
    g.add_argument("--tract", metavar="ID",
                   help=_("fill the template from a tract of the library (an id or its first "
                          "6+ characters)"))
    library.add_library_option(c)
    library.add_compose_arguments(c)
    c.add_argument("--qr", metavar="URL")
    c.add_argument("--size", type=output.size, metavar="WxH")
    c.add_argument("--landscape", action="store_true")
    c.add_argument("--sample", action="store_true",
                   help=_("fill the template with its sample texts"))
    output.add_output_options(c)
    social.add_argument(c)
    identity.add_argument(c)
    event.add_arguments(c)
    c.set_defaults(func=run)


def read_text_file(name: str) -> str:
    """The text of ``--text-file`` (``-`` for stdin), decoded by
    :func:`pancarte.files.decode_text`; PancarteError when it is no text or too large."""
    from pancarte.files import NotText, TooLarge, decode_text, read_limited

    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_TEXT_FILE + 1)
            if len(data) > MAX_TEXT_FILE:
                raise TooLarge(name)
        else:
            data = read_limited(name, MAX_TEXT_FILE)
    except TooLarge:
        raise PancarteError(_("{path} is too large for a poster (over 5 MB)",
                              path=name)) from None
    except OSError as exc:
        raise PancarteError(_("cannot read {path}: {reason}", path=name,
                              reason=exc.strerror or exc)) from None
    try:
        return decode_text(data)
    except NotText as exc:
        if exc.utf16:
            raise PancarteError(_("{path} is not valid UTF-16 text", path=name)) from None
        raise PancarteError(_("{path} is not a text file", path=name)) from None


def run(args: argparse.Namespace) -> int:
    from pancarte.model.edit import compose

    if args.social:
        social.check(args)
    else:
        kind = output.output_kind(args.output)
    text = args.text
    if args.text_file:
        text = read_text_file(args.text_file)
    doc = compose(args.template, title=None if args.tract else args.title, text=text,
                  qr=args.qr, size=args.size, landscape=args.landscape, bleed=args.bleed,
                  sample=args.sample)
    if not args.tract and (args.blocks is not None or args.whole_text):
        raise common.UsageError(_("--blocks and --whole-text go with --tract"))
    tract = None
    whole_tract = None  # the phone image chooses its own blocks from the whole tract
    if args.tract:
        from pancarte.fill.pick import BlockSpecError

        try:
            doc, _plan, note = library.compose_from_tract(doc, args)
        except BlockSpecError as exc:
            raise common.UsageError(str(exc)) from None
        if note and not args.social:
            print(note, file=sys.stderr)
        if args.social and args.blocks is None and not args.whole_text:
            whole_tract = library.load_tract(args.tract, args.library_path)
        if not getattr(args, "no_event", False) and args.when is None and not args.event:
            tract = library.load_tract(args.tract, args.library_path)  # its event, below
    doc = identity.apply(doc, args)
    doc, notes = event.apply(doc, args, tract=tract)
    for note in notes:
        common.warn(note)
    if args.social:  # one page laid out again: the print pages do not matter
        return social.write(doc, args, tract=whole_tract)
    from pancarte.layout.growth import grown_or_refused

    doc = grown_or_refused(doc, args.allow_overflow, warn=common.warn)
    return output.write_output(doc, args.output, kind, args)
