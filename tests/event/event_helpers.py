"""Helpers for the event tests: fixture files, zones, and ``compose`` run the way the CLI
runs it (the compose parser with the event flags, then ``pancarte.cli.event.apply``).

Not a test module: the test modules import it as ``from event_helpers import ...``."""

from __future__ import annotations

import sys
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ICS = Path(__file__).resolve().parents[1] / "files" / "ics"
PARIS = ZoneInfo("Europe/Paris")
MONTREAL = ZoneInfo("America/Montreal")


def compose_parser():
    """The CLI's parser with the event flags on ``compose`` (added here until cli.py adds
    them itself)."""
    from pancarte.cli import build_parser
    from pancarte.cli.event import add_arguments

    parser = build_parser()
    sub = next(a for a in parser._subparsers._group_actions).choices["compose"]
    if "--event" not in sub._option_string_actions:
        add_arguments(sub)
    return parser


def run_compose(*argv: str):
    """What ``pancarte compose ARGV`` builds: (document, warnings, args). Raises the CLI's
    UsageError for bad flags (exit 2) and PancarteError for errors (exit 1)."""
    from pancarte.cli.event import apply
    from pancarte.model.edit import compose

    args = compose_parser().parse_args(["compose", *map(str, argv)])
    doc = compose(args.template, title=args.title, text=args.text, qr=args.qr,
                  size=args.size, landscape=args.landscape, bleed=args.bleed,
                  sample=args.sample)
    doc, notes = apply(doc, args)
    return doc, notes, args


def texts(doc, name: str) -> list[str]:
    """The paragraph texts of the first text frame called ``name``."""
    for _page, frame in doc.frames_named(name):
        if hasattr(frame, "paragraphs"):
            return [p.text for p in frame.paragraphs]
    raise KeyError(name)


def qr_content(doc) -> str:
    from pancarte.event.qr import qr_frame

    return qr_frame(doc)[1].content
