"""Loggers that cost nothing until someone listens.

Every module logs as ``logger(__name__).debug(…)``: :func:`logger` gives
``logging.getLogger(name)`` under the ``pancarte`` logger (which holds a ``NullHandler``:
nothing is shown unless the application asks, as ``pancarte --verbose`` does, see
:func:`pancarte.cli.verbose`). While :mod:`logging` has not even been imported nobody can be
listening, so it stays unimported (the command line's start stays light) and the message is
dropped.
"""

from __future__ import annotations

import sys
import typing

if typing.TYPE_CHECKING:
    import logging


class _Silent:
    """What :func:`logger` gives while nothing is set up to listen."""

    def debug(self, *args: object, **kwargs: object) -> None:
        pass

    info = warning = error = debug


_SILENT = _Silent()


def logger(name: str) -> logging.Logger:
    logging = sys.modules.get("logging")
    if logging is None:
        return _SILENT  # type: ignore[return-value]
    root = logging.getLogger("pancarte")
    if not root.handlers:
        root.addHandler(logging.NullHandler())
    return logging.getLogger(name)
