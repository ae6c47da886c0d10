"""QR payloads: the bare VEVENT (CRLF, RFC 5545 escaping and folding), geo:, short URLs."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from event_helpers import ICS, MONTREAL, PARIS

from pancarte.event.errors import EventError
from pancarte.event.ical import parse_ics, read_ics
from pancarte.event.model import Event
from pancarte.event.payload import (
    CRLF,
    escape_text,
    fold,
    geo_uri,
    short_url,
    shorten,
    vevent,
    vevent_variants,
)

THABOR = read_ics(ICS / "nextcloud-paris.ics").events[0]


def test_vevent_exact_text():
    e = Event(title="Fête, jeux; et \\ rires", start=datetime(2024, 5, 25, 13, tzinfo=PARIS),
              end=datetime(2024, 5, 25, 18, tzinfo=PARIS), place="Parc du Thabor",
              address="Rennes", geo=(48.1147, -1.6694), url="https://exemple.org/a,b",
              description="Ligne un\nLigne deux")
    assert vevent(e) == CRLF.join([
        "BEGIN:VEVENT",
        "SUMMARY:Fête\\, jeux\\; et \\\\ rires",
        "DTSTART:20240525T110000Z",
        "DTEND:20240525T160000Z",
        "LOCATION:Parc du Thabor\\, Rennes",
        "GEO:48.1147;-1.6694",
        "URL:https://exemple.org/a,b",
        "DESCRIPTION:Ligne un Ligne deux",
        "END:VEVENT",
        "",
    ])


def test_vevent_all_day_and_open_end():
    e = Event(title="Grève", start=date(2024, 9, 2), end=date(2024, 9, 6))
    text = vevent(e)
    assert "DTSTART;VALUE=DATE:20240902\r\n" in text
    assert "DTEND;VALUE=DATE:20240907\r\n" in text  # the day after the last, as RFC 5545 says
    one = vevent(Event(start=date(2024, 6, 1)))
    assert "DTEND;VALUE=DATE:20240602\r\n" in one
    open_end = vevent(Event(start=datetime(2024, 10, 19, 14, tzinfo=MONTREAL)))
    assert "DTSTART:20241019T180000Z\r\n" in open_end and "DTEND" not in open_end
    with pytest.raises(EventError):
        vevent(Event(title="Sans date"))


def test_escape_text():
    assert escape_text("a,b;c\\d\ne\r\nf\x07") == "a\\,b\\;c\\\\d\\ne\\nf"


@pytest.mark.parametrize("line", [
    "DESCRIPTION:" + "a" * 200,
    "DESCRIPTION:" + "é" * 100,
    "SUMMARY:" + "x" * 66 + "\\,\\,\\,\\,\\,\\," + "y" * 80,
    "LOCATION:" + "🎉" * 40,
    "SUMMARY:" + "a" * 67,
])
def test_fold(line):
    folded = fold(line)
    pieces = folded.split(CRLF)
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert folded.replace(CRLF + " ", "") == line  # unfolding gives the line back
    assert not any(p.endswith("\\") and not p.endswith("\\\\") for p in pieces[:-1])


def test_every_vevent_line_is_crlf_and_at_most_75_octets():
    for text in vevent_variants(THABOR):
        assert text.startswith("BEGIN:VEVENT\r\n") and text.endswith("END:VEVENT\r\n")
        assert "\n" not in text.replace("\r\n", "")
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_vevent_reads_back_as_the_same_event():
    for source in (THABOR, read_ics(ICS / "multiday.ics").events[0],
                   read_ics(ICS / "framagenda-montreal.ics").events[0]):
        back = parse_ics(vevent(source, description=5000).encode(), tz=source.zone or PARIS)
        e = back.events[0]
        assert (e.title, e.start, e.end, e.geo, e.url) == (
            source.title, source.start, source.end, source.geo, source.url)
        assert ", ".join(p for p in (e.place, e.address) if p) == ", ".join(
            p for p in (source.place, source.address) if p)


def test_variants_get_smaller():
    variants = vevent_variants(THABOR)
    sizes = [len(v.encode()) for v in variants]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes)
    assert "DESCRIPTION:" in variants[0] and "DESCRIPTION:" not in variants[-1]
    assert "GEO:" not in variants[-1] and "URL:" not in variants[-1]
    assert all("SUMMARY:" in v and "DTSTART:" in v and "LOCATION:" in v for v in variants)


def test_shorten():
    assert shorten("court", 20) == "court"
    text = shorten("Un après-midi pour se retrouver au parc, avec les enfants", 30)
    assert len(text) <= 30 and text.endswith("…") and text.startswith("Un après-midi")
    assert shorten("a\n\nb", 10) == "a b"


def test_geo_and_short_url():
    assert geo_uri(THABOR) == "geo:48.1147,-1.6694"
    assert geo_uri(Event(geo=(-21.0, 55.5))) == "geo:-21,55.5"
    with pytest.raises(EventError):
        geo_uri(Event())
    assert short_url("https://www.exemple.org/fete/") == "exemple.org/fete"
    assert short_url("http://exemple.org") == "exemple.org"
