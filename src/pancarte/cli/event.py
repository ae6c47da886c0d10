"""The event and QR code flags of ``pancarte compose``: :func:`add_arguments` adds them to
the parser, :func:`apply` turns them into changes of the composed document.

Malformed flag values are usage errors (exit 2), raised while parsing; a bad file or a payload
that cannot fit raises :class:`~pancarte.event.errors.EventError` (exit 1). Babel, icalendar
and the QR code library are imported only when a flag needs them.
"""

from __future__ import annotations

import argparse
from typing import Any

from pancarte.cli.common import UsageError
from pancarte.i18n import _
from pancarte.model.document import QR_ECC, Document

STYLES = ("long", "compact")
QR_CONTENTS = ("url", "event", "geo", "text", "none")
_EVENT_FLAGS = ("event", "when", "where", "event_title", "event_url", "geo")


def _type(parse):
    """An argparse type from one of our parsers: its EventError becomes a usage error."""

    def convert(value: str) -> Any:
        from pancarte.event.errors import EventError
        from pancarte.files import decode_argument

        try:
            return parse(decode_argument(value))  # not UTF-8: read as a text file is
        except EventError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = parse.__name__
    return convert


def _when(value: str):
    from pancarte.event.typed import parse_when

    return parse_when(value)


def _where(value: str):
    from pancarte.event.typed import parse_where

    return parse_where(value)


def _geo(value: str):
    from pancarte.event.typed import parse_geo

    return parse_geo(value)


def _url(value: str):
    from pancarte.event.typed import parse_url

    return parse_url(value)


def _tz(value: str):
    from pancarte.event.zones import zone

    found = zone(value)
    if found is None:
        raise argparse.ArgumentTypeError(_("unknown time zone: {name} (for example "
                                           "Europe/Paris or America/Montreal)",
                                           name=value[:80]))
    return found


