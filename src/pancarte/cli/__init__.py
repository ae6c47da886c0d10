"""The ``pancarte`` command line.

One module per sub-command (:mod:`~pancarte.cli.templates`, :mod:`~pancarte.cli.compose`,
:mod:`~pancarte.cli.export`, :mod:`~pancarte.cli.preflight`, :mod:`~pancarte.cli.edit`,
:mod:`~pancarte.cli.library`), each with ``register(subparsers)`` that adds its parser and sets
``func``, the function that runs it; the options shared by ``compose`` and ``export`` live in
:mod:`~pancarte.cli.output`, the event flags of ``compose`` in :mod:`~pancarte.cli.event`.

Exit codes: 0 done (warnings on stderr), 1 error, 2 usage; 130 when interrupted (Ctrl+C) and
141 when the reader of stdout went away (``… | head``), quietly, as Unix tools do. Errors are
one line on stderr, in the user's language, never a traceback. Qt is imported only to open the editor.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn

from pancarte import __version__, codecache
from pancarte.layout.fonts import cache_dir

# before the model's and the layout's dataclasses are made (see pancarte.codecache)
codecache.install(cache_dir() / "code")

from pancarte.cli.common import (  # noqa: E402
    EXIT_ERROR,
    EXIT_USAGE,
    Parser,
    UsageError,
    closed_pipe,
    decode_text_arguments,
    error,
    refuse_output_over_input,
    usage_message,
)
from pancarte.errors import (  # noqa: E402
    DocumentError,
    ExportError,
    FontError,
    LayoutError,
    PancarteError,
    TemplateError,
)
from pancarte.i18n import _  # noqa: E402

#: the sub-commands' modules, in the order ``--help`` lists them (imported when the parser is
#: built: the editor's start needs none of them but ``edit``)
SUB_COMMANDS = ("templates", "compose", "export", "preflight", "edit", "library", "identity")


def _no_command(_args: argparse.Namespace) -> int:
    raise UsageError(_("a command is needed (try --help)"))


def verbose(level: int) -> None:
    """Show the ``pancarte`` loggers on stderr: INFO for ``-v``, DEBUG for ``-vv``."""
    if level <= 0:
        return
    import logging

    logger = logging.getLogger("pancarte")
    if not any(getattr(h, "pancarte_verbose", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("pancarte: %(levelname)s: %(name)s: %(message)s"))
        handler.pancarte_verbose = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if level == 1 else logging.DEBUG)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="pancarte", description=_("Placards, posters and flyers, print-ready."))
    p.add_argument("--version", action="version", version=f"pancarte {__version__}",
                   help=_("show program's version number and exit"))
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help=_("say what happens on stderr (twice: with details, for a bug report)"))
    p.set_defaults(func=_no_command, library_path=None)
    sub = p.add_subparsers(dest="command", parser_class=Parser, metavar=_("COMMAND"),
                           help=_("what to do (“pancarte COMMAND --help” tells more)"))
    for name in SUB_COMMANDS:
        importlib.import_module(f"pancarte.cli.{name}").register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """The ``pancarte`` program. Run as a program (``argv`` None) for anything but the editor,
    it ends with ``os._exit`` once its outputs are flushed: the interpreter's teardown (30 ms)
    would only free memory the system frees anyway. Called with ``argv`` it returns."""
    code = _main(argv)
    if argv is None:
        args = sys.argv[1:]
        if args and args[0] != "edit" and not (len(args) == 1 and args[0].endswith(".pancarte")):
            _exit_now(code)
    return code


def _exit_now(code: int) -> NoReturn:
    import os

    codecache.save()  # the dataclasses' methods this run compiled, for the next one
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken pipe: the normal exit would say nothing
        code = code or EXIT_ERROR
    os._exit(code)


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `pancarte` alone or `pancarte FILE.pancarte` opens the editor
    if not argv or (len(argv) == 1 and argv[0].endswith(".pancarte")):
        argv = ["edit", *argv]
    try:
        if argv[0] == "edit" and len(argv) <= 2 and not any(a.startswith("-") for a in argv):
            # the editor's start: no need for the whole parser
            from pancarte.cli import edit

            return edit.run(argparse.Namespace(command="edit",
                                               document=argv[1] if len(argv) > 1 else None))
        args = build_parser().parse_args(argv)
        verbose(args.verbose)
        decode_text_arguments(args)
        refuse_output_over_input(args)
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's own flush at exit
        return code
    except BrokenPipeError:
        return closed_pipe()
    except UsageError as exc:
        print(usage_message(exc), file=sys.stderr)
        return EXIT_USAGE
    except TemplateError as exc:
        error(_("unknown or damaged template: {name} (see “pancarte templates”)",
                name=str(exc)))
    except LayoutError as exc:
        error(_("text does not fit in frame “{name}” even at its smallest size; shorten it "
                "or use --allow-overflow", name=str(exc)))
    except (DocumentError, ExportError) as exc:
        # already a whole sentence that names the file ("cannot open x.pancarte: …", "cannot
        # write out.pdf: …"): a prefix would say it twice
        error(str(exc))
    except FontError as exc:
        error(_("font problem: {reason}", reason=str(exc)))
    except PancarteError as exc:
        error(str(exc))
    except KeyboardInterrupt:
        return 130
    return EXIT_ERROR
