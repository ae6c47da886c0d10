"""Events typed on the command line or in a form: ``--when``, ``--where``, ``--geo``,
``--event-url``. Each parser returns plain values or raises :class:`EventError` with a
message that says what is expected."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from pancarte.event.errors import EventError
from pancarte.event.ical import split_location
from pancarte.event.model import MAX_TEXT, MAX_YEAR, MIN_YEAR, Event
from pancarte.i18n import _

MAX_DAYS = 366  # an event longer than a year is not one a poster announces
OVERNIGHT = timedelta(hours=12)  # ``22:00/02:00`` ends the next day; ``13:00/12:00`` is a slip
_DATE = r"(?P<{p}y>\d{{4}})-(?P<{p}mo>\d{{1,2}})-(?P<{p}d>\d{{1,2}})"
_TIME = r"(?P<{p}h>\d{{1,2}})\s*(?::\s*(?P<{p}mi>\d{{2}})|[hH]\s*(?P<{p}hm>\d{{2}})?)"
_LEFT = re.compile(rf"{_DATE.format(p='a')}(?:(?:\s+|T){_TIME.format(p='a')})?")
_RIGHT = re.compile(rf"(?:{_DATE.format(p='b')}(?:(?:\s+|T){_TIME.format(p='b')})?"
                    rf"|{_TIME.format(p='c')})")
_GEO = re.compile(r"\s*(?:geo:)?\s*([-+]?\d{1,3}(?:[.,]\d+)?)\s*[,;\s]\s*"
                  r"([-+]?\d{1,3}(?:[.,]\d+)?)\s*")
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DOMAIN = re.compile(r"(?:[\w-]+\.)+[A-Za-z]{2,}(?::\d+)?(?:[/?#]\S*)?")

WHEN_HELP = ("2024-05-25, 2024-05-25 13:00, 2024-05-25 13:00/18:00, "
             "2024-05-25 22:00/2024-05-26 02:00 or 2024-09-02/2024-09-06")


@dataclass(frozen=True)
class When:
    """A typed date or time range before its zone is applied: naive datetimes (timed) or
    dates (all-day, ``end`` the last day)."""

    start: date | datetime
    end: date | datetime | None = None

    def in_zone(self, tz: tzinfo) -> tuple[date | datetime, date | datetime | None]:
        """Start and end, times made aware in ``tz`` (wall-clock times as typed)."""
        if isinstance(self.start, datetime):
            end = self.end.replace(tzinfo=tz) if isinstance(self.end, datetime) else None
            return self.start.replace(tzinfo=tz), end
        return self.start, self.end


def parse_when(text: str) -> When:
    """A date, a date and time, or a range of either, as in :data:`WHEN_HELP`. A range of
    times whose end is before its start ends the next day when that makes at most 12 hours
    (``22:00/02:00``); longer events give the end's date."""
    left, sep, right = text.strip().partition("/")
    m = _LEFT.fullmatch(left.strip())
    if not m or (sep and not right.strip()):
        raise _when_error(text)
    start = _moment(m, "a", text)
    if not sep:
        return _checked(start, None, text)
    r = _RIGHT.fullmatch(right.strip())
    if not r:
        raise _when_error(text)
    if r.group("ch") is not None:  # a time alone: same day, or the next one after midnight
        if not isinstance(start, datetime):
            raise _when_error(text)
        end: date | datetime = datetime.combine(start.date(), _clock(r, "c", text))
        if end < start and end + timedelta(days=1) - start <= OVERNIGHT:
            end += timedelta(days=1)
        return _checked(start, end, text)
    end = _moment(r, "b", text)
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise EventError(_("--when: give times at both ends of the range, or at neither: "
                           "{text}", text=text))
    if end == start and not isinstance(start, datetime):
        return _checked(start, None, text)
    return _checked(start, end, text)


def _when_error(text: str) -> EventError:
    return EventError(_("--when: cannot read “{text}”; expected for example {examples}",
                        text=text.strip()[:80], examples=WHEN_HELP))


