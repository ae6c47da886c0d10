"""What :func:`~pancarte.event.detect.find_events` returns: an event read in a text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pancarte.event.model import Event


@dataclass(frozen=True)
class FoundEvent:
    """An event read in a text: naive local times (the tract's own wall clock).

    All-day events have ``start`` (and ``end``, the last day, inclusive) at midnight.
    ``year_guessed`` is True when the text gave no year."""

    start: datetime
    end: datetime | None
    all_day: bool
    place: str | None
    city: str | None
    year_guessed: bool
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(timespec="seconds"),
            "end": self.end.isoformat(timespec="seconds") if self.end is not None else None,
            "all_day": self.all_day,
            "place": self.place,
            "city": self.city,
            "year_guessed": self.year_guessed,
            "text": self.text,
        }

    def to_event(self, tz: tzinfo | None = None) -> Event:
        """The :class:`~pancarte.event.model.Event` the fill code words: times in ``tz``
        (default: the system's zone), the place as the place and the city as its address."""
        from pancarte.event.model import Event

        if self.all_day:
            start: date | datetime = self.start.date()
            end: date | datetime | None = self.end.date() if self.end is not None else None
        else:
            if tz is None:
                from pancarte.event.zones import system_zone

                tz = system_zone()
            start = self.start.replace(tzinfo=tz)
            end = self.end.replace(tzinfo=tz) if self.end is not None else None
        return Event(start=start, end=end, place=self.place or "", address=self.city or "")

    def describe(self, lang: str = "fr") -> str:
        """One line for a list: ``samedi 25 mai, 13 h – 18 h, parc du Thabor, Rennes``."""
        from pancarte.event.wording import EN_DASH, clock, day, day_range

        if self.all_day and self.end is not None and self.end.date() > self.start.date():
            parts = [day_range(self.start.date(), self.end.date(), lang)]
        else:
            parts = [day(self.start.date(), lang, year=not self.year_guessed)]
        if not self.all_day:
            when = clock(self.start.time(), lang)
            if self.end is not None:
                when += f" {EN_DASH} " + clock(self.end.time(), lang)
            parts.append(when)
        parts += [p for p in (self.place, self.city) if p]
        return ", ".join(parts)
