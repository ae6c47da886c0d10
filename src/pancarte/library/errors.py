"""The library's typed error. Its message is complete and in the user's language."""

from __future__ import annotations

from pancarte.errors import PancarteError


class LibraryError(PancarteError):
    """The tract library cannot do what was asked: a damaged or foreign database, a file that
    cannot be imported, an unknown tract. The database file is never changed when this is
    raised on opening it."""
