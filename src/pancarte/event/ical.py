"""Events from iCalendar files (RFC 5545), as Mobilizon, Framagenda, Démosphère or Nextcloud
export them.

Times with a TZID stay in their zone (the event's zone: a poster shows the local time of the
place); UTC (``Z``) and floating times are shown in the zone the caller gives, else the
calendar's own (``X-WR-TIMEZONE`` or its only ``VTIMEZONE``), else the system's. All-day
``DTEND`` (exclusive) becomes the event's last day (inclusive).
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from pancarte.event.errors import EventError
from pancarte.event.model import (
    MAX_DESCRIPTION,
    MAX_TEXT,
    MAX_YEAR,
    MIN_YEAR,
    Event,
    ProgrammeItem,
)
from pancarte.event.zones import system_zone, zone, zone_name
from pancarte.i18n import _
from pancarte.log import logger

MAX_ICS_BYTES = 4 * 1024 * 1024  # a calendar of a few thousand events; a poster needs one
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Zulu", "Zulu", "Etc/UCT", "UCT"})
_START = re.compile(r"\s*BEGIN:(VCALENDAR|VEVENT)\b", re.I)
_HTML = re.compile(r"</?(?:p|br|div|ul|ol|li|strong|b|em|i|a|span|h\d)\b[^>]*>", re.I)
_PROGRAMME_LINE = re.compile(
    r"^\s*(?P<bullet>[•·*\-–—]\s*)?(?P<h>[01]?\d|2[0-3])\s*(?:h|H|:)\s*(?P<m>[0-5]\d)?"
    r"\s*(?P<sep>[:–\-—]\s+|\s+)(?P<label>\S.*)$"
)


@dataclass(frozen=True)
class IcsFile:
    """The events of one file, in file order, and what the user should know about each
    (``notes[i]`` for ``events[i]``: an unknown zone, a repeat, a cancellation…)."""

    events: tuple[Event, ...]
    notes: tuple[tuple[str, ...], ...] = ()

    @property
    def warnings(self) -> list[str]:
        """Every note of every event."""
        return [n for notes in self.notes for n in notes]

    def _notes(self, event_index: int) -> list[str]:
        return list(self.notes[event_index]) if event_index < len(self.notes) else []

    def pick(self, index: int | None = None, uid: str | None = None) -> tuple[Event, list[str]]:
        """The event numbered ``index`` (from 1) or with ``uid``; without either, the first
        (with a warning when there are several). Returns it with its notes; raises
        EventError when there is no such event."""
        events = self.events
        if index is not None and uid is not None:
            raise EventError(_("choose the event by its number or by its UID, not both"))
        if uid is not None:
            found = [i for i, e in enumerate(events) if e.uid == uid]
            if not found:
                raise EventError(_("no event has the UID {uid} (the file holds {uids})",
                                   uid=uid, uids=_uids(events)))
            return events[found[0]], self._notes(found[0])
        if index is not None:
            if not 1 <= index <= len(events):
                raise EventError(_("there is no event number {n}: the file holds {count}",
                                   n=index, count=len(events)))
            return events[index - 1], self._notes(index - 1)
        notes = []
        if len(events) > 1:
            notes.append(_("the file holds {count} events; the first one is used (choose "
                           "another with --event-index N or --event-uid UID)",
                           count=len(events)))
        return events[0], notes + self._notes(0)


def _uids(events: tuple[Event, ...]) -> str:
    uids = [e.uid for e in events if e.uid][:5]
    more = ", …" if len([e for e in events if e.uid]) > 5 else ""
    return ", ".join(uids) + more if uids else _("no UID")


def read_ics(path: str | Path, tz: tzinfo | None = None) -> IcsFile:
    """The events of the .ics file at ``path`` (see :func:`parse_ics`)."""
    path = Path(path)
    from pancarte.files import read_or_refuse

    data = read_or_refuse(
        path, MAX_ICS_BYTES, EventError,
        _("{path} is too large for a calendar file (over {mb} MB)", path=str(path),
          mb=MAX_ICS_BYTES // (1024 * 1024)),
        folder=_("{path} is a folder, not a calendar file", path=path))
    return parse_ics(data, tz, name=str(path))


def parse_ics(data: bytes, tz: tzinfo | None = None, name: str = "") -> IcsFile:
    """The events of an iCalendar file's bytes. ``tz`` is the zone for UTC and floating
    times (default: the calendar's, else the system's). Raise EventError for a file that is
    too large, binary, not iCalendar, malformed or without any event."""
    label = name or _("the calendar file")
    if len(data) > MAX_ICS_BYTES:
        raise EventError(_("{path} is too large for a calendar file (over {mb} MB)",
                           path=label, mb=MAX_ICS_BYTES // (1024 * 1024)))
    text = _decode(data, label)
    m = _START.match(text)
    if not m:
        raise EventError(_("{path} is not an iCalendar file (it should start with "
                           "BEGIN:VCALENDAR)", path=label))
    if m.group(1).upper() == "VEVENT":  # a bare event, as in a QR code
        text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + text.strip() + "\r\nEND:VCALENDAR\r\n"
    try:
        import icalendar

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # noqa: BLE001 - the parser's failures are many; all mean malformed
        raise EventError(_("{path} is not a valid iCalendar file: {reason}", path=label,
                           reason=_short(exc))) from None
    display = tz or _calendar_zone(calendars) or system_zone()
    events: list[Event] = []
    notes: list[tuple[str, ...]] = []
    for cal in calendars:
        for component in cal.walk("VEVENT"):
            own: list[str] = []
            number = len(events) + 1
            try:
                events.append(_event(component, display, number, own))
            except OverflowError:
                # a date near year 1 or 9999 that a zone or a duration pushes out of range
                raise EventError(_("event {n}: its dates are out of range (an event falls "
                                   "between the years {first} and {last})", n=number,
                                   first=MIN_YEAR, last=MAX_YEAR)) from None
            notes.append(tuple(own))
    if not events:
        raise EventError(_("{path} holds no event", path=label))
    return IcsFile(tuple(events), tuple(notes))


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def _decode(data: bytes, label: str) -> str:
    from pancarte.files import NotText, decode_text

    try:
        text = decode_text(data)  # old exports in cp1252 keep their letters
    except NotText:
        raise EventError(_("{path} is not a text file", path=label)) from None
    if re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", text[:65536]):
        raise EventError(_("{path} is not a text file", path=label))
    return text


def _calendar_zone(calendars: list[Any]) -> tzinfo | None:
    """The zone a calendar declares for itself: X-WR-TIMEZONE, else its only VTIMEZONE, else
    the only zone its events' times name."""
    for cal in calendars:
        name = cal.get("X-WR-TIMEZONE")
        if name is not None and zone(str(name)) is not None:
            return zone(str(name))
    declared = {str(c.get("TZID", "")) for cal in calendars for c in cal.walk("VTIMEZONE")}
    used = set()
    for cal in calendars:
        for e in cal.walk("VEVENT"):
            start = _dt(_prop(e, "DTSTART"))
            if isinstance(start, datetime):
                used.add(zone_name(start.tzinfo))
    for names in (declared, used):
        names = {n for n in names if n and zone(n) is not None and n not in _UTC_NAMES}
        if len(names) == 1:
            return zone(names.pop())
    return None


