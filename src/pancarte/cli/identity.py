"""``pancarte identity create|list|show|export|import|remove``: the collective's identities
(see :mod:`pancarte.identity`), and ``--identity NAME`` that ``compose`` applies."""

from __future__ import annotations

import argparse

from pancarte.cli import common
from pancarte.cli.common import EXIT_OK, UsageError
from pancarte.i18n import _


def register(subparsers) -> None:
    p = subparsers.add_parser("identity", help=_("the collective's identities (logo, colours, "
                                                 "faces, signature, link)"),
                              description=_("The collective's identities: a logo, colours, "
                                            "faces, a signature and a link that dress a "
                                            "document (compose --identity NAME)."))
    sub = p.add_subparsers(dest="identity_command", parser_class=common.Parser,
                           metavar=_("COMMAND"), help=_("what to do with the identities"))
    p.set_defaults(func=_no_command)

    c = sub.add_parser("create", help=_("make an identity"),
                       description=_("Make an identity from a logo, colours and fonts."))
    c.add_argument("name", metavar=_("NAME"), help=_("the identity's name"))
    common.add_logo(c, _("an SVG, PNG or JPEG image"))
    c.add_argument("--color", action="append", default=[], metavar=_("COLOUR"),
                   help=_("#RRGGBB or cmyk(c,m,y,k); up to 4, the first is the main one"))
    c.add_argument("--font", action="append", default=[], metavar=_("FILE"),
                   help=_("a TrueType or OpenType file: the first for titles, the second "
                          "for text"))
    c.add_argument("--display-face", default="", metavar=_("FAMILY"),
                   help=_("an installed font family for titles"))
    c.add_argument("--text-face", default="", metavar=_("FAMILY"),
                   help=_("an installed font family for text"))
    c.add_argument("--signature", default="", metavar=_("TEXT"),
                   help=_("the line that signs the documents (the collective's name…)"))
    c.add_argument("--url", default="", metavar="URL",
                   help=_("the collective's web address"))
    c.add_argument("--replace", action="store_true",
                   help=_("replace an identity of the same name"))
    c.set_defaults(func=run_create)

    ls = sub.add_parser("list", help=_("list the identities"),
                        description=_("List the identities, one name a line."))
    common.add_json(ls)
    ls.set_defaults(func=run_list)

    s = sub.add_parser("show", help=_("show an identity"),
                       description=_("Show an identity: colours, faces, logo, signature, "
                                     "link."))
    s.add_argument("name", metavar=_("NAME"), help=_("the identity's name"))
    common.add_json(s)
    s.set_defaults(func=run_show)

    e = sub.add_parser("export", help=_("write an identity as one file to share"),
                       description=_("Write an identity, its logo and fonts included, as "
                                     "one file to share."))
    e.add_argument("name", metavar=_("NAME"), help=_("the identity's name"))
    common.add_output(e, _("the file to write"), metavar=_("FILE"))
    e.set_defaults(func=run_export)

    i = sub.add_parser("import", help=_("add an identity from a shared file"),
                       description=_("Add an identity from a file “pancarte identity "
                                     "export” wrote."))
    i.add_argument("file", metavar=_("FILE"), help=_("the shared identity file"))
    i.add_argument("--replace", action="store_true",
                   help=_("replace an identity of the same name"))
    i.set_defaults(func=run_import)

    r = sub.add_parser("remove", help=_("remove an identity"),
                       description=_("Remove an identity."))
    r.add_argument("name", metavar=_("NAME"), help=_("the identity's name"))
    r.set_defaults(func=run_remove)


def add_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--identity", metavar=_("NAME"),
                        help=_("dress the document in one of your identities"))


def apply(doc, args: argparse.Namespace):
    """``doc`` in the identity ``--identity`` names (warnings on stderr)."""
    if not getattr(args, "identity", None):
        return doc
    from pancarte.identity.apply import apply_identity
    from pancarte.identity.store import load

    doc, notes = apply_identity(doc, load(args.identity))
    for note in notes:
        common.warn(note)
    return doc


def _no_command(_args: argparse.Namespace) -> int:
    raise UsageError(_("identity needs a command: create, list, show, export, import or "
                       "remove"))


def run_create(args: argparse.Namespace) -> int:
    from pancarte.identity import store
    from pancarte.identity.apply import make_identity

    if store.exists(args.name) and not args.replace:
        raise UsageError(_("an identity called “{name}” exists already (--replace to "
                           "replace it)", name=args.name.strip()))
    identity = make_identity(args.name, logo=args.logo, colors=args.color, fonts=args.font,
                             signature=args.signature, url=args.url,
                             display_face=args.display_face, text_face=args.text_face)
    print(store.save(identity))
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from pancarte.identity import store

    identities = store.list_identities()
    if args.json:
        common.emit_json([i.summary() for i in identities])
    else:
        for i in identities:
            print(i.name)
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    from pancarte.identity import store

    summary = store.load(args.name).summary()
    if args.json:
        common.emit_json(summary)
        return EXIT_OK
    yes, no = _("yes"), _("no")
    print(_("name: {value}", value=summary["name"]))
    for c in summary["colors"]:
        print(_("colour: {value} (screen {screen})", value=c["value"], screen=c["screen"]))
    print(_("display face: {value}", value=summary["display_face"] or "—"))
    print(_("text face: {value}", value=summary["text_face"] or "—"))
    print(_("logo: {value}", value=yes if summary["logo"] else no))
    print(_("signature: {value}", value=summary["signature"] or "—"))
    print(_("link: {value}", value=summary["url"] or "—"))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from pancarte.errors import ExportError
    from pancarte.files import os_reason, write_atomic
    from pancarte.identity import store
    from pancarte.identity.model import to_zip

    data = to_zip(store.load(args.name))
    try:
        print(write_atomic(args.output, data))
    except OSError as exc:
        raise ExportError(_("cannot write {path}: {reason}", path=args.output,
                            reason=os_reason(exc))) from None
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from pancarte.identity import store

    identity = store.read_file(args.file)
    if store.exists(identity.name) and not args.replace:
        raise UsageError(_("an identity called “{name}” exists already (--replace to "
                           "replace it)", name=identity.name))
    store.save(identity)
    print(identity.name)
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    from pancarte.identity import store

    store.remove(args.name)
    return EXIT_OK
