"""What every sub-command of the ``pancarte`` command line shares: exit codes, the usage error
and the parser that raises it, warnings and errors on stderr, JSON on stdout."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any, NoReturn

from pancarte.i18n import N_, Nn_, _, language, translations

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Flags that do not go together, or a value a flag refuses: exit 2."""


# ---------------------------------------------------------------------------------------------
# argparse's own words (its usage line, headings, -h and its errors) in the user's language

#: the messages argparse translates itself (``_()`` and ``ngettext()`` in argparse.py), as in
#: Python 3.11 to 3.13, for the catalog; one argparse has and this table has not stays English.
#: Left out: its complaints about a parser built wrong (a bug, never a user's message).
ARGPARSE_MESSAGES = (
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("usage: "),
    N_("%(heading)s:"),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("argument '%(argument_name)s' is deprecated"),
    N_("option '%(option)s' is deprecated"),
    N_("command '%(parser_name)s' is deprecated"),
)
ARGPARSE_PLURALS = (
    Nn_("expected %s argument", "expected %s arguments"),
)


def percent_fields(text: str) -> list[str]:
    """The ``%`` fields of ``text`` (``%(name)s`` by name, ``%s`` and ``%r`` by place), what
    argparse fills: a translation must keep the same ones."""
    return sorted(m.group(1) or "%" for m in re.finditer(r"%(?:\((\w+)\))?[sr]", text))


def _argparse_text(translated: str, msgid: str) -> str:
    # a translation whose fields differ would make argparse's own "%" fail: English then
    return translated if percent_fields(translated) == percent_fields(msgid) else msgid


def argparse_gettext(message: str) -> str:
    """argparse's ``_``: its message in the user's language (English when the catalog does
    not have it)."""
    try:
        return _argparse_text(translations(language()).gettext(message), message)
    except Exception:  # noqa: BLE001 - argparse's words are never worth a traceback
        return message


def argparse_ngettext(singular: str, plural: str, n: int) -> str:
    """argparse's ``ngettext``, as :func:`argparse_gettext`."""
    english = singular if n == 1 else plural
    try:
        return _argparse_text(translations(language()).ngettext(singular, plural, n), english)
    except Exception:  # noqa: BLE001
        return english


# argparse looks these globals up when it speaks (when a parser is built, helps, fails)
argparse._ = argparse_gettext  # type: ignore[attr-defined]
argparse.ngettext = argparse_ngettext  # type: ignore[attr-defined]


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help with its headings worded as the catalog says (``options\u00a0:`` in
    French): Python 3.13 translates ``%(heading)s:`` itself, older ones add a bare colon."""

    def start_section(self, heading: str | None) -> None:
        if heading and sys.version_info < (3, 13):
            worded = argparse_gettext("%(heading)s:") % {"heading": heading}
            if worded.endswith(":"):
                heading = worded[:-1]  # argparse adds the colon
        super().start_section(heading)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`UsageError` (main prints them), and whose
    help speaks the user's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def usage_message(exc: UsageError) -> str:
    """The one line a usage error prints on stderr: ``pancarte : …``."""
    return _("pancarte: {message}", message=str(exc))


# ---------------------------------------------------------------------------------------------
# Flags several sub-commands take: declared here, once


def preset(value: str) -> str:
    """An argparse type: the name of an output preset (:data:`pancarte.options.PRESETS`)."""
    from pancarte.options import PRESET_NAMES

    v = value.strip().lower()
    if v not in PRESET_NAMES:
        raise argparse.ArgumentTypeError(
            _("the preset is one of: {names}", names=", ".join(PRESET_NAMES)))
    return v


def add_preset(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--preset", type=preset, metavar=_("PRESET"), help=help_text)


def add_json(parser: argparse.ArgumentParser, help_text: str | None = None) -> None:
    parser.add_argument("--json", action="store_true",
                        help=help_text or _("write JSON on stdout"))


def add_output(parser: argparse.ArgumentParser, help_text: str,
               metavar: str | None = None) -> None:
    parser.add_argument("-o", "--output", required=True, metavar=metavar or _("OUT"),
                        help=help_text)


def add_logo(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--logo", metavar=_("FILE"), help=help_text)


def error(message: str) -> None:
    print(_("pancarte: error: {message}", message=message), file=sys.stderr)


def warn(message: str) -> None:
    print(_("pancarte: warning: {message}", message=message), file=sys.stderr)


def emit_json(value: Any) -> None:
    """``value`` as JSON on stdout (UTF-8 whatever the locale), nothing else."""
    data = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data)
        return
    sys.stdout.flush()
    buffer.write(data.encode("utf-8"))
    buffer.flush()


def reproducible() -> bool:
    """PANCARTE_REPRODUCIBLE set (not 0): fixed dates and ids in the PDFs."""
    return os.environ.get("PANCARTE_REPRODUCIBLE", "") not in ("", "0")


def closed_pipe() -> int:
    """The reader of stdout went away (``pancarte library search … | head``): stop quietly
    as Unix tools do, without Python's complaint when it flushes stdout at exit. Returns
    141 (128 + SIGPIPE), what a shell reports for a tool stopped by a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    return EXIT_CLOSED_PIPE


EXIT_CLOSED_PIPE = 141
# Arguments that are text for the page (not file names): their non-UTF-8 bytes are decoded
TEXT_ARGUMENTS = ("title", "text", "qr", "qr_text", "qr_caption", "event_title", "query")
# Arguments that name a file the command reads
INPUT_ARGUMENTS = ("document", "logo", "text_file", "event")


def decode_text_arguments(args: argparse.Namespace) -> None:
    """Text arguments typed in a terminal that is not UTF-8 decoded as a text file is (see
    :func:`pancarte.files.decode_argument`), rather than letters silently dropped."""
    from pancarte.files import decode_argument

    for name in TEXT_ARGUMENTS:
        value = getattr(args, name, None)
        if isinstance(value, str):
            setattr(args, name, decode_argument(value))
        elif isinstance(value, list):
            setattr(args, name, [decode_argument(v) if isinstance(v, str) else v
                                 for v in value])


def refuse_output_over_input(args: argparse.Namespace) -> None:
    """A usage error when ``-o`` names one of the command's input files (whatever the
    spelling, a link included): writing would destroy it. Several PNG pages are ``OUT-N.png``:
    those names count too."""
    from pancarte.files import same_file

    output = getattr(args, "output", None)
    if not isinstance(output, str):
        return
    outputs = [output]
    if output.lower().endswith(".png"):
        stem, suffix = os.path.splitext(output)
        outputs += [f"{stem}-{i}{suffix}" for i in range(1, 65)]
    for name in INPUT_ARGUMENTS:
        value = getattr(args, name, None)
        if not isinstance(value, str) or value == "-":
            continue
        if any(same_file(value, out) for out in outputs):
            raise UsageError(_("the output {path} is the same file as the input {input}: "
                               "writing it would destroy it; choose another output",
                               path=output, input=value))