# --------------------------------------------------------------------------------------------
# One VEVENT


def _event(component: Any, display: tzinfo, number: int, notes: list[str]) -> Event:
    for prop, reason in getattr(component, "errors", None) or []:
        if str(prop).upper() in ("DTSTART", "DTEND", "DURATION"):
            raise EventError(_("event {n}: {prop} is malformed: {reason}", n=number,
                               prop=prop, reason=_short(Exception(reason))))
    title = _one_line(_value(component, "SUMMARY"))
    name = title or _("event {n}", n=number)
    start_prop = _prop(component, "DTSTART")
    if start_prop is None:
        raise EventError(_("event {n} has no start (DTSTART)", n=number))
    start = _moment(start_prop, display, name, notes)
    if start is None:
        raise EventError(_("event {n}: DTSTART is malformed", n=number))
    end_prop = _prop(component, "DTEND")
    end: date | datetime | None = None
    if end_prop is not None:
        end = _moment(end_prop, display, name, notes)
        if end is None:
            raise EventError(_("event {n}: DTEND is malformed", n=number))
    elif _prop(component, "DURATION") is not None:
        duration = _dt(_prop(component, "DURATION"))
        if not isinstance(duration, timedelta):
            raise EventError(_("event {n}: DURATION is malformed", n=number))
        end = start + duration
    start, end = _normalise(start, end, number, name, notes)
    if _prop(component, "RRULE") is not None or _prop(component, "RDATE") is not None:
        notes.append(_("“{name}” repeats: only its first date is shown", name=name))
    if str(_value(component, "STATUS")).upper() == "CANCELLED":
        notes.append(_("“{name}” is marked as cancelled", name=name))
    place, address = split_location(_value(component, "LOCATION"))
    organiser, contact = _organiser(component)
    description = _description(_value(component, "DESCRIPTION"))
    return Event(
        title=title[:MAX_TEXT],
        start=start,
        end=end,
        place=place[:MAX_TEXT],
        address=address[:MAX_TEXT],
        geo=_geo(component, name, notes),
        url=_one_line(_value(component, "URL"))[:MAX_TEXT],
        organiser=organiser[:MAX_TEXT],
        contact=(_one_line(_value(component, "CONTACT")) or contact)[:MAX_TEXT],
        programme=programme_from_text(description),
        description=description[:MAX_DESCRIPTION],
        uid=_one_line(_value(component, "UID"))[:MAX_TEXT],
    )


