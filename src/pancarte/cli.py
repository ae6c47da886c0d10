"""The ``pancarte`` command line.

Exit codes: 0 done (warnings on stderr), 1 error, 2 usage. Errors are one line on stderr, in
the user's language, never a traceback. Qt is imported only to open the editor.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from pancarte import __version__
from pancarte.errors import (
    DocumentError,
    ExportError,
    FontError,
    LayoutError,
    PancarteError,
    TemplateError,
)
from pancarte.i18n import _, language
from pancarte.library.cli import add_library_option
from pancarte.library.cli import register as register_library

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _size(value: str) -> tuple[float, float]:
    m = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*[xX×]\s*(\d+(?:[.,]\d+)?)\s*(?:mm)?\s*", value)
    if not m:
        raise argparse.ArgumentTypeError(_("expected WIDTHxHEIGHT in mm, e.g. 500x700"))
    w, h = (float(g.replace(",", ".")) for g in m.groups())
    if not (10 <= w <= 5000 and 10 <= h <= 5000):
        raise argparse.ArgumentTypeError(_("sizes go from 10 to 5000 mm"))
    return w, h


def _bleed(value: str) -> float:
    try:
        v = float(value.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a number of mm")) from None
    if not 0 <= v <= 20:
        raise argparse.ArgumentTypeError(_("bleed goes from 0 to 20 mm"))
    return v


def _dpi(value: str) -> float:
    try:
        v = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a resolution in dpi")) from None
    if not 10 <= v <= 1200:
        raise argparse.ArgumentTypeError(_("the resolution goes from 10 to 1200 dpi"))
    return v


def build_parser() -> argparse.ArgumentParser:
    from pancarte.print_cli import add_output_arguments, add_preflight_command

    p = _Parser(prog="pancarte", description=_("Placards, posters and flyers, print-ready."))
    p.add_argument("--version", action="version", version=f"pancarte {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    sub.add_parser("templates", help=_("list the templates"))

    c = sub.add_parser("compose", help=_("make a PDF or a document from a template"))
    c.add_argument("template")
    c.add_argument("-o", "--output", required=True, help=_("OUT.pdf or OUT.pancarte"))
    c.add_argument("--title")
    g = c.add_mutually_exclusive_group()
    g.add_argument("--text")
    g.add_argument("--text-file")
    g.add_argument("--tract", metavar="ID",
                   help=_("fill the template from a tract of the library (an id or its first "
                          "6+ characters)"))
    add_library_option(c)
    c.add_argument("--qr", metavar="URL")
    c.add_argument("--size", type=_size, metavar="WxH")
    c.add_argument("--landscape", action="store_true")
    c.add_argument("--sample", action="store_true",
                   help=_("fill the template with its sample texts"))
    _output_flags(c)
    add_output_arguments(c)
    from pancarte.event.cli import add_arguments as add_event_arguments

    add_event_arguments(c)

    e = sub.add_parser("export", help=_("export a .pancarte document"))
    e.add_argument("document")
    e.add_argument("-o", "--output", required=True, help=_("OUT.pdf or OUT.png"))
    _output_flags(e)
    add_output_arguments(e)
    add_preflight_command(sub)

    ed = sub.add_parser("edit", help=_("open the editor"))
    ed.add_argument("document", nargs="?")

    register_library(sub, _Parser)
    return p


def _output_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--bleed", type=_bleed, metavar="MM")
    p.add_argument("--no-marks", action="store_true")
    p.add_argument("--allow-overflow", action="store_true")
    p.add_argument("--dpi", type=_dpi, default=150.0, help=_("PNG resolution (default 150)"))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `pancarte` alone or `pancarte FILE.pancarte` opens the editor
    if not argv or (len(argv) == 1 and argv[0].endswith(".pancarte")):
        argv = ["edit", *argv]
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError(_("a command is needed (try --help)"))
        return _run(args)
    except UsageError as exc:
        print(f"pancarte: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except TemplateError as exc:
        _error(_("unknown or damaged template: {name} (see “pancarte templates”)",
                 name=str(exc)))
    except LayoutError as exc:
        _error(_("text does not fit in frame “{name}” even at its smallest size; shorten it "
                 "or use --allow-overflow", name=str(exc)))
    except (DocumentError, ExportError) as exc:
        # already a whole sentence that names the file ("cannot open x.pancarte: …", "cannot
        # write out.pdf: …"): a prefix would say it twice
        _error(str(exc))
    except FontError as exc:
        _error(_("font problem: {reason}", reason=str(exc)))
    except PancarteError as exc:
        _error(str(exc))
    except KeyboardInterrupt:
        return 130
    return EXIT_ERROR


def _error(message: str) -> None:
    print(_("pancarte: error: {message}", message=message), file=sys.stderr)


def _warn(message: str) -> None:
    print(_("pancarte: warning: {message}", message=message), file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.command == "templates":
        from pancarte.model.templates import list_templates

        lang = language()
        for t in list_templates():
            pages = "" if t.pages == 1 else _(", {n} pages", n=t.pages)
            print(f"{t.id}\t{t.width:g}×{t.height:g} mm{pages}\t{t.label(lang)}")
        return EXIT_OK
    if args.command == "edit":
        try:
            from pancarte.gui.app import run_editor
        except ImportError:
            raise PancarteError(_("the editor is not available in this version yet; use "
                                  "“pancarte compose” (see --help)")) from None
        return run_editor(args.document)
    if args.command == "compose":
        return _compose(args)
    if args.command == "export":
        return _export(args)
    if args.command == "preflight":
        from pancarte.print_cli import run_preflight

        return run_preflight(args)
    if args.command == "library":
        from pancarte.library.cli import run as run_library

        return run_library(args)
    raise UsageError(args.command)


def _output_kind(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".pdf"):
        return "pdf"
    if lower.endswith(".pancarte"):
        return "pancarte"
    if lower.endswith(".png"):
        return "png"
    raise UsageError(_("the output must end with .pdf, .png or .pancarte: {path}", path=path))


def _read_text_file(name: str) -> str:
    from pancarte.files import TooLarge, read_limited

    limit = 5_000_000
    try:
        if name == "-":
            data = sys.stdin.buffer.read(limit + 1)
            if len(data) > limit:
                raise TooLarge(name)
        else:
            data = read_limited(name, limit)
    except TooLarge:
        raise PancarteError(_("{path} is too large for a poster (over 5 MB)",
                              path=name)) from None
    except OSError as exc:
        raise PancarteError(_("cannot read {path}: {reason}", path=name,
                              reason=exc.strerror or exc)) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PancarteError(_("{path} is not a text file", path=name))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise PancarteError(_("{path} is not valid UTF-16 text", path=name)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _compose(args: argparse.Namespace) -> int:
    from pancarte.export import compose

    kind = _output_kind(args.output)
    text = args.text
    if args.text_file:
        text = _read_text_file(args.text_file)
    doc = compose(args.template, title=None if args.tract else args.title, text=text,
                  qr=args.qr, size=args.size, landscape=args.landscape, bleed=args.bleed,
                  sample=args.sample)
    if args.tract:
        from pancarte.library.cli import tract_for_compose
        from pancarte.library.compose import fill_from_tract

        doc = fill_from_tract(doc, tract_for_compose(args), title=args.title)
    from pancarte.event.cli import apply as apply_event

    doc, notes = apply_event(doc, args)
    for note in notes:
        _warn(note)
    return _write(doc, args.output, kind, args)


def _export(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from pancarte.model.fileformat import load_document

    kind = _output_kind(args.output)
    if kind == "pancarte":
        raise UsageError(_("export writes a PDF or PNG: the output must end with .pdf or .png"))
    doc = load_document(args.document)
    if args.bleed is not None:
        doc = replace(doc, bleed=args.bleed)
    return _write(doc, args.output, kind, args)


def _write(doc, output: str, kind: str, args: argparse.Namespace) -> int:
    from pancarte.print_cli import write_output

    return write_output(doc, output, kind, args, warn=_warn)


if __name__ == "__main__":
    raise SystemExit(main())
