"""``pancarte library …``: import, list, show, search, remove and share tracts.

:func:`register` adds the ``library`` command to the main parser and :func:`run` executes it;
:func:`main` is a stand-alone entry (``python -m pancarte.library.cli``) with the same
contract as ``pancarte``: exit 0 done, 1 error, 2 usage; errors are one line on stderr; with
``--json``, stdout holds only JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path
from typing import Any, NoReturn

from pancarte.errors import PancarteError
from pancarte.i18n import _

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def add_library_option(parser: argparse.ArgumentParser) -> None:
    """``--library FILE`` (for ``library`` sub-commands and ``compose``)."""
    parser.add_argument("--library", dest="library_path", metavar="FILE",
                        default=argparse.SUPPRESS,
                        help=_("the library database to use (default: $PANCARTE_LIBRARY, else "
                               "the one in your data folder)"))


def register(subparsers: Any, parent_parser_class: type[argparse.ArgumentParser],
             ) -> argparse.ArgumentParser:
    """Add the ``library`` command and its sub-commands to ``subparsers``."""
    lp = subparsers.add_parser("library", help=_("the tract library: import, search, share"))
    add_library_option(lp)
    lsub = lp.add_subparsers(dest="library_command", parser_class=parent_parser_class,
                             metavar="COMMAND")
    lp.set_defaults(library_parser=lp)

    def sub(name: str, help_text: str, json_flag: bool = True) -> argparse.ArgumentParser:
        p = lsub.add_parser(name, help=help_text)
        add_library_option(p)
        if json_flag:
            p.add_argument("--json", action="store_true", help=_("write JSON on stdout"))
        p.set_defaults(library_parser=p)
        return p

    p = sub("import", _("import text, Markdown, .odt or .docx files, or a shared library .zip"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--tag", action="append", default=[], metavar="TAG",
                   help=_("tag the imported tracts (may be repeated)"))
    p.add_argument("--drop-debris", action="store_true",
                   help=_("leave out web-page debris (“Retour en haut”, “Partager”…)"))
    sub("list", _("list the tracts"))
    p = sub("show", _("show a tract"))
    p.add_argument("id", metavar="ID")
    p = sub("search", _("search the tracts (accents and case do not matter)"))
    p.add_argument("query", nargs="+", metavar="QUERY")
    p = sub("remove", _("remove a tract"), json_flag=False)
    p.add_argument("id", metavar="ID")
    p = sub("export", _("write the whole library to a .zip to share it"), json_flag=False)
    p.add_argument("file", metavar="FILE.zip")
    return lp


def run(args: argparse.Namespace) -> int:
    """Execute a parsed ``library`` command; LibraryError (a PancarteError) propagates for
    the caller to report."""
    from pancarte.library.store import MIN_PREFIX, open_library

    command = getattr(args, "library_command", None)
    parser: argparse.ArgumentParser = args.library_parser
    if command is None:
        parser.error(_("a library command is needed (try --help)"))
    if command in ("show", "remove") and len(args.id.strip()) < MIN_PREFIX:
        parser.error(_("give at least {n} characters of a tract id", n=MIN_PREFIX))
    if command == "export" and not args.file.lower().endswith(".zip"):
        parser.error(_("the output must end with .zip: {path}", path=args.file))
    with open_library(getattr(args, "library_path", None)) as lib:
        if command == "import":
            return _import(lib, args)
        if command == "list":
            return _list(lib, args)
        if command == "show":
            return _show(lib, args)
        if command == "search":
            return _search(lib, args)
        if command == "remove":
            tract = lib.remove(args.id)
            print(_("removed {id} “{title}”", id=tract.id[:12], title=tract.title))
            return EXIT_OK
        if command == "export":
            n = lib.export_archive(args.file)
            print(_("exported {n} tracts to {path}", n=n, path=args.file))
            return EXIT_OK
    parser.error(command)


def load_tract(ref: str, library_path: str | None = None):
    """The tract ``ref`` (an id or a unique prefix) of the library at ``library_path``
    (default library when None): what ``compose --tract`` needs."""
    from pancarte.library.store import open_library

    with open_library(library_path) as lib:
        return lib.get(ref)


def tract_for_compose(args: argparse.Namespace):
    """``load_tract(args.tract, args.library_path)`` for the ``compose`` command."""
    return load_tract(args.tract, getattr(args, "library_path", None))


# ---------------------------------------------------------------------------------------------
# Sub-commands


def _is_archive(path: str) -> bool:
    if path.lower().endswith(".zip"):
        return True
    try:
        with open(path, "rb") as fh:
            if fh.read(4) != b"PK\x03\x04":
                return False
        with zipfile.ZipFile(path) as zf:  # reads the directory only
            return "library.json" in zf.namelist()
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False


def _import(lib, args: argparse.Namespace) -> int:
    from pancarte.library.errors import LibraryError

    out: list[dict[str, Any]] = []
    failed = 0
    total = len(args.files)
    show_progress = total > 3 and sys.stderr.isatty()
    for k, path in enumerate(args.files):
        if show_progress:
            print(f"\r[{k + 1}/{total}] {Path(path).name[:60]:60}", end="", file=sys.stderr)
        try:
            if _is_archive(path):
                report = lib.merge_archive(path)
                ids = report.added + report.updated + report.unchanged + report.conflicts
                for tid in ids:
                    tract = lib._fetch(tid)
                    if tract is not None:
                        out.append({"id": tid, "title": tract.title, "file": path})
                _note(args, _("{path}: {added} added, {updated} updated, {unchanged} already "
                              "there, {conflicts} kept as they were (edited on both sides)",
                              path=path, added=len(report.added), updated=len(report.updated),
                              unchanged=len(report.unchanged), conflicts=len(report.conflicts)))
                continue
            tract, created = lib.import_file(path, tags=args.tag, drop_debris=args.drop_debris)
        except LibraryError as exc:
            if show_progress:
                print(file=sys.stderr)
            failed += 1
            print(_("pancarte: error: {message}", message=str(exc)), file=sys.stderr)
            continue
        out.append({"id": tract.id, "title": tract.title, "file": path})
        if created:
            _note(args, _("{path}: imported as {id} “{title}”", path=path, id=tract.id[:12],
                          title=tract.title))
        else:
            _note(args, _("{path}: already in the library as {id} “{title}”", path=path,
                          id=tract.id[:12], title=tract.title))
    if show_progress:
        print(file=sys.stderr)
    if args.json:
        _emit_json(out)
    return EXIT_ERROR if failed else EXIT_OK


def _note(args: argparse.Namespace, message: str) -> None:
    """A progress message: stdout normally, stderr with --json (stdout is JSON only)."""
    print(message, file=sys.stderr if args.json else sys.stdout)


def _list(lib, args: argparse.Namespace) -> int:
    items = lib.list_tracts()
    if args.json:
        _emit_json([t.to_dict() for t in items])
        return EXIT_OK
    for t in items:
        tags = f"  [{', '.join(t.tags)}]" if t.tags else ""
        print(f"{t.id[:12]}  {t.updated[:10]}  {t.title}{tags}")
    return EXIT_OK


def _show(lib, args: argparse.Namespace) -> int:
    tract = lib.get(args.id)
    if args.json:
        _emit_json(tract.to_dict())
        return EXIT_OK
    print(f"{tract.id}  ({_('revision {n}, {date}', n=tract.revision, date=tract.updated)})")
    if tract.tags:
        print(_("tags: {tags}", tags=", ".join(tract.tags)))
    print()
    for b in tract.blocks:
        print(_block_text(b))
        print()
    return EXIT_OK


def _block_text(b) -> str:
    if b.kind == "list":
        return "\n".join((f"{i}. " if b.numbered else "• ") + item
                         for i, item in enumerate(b.items, 1))
    if b.kind == "title":
        text = "# " + b.text
    elif b.kind == "heading":
        text = "## " + b.text
    elif b.kind == "quote":
        text = b.text + (f"\n— {b.attribution}" if b.attribution else "")
    else:
        text = b.text
    return _("[debris] {text}", text=text) if b.debris else text


def _search(lib, args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    hits = lib.search(query)
    if args.json:
        _emit_json([h.to_dict() for h in hits])
        return EXIT_OK
    if not hits:
        print(_("no tract matches “{query}”", query=query), file=sys.stderr)
    for h in hits:
        print(f"{h.id[:12]}  {h.title}\n    {h.kind}: {h.snippet}")
    return EXIT_OK


def _emit_json(value: Any) -> None:
    data = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data)
        return
    sys.stdout.flush()
    buffer.write(data.encode("utf-8"))
    buffer.flush()


# ---------------------------------------------------------------------------------------------
# Stand-alone entry


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="pancarte")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    register(sub, _Parser)
    return p


def main(argv: list[str] | None = None) -> int:
    """``pancarte library …`` on its own (until it is wired into ``pancarte``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        if args.command != "library":
            raise _Usage(_("a command is needed (try --help)"))
        return run(args)
    except _Usage as exc:
        print(f"pancarte: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PancarteError as exc:
        print(_("pancarte: error: {message}", message=str(exc)), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
