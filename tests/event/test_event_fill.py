"""The event on the page: title, event frame (or the end of body), programme frame, and the
layout still fits in every template."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest
from event_helpers import ICS, PARIS, texts

from pancarte.event.fill import fill_event
from pancarte.event.ical import read_ics
from pancarte.event.model import Event, ProgrammeItem
from pancarte.layout.engine import LayoutEngine
from pancarte.model.edit import compose, set_text, text_to_paragraphs
from pancarte.model.templates import template_ids

TEMPLATES = template_ids()
THABOR = read_ics(ICS / "nextcloud-paris.ics").events[0]
LINES = ["Samedi 25 mai 2024", "de 13 h à 18 h", "Parc du Thabor",
         "Place Saint-Mélaine, 35000 Rennes"]
PROGRAMME = ["Au programme", "13 h : accueil et pique-nique partagé",
             "14 h 30 : jeux pour les enfants", "16 h : concert de la fanfare"]


def frame_names(doc) -> set[str]:
    return {f.name for p in doc.pages for f in p.frames}


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_gets_the_event_and_still_fits(template):
    doc, notes = fill_event(compose(template, sample=True), THABOR)
    assert not notes
    names = frame_names(doc)
    if "event" in names:
        assert texts(doc, "event") == LINES
        roles = {p.role for _, f in doc.frames_named("event") for p in f.paragraphs}
        assert roles == {"event"}
    else:  # placards: the event ends the body (the sample body it replaces was a stand-in)
        assert texts(doc, "body") == LINES + PROGRAMME
    if "programme" in names:
        assert texts(doc, "programme") == PROGRAMME
        items = [p for _, f in doc.frames_named("programme") for p in f.paragraphs]
        assert [p.role for p in items] == ["paragraph"] + ["list_item"] * 3
        assert all(p.marker == "•" for p in items[1:])
    elif "event" in names:
        assert texts(doc, "body")[-4:] == PROGRAMME
    assert texts(doc, "title") == [THABOR.title]  # the sample title gave way
    assert doc.event == THABOR.to_dict() and doc.title == THABOR.title
    layout = LayoutEngine().layout(doc)
    assert not layout.overflow, [f for f in layout.findings if f.code == "text-overflow"]
    assert not [f for f in layout.findings if f.code == "glyph-missing"]


def test_user_text_is_kept_and_the_event_follows_it():
    doc = compose("placard-a3", title="Nos écoles, notre avenir !",
                  text="Tous à la mairie.")
    doc, _ = fill_event(doc, THABOR)
    assert texts(doc, "title") == ["Nos écoles, notre avenir !"]  # a user's title stays
    assert texts(doc, "body") == ["Tous à la mairie."] + LINES + PROGRAMME


def test_empty_title_frame_gets_the_events_title_unless_told_not_to():
    doc, _ = fill_event(compose("poster-a4"), THABOR)
    assert texts(doc, "title") == [THABOR.title]
    doc, _ = fill_event(compose("poster-a4", sample=True), THABOR, replace_title=False)
    assert texts(doc, "title") != [THABOR.title]
    doc, _ = fill_event(compose("poster-a4", title="Mon titre"), THABOR, replace_title=True)
    assert texts(doc, "title") == [THABOR.title]


def test_english_document_is_worded_in_english():
    doc = compose("poster-a4")
    doc = replace(doc, settings=replace(doc.settings, lang="en"))
    doc, _ = fill_event(doc, THABOR, style="compact")
    assert texts(doc, "event")[:2] == ["Saturday, May 25, 2024", "1pm–6pm"]
    assert texts(doc, "programme")[:2] == ["Programme", "1pm: accueil et pique-nique partagé"]


def test_compact_style():
    doc, _ = fill_event(compose("flyer-a6"), THABOR, style="compact")
    assert texts(doc, "event")[:2] == ["Samedi 25 mai 2024", "13 h–18 h"]
    with pytest.raises(ValueError):
        fill_event(compose("flyer-a6"), THABOR, style="fancy")


def test_no_programme_keeps_the_templates_programme_frame_text():
    e = Event(start=date(2024, 9, 2), end=date(2024, 9, 6), place="Blanchisserie Clairlin")
    doc, _ = fill_event(compose("poster-a3", sample=True), e)
    assert texts(doc, "event") == ["Du 2 au 6 septembre 2024", "Blanchisserie Clairlin"]
    assert texts(doc, "programme")[0] == "Au programme"  # the sample's, untouched


def test_no_frame_at_all_is_a_warning():
    doc = compose("placard-a3")
    doc = set_text(doc, "body", ())
    bare = replace(doc, pages=tuple(
        replace(p, frames=tuple(f for f in p.frames if f.name != "body")) for p in doc.pages))
    out, notes = fill_event(bare, Event(start=datetime(2024, 5, 25, 13, tzinfo=PARIS)))
    assert notes and "no frame" in notes[0]
    assert out.event is not None


def test_long_programme_goes_to_body_when_there_is_no_programme_frame():
    e = Event(start=datetime(2024, 5, 25, 13, tzinfo=PARIS),
              programme=(ProgrammeItem("accueil", time(13)), ProgrammeItem("bal", time(21))))
    doc = compose("flyer-a5", text="Venez nombreux.")
    doc, _ = fill_event(doc, e)
    assert texts(doc, "body") == ["Venez nombreux.", "Au programme", "13 h : accueil",
                                  "21 h : bal"]
    assert texts(doc, "event") == ["Samedi 25 mai 2024", "à 13 h"]


def test_sample_body_is_recognised():
    doc = compose("placard-a3", sample=True)
    from pancarte.model.templates import template_info

    sample = text_to_paragraphs(template_info("placard-a3").sample["body"])
    assert tuple(p for _, f in doc.frames_named("body") for p in f.paragraphs) == sample
