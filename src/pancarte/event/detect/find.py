"""The events of a text: its paragraphs and programme lines read, the mentions of each day
weighed, merged one per day, best first."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from pancarte.event.detect.found import FoundEvent
from pancarte.event.detect.grammar import _SENTENCE, _fold, _words
from pancarte.event.detect.mention import MIN_EVIDENCE, _Mention, _score
from pancarte.event.detect.places import _place
from pancarte.event.detect.programme import _attach_programme, _programme_line
from pancarte.event.detect.when import _dates, _times

MAX_TEXT = 400  # characters of the sentence kept in ``FoundEvent.text``
MAX_INPUT = 400_000  # characters read from a text (a long tract is 15,000)
MAX_EVENTS = 20
MAX_SENTENCE = 1_500  # characters read at once: a longer "sentence" is read in chunks
MAX_MENTIONS = 500


def find_events(text: str, today: date | None = None) -> list[FoundEvent]:
    """The events ``text`` announces, best first (at most :data:`MAX_EVENTS`)."""
    today = today or date.today()
    text = text[:MAX_INPUT]
    mentions: list[_Mention] = []
    programme: list[tuple[int, time, time | None, str]] = []
    offset = 0
    for block in re.split(r"\n\s*\n", text):
        start = text.find(block, offset)
        offset = start + len(block)
        lines = block.split("\n")
        line_pos = start
        prose: list[tuple[int, str]] = []
        for line in lines:
            item = _programme_line(line)
            if item is not None and len(programme) < MAX_MENTIONS:
                programme.append((line_pos, *item))
            else:
                prose.append((line_pos, line))
            line_pos += len(line) + 1
        if len(mentions) < MAX_MENTIONS:
            mentions += _block_mentions(prose, today)
    _same_day(mentions)
    _attach_programme(mentions, programme)
    kept = [m for m in mentions if not m.past and _score(m) >= MIN_EVIDENCE]
    return [_found(m) for m in _merge(kept)][:MAX_EVENTS]


def _block_mentions(lines: list[tuple[int, str]], today: date) -> list[_Mention]:
    """The dated mentions of one paragraph, each with the times and place of its sentence
    (or of the next sentence of the paragraph, when that one gives no date of its own)."""
    sentences: list[tuple[int, str]] = []
    for pos, line in lines:
        cursor = 0
        for part in _SENTENCE.split(line):
            at = line.find(part, cursor)
            cursor = at + len(part)
            while len(part) > MAX_SENTENCE:  # no sentence is that long: chunks, at spaces
                cut = part.rfind(" ", 0, MAX_SENTENCE)
                cut = cut if cut > 0 else MAX_SENTENCE
                sentences.append((pos + at, part[:cut]))
                part, at = part[cut:], at + cut
            if part.strip():
                sentences.append((pos + at, part))
    out: list[_Mention] = []
    previous: list[_Mention] = []
    for pos, sentence in sentences:
        folded = _fold(sentence)
        dates = _dates(folded, sentence, pos, today)
        times = _times(folded)
        place, city = _place(sentence, folded)
        if not dates:
            extra = _words(folded)[0] if previous else 0
            # a sentence that follows the date's: "Rendez-vous à 14 h place de la Mairie."
            for m in previous:
                if m.start_time is None and times:
                    m.start_time, m.end_time = times[0][1], times[0][2]
                    m.sentence += " " + sentence.strip()
                if m.place is None and place:
                    m.place = place
                    if sentence.strip() not in m.sentence:
                        m.sentence += " " + sentence.strip()
                if m.city is None and city:
                    m.city = city
                m.evidence += extra
            previous = []
            continue
        call, general, past = _words(folded)
        for i, m in enumerate(dates):
            # the times between this date and the next belong to it (those before the first
            # date, to the first)
            lo = m.pos - pos if i else -1
            hi = dates[i + 1].pos - pos if i + 1 < len(dates) else len(sentence) + 1
            mine = [t for t in times if lo <= t[0] < hi and not (m.pos - pos <= t[0] < m.end_pos - pos)]
            if mine:
                m.start_time, m.end_time = mine[0][1], mine[0][2]
            m.place, m.city = place, city
            m.evidence += call - general
            m.past = m.past or (past and not m.weekday and m.start_time is None)
        out += dates
        previous = dates
    return out


def _same_day(mentions: list[_Mention]) -> None:
    """``le 25 mai`` in a text that says ``samedi 25 mai`` elsewhere is that Saturday: a
    day written without weekday nor year takes the year of the same day written with one."""
    known = {(m.first.month, m.first.day): m.first for m in mentions
             if m.last is None and (m.weekday or m.explicit_year)}
    for m in mentions:
        if m.last is None and m.weekday is None and not m.explicit_year:
            day = known.get((m.first.month, m.first.day))
            if day is not None and day != m.first:
                m.first = day


def _merge(mentions: list[_Mention]) -> list[_Mention]:
    """One event per day, the best-evidenced mention first with what the others add (the
    title's ``Samedi 25 mai`` and the paragraph's ``de 13h à 18h au parc du Thabor``)."""
    by_day: dict[tuple[date, date | None], list[_Mention]] = {}
    for m in mentions:
        by_day.setdefault((m.first, m.last), []).append(m)
    merged: list[tuple[int, int, _Mention]] = []
    for group in by_day.values():
        group.sort(key=lambda x: (-_score(x), x.pos))
        best = group[0]
        score = _score(best)
        for other in group[1:]:
            if best.start_time is None and other.start_time is not None:
                best.start_time, best.end_time = other.start_time, other.end_time
            if best.end_time is None and other.end_time is not None and \
                    best.start_time is not None and other.end_time > best.start_time and \
                    other.start_time in (None, best.start_time):
                best.end_time = other.end_time
            if best.place is None and other.place:
                best.place = other.place
            if best.city is None and other.city:
                best.city = other.city
        score = max(score, _score(best)) + len(group) - 1
        merged.append((score, min(x.pos for x in group), best))
    merged.sort(key=lambda x: (-x[0], x[1]))
    return [m for _s, _p, m in merged]


def _found(m: _Mention) -> FoundEvent:
    text = " ".join(m.sentence.split())
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT - 1].rsplit(" ", 1)[0] + "…"
    if m.last is not None and m.start_time is None:
        return FoundEvent(datetime.combine(m.first, time(0)), datetime.combine(m.last, time(0)),
                          True, m.place, m.city, m.year_guessed, text)
    if m.start_time is None:
        return FoundEvent(datetime.combine(m.first, time(0)), None, True, m.place, m.city,
                          m.year_guessed, text)
    start = datetime.combine(m.first, m.start_time)
    end = None
    if m.end_time is not None:
        end = datetime.combine(m.last or m.first, m.end_time)
        if end <= start:
            end += timedelta(days=1)
            if end - start > timedelta(hours=12):
                end = None
    return FoundEvent(start, end, False, m.place, m.city, m.year_guessed, text)
