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
    c = subparsers.add_parser("compose", help=_("make a PDF or a document from a template"),
                              description=_("Fill a template (see “pancarte templates”) and "
                                            "write a PDF, PNG images or a .pancarte document."))
    c.add_argument("template", metavar=_("TEMPLATE"),
                   help=_("the template's id, as “pancarte templates” lists them"))
    common.add_output(c, _("OUT.pdf or OUT.pancarte"))
    c.add_argument("--title", metavar=_("TITLE"), help=_("the title"))
    g = c.add_mutually_exclusive_group()
    g.add_argument("--text", metavar=_("TEXT"), help=_("the text"))
    g.add_argument("--text-file", metavar=_("FILE"),
                   help=_("the text from a file (text or Markdown; “-”: standard input)"))
    g.add_argument("--tract", metavar="ID",
                   help=_("fill the template from a tract of the library (an id or its first "
                          "6+ characters)"))
    library.add_library_option(c)
    library.add_compose_arguments(c)
    c.add_argument("--qr", metavar="URL", help=_("the web address the QR code holds"))
    c.add_argument("--size", type=output.size, metavar=_("WxH"),
                   help=_("a page size of your own in mm, e.g. 500x700"))
    c.add_argument("--landscape", action="store_true", help=_("turn the page sideways"))
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
    from pancarte.files import NotText, TooLarge, decode_text, os_reason, read_limited

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
                              reason=os_reason(exc, reading=True))) from None
    try:
        return decode_text(data)
    except NotText as exc:
        if exc.utf16:
            raise PancarteError(_("{path} is not valid UTF-16 text", path=name)) from None
        raise PancarteError(_("{path} is not a text file", path=name)) from None


def run(args: argparse.Namespace) -> int:
    if args.social:
        social.check(args)
    text = args.text
    if args.text_file:
        text = read_text_file(args.text_file)
    chooses = args.blocks is not None or args.whole_text
    if chooses and not args.tract and text is None:
        raise common.UsageError(_("--blocks and --whole-text go with --tract, --text or "
                                  "--text-file"))
    if text is None or args.tract:
        return _compose(args, text, None)
    if chooses or args.social:
        # the text read as a tract's blocks (numbered as `library show` numbers them): the
        # phone image finds its title, programme and contact among them
        return _compose(args, None, text_tract(text, args.text_file))
    from pancarte.errors import LayoutError

    try:
        return _compose(args, text, None)
    except LayoutError as exc:
        if args.allow_overflow or args.social:
            raise
        # a long text on a poster, a placard, a flyer: a designer's choice of its blocks, as
        # `--tract` makes for a tract of the library (refused as before when none fits)
        return _compose(args, None, text_tract(text, args.text_file), refused=exc)


def text_tract(text: str, name: str | None):
    """``text`` (of ``--text`` or the file ``name``) read into a tract's blocks, as
    ``library import`` reads a file (Markdown for a ``.md`` file)."""
    from pancarte.library.importers import MARKDOWN_SUFFIXES, MD_FIRST_HEADING, parse_text
    from pancarte.library.tract import Tract

    markdown = (bool(name) and str(name).lower().endswith(MARKDOWN_SUFFIXES)) or \
        bool(MD_FIRST_HEADING.match(text))
    parsed = parse_text(text, markdown=markdown)
    return Tract(id="text", title=parsed.title, blocks=parsed.blocks)


def _compose(args: argparse.Namespace, text: str | None, text_as_tract,
             refused: Exception | None = None) -> int:
    """What ``compose`` writes: the template filled with ``text`` as it is, or from a tract
    (``--tract``, or ``text_as_tract``: a text read into blocks), then its identity, event,
    QR code; the PDF, image or document written. ``refused``: the error the whole text met,
    raised again when the choice of blocks places none of them."""
    from pancarte.model.edit import compose

    kind = None if args.social else output.output_kind(args.output)
    from_tract = bool(args.tract) or text_as_tract is not None
    doc = compose(args.template, title=None if from_tract else args.title, text=text,
                  qr=args.qr, size=args.size, landscape=args.landscape, bleed=args.bleed,
                  sample=args.sample)
    tract = None
    whole_tract = None  # the phone image chooses its own blocks from the whole tract
    if from_tract:
        from pancarte.fill.pick import BlockSpecError

        try:
            doc, plan, note = library.compose_from_tract(doc, args, text_as_tract)
        except BlockSpecError as exc:
            raise common.UsageError(str(exc)) from None
        if refused is not None:
            if not plan.placed:
                raise refused
            common.warn(_("the whole text does not fit “{template}” legibly: a choice of its "
                          "blocks is printed (--blocks chooses them, --whole-text refuses the "
                          "choice)", template=args.template))
        if note and not args.social:
            print(note, file=sys.stderr)
        phone = args.social and args.blocks is None and not args.whole_text
        detect = not getattr(args, "no_event", False) and args.when is None and not args.event
        if phone or detect:
            source = text_as_tract or library.load_tract(args.tract, args.library_path)
            whole_tract = source if phone else None
            tract = source if detect else None  # its event, below
    doc = identity.apply(doc, args)
    doc, notes = event.apply(doc, args, tract=tract)
    for note in notes:
        common.warn(note)
    if kind != "pancarte":  # printed or shared: no bare band where nothing was put
        from pancarte.fill.bands import without_empty_bands

        doc = without_empty_bands(doc)
    if args.social:  # one page laid out again: the print pages do not matter
        return social.write(doc, args, tract=whole_tract)
    from pancarte.layout.growth import grown_or_refused

    doc = grown_or_refused(doc, args.allow_overflow, warn=common.warn)
    assert kind is not None
    return output.write_output(doc, args.output, kind, args)
