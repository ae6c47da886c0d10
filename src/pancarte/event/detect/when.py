"""Days (``samedi 25 mai``, ``du 2 au 6 septembre``, ``le 8/06``, ``samedi prochain``) and
clock times (``de 13h à 18h``, ``dès 18 h 30``) of a sentence, the year guessed when the text
gives none."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from pancarte.event.detect.grammar import _fold, _names, _patterns
from pancarte.event.detect.mention import _Mention

HISTORY = timedelta(days=7)  # an explicit date further in the past is history, not an event


def _dates(folded: str, sentence: str, pos: int, today: date) -> list[_Mention]:
    """The days a sentence writes: ranges first, then single days, then ``samedi prochain``."""
    pats = _patterns()
    taken: list[tuple[int, int]] = []
    found: list[_Mention] = []
    for kind in ("range", "pair", "single", "numeric", "relative"):
        for m in pats[kind].finditer(folded):
            if not all(m.end() <= x or m.start() >= y for x, y in taken):
                continue
            read = _read_days(m, kind, today)
            if read is None:
                continue
            first, last, guessed, weekday, year_text = read
            taken.append((m.start(), m.end()))
            found.append(_mention(m, pos, sentence, first, last, guessed, weekday, year_text,
                                  today))
    found.sort(key=lambda x: x.pos)
    return found


_Days = tuple[date, "date | None", bool, "bool | None", "str | None"]


def _read_days(m: re.Match[str], kind: str, today: date) -> _Days | None:
    """First day, last day (ranges), year guessed, weekday matching, year as written."""
    if kind in ("range", "pair"):
        return _range_days(m, kind, today)
    _months, days = _names()
    if kind == "relative":  # "samedi prochain", "ce samedi"
        weekday = days[m.group("wd") or m.group("wd2")]
        ahead = (weekday - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead), None, True, True, None
    if kind == "numeric" and not (m.group("y") or m.group("wd") or m.group("le")):
        return None  # "3/4", "12.5": only a weekday, a year or "le 8/06" make it a date
    year_text = m.group("y")
    if year_text and len(year_text) == 2:
        year_text = "20" + year_text
    month = _months[m.group("mo")] if kind == "single" else int(m.group("mo"))
    if not 1 <= month <= 12:
        return None
    resolved = _resolve(_day_number(m.group("d")), month, year_text,
                        days.get(m.group("wd") or ""), today)
    if resolved is None:
        return None
    day0, guessed, wd_ok = resolved
    return day0, None, guessed, wd_ok, year_text


def _range_days(m: re.Match[str], kind: str, today: date) -> _Days | None:
    """``du 2 au 6 septembre``, ``les 8 et 9 juin``: at most 60 days."""
    months, days = _names()
    bmo = months[m.group("bmo")]
    amo = months[m.group("amo")] if m.group("amo") else bmo
    year_text = m.group("by") or (m.group("ay") if kind == "range" else None)
    a_day, b_day = _day_number(m.group("ad")), _day_number(m.group("bd"))
    wd = m.group("awd") or m.group("bwd")
    wd_day = (a_day, amo) if m.group("awd") else (b_day, bmo)
    first = _resolve(a_day, amo, year_text, days.get(wd or ""), today,
                     weekday_of=None if wd is None else wd_day, other=(b_day, bmo))
    if first is None:
        return None
    day0, guessed, wd_ok = first
    try:
        last = date(day0.year + (1 if bmo < amo else 0), bmo, b_day)
    except ValueError:
        return None
    if m.group("by") and (kind == "pair" or m.group("ay") is None) and bmo < amo:
        day0 = day0.replace(year=day0.year - 1)  # "du 28 décembre au 3 janvier 2025"
        last = last.replace(year=last.year - 1)
    if not last > day0 or (last - day0).days > 60:
        return None
    return day0, last, guessed, wd_ok, year_text


def _mention(m: re.Match[str], pos: int, sentence: str, first: date, last: date | None,
             guessed: bool, weekday: bool | None, year_text: str | None,
             today: date) -> _Mention:
    tail = _fold(sentence[m.end():m.end() + 12])
    past = (last or first) < today - HISTORY and not guessed
    if re.match(r"\s*(?:dernier|derniere)(?![\w])", tail):
        past = True
    evidence = {True: 2, False: -1, None: 0}[weekday] + (1 if year_text else 0)
    evidence += 1 if first >= today else -2
    return _Mention(pos=pos + m.start(), end_pos=pos + m.end(), first=first, last=last,
                    year_guessed=guessed, weekday=weekday, explicit_year=bool(year_text),
                    sentence=sentence.strip(), evidence=evidence, past=past)


def _day_number(text: str) -> int:
    return 1 if text in ("1er", "1re") else int(text)


def _resolve(day_n: int, month: int, year_text: str | None, weekday: int | None, today: date,
             weekday_of: tuple[int, int] | None = None, other: tuple[int, int] | None = None,
             ) -> tuple[date, bool, bool | None] | None:
    """The date, whether its year is guessed, and whether its weekday matches (None: no
    weekday written). ``weekday_of`` is the (day, month) the weekday was written with, when
    it is not the first day of a range."""
    wd_day, wd_month = weekday_of or (day_n, month)
    if year_text:
        try:
            found = date(int(year_text), month, day_n)
            check = date(int(year_text) + (1 if wd_month < month else 0), wd_month, wd_day)
        except ValueError:
            return None
        return found, False, None if weekday is None else check.weekday() == weekday
    offset = 0 if wd_month >= month else 1
    if weekday is not None:
        best: date | None = None
        for year in range(today.year - 6, today.year + 7):
            try:
                check = date(year + offset, wd_month, wd_day)
                candidate = date(year, month, day_n)
            except ValueError:
                continue
            if check.weekday() != weekday:
                continue
            if best is None or (abs((candidate - today).days), candidate < today) < (
                    abs((best - today).days), best < today):
                best = candidate
        if best is not None:
            return best, True, True
    for year in range(today.year, today.year + 9):  # the next occurrence (29 February…)
        try:
            candidate = date(year, month, day_n)
        except ValueError:
            continue
        end_day = candidate
        if other is not None:
            try:
                end_day = date(year + (1 if other[1] < month else 0), other[1], other[0])
            except ValueError:
                pass
        if end_day >= today:
            return candidate, True, None if weekday is None else False
    return None


def _clock(m: re.Match[str], p: str) -> time | None:
    noon = m.group(p + "noon")
    if noon:
        return time(12) if noon == "midi" else time(0)
    hour = m.group(p + "h") or m.group(p + "hh")
    minute = m.group(p + "m") or m.group(p + "mm") or "0"
    if hour is None:
        return None
    h, mi = int(hour), int(minute)
    if h == 24 and mi == 0:
        return time(0)
    if h > 23 or mi > 59:
        return None
    return time(h, mi)


def _times(folded: str) -> list[tuple[int, time, time | None]]:
    """The times of a sentence: (position, start, end). ``de 13h à 18h``, ``13h-18h``,
    ``dès 13h``, ``à partir de 18 h 30``, ``jusqu'à 18h`` (an end only)."""
    pats = _patterns()
    out: list[tuple[int, time, time | None]] = []
    until: list[time] = []
    taken: list[tuple[int, int]] = []
    for m in pats["time_range"].finditer(folded):
        a, b = _clock(m, "a"), _clock(m, "b")
        if a is None or b is None or a == b:
            continue
        if _duration(folded, m.end()):
            continue
        out.append((m.start(), a, b))
        taken.append((m.start(), m.end()))
    for m in pats["time"].finditer(folded):
        if any(x <= m.start() < y for x, y in taken):
            continue
        a = _clock(m, "a")
        if a is None or _duration(folded, m.end()) or _after_number(folded, m.start()):
            continue
        if m.group("kw") == "jusqu'a":
            until.append(a)
            continue
        out.append((m.start(), a, None))
    out.sort()
    if until and out and out[0][2] is None and until[0] != out[0][1]:
        out[0] = (out[0][0], out[0][1], until[0])
    out.sort()
    return out


def _duration(folded: str, end: int) -> bool:
    """``3 h de marche``, ``2 heures de débat``: a length of time, not a clock time."""
    return bool(re.match(r"\s*(?:de|d')\s*(?:marche|route|trajet|voyage|debat|discussion"
                         r"|greve|travail|attente|bouchon|queue|film|spectacle|concert"
                         r"|musique|lecture|formation|sommeil|repos|retard)", folded[end:]))


def _after_number(folded: str, start: int) -> bool:
    """``3,7 h``: a measure, not a time."""
    return bool(re.search(r"\d[,.]$", folded[:start]))
