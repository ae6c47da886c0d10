"""Typed events: --when, --where, --geo, --event-url, and the system's time zone."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from event_helpers import MONTREAL, PARIS

from pancarte.event.errors import EventError
from pancarte.event.model import Event
from pancarte.event.typed import (
    When,
    parse_geo,
    parse_url,
    parse_when,
    parse_where,
    typed_event,
)
from pancarte.event.zones import FALLBACK_ZONE, system_zone, zone


@pytest.mark.parametrize("text, start, end", [
    ("2024-05-25", date(2024, 5, 25), None),
    ("2024-05-25/2024-05-25", date(2024, 5, 25), None),
    ("2024-09-02/2024-09-06", date(2024, 9, 2), date(2024, 9, 6)),
    ("2024-05-25 13:00", datetime(2024, 5, 25, 13), None),
    ("2024-05-25T14:30", datetime(2024, 5, 25, 14, 30), None),
    ("2024-05-25 13:00/18:00", datetime(2024, 5, 25, 13), datetime(2024, 5, 25, 18)),
    (" 2024-05-25 13h / 18h30 ", datetime(2024, 5, 25, 13), datetime(2024, 5, 25, 18, 30)),
    ("2024-05-25 13 h 15/18 h", datetime(2024, 5, 25, 13, 15), datetime(2024, 5, 25, 18)),
    ("2024-05-25 22:00/2024-05-26 02:00", datetime(2024, 5, 25, 22), datetime(2024, 5, 26, 2)),
    ("2024-05-25 22:00/02:00", datetime(2024, 5, 25, 22), datetime(2024, 5, 26, 2)),
    ("2024-5-5 9:00/12:00", datetime(2024, 5, 5, 9), datetime(2024, 5, 5, 12)),
    ("2024-12-31 20:00/2025-01-01 03:00", datetime(2024, 12, 31, 20), datetime(2025, 1, 1, 3)),
])
def test_parse_when(text, start, end):
    assert parse_when(text) == When(start, end)


@pytest.mark.parametrize("text", [
    "", "samedi", "25/05/2024", "2024-05-25 25:00", "2024-02-30", "2024-05-25 13:60",
    "2024-05-25/18:00", "2024-05-25 13:00/2024-05-26", "2024-05-25/2024-05-26 10:00",
    "2024-05-25 13:00/", "2024-05-25 13:00/18:00/20:00", "2024-05-26/2024-05-25",
    "2024-05-25 13:00/2024-05-25 12:00", "2024-05-25 13:00/13:00", "1800-01-01",
    "2024-01-01/2026-01-01",
])
def test_parse_when_refuses(text):
    with pytest.raises(EventError, match="--when"):
        parse_when(text)


def test_when_in_zone_keeps_wall_clock_times():
    start, end = parse_when("2024-05-25 13:00/18:00").in_zone(PARIS)
    assert start == datetime(2024, 5, 25, 13, tzinfo=PARIS)
    assert start.utcoffset().total_seconds() == 7200
    assert parse_when("2024-09-02/2024-09-06").in_zone(PARIS) == (date(2024, 9, 2),
                                                                  date(2024, 9, 6))


@pytest.mark.parametrize("text, expected", [
    ("Parc du Thabor, Rennes", ("Parc du Thabor", "Rennes")),
    ("Mairie", ("Mairie", "")),
    ("  Salle des fêtes ,  12 rue Jean-Moulin, Rennes ",
     ("Salle des fêtes", "12 rue Jean-Moulin, Rennes")),
])
def test_parse_where(text, expected):
    assert parse_where(text) == expected


def test_parse_where_refuses_empty():
    with pytest.raises(EventError):
        parse_where("  ")


@pytest.mark.parametrize("text, expected", [
    ("48.1147,-1.6694", (48.1147, -1.6694)),
    ("48.1147, -1.6694", (48.1147, -1.6694)),
    ("48.1147;-1.6694", (48.1147, -1.6694)),
    ("geo:-21.1151,55.5364", (-21.1151, 55.5364)),
    ("48,1147, -1,6694", (48.1147, -1.6694)),
    ("45 -73", (45.0, -73.0)),
])
def test_parse_geo(text, expected):
    assert parse_geo(text) == expected


@pytest.mark.parametrize("text", ["", "48.1", "91,0", "0,181", "nord,ouest", "1,2,3,4,5"])
def test_parse_geo_refuses(text):
    with pytest.raises(EventError, match="--geo"):
        parse_geo(text)


@pytest.mark.parametrize("text, expected", [
    ("https://exemple.org/fete", "https://exemple.org/fete"),
    ("exemple.org/fete?x=1", "https://exemple.org/fete?x=1"),
    ("http://exemple.org", "http://exemple.org"),
])
def test_parse_url(text, expected):
    assert parse_url(text) == expected


@pytest.mark.parametrize("text", ["", "pas une adresse", "ftp://exemple.org", "javascript:x",
                                  "exemple", "https://exe mple.org"])
def test_parse_url_refuses(text):
    with pytest.raises(EventError):
        parse_url(text)


def test_typed_event_overrides_a_file_event():
    base = Event(title="Fichier", start=datetime(2024, 10, 19, 14, tzinfo=MONTREAL),
                 place="Place Émilie-Gamelin", url="https://a.exemple.org")
    e = typed_event(base, when=parse_when("2024-10-20 15:00/17:00"), title=" Nouveau  titre ",
                    url="https://b.exemple.org", geo=(45.5, -73.6))
    assert e.start == datetime(2024, 10, 20, 15, tzinfo=MONTREAL)  # the file's zone
    assert e.title == "Nouveau titre" and e.place == "Place Émilie-Gamelin"
    assert e.url == "https://b.exemple.org" and e.geo == (45.5, -73.6)
    e = typed_event(None, when=parse_when("2024-05-25 13:00"), tz=PARIS,
                    where=("Parc du Thabor", "Rennes"))
    assert e.start.tzinfo == PARIS and (e.place, e.address) == ("Parc du Thabor", "Rennes")
    with pytest.raises(EventError):
        typed_event(None, when=parse_when("2024-05-25 13:00"))


# --------------------------------------------------------------------------------------------
# Zones


def test_zone_lookup_is_safe():
    assert zone("Europe/Paris") == PARIS
    for bad in ("Mars/Olympus", "../etc/passwd", "/etc/localtime", "", "Europe/../../x"):
        assert zone(bad) is None


def test_system_zone(tmp_path):
    etc = tmp_path / "etc"
    etc.mkdir()
    assert system_zone({}, etc).key == FALLBACK_ZONE
    assert system_zone({"TZ": "America/Montreal"}, etc) == MONTREAL
    assert system_zone({"TZ": ":/usr/share/zoneinfo/Asia/Tokyo"}, etc).key == "Asia/Tokyo"
    assert system_zone({"TZ": "Mars/Olympus"}, etc).key == FALLBACK_ZONE
    os.symlink("/usr/share/zoneinfo/America/Montreal", etc / "localtime")
    assert system_zone({}, etc) == MONTREAL
    (etc / "timezone").write_text("Europe/Brussels\n")
    assert system_zone({}, etc) == ZoneInfo("Europe/Brussels")
    assert system_zone({"TZ": "Asia/Tokyo"}, etc).key == "Asia/Tokyo"
