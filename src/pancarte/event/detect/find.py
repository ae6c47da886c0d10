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
    reader = _Reader(today)
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
        if len(reader.mentions) < MAX_MENTIONS:
            reader.block(prose)
    mentions = reader.mentions
    _same_day(mentions)
    _attach_programme(mentions, programme)
    kept = [m for m in mentions if not m.past and _score(m) >= MIN_EVIDENCE]
    return [_found(m) for m in _merge(kept)][:MAX_EVENTS]


def _sentences(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The sentences of a paragraph's lines, with their positions in the whole text."""
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
    return sentences


class _Reader:
    """The dated mentions of a text, paragraph after paragraph, each with the times and place
    of its sentence — or of the sentences around it that give no date of their own: the next
    sentence of the paragraph (``Rendez-vous à 14 h place de la Mairie.``), and the short
    lines of a poster's block (``Samedi 25 mai`` / ``14h`` / ``Salle Jean-Moulin``), even
    across a blank line; a venue alone on its line (``Bourse du Travail``) also goes to the
    date that follows it when that one names no place."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.mentions: list[_Mention] = []
        self.previous: list[_Mention] = []  # the mentions of the last dated sentence
        self.next_sentence = False  # the sentence being read follows theirs in a paragraph
        self.venue: tuple[str, str | None] | None = None  # a venue alone, just read

    def block(self, lines: list[tuple[int, str]]) -> None:
        self.next_sentence = False
        for pos, sentence in _sentences(lines):
            folded = _fold(sentence)
            dates = _dates(folded, sentence, pos, self.today)
            times = _times(folded)
            place, city = _place(sentence, folded)
            if dates:
                self._dated(dates, sentence, folded, pos, times, (place, city))
            else:
                self._undated(sentence, folded, times, place, city)

    def _undated(self, sentence: str, folded: str, times: list[tuple[int, time, time | None]],
                 place: str | None, city: str | None) -> None:
        short = len(sentence.strip()) <= SHORT_LINE
        gave = False
        if self.previous and (self.next_sentence or short):
            extra = _words(folded)[0]
            for m in self.previous:
                gave = _complete(m, sentence, times, place, city) or gave
                m.evidence += extra
        if not (short and gave):
            self.previous = []
        self.next_sentence = bool(self.previous)
        bare = place is not None and len(sentence.strip(" .,;:!?()[]\u2013\u2014-")) <= (
            len(place) + len(city or "") + 16)
        self.venue = (place, city) if bare and place is not None and short and not gave else None

    def _dated(self, dates: list[_Mention], sentence: str, folded: str, pos: int,
               times: list[tuple[int, time, time | None]],
               where: tuple[str | None, str | None]) -> None:
        call, general, past = _words(folded)
        for i, m in enumerate(dates):
            # the times between this date and the next belong to it (those before the first
            # date, to the first)
            lo = m.pos - pos if i else -1
            hi = dates[i + 1].pos - pos if i + 1 < len(dates) else len(sentence) + 1
            mine = [t for t in times if lo <= t[0] < hi
                    and not (m.pos - pos <= t[0] < m.end_pos - pos)]
            if mine:
                m.start_time, m.end_time = mine[0][1], mine[0][2]
            m.place, m.city = where
            if m.place is None and self.venue is not None:
                m.place, m.city = self.venue[0], m.city or self.venue[1]
            m.evidence += call - general
            m.past = m.past or (past and not m.weekday and m.start_time is None)
        self.mentions += dates
        self.previous = dates
        self.next_sentence = True
        self.venue = None


SHORT_LINE = 80  # characters: a line of a poster's block (a time, a venue), not prose


def _complete(m: _Mention, sentence: str, times: list[tuple[int, time, time | None]],
              place: str | None, city: str | None) -> bool:
    """Give ``m`` the time, place and city of a sentence without date that follows its own;
    whether it took something."""
    took = False
    if m.start_time is None and times:
        m.start_time, m.end_time = times[0][1], times[0][2]
        m.sentence += " " + sentence.strip()
        took = True
    if m.place is None and place:
        m.place = place
        if sentence.strip() not in m.sentence:
            m.sentence += " " + sentence.strip()
        took = True
    if m.city is None and city:
        m.city = city
        took = True
    return took


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
