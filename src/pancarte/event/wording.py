"""The event in words, in the poster's language (``fr`` or ``en``), with Babel's month and day
names: ``samedi 25 mai 2024``, ``de 13 h à 18 h``, ``14 h 30``, ``du 2 au 6 septembre 2024``,
or in the compact activist style ``13 h–18 h``.

Spaces are plain: the layout engine's French rules bind ``25 mai``, ``13 h`` and ``14 h 30``
with no-break spaces, as they do for any text.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from babel.dates import format_date, format_time

from pancarte.event.model import Event
from pancarte.i18n import normalise

STYLES = ("long", "compact")
EN_DASH = "\u2013"
NIGHT = timedelta(hours=12)  # an event that ends the next morning, within this, is one day
_HEADING = {"fr": "Au programme", "en": "Programme"}


def lang_of(lang: str | None) -> str:
    """The language Pancarte writes for ``lang`` (``en`` for any English, else French)."""
    return normalise(lang)


# --------------------------------------------------------------------------------------------
# Pieces


def clock(t: time, lang: str = "fr", style: str = "long") -> str:
    """A time of day: ``14 h 30``, ``13 h``, ``minuit`` (the same in the compact style);
    ``2:30 PM`` / ``2:30pm`` in English."""
    if lang_of(lang) == "en":
        if t.hour == 0 and t.minute == 0 and style != "compact":
            return "midnight"
        text = format_time(t, "h a" if t.minute == 0 else "h:mm a", locale="en")
        return text.replace(" ", "").lower() if style == "compact" else text
    if t.hour == 0 and t.minute == 0:
        return "minuit"
    # compact or long, French writes the hour with its spaces: 13 h, 14 h 30 (13 h–18 h)
    return f"{t.hour} h {t.minute:02d}" if t.minute else f"{t.hour} h"


def day(d: date, lang: str = "fr", weekday: bool = True, year: bool = True) -> str:
    """A day: ``samedi 25 mai 2024``, ``samedi 1er juin 2024``; ``Saturday, May 25, 2024``."""
    if lang_of(lang) == "en":
        pattern = ("EEEE, " if weekday else "") + "MMMM d" + (", y" if year else "")
        return format_date(d, pattern, locale="en")
    number = "'1er'" if d.day == 1 else "d"
    pattern = ("EEEE " if weekday else "") + number + " MMMM" + (" y" if year else "")
    return format_date(d, pattern, locale="fr")


def day_range(first: date, last: date, lang: str = "fr") -> str:
    """Days from ``first`` to ``last`` (inclusive): ``du 2 au 6 septembre 2024``, ``du 30
    septembre au 4 octobre 2024``; ``September 2–6, 2024`` in English."""
    if last <= first:
        return day(first, lang)
    if lang_of(lang) == "en":
        if (first.year, first.month) == (last.year, last.month):
            return (format_date(first, "MMMM d", locale="en") + EN_DASH
                    + format_date(last, "d, y", locale="en"))
        left = day(first, "en", weekday=False, year=first.year != last.year)
        return f"{left} {EN_DASH} {day(last, 'en', weekday=False)}"
    if (first.year, first.month) == (last.year, last.month):
        left = "1er" if first.day == 1 else str(first.day)
    else:
        left = day(first, "fr", weekday=False, year=first.year != last.year)
    return f"du {left} au {day(last, 'fr', weekday=False)}"


def time_range(start: time, end: time | None, lang: str = "fr", style: str = "long") -> str:
    """``de 13 h à 18 h`` / ``13 h–18 h`` / ``à 14 h 30``; ``1 PM – 6 PM`` / ``at 2:30 PM``."""
    en = lang_of(lang) == "en"
    a = clock(start, lang, style)
    if end is None:
        if style == "compact":
            return a
        return f"at {a}" if en else f"à {a}"
    b = clock(end, lang, style)
    if style == "compact":
        return f"{a}{EN_DASH}{b}"
    return f"{a} {EN_DASH} {b}" if en else f"de {a} à {b}"


# --------------------------------------------------------------------------------------------
# Lines


def when_lines(event: Event, lang: str = "fr", style: str = "long") -> list[str]:
    """The date line and, for a timed event, the time line (none without a start).

    An event that ends the next morning (within 12 hours) stays on one date: ``samedi 25 mai
    2024`` / ``de 22 h à 2 h``. A longer timed event gives ``du samedi 25 mai à 14 h`` /
    ``au lundi 27 mai 2024 à 18 h``.
    """
    start, end = event.start, event.end
    if start is None:
        return []
    if not isinstance(start, datetime):
        last = end if isinstance(end, date) else start
        return [day_range(start, last, lang)]
    tz = start.tzinfo
    end = end.astimezone(tz) if isinstance(end, datetime) else None
    first = start.date()
    if end is None or end.date() == first or (
            end.date() == first + timedelta(days=1) and end - start <= NIGHT):
        end_time = end.time() if end is not None else None
        return [day(first, lang), time_range(start.time(), end_time, lang, style)]
    en = lang_of(lang) == "en"
    same_year = first.year == end.year
    sep = ", " if style == "compact" or en else " à "
    left = day(first, lang, year=not same_year) + sep + clock(start.time(), lang, style)
    right = day(end.date(), lang) + sep + clock(end.time(), lang, style)
    if en:
        return [f"from {left}", f"to {right}"]
    return [f"du {left}", f"au {right}"]


def place_lines(event: Event) -> list[str]:
    return [line for line in (event.place, event.address) if line]


def event_lines(event: Event, lang: str = "fr", style: str = "long") -> list[str]:
    """Date line, time line, place line, address line (the empty ones left out)."""
    return when_lines(event, lang, style) + place_lines(event)


def programme_heading(lang: str = "fr") -> str:
    return _HEADING[lang_of(lang)]


def programme_lines(event: Event, lang: str = "fr", style: str = "long") -> list[str]:
    """``14 h 30 : accueil`` for each programme item (the same in the compact style)."""
    out = []
    colon = ": " if lang_of(lang) == "en" else " : "
    for item in event.programme:
        if item.time is None:
            out.append(item.label)
        else:
            out.append(clock(item.time, lang, style) + colon + item.label)
    return out
