"""Events from .ics files as Nextcloud, Framagenda, Mobilizon and Démosphère export them,
and clear errors for the files that are not."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from event_helpers import ICS, MONTREAL, PARIS

from pancarte.event.errors import EventError
from pancarte.event.ical import (
    MAX_ICS_BYTES,
    parse_ics,
    programme_from_text,
    read_ics,
    split_location,
)
from pancarte.event.model import ProgrammeItem


def one(name: str, **kwargs):
    result = read_ics(ICS / name, **kwargs)
    assert len(result.events) == 1
    return result.events[0]


def test_fixtures_are_crlf():
    for path in ICS.glob("*.ics"):
        data = path.read_bytes()
        if data.startswith(b"BEGIN:VCALENDAR"):
            assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b""), path.name


def test_nextcloud_paris_tzid_escapes_folding_geo_url():
    e = one("nextcloud-paris.ics")
    assert e.start == datetime(2024, 5, 25, 13, tzinfo=PARIS)
    assert e.end == datetime(2024, 5, 25, 18, tzinfo=PARIS)
    assert e.zone == PARIS
    assert e.title == "Pique-nique, jeux et musique; venez nombreux !"  # \, and \; unescaped
    assert (e.place, e.address) == ("Parc du Thabor", "Place Saint-Mélaine, 35000 Rennes")
    assert e.geo == (48.1147, -1.6694)
    assert e.url == "https://exemple.org/pique-nique-thabor"
    assert e.organiser == "Collectif Vélo Rennes"
    assert e.contact == "velo-rennes@exemple.org"
    assert e.uid == "8f2c1d0e-9a4b-4c1e-bb0a-2a7e5c3d9f10"
    # folded lines joined, \n made newlines
    assert e.description.startswith("Un après-midi pour se retrouver au parc, avec les enfants "
                                    "et les voisins.\n\nProgramme :\n• 13 h : accueil")
    assert "Apportez un plat à partager; eau et café offerts." in e.description
    assert e.programme == (ProgrammeItem("accueil et pique-nique partagé", time(13)),
                           ProgrammeItem("jeux pour les enfants", time(14, 30)),
                           ProgrammeItem("concert de la fanfare", time(16)))


def test_montreal_keeps_its_zone_whatever_the_local_one():
    e = one("framagenda-montreal.ics", tz=PARIS)
    assert e.start == datetime(2024, 10, 19, 14, tzinfo=MONTREAL)
    assert e.zone == MONTREAL and e.start.utcoffset().total_seconds() == -4 * 3600
    assert (e.place, e.address) == ("Place Émilie-Gamelin", "Rue Berri, Montréal")  # \n, \,
    assert e.geo == (45.515, -73.5617)


def test_utc_times_shown_in_the_given_zone():
    e = one("mobilizon-utc.ics", tz=PARIS)
    assert e.start == datetime(2024, 6, 14, 19, tzinfo=PARIS) and e.zone == PARIS
    assert e.end == datetime(2024, 6, 14, 21, 30, tzinfo=PARIS)
    e = one("mobilizon-utc.ics", tz=MONTREAL)
    assert e.start.hour == 13 and e.zone == MONTREAL


def test_utc_times_without_a_zone_use_the_system_one(monkeypatch):
    monkeypatch.setenv("TZ", "America/Montreal")
    e = one("mobilizon-utc.ics")
    assert e.zone == MONTREAL and e.start.hour == 13


def test_utc_times_use_the_zone_the_calendar_names(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    events = read_ics(ICS / "several.ics").events  # its other events are in Europe/Paris
    assert events[0].start == datetime(2024, 5, 25, 13, tzinfo=PARIS)
    data = (ICS / "mobilizon-utc.ics").read_bytes().replace(
        b"METHOD:PUBLISH\r\n", b"METHOD:PUBLISH\r\nX-WR-TIMEZONE:Europe/Paris\r\n")
    assert parse_ics(data).events[0].start == datetime(2024, 6, 14, 19, tzinfo=PARIS)


def test_mobilizon_html_description_and_location_parts():
    e = one("mobilizon-utc.ics", tz=PARIS)
    assert e.title == "Réunion publique : quel avenir pour la ligne 12 ?"
    assert (e.place, e.address) == ("Salle des fêtes", "12 rue Jean-Moulin, 35200 Rennes, France")
    assert e.description == "La métropole veut supprimer notre bus.\nVenez en parler, entrée libre."
    assert e.url.startswith("https://mobilizon.exemple.org/events/")


def test_all_day_single_and_several_days():
    e = one("allday.ics")
    assert e.all_day and e.start == date(2024, 6, 1) and e.end is None
    e = one("multiday.ics")
    assert (e.start, e.end) == (date(2024, 9, 2), date(2024, 9, 6))  # DTEND 7th, exclusive


def test_several_events_pick_by_index_or_uid():
    f = read_ics(ICS / "several.ics", tz=PARIS)
    assert [e.uid for e in f.events] == ["several-1@exemple.org", "several-2@exemple.org",
                                         "several-3@exemple.org"]
    first, notes = f.pick()
    assert first.uid == "several-1@exemple.org"
    assert notes and "3 events" in notes[0] and "--event-index" in notes[0]
    second, notes = f.pick(index=2)
    assert second.title == "Bal de la fête de la musique" and not notes
    assert second.end == datetime(2024, 6, 22, 2, tzinfo=PARIS)
    third, _ = f.pick(uid="several-3@exemple.org")
    assert third.end == datetime(2024, 9, 14, 12, 30, tzinfo=PARIS)  # from DURATION
    assert any("repeats" in n for n in f.warnings)  # RRULE: first date only
    assert f.pick(index=3)[1] == list(f.notes[2]) and not f.notes[0]
    with pytest.raises(EventError, match="number 4"):
        f.pick(index=4)
    with pytest.raises(EventError, match="several-1@exemple.org"):
        f.pick(uid="nope")
    with pytest.raises(EventError):
        f.pick(index=1, uid="several-1@exemple.org")


@pytest.mark.parametrize("name, words", [
    ("malformed-dtstart.ics", "DTSTART"),
    ("malformed-lines.ics", "not a valid iCalendar"),
    ("no-event.ics", "no event"),
    ("no-start.ics", "no start"),
    ("not-calendar.ics", "not an iCalendar file"),
])
def test_malformed_files_are_clear_errors(name, words):
    with pytest.raises(EventError, match=words):
        read_ics(ICS / name)


def test_binary_large_missing_and_folder(tmp_path):
    png = tmp_path / "photo.ics"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(EventError, match="not a text file"):
        read_ics(png)
    big = tmp_path / "big.ics"
    block = (ICS / "allday.ics").read_bytes()
    big.write_bytes(block * (MAX_ICS_BYTES // len(block) + 2))
    with pytest.raises(EventError, match="too large"):
        read_ics(big)
    with pytest.raises(EventError, match="cannot read"):
        read_ics(tmp_path / "absent.ics")
    with pytest.raises(EventError, match="folder"):
        read_ics(tmp_path)
    with pytest.raises(EventError):
        parse_ics(b"")
    with pytest.raises(EventError, match="not a text file"):
        parse_ics(b"BEGIN:VCALENDAR\r\n\x01\x02\x03garbage")


def test_bom_latin1_bare_vevent_and_tolerated_oddities():
    data = ("\ufeffBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240601\r\n"
            "SUMMARY:Fête\r\nGEO:abc\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    f = parse_ics(data.encode("utf-8"))
    assert f.events[0].title == "Fête" and f.events[0].geo is None
    assert any("GEO" in n for n in f.warnings)
    assert parse_ics(data.encode("utf-8").replace(b"\xef\xbb\xbf", b"").replace(
        "ê".encode(), "ê".encode("latin-1"))).events[0].title == "Fête"
    bare = b"BEGIN:VEVENT\r\nDTSTART:20240525T110000Z\r\nSUMMARY:Nu\r\nEND:VEVENT\r\n"
    assert parse_ics(bare, tz=PARIS).events[0].start == datetime(2024, 5, 25, 13, tzinfo=PARIS)


def test_unknown_tzid_and_floating_times_read_in_the_local_zone():
    data = (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Mars/Olympus:20240525T130000\r\n"
            b"DTEND:20240525T150000\r\nSUMMARY:Ailleurs\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    f = parse_ics(data, tz=PARIS)
    assert f.events[0].start == datetime(2024, 5, 25, 13, tzinfo=PARIS)
    assert f.events[0].end == datetime(2024, 5, 25, 15, tzinfo=PARIS)
    assert any("Mars/Olympus" in n for n in f.warnings)


def test_end_before_start_and_cancelled():
    data = (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20240525T130000Z\r\n"
            b"DTEND:20240525T120000Z\r\nSTATUS:CANCELLED\r\nSUMMARY:X\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n")
    f = parse_ics(data, tz=PARIS)
    assert f.events[0].end is None
    assert any("ends before" in n for n in f.warnings)
    assert any("cancelled" in n for n in f.warnings)
    mixed = data.replace(b"DTEND:20240525T120000Z", b"DTEND;VALUE=DATE:20240526")
    with pytest.raises(EventError, match="date"):
        parse_ics(mixed, tz=PARIS)


@pytest.mark.parametrize("text, expected", [
    ("Parc du Thabor, Rennes", ("Parc du Thabor", "Rennes")),
    ("Parc du Thabor", ("Parc du Thabor", "")),
    ("Salle des fêtes, 12 rue Jean-Moulin, Rennes", ("Salle des fêtes", "12 rue Jean-Moulin, Rennes")),
    ("Place Émilie-Gamelin\nRue Berri, Montréal", ("Place Émilie-Gamelin", "Rue Berri, Montréal")),
    ("  ", ("", "")),
])
def test_split_location(text, expected):
    assert split_location(text) == expected


def test_programme_from_text():
    text = "Au programme\n• 11 h : chaîne humaine\n- 12h30 – pique-nique\n14:00 : balade\nfin"
    assert programme_from_text(text) == (ProgrammeItem("chaîne humaine", time(11)),
                                         ProgrammeItem("pique-nique", time(12, 30)),
                                         ProgrammeItem("balade", time(14)))
    assert programme_from_text("Rendez-vous à 14 h devant la mairie") == ()
    assert programme_from_text("• 14 h : une seule ligne") == ()  # one line is no programme


def test_damaged_files_raise_only_event_errors():
    """Truncated, spliced and bit-flipped copies of every fixture: an event or an EventError,
    never another exception."""
    import random

    rng = random.Random(5545)
    sources = [p.read_bytes() for p in sorted(ICS.glob("*.ics"))]
    for n in range(300):
        data = bytearray(rng.choice(sources))
        kind = n % 4
        if kind == 0:
            data = data[: rng.randrange(len(data))]
        elif kind == 1:
            for _ in range(rng.randrange(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(32, 127)
        elif kind == 2:
            other = rng.choice(sources)
            cut = rng.randrange(len(other))
            data = data[: rng.randrange(len(data))] + other[cut:]
        else:
            lines = bytes(data).split(b"\r\n")
            rng.shuffle(lines)
            data = bytearray(b"\r\n".join(lines))
        try:
            result = parse_ics(bytes(data), tz=PARIS)
        except EventError:
            continue
        for event in result.events:
            assert event.start is not None
