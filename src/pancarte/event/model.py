"""The event a poster announces: plain data, no Qt, no ReportLab, no file format.

An event is *timed* (``start`` and ``end`` are time-zone aware datetimes, ``end`` after
``start`` or None) or *all-day* (``start`` and ``end`` are dates; ``end`` is the last day,
inclusive, unlike iCalendar's DTEND). ``to_dict``/``from_dict`` give the JSON form that
``Document.event`` stores; ``from_dict`` raises :class:`EventError` on anything off.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any

from pancarte.event.errors import EventError
from pancarte.event.zones import zone, zone_name
from pancarte.i18n import _

MAX_TEXT = 2_000  # characters in a title, place, address, URL…
MAX_DESCRIPTION = 20_000
MAX_PROGRAMME = 100
# the years an event may fall in: a poster announces an event of our time, and every date
# computed from one (its end, its UTC time, the next day) stays far from year 1 and 9999
MIN_YEAR, MAX_YEAR = 1900, 2200
_TEXT_FIELDS = ("title", "place", "address", "url", "organiser", "contact", "uid")


@dataclass(frozen=True)
class ProgrammeItem:
    """One line of the programme: a wall-clock time in the event's zone (or None) and what
    happens then."""

    label: str
    time: time | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label}
        if self.time is not None:
            out["time"] = self.time.strftime("%H:%M")
        return out


def _check_years(*moments: date | datetime | None) -> None:
    for moment in moments:
        if moment is not None and not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise EventError(_("the event's dates must fall between the years {first} and "
                               "{last}", first=MIN_YEAR, last=MAX_YEAR))


@dataclass(frozen=True)
class Event:
    """An event: what, when, where, and how to know more."""

    title: str = ""
    start: date | datetime | None = None
    end: date | datetime | None = None
    place: str = ""
    address: str = ""
    geo: tuple[float, float] | None = None  # latitude, longitude (WGS 84 degrees)
    url: str = ""
    organiser: str = ""
    contact: str = ""
    programme: tuple[ProgrammeItem, ...] = field(default_factory=tuple)
    description: str = ""
    uid: str = ""

    def __post_init__(self) -> None:
        start, end = self.start, self.end
        if start is None:
            if end is not None:
                raise EventError(_("the event has an end but no start"))
        elif isinstance(start, datetime):
            if start.tzinfo is None or start.utcoffset() is None:
                raise EventError(_("the event's start has no time zone"))
            if end is not None:
                if not isinstance(end, datetime) or end.tzinfo is None:
                    raise EventError(_("the event's start and end are not of the same kind"))
                if end <= start:
                    raise EventError(_("the event ends before it starts"))
        elif isinstance(start, date):
            if end is not None:
                if isinstance(end, datetime) or not isinstance(end, date):
                    raise EventError(_("the event's start and end are not of the same kind"))
                if end < start:
                    raise EventError(_("the event ends before it starts"))
        else:
            raise EventError(_("the event's start is not a date"))
        _check_years(start, end)
        if self.geo is not None:
            lat, lon = self.geo
            if not (_finite(lat) and _finite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
                raise EventError(_("geographic coordinates out of range"))

    # ---- queries -------------------------------------------------------------------------

    @property
    def all_day(self) -> bool:
        return self.start is not None and not isinstance(self.start, datetime)

    @property
    def timed(self) -> bool:
        return isinstance(self.start, datetime)

    @property
    def zone(self) -> tzinfo | None:
        """The zone the event's times are shown in (None for all-day events)."""
        return self.start.tzinfo if isinstance(self.start, datetime) else None

    @property
    def first_day(self) -> date | None:
        if self.start is None:
            return None
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date | None:
        """The last day the event runs (an end at midnight belongs to the day before)."""
        end = self.end if self.end is not None else self.start
        if end is None:
            return None
        if isinstance(end, datetime):
            end = end.astimezone(self.zone)
            day = end.date()
            first = self.first_day
            if end.time() == time(0) and first is not None and day > first:
                return date.fromordinal(day.toordinal() - 1)
            return day
        return end

    # ---- JSON ------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The event as JSON data; empty fields are left out."""
        out: dict[str, Any] = {}
        if self.title:
            out["title"] = self.title
        if self.start is not None:
            out["start"] = self.start.isoformat()
            if self.end is not None:
                out["end"] = self.end.isoformat()
            name = zone_name(self.zone)
            if name:
                out["tz"] = name
        for name in ("place", "address"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.geo is not None:
            out["geo"] = [self.geo[0], self.geo[1]]
        for name in ("url", "organiser", "contact"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.programme:
            out["programme"] = [p.to_dict() for p in self.programme]
        if self.description:
            out["description"] = self.description
        if self.uid:
            out["uid"] = self.uid
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Event:
        """An event from JSON data; raise EventError naming the first bad field."""
        if not isinstance(data, dict):
            raise _bad("event", _("expected an object"))
        texts = {}
        for name in _TEXT_FIELDS:
            texts[name] = _text(data.get(name, ""), name, MAX_TEXT)
        description = _text(data.get("description", ""), "description", MAX_DESCRIPTION)
        tz = None
        if "tz" in data:
            tz = zone(_text(data["tz"], "tz", 64))
            if tz is None:
                raise _bad("tz", _("unknown time zone"))
        start = _moment(data.get("start"), "start", tz)
        end = _moment(data.get("end"), "end", tz)
        geo = data.get("geo")
        if geo is not None:
            if (not isinstance(geo, list) or len(geo) != 2
                    or not all(_finite(x) for x in geo)):
                raise _bad("geo", _("expected [latitude, longitude]"))
            geo = (float(geo[0]), float(geo[1]))
        raw = data.get("programme", [])
        if not isinstance(raw, list) or len(raw) > MAX_PROGRAMME:
            raise _bad("programme", _("expected a list of at most {n} items", n=MAX_PROGRAMME))
        programme = []
        for i, item in enumerate(raw):
            where = f"programme[{i}]"
            if not isinstance(item, dict):
                raise _bad(where, _("expected an object"))
            at = item.get("time")
            if at is not None:
                try:
                    at = time.fromisoformat(_text(at, where + ".time", 8))
                except ValueError:
                    raise _bad(where + ".time", _("expected HH:MM")) from None
            programme.append(ProgrammeItem(_text(item.get("label", ""), where + ".label",
                                                 MAX_TEXT), at))
        try:
            return cls(start=start, end=end, geo=geo, programme=tuple(programme),
                       description=description, **texts)
        except EventError as exc:
            raise _bad("event", str(exc)) from None


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _bad(where: str, what: str) -> EventError:
    return EventError(_("stored event, {field}: {problem}", field=where, problem=what))


def _text(value: Any, where: str, max_len: int) -> str:
    if not isinstance(value, str):
        raise _bad(where, _("expected text"))
    if len(value) > max_len or "\x00" in value:
        raise _bad(where, _("text too long or holding a NUL character"))
    return value


def _moment(value: Any, where: str, tz: tzinfo | None) -> date | datetime | None:
    if value is None:
        return None
    text = _text(value, where, 40)
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _bad(where, _("not an ISO 8601 date or time")) from None
    if moment.tzinfo is None:
        raise _bad(where, _("a time needs its UTC offset"))
    return moment.astimezone(tz) if tz is not None else moment
