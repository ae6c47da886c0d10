"""The event panel offers the events found in the text of the page's tracts, in one click."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from pancarte.event.model import Event
from pancarte.model.document import QRFrame, TextFrame

APPEL = Path(__file__).resolve().parents[1] / "files" / "tracts" / "event-appel-thabor.txt"


def texts(doc, name: str) -> list[str]:
    for _page, frame in doc.frames_named(name):
        if isinstance(frame, TextFrame):
            return [p.text for p in frame.paragraphs]
    raise KeyError(name)


def test_detected_event_put_on_the_page_in_one_click(window, prompter, qtbot):
    assert window.library.load()
    tract, _created = window.library.library.import_file(APPEL)
    panel = window.event_panel
    assert panel.detected_box.isHidden()  # no tract on the page yet: nothing offered
    window.use_tract(tract)
    assert not panel.detected_box.isHidden()
    assert panel.detected.count() == 2
    first = panel.detected.itemText(0)
    assert first == "samedi 25 mai, 13 h – 18 h, parc du Thabor, Rennes"
    assert panel.detected.itemText(1) == "mardi 14 mai, 19 h, salle Jean-Vilar"
    assert panel.detected_box.title() == "Détecté dans le texte"

    before = window.session.undo_stack.count()
    qtbot.mouseClick(panel.use_detected_button, Qt.MouseButton.LeftButton)
    doc = window.session.document
    assert prompter.errors() == []
    lines = texts(doc, "event")
    assert lines[0].lower().startswith("samedi 25 mai") and lines[1] == "de 13 h à 18 h"
    assert lines[2:] == ["parc du Thabor", "Rennes"]
    event = Event.from_dict(doc.event)
    assert (event.start.hour, event.end.hour) == (13, 18)
    qr = next(f for _p, f in doc.frames_named("qr") if isinstance(f, QRFrame))
    assert qr.content == "https://thabor-pour-tous.exemple.org/25-mai"
    assert window.session.undo_stack.count() == before + 1
    assert panel.place.text() == "parc du Thabor"  # the form shows what went on the page

    window.session.undo_stack.undo()
    assert window.session.document.event is None
