"""Reading a user's file without trusting it: never more than a limit, whatever it is (a huge
file, a device such as /dev/urandom, a pipe that never ends)."""

from __future__ import annotations

import os
from pathlib import Path


class TooLarge(Exception):
    """The file holds more than the limit (callers say so in their own words)."""


def read_limited(path: str | os.PathLike, limit: int) -> bytes:
    """At most ``limit`` bytes of ``path``; TooLarge past that. OSError as the system says
    (IsADirectoryError for a folder, before anything is opened)."""
    p = Path(path)
    if p.is_dir():
        raise IsADirectoryError(21, os.strerror(21), str(p))
    with open(p, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(str(p))
    return data
