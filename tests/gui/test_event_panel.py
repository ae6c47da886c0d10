"""The event panel: typed or imported from a .ics file, put on the page as one undo step."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTime

import pancarte.gui.panels.event as event_module
from helpers import french_catalog
from pancarte.event.model import Event
from pancarte.event.qr import caption_frame_id
from pancarte.gui.panels.event import diff_command, parse_clock, parse_degrees
from pancarte.i18n import set_language
from pancarte.model.document import QRFrame, TextFrame

ICS = Path(__file__).resolve().parents[1] / "files" / "ics"


def texts(doc, name: str) -> list[str]:
    for _page, frame in doc.frames_named(name):
        if isinstance(frame, TextFrame):
            return [p.text for p in frame.paragraphs]
    raise KeyError(name)


def qr(doc) -> QRFrame:
    return next(f for _, f in doc.frames_named("qr"))


def type_thabor(panel) -> None:
    """The picnic, typed in the form (widget values set directly)."""
    panel.title.setText("Pique-nique au Thabor")
    panel.has_start.setChecked(True)
    panel.all_day.setChecked(False)
    panel.start_date.setDate(QDate(2024, 5, 25))
    panel.start_time.setTime(QTime(13, 0))
    panel.has_end.setChecked(True)
    panel.end_time.setTime(QTime(18, 0))
    panel.zone.setEditText("Europe/Paris")
    panel.place.setText("Parc du Thabor")
    panel.address.setText("Place Saint-Mélaine, 35000 Rennes")
    panel.url.setText("exemple.org/pique-nique")
    panel.lat.setText("48,1147")
    panel.lon.setText("-1.6694")
    panel.add_programme_row("13:00", "accueil et pique-nique partagé")
    panel.add_programme_row("14 h 30", "jeux pour les enfants")
    panel.add_programme_row("16h", "concert de la fanfare")


def test_typed_event_applied_as_one_step(window, prompter):
    session, panel = window.session, window.event_panel
    original = session.document
    assert original.event is None and panel.title.text() == ""
    type_thabor(panel)
    assert panel.end_date.date() == QDate(2024, 5, 25)  # the end follows the start's date
    assert panel.qr_content.currentData() == "url"
    assert panel.apply(), prompter.asked
    doc = session.document
    assert texts(doc, "title") == ["Pique-nique au Thabor"]  # the sample title gave way
    assert texts(doc, "event") == ["Samedi 25 mai 2024", "de 13 h à 18 h", "Parc du Thabor",
                                   "Place Saint-Mélaine, 35000 Rennes"]
    assert texts(doc, "programme") == ["Au programme", "13 h : accueil et pique-nique partagé",
                                       "14 h 30 : jeux pour les enfants",
                                       "16 h : concert de la fanfare"]
    assert qr(doc).content == "https://exemple.org/pique-nique"
    event = Event.from_dict(doc.event)
    assert event.title == "Pique-nique au Thabor" and event.geo == (48.1147, -1.6694)
    assert doc.event["tz"] == "Europe/Paris" and doc.event["start"].startswith("2024-05-25T13")
    assert session.undo_stack.count() == 1
    assert window.statusBar().currentMessage() == "L’événement est sur la page."
    assert prompter.errors() == []

    session.undo_stack.undo()
    assert session.document == original
    assert panel.title.text() == "" and panel.programme.rowCount() == 0  # the form follows
    session.undo_stack.redo()
    assert session.document == doc
    assert panel.title.text() == "Pique-nique au Thabor" and panel.programme.rowCount() == 3
    assert panel.style_box.currentData() == "long" and panel.qr_content.currentData() == "url"


def test_compact_wording_calendar_entry_and_caption(window, prompter):
    session, panel = window.session, window.event_panel
    original = session.document
    type_thabor(panel)
    panel.style_box.setCurrentIndex(panel.style_box.findData("compact"))
    panel.qr_content.setCurrentIndex(panel.qr_content.findData("event"))
    panel.qr_ecc.setCurrentIndex(panel.qr_ecc.findData("Q"))
    panel.qr_caption.setChecked(True)
    assert panel.apply(), prompter.asked
    doc = session.document
    assert texts(doc, "event")[:2] == ["Samedi 25 mai 2024", "13 h–18 h"]
    assert texts(doc, "programme")[1] == "13 h : accueil et pique-nique partagé"
    code = qr(doc)
    assert code.content.startswith("BEGIN:VEVENT\r\n") and "SUMMARY:Pique-nique" in code.content
    assert "DTSTART:20240525T110000Z" in code.content and code.ecc == "Q"
    caption = doc.find_frame(caption_frame_id(code))[1]
    assert [p.text for p in caption.paragraphs] == ["exemple.org/pique-nique"]
    assert code.h < qr(original).h  # the caption takes the bottom of the QR frame
    session.undo_stack.undo()
    assert session.document == original  # the caption's frame is gone, the code whole again
    session.undo_stack.redo()
    assert session.document == doc
    # untick the caption: its frame goes, in one more step
    assert panel.qr_caption.isChecked() and panel.style_box.currentData() == "compact"
    panel.qr_caption.setChecked(False)
    assert panel.apply()
    assert session.document.find_frame(caption_frame_id(code)) is None
    assert qr(session.document).h == qr(original).h
    session.undo_stack.undo()
    assert session.document == doc


def test_changed_title_replaces_the_one_applied_before(window):
    session, panel = window.session, window.event_panel
    type_thabor(panel)
    assert panel.apply()
    panel.title.setText("Grand pique-nique")
    assert panel.apply()
    assert texts(session.document, "title") == ["Grand pique-nique"]
    assert session.undo_stack.count() == 2
    assert panel.apply()  # nothing changed: no empty step
    assert session.undo_stack.count() == 2


def test_import_the_chosen_event_of_several(window, prompter):
    session, panel = window.session, window.event_panel
    prompter.open_path = str(ICS / "several.ics")
    prompter.choice = 1  # the second event
    assert panel.import_ics()
    assert len(prompter.choices[-1]) == 3
    assert prompter.choices[-1][1].startswith("2. Bal de la fête de la musique — ")
    assert panel.title.text() == "Bal de la fête de la musique"
    assert panel.place.text() == "Rue des Lilas"
    assert panel.start_time.time() == QTime(22, 0) and panel.end_time.time() == QTime(2, 0)
    assert panel.end_date.date() == QDate(2024, 6, 22)
    assert panel.zone.currentText() == "Europe/Paris"
    assert panel.qr_content.currentData() == "event"  # no URL: the event itself
    assert session.undo_stack.count() == 0  # checked first, applied on demand
    assert panel.apply(), prompter.asked
    doc = session.document
    assert texts(doc, "event")[:2] == ["Vendredi 21 juin 2024", "de 22 h à 2 h"]
    assert qr(doc).content.startswith("BEGIN:VEVENT\r\n")
    assert doc.event["uid"] == "several-2@exemple.org"  # what the form does not show stays

    prompter.choice = None  # the user cancels the chooser: nothing changes
    assert not panel.import_ics()
    assert panel.title.text() == "Bal de la fête de la musique"


def test_import_one_event_with_its_programme(window, prompter):
    panel = window.event_panel
    prompter.open_path = str(ICS / "nextcloud-paris.ics")
    assert panel.import_ics()
    assert not [a for a in prompter.asked if a[0] == "choose"]
    assert panel.programme.rowCount() == 3
    assert panel.programme.item(1, 0).text() == "14:30"
    assert panel.url.text() == "https://exemple.org/pique-nique-thabor"
    assert (panel.lat.text(), panel.lon.text()) == ("48.1147", "-1.6694")
    assert "nextcloud-paris.ics" in window.statusBar().currentMessage()
    assert panel.apply()
    assert qr(window.session.document).content == "https://exemple.org/pique-nique-thabor"


@pytest.mark.parametrize("name", ["malformed-dtstart.ics", "malformed-lines.ics",
                                  "not-calendar.ics", "no-event.ics"])
def test_malformed_ics_is_an_error_and_changes_nothing(window, prompter, name):
    session, panel = window.session, window.event_panel
    original = session.document
    panel.title.setText("Mon événement")
    prompter.open_path = str(ICS / name)
    assert not panel.import_ics()
    errors = prompter.errors()
    assert len(errors) == 1 and errors[0].startswith("Impossible d’importer l’événement: ")
    assert name in errors[0]
    assert panel.title.text() == "Mon événement"
    assert session.document == original and session.undo_stack.count() == 0


def test_wrong_fields_are_errors_and_change_nothing(window, prompter):
    session, panel = window.session, window.event_panel
    original = session.document
    type_thabor(panel)
    panel.url.setText("pas une adresse")
    assert not panel.apply()
    assert "Ce n’est pas une adresse web" in prompter.errors()[-1]
    panel.url.setText("")
    assert not panel.apply()  # the QR code should hold the URL
    assert "adresse web" in prompter.errors()[-1]
    panel.qr_content.setCurrentIndex(panel.qr_content.findData("geo"))
    panel.end_time.setTime(QTime(12, 0))
    assert not panel.apply()
    assert "finit avant de commencer" in prompter.errors()[-1]
    panel.end_time.setTime(QTime(18, 0))
    panel.programme.item(0, 0).setText("midi et demi")
    assert not panel.apply()
    assert "ligne 1" in prompter.errors()[-1]
    panel.programme.item(0, 0).setText("12:30")
    panel.lat.setText("123")
    assert not panel.apply()
    assert "latitude" in prompter.errors()[-1]
    panel.zone.setEditText("Mars/Olympus")
    panel.lat.setText("48.1")
    assert not panel.apply()
    assert "Mars/Olympus" in prompter.errors()[-1]
    assert session.document == original and session.undo_stack.count() == 0
    panel.zone.setEditText("Europe/Paris")
    assert panel.apply()
    assert qr(session.document).content == "geo:48.1,-1.6694"


def test_dense_code_is_a_finding_and_a_warning(window, prompter, qtbot):
    session, panel = window.session, window.event_panel
    panel.title.setText("Grève")
    panel.qr_content.setCurrentIndex(panel.qr_content.findData("text"))
    assert panel.qr_text.isVisibleTo(panel.poster_box)
    panel.qr_text.setText("Appel à la grève : " + "tous ensemble, " * 60)
    panel.qr_ecc.setCurrentIndex(panel.qr_ecc.findData("H"))
    assert panel.apply(), prompter.asked
    assert "qr-too-dense" in [f.code for f in session.checks()]
    assert "les modules du QR code font" in window.statusBar().currentMessage()
    # the preflight runs when the edits pause: the panel and the button catch up then
    qtbot.waitUntil(lambda: "les modules du QR code font" in panel.qr_info.text(), timeout=3000)
    # the preflight runs when the edits pause: the button catches up shortly after
    qtbot.waitUntil(lambda: "à vérifier" in window.findings_button.text(), timeout=3000)
    qtbot.waitUntil(lambda: panel.tabs.tabText(2).startswith("⚠"), timeout=3000)  # seen from the other tabs too


def test_open_document_shows_its_event_or_none(window, make_window, prompter, tmp_path):
    from pancarte.model.fileformat import save_document

    session, panel = window.session, window.event_panel
    prompter.open_path = str(ICS / "allday.ics")
    assert panel.import_ics()
    assert panel.all_day.isChecked() and not panel.start_time.isVisibleTo(panel)
    assert panel.apply()
    path = tmp_path / "fete.pancarte"
    assert window.write(path)
    first = dict(session.document.event)
    assert window.new_from("flyer-a6")
    assert session.document.event is None and panel.title.text() == ""
    assert window.open_path(path)
    assert session.document.event == first
    assert panel.title.text() == first["title"] and panel.all_day.isChecked()
    # a stored event that does not validate: an empty form and a note, no crash
    bad = replace(session.document, event={"start": "demain"})
    save_document(bad, tmp_path / "bad.pancarte")
    other = make_window(bad)
    assert other.event_panel.title.text() == "" and other.event_panel.notes.text()


def test_view_menu_and_dock(window):
    assert window.event_dock.windowTitle() == "Événement"
    assert window.event_dock.toggleViewAction() in window.findChildren(type(
        window.event_dock.toggleViewAction()))
    assert set(window.tabifiedDockWidgets(window.properties_dock)) == {window.event_dock,
                                                                       window.pages_dock}
    view = [m for m in window.menuBar().actions() if m.text() == "&Affichage"][0].menu()
    assert window.event_dock.toggleViewAction() in view.actions()


@pytest.mark.parametrize("lang, dock, apply, imported", [
    ("fr", "Événement", "Appliquer à la page", "Importer un .ics…"),
    ("en", "Event", "Apply to the page", "Import a .ics…"),
])
def test_panel_in_both_languages(lang, dock, apply, imported, make_window):
    set_language(lang)
    window = make_window()
    panel = window.event_panel
    assert window.event_dock.windowTitle() == dock
    assert panel.apply_button.text() == apply and panel.import_button.text() == imported
    if lang == "en":
        assert panel.tabs.tabText(0) == "Event" and panel.all_day.text() == "All day"
    else:
        assert panel.tabs.tabText(0) == "Événement"
        assert panel.all_day.text() == "Toute la journée"


def msgids(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "_" and node.args
                and isinstance(node.args[0], ast.Constant)):
            out.add(node.args[0].value)
    return out


def test_every_string_of_the_panel_is_in_french():
    catalog = french_catalog()
    from pancarte.gui.panels import event_doc, event_form

    ids = set().union(*(msgids(Path(m.__file__)) for m in (event_module, event_doc, event_form)))
    ids |= {event_doc.APPLY_LABEL}
    missing = sorted(ids - catalog.keys())
    assert not missing, missing
    for msgid in ids:
        french = catalog[msgid]
        assert set(re.findall(r"\{(\w+)\}", french)) == set(re.findall(r"\{(\w+)\}", msgid))
        assert "'" not in french, french  # typographic apostrophes


def test_pure_helpers(window):
    assert parse_clock("14:30").minute == 30 and parse_clock(" 9 h ").hour == 9
    assert parse_clock("") is None
    with pytest.raises(ValueError):
        parse_clock("25:00")
    assert parse_degrees("48,5", "−1.5") == (48.5, -1.5) and parse_degrees("", " ") is None
    with pytest.raises(ValueError):
        parse_degrees("48", "")
    doc = window.session.document
    assert diff_command(doc, doc) is None
    with pytest.raises(ValueError):
        diff_command(doc, replace(doc, pages=doc.pages[:0]))
