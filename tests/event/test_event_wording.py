"""The event in words: French by default (Babel's names, Imprimerie nationale habits), the
compact activist style, and English."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from event_helpers import MONTREAL, PARIS

from pancarte.event.model import Event, ProgrammeItem
from pancarte.event.wording import (
    clock,
    day,
    day_range,
    event_lines,
    lang_of,
    programme_lines,
    when_lines,
)


def at(y, mo, d, h=0, mi=0, tz=PARIS):
    return datetime(y, mo, d, h, mi, tzinfo=tz)


@pytest.mark.parametrize("t, long, compact", [
    (time(13), "13 h", "13 h"),
    (time(14, 30), "14 h 30", "14 h 30"),
    (time(9, 5), "9 h 05", "9 h 05"),
    (time(0), "minuit", "minuit"),
    (time(0, 30), "0 h 30", "0 h 30"),
    (time(12), "12 h", "12 h"),
    (time(23, 59), "23 h 59", "23 h 59"),
])
def test_clock_fr(t, long, compact):
    assert clock(t, "fr") == long
    assert clock(t, "fr", "compact") == compact


@pytest.mark.parametrize("t, long, compact", [
    (time(13), "1 PM", "1pm"),
    (time(14, 30), "2:30 PM", "2:30pm"),
    (time(9, 5), "9:05 AM", "9:05am"),
    (time(0), "midnight", "12am"),
])
def test_clock_en(t, long, compact):
    assert clock(t, "en") == long
    assert clock(t, "en", "compact") == compact


@pytest.mark.parametrize("d, fr, en", [
    (date(2024, 5, 25), "samedi 25 mai 2024", "Saturday, May 25, 2024"),
    (date(2024, 6, 1), "samedi 1er juin 2024", "Saturday, June 1, 2024"),
    (date(2024, 8, 15), "jeudi 15 août 2024", "Thursday, August 15, 2024"),
    (date(2025, 2, 3), "lundi 3 février 2025", "Monday, February 3, 2025"),
    (date(2024, 12, 1), "dimanche 1er décembre 2024", "Sunday, December 1, 2024"),
])
def test_day(d, fr, en):
    assert day(d, "fr") == fr
    assert day(d, "en") == en


@pytest.mark.parametrize("first, last, fr, en", [
    (date(2024, 9, 2), date(2024, 9, 6), "du 2 au 6 septembre 2024", "September 2–6, 2024"),
    (date(2024, 6, 1), date(2024, 6, 2), "du 1er au 2 juin 2024", "June 1–2, 2024"),
    (date(2024, 9, 30), date(2024, 10, 4), "du 30 septembre au 4 octobre 2024",
     "September 30 – October 4, 2024"),
    (date(2024, 5, 31), date(2024, 6, 1), "du 31 mai au 1er juin 2024",
     "May 31 – June 1, 2024"),
    (date(2024, 12, 30), date(2025, 1, 3), "du 30 décembre 2024 au 3 janvier 2025",
     "December 30, 2024 – January 3, 2025"),
    (date(2024, 9, 2), date(2024, 9, 2), "lundi 2 septembre 2024", "Monday, September 2, 2024"),
])
def test_day_range(first, last, fr, en):
    assert day_range(first, last, "fr") == fr
    assert day_range(first, last, "en") == en


CASES = [
    # (event, fr long, fr compact, en long)
    (Event(start=at(2024, 5, 25, 13), end=at(2024, 5, 25, 18)),
     ["samedi 25 mai 2024", "de 13 h à 18 h"], ["samedi 25 mai 2024", "13 h–18 h"],
     ["Saturday, May 25, 2024", "1 PM – 6 PM"]),
    (Event(start=at(2024, 5, 25, 14, 30)),
     ["samedi 25 mai 2024", "à 14 h 30"], ["samedi 25 mai 2024", "14 h 30"],
     ["Saturday, May 25, 2024", "at 2:30 PM"]),
    (Event(start=at(2024, 5, 25, 9, 15), end=at(2024, 5, 25, 12, 45)),
     ["samedi 25 mai 2024", "de 9 h 15 à 12 h 45"], ["samedi 25 mai 2024", "9 h 15–12 h 45"],
     ["Saturday, May 25, 2024", "9:15 AM – 12:45 PM"]),
    # over midnight, within the night: one date
    (Event(start=at(2024, 5, 25, 22), end=at(2024, 5, 26, 2)),
     ["samedi 25 mai 2024", "de 22 h à 2 h"], ["samedi 25 mai 2024", "22 h–2 h"],
     ["Saturday, May 25, 2024", "10 PM – 2 AM"]),
    (Event(start=at(2024, 6, 21, 15), end=at(2024, 6, 22, 0)),
     ["vendredi 21 juin 2024", "de 15 h à minuit"], ["vendredi 21 juin 2024", "15 h–minuit"],
     ["Friday, June 21, 2024", "3 PM – midnight"]),
    (Event(start=at(2024, 12, 31, 21), end=at(2025, 1, 1, 4)),
     ["mardi 31 décembre 2024", "de 21 h à 4 h"], ["mardi 31 décembre 2024", "21 h–4 h"],
     ["Tuesday, December 31, 2024", "9 PM – 4 AM"]),
    # over several days
    (Event(start=at(2024, 5, 25, 14), end=at(2024, 5, 27, 18)),
     ["du samedi 25 mai à 14 h", "au lundi 27 mai 2024 à 18 h"],
     ["du samedi 25 mai, 14 h", "au lundi 27 mai 2024, 18 h"],
     ["from Saturday, May 25, 2 PM", "to Monday, May 27, 2024, 6 PM"]),
    (Event(start=at(2024, 5, 31, 10), end=at(2024, 6, 1, 17, 30)),
     ["du vendredi 31 mai à 10 h", "au samedi 1er juin 2024 à 17 h 30"],
     ["du vendredi 31 mai, 10 h", "au samedi 1er juin 2024, 17 h 30"],
     ["from Friday, May 31, 10 AM", "to Saturday, June 1, 2024, 5:30 PM"]),
    (Event(start=at(2024, 12, 30, 9), end=at(2025, 1, 2, 18)),
     ["du lundi 30 décembre 2024 à 9 h", "au jeudi 2 janvier 2025 à 18 h"],
     ["du lundi 30 décembre 2024, 9 h", "au jeudi 2 janvier 2025, 18 h"],
     ["from Monday, December 30, 2024, 9 AM", "to Thursday, January 2, 2025, 6 PM"]),
    # all day
    (Event(start=date(2024, 6, 1)),
     ["samedi 1er juin 2024"], ["samedi 1er juin 2024"], ["Saturday, June 1, 2024"]),
    (Event(start=date(2024, 9, 2), end=date(2024, 9, 6)),
     ["du 2 au 6 septembre 2024"], ["du 2 au 6 septembre 2024"], ["September 2–6, 2024"]),
    (Event(start=date(2024, 9, 30), end=date(2024, 10, 4)),
     ["du 30 septembre au 4 octobre 2024"], ["du 30 septembre au 4 octobre 2024"],
     ["September 30 – October 4, 2024"]),
    (Event(title="Sans date"), [], [], []),
]


@pytest.mark.parametrize("event, fr_long, fr_compact, en_long", CASES)
def test_when_lines(event, fr_long, fr_compact, en_long):
    assert when_lines(event, "fr") == fr_long
    assert when_lines(event, "fr", "compact") == fr_compact
    assert when_lines(event, "en") == en_long


def test_times_are_worded_in_the_events_zone():
    # 11:00 UTC is 13 h in Paris and 7 h in Montreal
    utc = datetime(2024, 5, 25, 11, tzinfo=UTC)
    assert when_lines(Event(start=utc.astimezone(PARIS)))[1] == "à 13 h"
    assert when_lines(Event(start=utc.astimezone(MONTREAL)))[1] == "à 7 h"
    # an end given in another zone is worded in the start's
    e = Event(start=at(2024, 5, 25, 13), end=datetime(2024, 5, 25, 16, tzinfo=UTC))
    assert when_lines(e)[1] == "de 13 h à 18 h"


def test_event_lines_and_programme():
    e = Event(start=at(2024, 5, 25, 13), end=at(2024, 5, 25, 18), place="Parc du Thabor",
              address="Rennes",
              programme=(ProgrammeItem("accueil", time(13)), ProgrammeItem("jeux", time(14, 30)),
                         ProgrammeItem("et après, on verra")))
    assert event_lines(e) == ["samedi 25 mai 2024", "de 13 h à 18 h", "Parc du Thabor", "Rennes"]
    assert programme_lines(e) == ["13 h : accueil", "14 h 30 : jeux", "et après, on verra"]
    assert programme_lines(e, "fr", "compact")[1] == "14 h 30 : jeux"
    assert programme_lines(e, "en")[1] == "2:30 PM: jeux"
    assert event_lines(Event(place="Mairie")) == ["Mairie"]


def test_lowercase_and_no_leading_zero():
    for _event, fr_long, fr_compact, _en in CASES:
        for line in fr_long + fr_compact:
            assert line == line.lower() or "1er" in line, line
            assert " 0" not in line.replace(" 0 h", "")  # 9 h, not 09 h


def test_lang_of():
    assert lang_of("fr") == lang_of("fr_CA") == lang_of("") == lang_of(None) == "fr"
    assert lang_of("en") == lang_of("en_GB") == "en"
