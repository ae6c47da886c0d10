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
