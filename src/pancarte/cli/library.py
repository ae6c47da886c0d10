"""``pancarte library …``: import, list, show, search, remove and share tracts.

Each sub-command is a function registered with ``set_defaults(func=…)``; with ``--json``,
stdout holds only JSON. ``--library FILE`` (also an option of ``compose``) chooses the
database.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from pancarte.cli import common
from pancarte.cli.common import EXIT_ERROR, EXIT_OK, Parser, emit_json
from pancarte.i18n import _


def add_library_option(parser: argparse.ArgumentParser) -> None:
    """``--library FILE`` (for ``library`` sub-commands and ``compose``)."""
    parser.add_argument("--library", dest="library_path", metavar=_("FILE"),
                        default=argparse.SUPPRESS,
                        help=_("the library database to use (default: $PANCARTE_LIBRARY, else "
                               "the one in your data folder)"))


def _block_numbers(value: str) -> tuple[int, ...]:
    from pancarte.fill.pick import BlockSpecError, parse_blocks

    try:
        return parse_blocks(value)
    except BlockSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_compose_arguments(parser: argparse.ArgumentParser) -> None:
    """``--blocks`` and ``--whole-text`` (with ``--tract``) for ``compose``."""
    g = parser.add_mutually_exclusive_group()
    g.add_argument("--blocks", type=_block_numbers, metavar="1,3,5-7",
                   help=_("with --tract: place exactly these blocks (numbered as “library "
                          "show” lists them)"))
    g.add_argument("--whole-text", action="store_true",
                   help=_("with --tract: place the whole text, even where it cannot fit "
                          "legibly (the export then refuses what does not fit)"))


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``library`` command and its sub-commands to ``subparsers``."""
    lp = subparsers.add_parser("library", help=_("the tract library: import, search, share"),
                               description=_("The tract library: import texts, list, show, "
                                             "search, remove and share tracts."))
    add_library_option(lp)
    lsub = lp.add_subparsers(dest="library_command", parser_class=Parser,
                             metavar=_("COMMAND"), help=_("what to do with the library"))
    lp.set_defaults(func=_missing, library_parser=lp)

    def sub(name: str, help_text: str, func, json_flag: bool = True) -> argparse.ArgumentParser:
        p = lsub.add_parser(name, help=help_text, description=help_text)
        add_library_option(p)
        if json_flag:
            common.add_json(p)
        p.set_defaults(func=func, library_parser=p)
        return p

    p = sub("import", _("import text, Markdown, .odt or .docx files, or a shared library .zip"),
            _import)
    p.add_argument("files", nargs="+", metavar=_("FILE"), help=_("the files to import"))
    p.add_argument("--tag", action="append", default=[], metavar=_("TAG"),
                   help=_("tag the imported tracts (may be repeated)"))
    p.add_argument("--drop-debris", action="store_true",
                   help=_("leave out web-page debris (“Retour en haut”, “Partager”…)"))
    sub("list", _("list the tracts"), _list)
    p = sub("show", _("show a tract"), _show)
    p.add_argument("id", metavar="ID", help=_tract_id_help())
    p = sub("search", _("search the tracts (accents and case do not matter)"), _search)
    p.add_argument("query", nargs="+", metavar=_("WORD"), help=_("the words to look for"))
    p = sub("remove", _("remove a tract"), _remove, json_flag=False)
    p.add_argument("id", metavar="ID", help=_tract_id_help())
    p = sub("export", _("write the whole library to a .zip to share it"), _export,
            json_flag=False)
    p.add_argument("file", metavar=_("FILE.zip"), help=_("the .zip file to write"))
    return lp


def _tract_id_help() -> str:
    return _("the tract's id, or its first 6+ characters")


