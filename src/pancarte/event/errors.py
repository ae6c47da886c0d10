"""The event package's typed error. Its message is complete and in the user's language."""

from __future__ import annotations

from pancarte.errors import PancarteError


class EventError(PancarteError):
    """An event cannot be read or used: a malformed, binary or too large .ics file, a missing
    or ambiguous event in it, a QR payload that cannot fit, a stored event that does not
    validate."""
