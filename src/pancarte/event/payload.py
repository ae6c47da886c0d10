"""What a QR code holds for an event: its URL, the event itself as a bare VEVENT (a phone adds
it to its calendar with no network), ``geo:`` coordinates, or text.

The VEVENT follows RFC 5545's text rules: CRLF line ends, ``\\``, ``;``, ``,`` and newlines
escaped, lines folded at 75 octets (never inside a UTF-8 sequence or an escape). It has no
VCALENDAR around it (more scanners accept the bare form) and no UID/DTSTAMP (no scanner needs
them, and they would make the code denser).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from pancarte.event.errors import EventError
from pancarte.i18n import _

if TYPE_CHECKING:  # the event model (and its time zones) only when an event is used
    from pancarte.event.model import Event

CRLF = "\r\n"
FOLD = 75  # octets per line, CRLF excluded
DESCRIPTION_LIMIT = 200  # characters of DESCRIPTION in the richest payload
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(text: str) -> str:
    """A TEXT value escaped as RFC 5545 says (3.3.11)."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """``line`` folded into lines of at most 75 octets joined by CRLF and a space."""
    out: list[str] = []
    current = ""
    size = 0
    limit = FOLD
    for ch in line:
        n = len(ch.encode("utf-8"))
        # never end a piece on the backslash of an escape
        if size + n > limit or (size + n == limit and ch == "\\"):
            out.append(current)
            current, size, limit = "", 0, FOLD - 1  # the leading space counts
        current += ch
        size += n
    out.append(current)
    return (CRLF + " ").join(out)


def shorten(text: str, limit: int) -> str:
    """``text`` on one paragraph, cut at a word before ``limit`` characters with ``…``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _number(x: float) -> str:
    s = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def vevent(event: Event, *, description: int = DESCRIPTION_LIMIT, geo: bool = True,
           url: bool = True, location: bool = True) -> str:
    """The event as a bare ``BEGIN:VEVENT … END:VEVENT`` with CRLF line ends. Timed events
    are written in UTC (``Z``), which every calendar converts to the phone's zone; all-day
    events as dates, DTEND the day after the last. ``description`` is how many characters
    of the description to keep (0: none); ``geo``, ``url``, ``location`` say whether those
    properties go in."""
    if event.start is None:
        raise EventError(_("the event has no date: a calendar entry needs one (give --when)"))
    lines = ["BEGIN:VEVENT"]
    if event.title:
        lines.append("SUMMARY:" + escape_text(event.title))
    if isinstance(event.start, datetime):
        lines.append("DTSTART:" + _utc(event.start))
        if isinstance(event.end, datetime):
            lines.append("DTEND:" + _utc(event.end))
    else:
        last = event.end if isinstance(event.end, date) else event.start
        lines.append("DTSTART;VALUE=DATE:" + event.start.strftime("%Y%m%d"))
        lines.append("DTEND;VALUE=DATE:" + (last + timedelta(days=1)).strftime("%Y%m%d"))
    where = ", ".join(p for p in (event.place, event.address) if p)
    if location and where:
        lines.append("LOCATION:" + escape_text(where))
    if geo and event.geo is not None:
        lines.append(f"GEO:{_number(event.geo[0])};{_number(event.geo[1])}")
    if url and event.url:
        lines.append("URL:" + event.url)  # a URI value: no TEXT escaping
    if description > 0 and event.description.strip():
        lines.append("DESCRIPTION:" + escape_text(shorten(event.description, description)))
    lines.append("END:VEVENT")
    return "".join(fold(line) + CRLF for line in lines)


def vevent_variants(event: Event) -> list[str]:
    """VEVENT payloads from the richest to the smallest: the description shortened then left
    out, then GEO, then URL left out (SUMMARY, dates and LOCATION always stay)."""
    out: list[str] = []
    options: tuple[dict[str, Any], ...] = (
        {"description": DESCRIPTION_LIMIT},
        {"description": 120},
        {"description": 60},
        {"description": 0},
        {"description": 0, "geo": False},
        {"description": 0, "geo": False, "url": False},
    )
    for kwargs in options:
        text = vevent(event, **kwargs)
        if text not in out:
            out.append(text)
    return out


def geo_uri(event: Event) -> str:
    """``geo:48.1147,-1.6694`` (RFC 5870)."""
    if event.geo is None:
        raise EventError(_("the event has no coordinates (give --geo LAT,LON)"))
    return f"geo:{_number(event.geo[0])},{_number(event.geo[1])}"


def short_url(url: str) -> str:
    """``exemple.org/fete`` from ``https://www.exemple.org/fete/``: what a caption shows."""
    text = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", url.strip())
    text = re.sub(r"^www\.", "", text)
    return text.rstrip("/")