def _missing(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.library_parser
    parser.error(_("a library command is needed (try --help)"))


def _library(args: argparse.Namespace):
    """The library ``--library`` names (the default one otherwise), opened."""
    from pancarte.library.store import open_library

    return open_library(args.library_path)


def _check_id(args: argparse.Namespace) -> None:
    from pancarte.library.store import MIN_PREFIX

    if len(args.id.strip()) < MIN_PREFIX:
        args.library_parser.error(_("give at least {n} characters of a tract id", n=MIN_PREFIX))


def load_tract(ref: str, library_path: str | None = None):
    """The tract ``ref`` (an id or a unique prefix) of the library at ``library_path``
    (default library when None): what ``compose --tract`` needs."""
    from pancarte.library.store import open_library

    with open_library(library_path) as lib:
        return lib.get(ref)


def compose_from_tract(doc, args: argparse.Namespace, tract=None):
    """``compose --tract``: the document filled from the tract (the whole of it, a designer's
    choice, or ``--blocks``) and the note about what was left out (None: nothing was).
    ``tract`` when given (a text read into blocks) stands for the library's.
    Raises ValueError (a usage error) for block numbers the tract does not have."""
    from pancarte.fill.pick import check_blocks
    from pancarte.fill.tract import compose_tract, left_out_note

    in_library = tract is None
    if tract is None:
        tract = load_tract(args.tract, getattr(args, "library_path", None))
    blocks = getattr(args, "blocks", None)
    indexes = check_blocks(blocks, tract) if blocks is not None else None
    doc, plan = compose_tract(doc, tract, title=args.title, blocks=indexes,
                              whole_text=getattr(args, "whole_text", False))
    return doc, plan, (left_out_note(tract, plan, in_library) if indexes is None else None)


# ---------------------------------------------------------------------------------------------
# Sub-commands


def _is_archive(path: str) -> bool:
    from pancarte.files import ArchiveError, ZipLimits, open_regular, open_zip

    if path.lower().endswith(".zip"):
        return True
    try:
        with open_regular(path) as fh:  # a named pipe is refused, not waited on
            if fh.read(4) != b"PK\x03\x04":
                return False
            size = os.fstat(fh.fileno()).st_size
            limits = ZipLimits(members=200_000, member_size=1 << 30, total=1 << 34)
            with open_zip(fh, size, limits) as zf:  # reads the directory only
                return "library.json" in zf.namelist()
    except (OSError, ValueError, ArchiveError):
        return False


def _import(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        return _import_into(lib, args)


def _import_into(lib, args: argparse.Namespace) -> int:
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
        emit_json(out)
    return EXIT_ERROR if failed else EXIT_OK


def _note(args: argparse.Namespace, message: str) -> None:
    """A progress message: stdout normally, stderr with --json (stdout is JSON only)."""
    print(message, file=sys.stderr if args.json else sys.stdout)


def _list(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        items = lib.list_tracts()
    if args.json:
        emit_json([t.to_dict() for t in items])
        return EXIT_OK
    for t in items:
        tags = f"  [{', '.join(t.tags)}]" if t.tags else ""
        print(f"{t.id[:12]}  {t.updated[:10]}  {t.title}{tags}")
    return EXIT_OK


def _tract(args: argparse.Namespace, remove: bool = False):
    """The tract ``args.id`` names (removed from the library when ``remove``)."""
    _check_id(args)
    with _library(args) as lib:
        return lib.remove(args.id) if remove else lib.get(args.id)


def _show(args: argparse.Namespace) -> int:
    from pancarte.event.detect import tract_events

    tract = _tract(args)
    events = tract_events(tract)
    if args.json:
        emit_json({**tract.to_dict(), "events": [e.to_json() for e in events]})
        return EXIT_OK
    revision = _("revision {n}, {date}", n=tract.revision, date=tract.updated)
    print(f"{tract.id}  ({revision})")
    if tract.tags:
        print(_("tags: {tags}", tags=", ".join(tract.tags)))
    if events:
        from pancarte.i18n import language

        lang = "en" if language().startswith("en") else "fr"
        print(_("events found in the text:"))
        for e in events:
            guessed = " " + _("(year guessed)") if e.year_guessed else ""
            print(f"  • {e.describe(lang)}{guessed}")
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


def _search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    with _library(args) as lib:
        hits = lib.search(query)
    if args.json:
        emit_json([h.to_dict() for h in hits])
        return EXIT_OK
    if not hits:
        print(_("no tract matches “{query}”", query=query), file=sys.stderr)
    for h in hits:
        print(f"{h.id[:12]}  {h.title}\n    {h.kind}: {h.snippet}")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    tract = _tract(args, remove=True)
    print(_("removed {id} “{title}”", id=tract.id[:12], title=tract.title))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    if not args.file.lower().endswith(".zip"):
        args.library_parser.error(_("the output must end with .zip: {path}", path=args.file))
    with _library(args) as lib:
        n = lib.export_archive(args.file)
    print(_("exported {n} tracts to {path}", n=n, path=args.file))
    return EXIT_OK
