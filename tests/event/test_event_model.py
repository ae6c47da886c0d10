"""The Event model: its invariants, its JSON form, and Document.event round trips."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from event_helpers import MONTREAL, PARIS

from pancarte.errors import DocumentError, PancarteError
from pancarte.event.errors import EventError
from pancarte.event.model import Event, ProgrammeItem
from pancarte.model.document import Document
from pancarte.model.fileformat import load_document, save_document
from pancarte.model.templates import load_template

FULL = Event(
    title="Pique-nique, jeux et musique",
    start=datetime(2024, 5, 25, 13, tzinfo=PARIS),
    end=datetime(2024, 5, 25, 18, tzinfo=PARIS),
    place="Parc du Thabor",
    address="Place Saint-Mélaine, 35000 Rennes",
    geo=(48.1147, -1.6694),
    url="https://exemple.org/pique-nique",
    organiser="Collectif Vélo",
    contact="velo@exemple.org",
    programme=(ProgrammeItem("accueil", time(13)), ProgrammeItem("concert", time(16, 30)),
               ProgrammeItem("rangement")),
    description="Un après-midi au parc.\nApportez un plat.",
    uid="abc@exemple.org",
)


def test_event_error_is_a_pancarte_error():
    assert issubclass(EventError, PancarteError)


@pytest.mark.parametrize("event", [
    FULL,
    Event(),
    Event(title="Sans date", place="Mairie"),
    Event(start=date(2024, 9, 2), end=date(2024, 9, 6)),
    Event(start=date(2024, 6, 1)),
    Event(start=datetime(2024, 10, 19, 14, tzinfo=MONTREAL)),
    Event(start=datetime(2024, 5, 25, 11, tzinfo=UTC),
          end=datetime(2024, 5, 25, 16, tzinfo=UTC)),
    Event(start=datetime(2024, 5, 25, 13, tzinfo=timezone(timedelta(hours=2)))),
])
def test_round_trip(event):
    data = event.to_dict()
    back = Event.from_dict(data)
    assert back == event
    assert back.to_dict() == data
    if event.timed and event.zone in (PARIS, MONTREAL):
        assert back.zone == event.zone  # the zone's name survives, not only its offset


def test_json_form_is_readable():
    data = FULL.to_dict()
    assert data["start"] == "2024-05-25T13:00:00+02:00"
    assert data["tz"] == "Europe/Paris"
    assert data["geo"] == [48.1147, -1.6694]
    assert data["programme"][1] == {"label": "concert", "time": "16:30"}
    assert "end" not in Event(start=date(2024, 6, 1)).to_dict()
    assert Event().to_dict() == {}


@pytest.mark.parametrize("kwargs", [
    {"start": datetime(2024, 5, 25, 13)},  # naive
    {"end": datetime(2024, 5, 25, 13, tzinfo=PARIS)},  # end without start
    {"start": datetime(2024, 5, 25, 13, tzinfo=PARIS), "end": datetime(2024, 5, 25, 12,
                                                                       tzinfo=PARIS)},
    {"start": datetime(2024, 5, 25, 13, tzinfo=PARIS), "end": datetime(2024, 5, 25, 13,
                                                                       tzinfo=PARIS)},
    {"start": datetime(2024, 5, 25, 13, tzinfo=PARIS), "end": date(2024, 5, 26)},
    {"start": date(2024, 5, 25), "end": datetime(2024, 5, 26, tzinfo=PARIS)},
    {"start": date(2024, 5, 25), "end": date(2024, 5, 24)},
    {"start": "2024-05-25"},
    {"geo": (91.0, 0.0)},
    {"geo": (0.0, float("nan"))},
])
def test_invariants(kwargs):
    with pytest.raises(EventError):
        Event(**kwargs)


def test_queries():
    assert FULL.timed and not FULL.all_day
    assert FULL.first_day == FULL.last_day == date(2024, 5, 25)
    allday = Event(start=date(2024, 9, 2), end=date(2024, 9, 6))
    assert allday.all_day and allday.zone is None and allday.last_day == date(2024, 9, 6)
    night = Event(start=datetime(2024, 5, 25, 20, tzinfo=PARIS),
                  end=datetime(2024, 5, 26, 0, tzinfo=PARIS))
    assert night.last_day == date(2024, 5, 25)  # ending at midnight is still the 25th


@pytest.mark.parametrize("data", [
    [],
    {"title": 3},
    {"title": "x" * 5000},
    {"title": "a\x00b"},
    {"start": "25/05/2024"},
    {"start": "2024-05-25T13:00:00"},  # no offset
    {"start": "2024-05-25T13:00:00+02:00", "tz": "Mars/Olympus"},
    {"start": "2024-05-25T13:00:00+02:00", "tz": "../../etc/passwd"},
    {"start": "2024-05-25T13:00:00+02:00", "end": "2024-05-25T12:00:00+02:00"},
    {"end": "2024-05-25"},
    {"geo": [48.1]},
    {"geo": ["48", "-1"]},
    {"geo": [True, 1]},
    {"geo": [100, 1]},
    {"programme": {"a": 1}},
    {"programme": [{"label": "x"}] * 101},
    {"programme": ["14 h : accueil"]},
    {"programme": [{"label": "x", "time": "25:00"}]},
])
def test_from_dict_refuses_bad_data(data):
    with pytest.raises(EventError):
        Event.from_dict(data)


def test_from_dict_converts_to_the_named_zone():
    e = Event.from_dict({"start": "2024-05-25T11:00:00+00:00", "tz": "Europe/Paris"})
    assert e.start == datetime(2024, 5, 25, 13, tzinfo=PARIS) and e.zone == PARIS


# --------------------------------------------------------------------------------------------
# Document.event


def test_document_event_round_trips_in_json_and_file(tmp_path):
    doc = replace(load_template("poster-a4"), event=FULL.to_dict())
    data = doc.to_dict()
    assert data["event"] == FULL.to_dict()
    assert Document.from_dict(data) == doc
    path = tmp_path / "affiche.pancarte"
    save_document(doc, path)
    loaded = load_document(path)
    assert loaded.event == FULL.to_dict()
    assert Event.from_dict(loaded.event) == FULL


def test_document_without_event_is_unchanged():
    doc = load_template("poster-a4")
    assert doc.event is None
    assert "event" not in doc.to_dict()  # files written before stay byte-identical
    assert Document.from_dict(doc.to_dict()).event is None


@pytest.mark.parametrize("event", [
    "samedi",
    [1, 2],
    {"title": "x" * 20_001},
    {"a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}},
    {"programme": [{"label": "x"}] * 2500},
    {"geo": [float("inf"), 0]},
    {"title": "a\x00"},
])
def test_document_refuses_a_bad_event(event):
    data = load_template("poster-a4").to_dict()
    data["event"] = event
    with pytest.raises(DocumentError):
        Document.from_dict(data)