def _moment(m: re.Match[str], p: str, text: str) -> date | datetime:
    try:
        day = date(int(m.group(p + "y")), int(m.group(p + "mo")), int(m.group(p + "d")))
    except ValueError:
        raise EventError(_("--when: no such date in “{text}”", text=text.strip()[:80])) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise EventError(_("--when: the year must be between {first} and {last}",
                           first=MIN_YEAR, last=MAX_YEAR))
    if m.group(p + "h") is None:
        return day
    return datetime.combine(day, _clock(m, p, text))


def _clock(m: re.Match[str], p: str, text: str) -> time:
    minutes = m.group(p + "mi") or m.group(p + "hm") or "0"
    try:
        return time(int(m.group(p + "h")), int(minutes))
    except ValueError:
        raise EventError(_("--when: no such time in “{text}”", text=text.strip()[:80])) from None


def _checked(start: date | datetime, end: date | datetime | None, text: str) -> When:
    if end is not None:
        if end < start or (end == start and isinstance(start, datetime)):
            raise EventError(_("--when: the event ends before it starts: {text}",
                               text=text.strip()[:80]))
        span = end - start
        if span > timedelta(days=MAX_DAYS):
            raise EventError(_("--when: an event of more than {n} days is not one a poster "
                               "announces", n=MAX_DAYS))
    return When(start, end)


def parse_where(text: str) -> tuple[str, str]:
    """Place and address from ``Parc du Thabor, Rennes``: the first part names the place,
    the rest is the address."""
    place, address = split_location(text)
    if not place and not address:
        raise EventError(_("--where: the place is empty"))
    if len(place) > MAX_TEXT or len(address) > MAX_TEXT:
        raise EventError(_("--where: the place is too long"))
    return place, address


def parse_geo(text: str) -> tuple[float, float]:
    """Latitude and longitude from ``48.1147,-1.6694`` (also ``;`` or a space between them,
    a ``geo:`` prefix, decimal commas)."""
    m = _GEO.fullmatch(text)
    if not m:
        raise EventError(_("--geo: expected LATITUDE,LONGITUDE in degrees, e.g. "
                           "48.1147,-1.6694"))
    lat, lon = (float(g.replace(",", ".")) for g in m.groups())
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise EventError(_("--geo: the latitude goes from -90 to 90 and the longitude from "
                           "-180 to 180"))
    return lat, lon


def parse_url(text: str) -> str:
    """An http(s) address; ``exemple.org/x`` gets ``https://`` in front."""
    url = text.strip()
    if not url or len(url) > MAX_TEXT or re.search(r"[\s\x00-\x1f\x7f]", url):
        raise EventError(_("--event-url: not a web address: {url}", url=url[:80]))
    if not _URL_SCHEME.match(url):
        if not _DOMAIN.fullmatch(url):
            raise EventError(_("--event-url: not a web address: {url}", url=url[:80]))
        url = "https://" + url
    if not url.lower().startswith(("http://", "https://")):
        raise EventError(_("--event-url: expected an http or https address: {url}",
                           url=url[:80]))
    return url


def typed_event(
    base: Event | None = None,
    *,
    when: When | None = None,
    tz: tzinfo | None = None,
    where: tuple[str, str] | None = None,
    title: str | None = None,
    url: str | None = None,
    geo: tuple[float, float] | None = None,
) -> Event:
    """``base`` (or an empty event) with the typed fields in place of its own. A typed time is
    read in ``tz``, else in ``base``'s zone."""
    event = base or Event()
    changes: dict[str, Any] = {}
    if when is not None:
        zone = tz or event.zone
        if zone is None and isinstance(when.start, datetime):
            raise EventError(_("a time zone is needed for the event's times"))
        changes["start"], changes["end"] = when.in_zone(zone)  # type: ignore[arg-type]
    if where is not None:
        changes["place"], changes["address"] = where
    if title is not None:
        changes["title"] = " ".join(title.split())[:MAX_TEXT]
    if url is not None:
        changes["url"] = url
    if geo is not None:
        changes["geo"] = geo
    return replace(event, **changes)