def _prop(component: Any, name: str) -> Any:
    value = component.get(name)
    if isinstance(value, list):  # a property given twice: the first one counts
        value = value[0] if value else None
    return value


def _value(component: Any, name: str) -> str:
    value = _prop(component, name)
    return "" if value is None else str(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _dt(prop: Any) -> Any:
    """A property's value (None when there is none or it is broken)."""
    try:
        return getattr(prop, "dt", None)
    except Exception:  # noqa: BLE001 - icalendar 7 raises its own error for broken values
        logger(__name__).debug("broken calendar value left out", exc_info=True)
        return None


def _moment(prop: Any, display: tzinfo, name: str, notes: list[str]) -> date | datetime | None:
    value = _dt(prop)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            tzid = getattr(prop, "params", {}).get("TZID")
            if tzid:
                notes.append(_("“{name}”: unknown time zone {tzid}; its times are read in "
                               "{zone}", name=name, tzid=tzid, zone=_zone_label(display)))
            return value.replace(tzinfo=display)
        if _is_utc(value.tzinfo) or not zone_name(value.tzinfo):
            return value.astimezone(display)  # UTC, or a zone only this file knows
        return value
    if isinstance(value, date):
        return value
    return None


def _zone_label(tz: tzinfo) -> str:
    return zone_name(tz) or str(tz)


def _is_utc(tz: tzinfo) -> bool:
    return zone_name(tz) in _UTC_NAMES or (
        not zone_name(tz) and tz.utcoffset(None) == timedelta(0)
    )


def _normalise(start: date | datetime, end: date | datetime | None, number: int, name: str,
               notes: list[str]) -> tuple[date | datetime, date | datetime | None]:
    """Start and end of the same kind, the end in the start's zone and after it; an all-day
    end made inclusive."""
    if isinstance(start, datetime):
        if end is not None and not isinstance(end, datetime):
            raise EventError(_("event {n}: its start is a time but its end a date", n=number))
        if end is not None:
            end = end.astimezone(start.tzinfo)
            if end < start:
                notes.append(_("“{name}” ends before it starts: its end is left out", name=name))
                end = None
            elif end == start:
                end = None
        return start, end
    if end is not None and isinstance(end, datetime):
        raise EventError(_("event {n}: its start is a date but its end a time", n=number))
    if end is not None:
        last = end - timedelta(days=1)  # DTEND of an all-day event is the day after
        end = last if last > start else None
    return start, end


def _geo(component: Any, name: str, notes: list[str]) -> tuple[float, float] | None:
    prop = _prop(component, "GEO")
    if prop is None:
        return None
    try:
        lat, lon = float(prop.latitude), float(prop.longitude)
    except Exception:  # noqa: BLE001 - missing, broken or not numbers: all the same to us
        logger(__name__).debug("malformed GEO of %s", name, exc_info=True)
        notes.append(_("“{name}”: its GEO coordinates are malformed and left out", name=name))
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        notes.append(_("“{name}”: its GEO coordinates are out of range and left out",
                       name=name))
        return None
    return lat, lon


def _organiser(component: Any) -> tuple[str, str]:
    prop = _prop(component, "ORGANIZER")
    if prop is None:
        return "", ""
    params = getattr(prop, "params", {}) or {}
    name = _one_line(str(params.get("CN", "")))
    address = str(prop)
    if address.lower().startswith("mailto:"):
        address = address[7:]
    return name, _one_line(address) if "@" in address else ""


def split_location(text: str) -> tuple[str, str]:
    """Place and address from a LOCATION or a typed ``--where``: the first line (or the text
    before the first comma) names the place, the rest is the address."""
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return "", ""
    if len(lines) > 1:
        return lines[0], ", ".join(lines[1:])
    place, _sep, address = lines[0].partition(",")
    return place.strip(), address.strip()


def _description(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML.search(text):  # some exports put the HTML of the event page in DESCRIPTION
        text = re.sub(r"<br\s*/?>|</p>|</div>|</li>|</h\d>", "\n", text, flags=re.I)
        text = re.sub(r"<li\b[^>]*>", "• ", text, flags=re.I)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def programme_from_text(text: str) -> tuple[ProgrammeItem, ...]:
    """Programme lines found in ``text`` (``• 14 h 30 : accueil``, ``15h - concert``,
    ``18:00 – repas``): at least two, each with a bullet or a separator after its time."""
    items = []
    for line in text.split("\n"):
        m = _PROGRAMME_LINE.match(line)
        if not m or not (m.group("bullet") or m.group("sep").strip()):
            continue
        at = time(int(m.group("h")), int(m.group("m") or 0))
        items.append(ProgrammeItem(_one_line(m.group("label"))[:MAX_TEXT], at))
    return tuple(items[:100]) if len(items) >= 2 else ()
