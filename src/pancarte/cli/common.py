"""What every sub-command of the ``pancarte`` command line shares: exit codes, the usage error
and the parser that raises it, warnings and errors on stderr, JSON on stdout."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, NoReturn

from pancarte.i18n import _

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Flags that do not go together, or a value a flag refuses: exit 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`UsageError` (main prints them)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


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
    parser.add_argument("--preset", type=preset, metavar="PRESET", help=help_text)


def add_json(parser: argparse.ArgumentParser, help_text: str | None = None) -> None:
    parser.add_argument("--json", action="store_true",
                        help=help_text or _("write JSON on stdout"))


def add_output(parser: argparse.ArgumentParser, help_text: str | None = None,
               metavar: str | None = None) -> None:
    parser.add_argument("-o", "--output", required=True, metavar=metavar, help=help_text)


def add_logo(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--logo", metavar="FILE", help=help_text)


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