def _index(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(_("expected an event number from 1"))
    return n


def _ecc(value: str) -> str:
    if value.upper() not in QR_ECC:
        raise argparse.ArgumentTypeError(_("expected L, M, Q or H"))
    return value.upper()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the event and QR code flags to the ``compose`` parser."""
    g = parser.add_argument_group(_("event"))
    g.add_argument("--event", metavar=_("FILE.ics"),
                   help=_("the event from an iCalendar file (Mobilizon, Framagenda, "
                          "Démosphère, Nextcloud…)"))
    pick = g.add_mutually_exclusive_group()
    pick.add_argument("--event-index", type=_index, metavar="N",
                      help=_("which event of the file, from 1"))
    pick.add_argument("--event-uid", metavar="UID", help=_("which event of the file, by UID"))
    g.add_argument("--when", type=_type(_when), metavar=_("WHEN"),
                   help=_("“2024-05-25 13:00/18:00”, “2024-05-25”, “2024-09-02/2024-09-06”"))
    g.add_argument("--where", type=_type(_where), metavar=_("PLACE"),
                   help=_("“Parc du Thabor, Rennes”: the place, then its address"))
    g.add_argument("--tz", type=_tz, metavar=_("ZONE"),
                   help=_("time zone of the event's times (default: the system's)"))
    g.add_argument("--event-title", metavar=_("TITLE"),
                   help=_("the event's title (default: the document's title)"))
    g.add_argument("--event-url", type=_type(_url), metavar="URL",
                   help=_("the event's web page"))
    g.add_argument("--geo", type=_type(_geo), metavar="LAT,LON",
                   help=_("where the event is on a map, in degrees, e.g. 48.1147,-1.6694"))
    g.add_argument("--no-event", action="store_true",
                   help=_("with --tract: do not fill the event found in the tract's text"))
    g.add_argument("--event-style", choices=STYLES, default="long",
                   help=_("“long”: de 13 h à 18 h; “compact”: 13 h–18 h"))
    q = parser.add_argument_group(_("QR code"))
    q.add_argument("--qr-content", choices=QR_CONTENTS,
                   help=_("what the QR code holds (default: the event's URL, else the event "
                          "itself)"))
    q.add_argument("--qr-text", metavar=_("TEXT"), help=_("text or mailto: for --qr-content text"))
    q.add_argument("--qr-ecc", type=_ecc, metavar="L|M|Q|H",
                   help=_("error correction (default M; Q or H when something covers the "
                          "centre)"))
    q.add_argument("--qr-caption", nargs="?", const="", metavar=_("TEXT"),
                   help=_("a line under the QR code (default: the short URL)"))


def apply(doc: Document, args: argparse.Namespace, tract: Any = None,
          ) -> tuple[Document, list[str]]:
    """``doc`` with the event and QR code flags of ``args`` applied, and the warnings to show.

    A file's event comes first; typed flags (``--when``, ``--where``…) replace its fields.
    Without them, the first event found in ``tract``'s text (``compose --tract``) is used,
    unless ``--no-event``: see :func:`tract_event` and :func:`fill_detected`.
    The QR code gets ``--qr-content`` (default: the event's URL, else the event itself,
    unless ``--qr`` gave it already). Raises EventError (exit 1) and the CLI's UsageError for
    flags that do not go together (exit 2).
    """
    notes: list[str] = []
    content = args.qr_content
    if args.qr_text is not None:
        if content is None:
            content = "text"
        elif content != "text":
            raise UsageError(_("--qr-text goes with --qr-content text"))
    if content == "text" and not args.qr_text:
        raise UsageError(_("--qr-content text needs --qr-text TEXT"))
    if (args.event_index is not None or args.event_uid is not None) and not args.event:
        raise UsageError(_("--event-index and --event-uid choose an event of --event FILE.ics"))
    has_event = any(vars(args)[name] is not None for name in _EVENT_FLAGS)
    no_event = getattr(args, "no_event", False)
    if no_event and has_event:
        raise UsageError(_("--no-event goes against the event flags (--event, --when, "
                           "--where…)"))
    detected = None
    if tract is not None and not no_event and args.when is None and not args.event:
        detected = tract_event(tract, args.tz)
    if content in ("url", "event", "geo") and not has_event and detected is None:
        raise UsageError(_("--qr-content {content} needs an event (--event FILE.ics or --when)",
                       content=content))

    event = None
    if has_event:
        from pancarte.event.fill import fill_event
        from pancarte.event.ical import read_ics
        from pancarte.event.typed import typed_event
        from pancarte.event.zones import system_zone

        if args.event:
            ics = read_ics(args.event, tz=args.tz)
            event, picked = ics.pick(args.event_index, args.event_uid)
            notes += picked
        else:
            event = detected  # --where, --event-title… change the event found in the text
        tz = args.tz or (event.zone if event is not None else None)
        if args.when is not None and tz is None:
            tz = system_zone()
        event = typed_event(event, when=args.when, tz=tz, where=args.where,
                            title=args.event_title, url=args.event_url, geo=args.geo)
        doc, filled = fill_event(doc, event, style=args.event_style or "long",
                                 replace_title=False if args.title else None)
        notes += filled
    elif detected is not None:
        event = detected
        doc = fill_detected(doc, event, style=args.event_style or "long")

    if content is None and event is not None and not args.qr and (
            has_event or _qr_to_fill(doc, event)):
        from pancarte.event.qr import default_content

        content = default_content(event)
    if content is not None or args.qr_ecc is not None or args.qr_caption is not None:
        from pancarte.event.qr import set_event_qr

        doc, qr_notes = set_event_qr(doc, event, content, text=args.qr_text,
                                     ecc=args.qr_ecc, caption=args.qr_caption)
        notes += qr_notes
    return doc, notes


def _qr_to_fill(doc: Document, event: Any) -> bool:
    """Whether an event found in the text gives ``doc``'s QR code its content: when the
    code is empty, or the text names its own web address; a link already there (the
    group's, from ``--identity``) is not replaced by the calendar entry."""
    from pancarte.event.qr import qr_frame

    found = qr_frame(doc)
    return found is not None and (not found[1].content or bool(event.url))


def tract_event(tract: Any, tz: Any = None) -> Any:
    """The first event found in ``tract``'s text as an :class:`~pancarte.event.model.Event`
    (times in ``tz``, default the system's zone; its URL the first web address of the text),
    or None when the text announces none."""
    from dataclasses import replace

    from pancarte.event.detect import tract_events, tract_url

    found = tract_events(tract)
    if not found:
        return None
    event = found[0].to_event(tz)
    url = tract_url(tract)
    return replace(event, url=url) if url else event


def fill_detected(doc: Document, event: Any, style: str = "long") -> Document:
    """``doc`` with an event found in the text worded in its ``event`` frame.

    Only a template's own ``event`` frame gets the words: on a template without one the
    tract's text already says when and where, and the event's lines added at the end of a
    long body would say it twice (and push the text out of its frame); the event is still
    kept in ``Document.event`` for the editor and the QR code."""
    from dataclasses import replace

    from pancarte.event.fill import fill_event
    from pancarte.model.document import TextFrame

    if any(isinstance(f, TextFrame) for _p, f in doc.frames_named("event")):
        doc, _notes = fill_event(doc, event, style=style, replace_title=False)
        return doc
    return replace(doc, event=event.to_dict())
