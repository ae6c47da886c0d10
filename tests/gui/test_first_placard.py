"""The first placard, as a new user makes it: the editor opens on the gallery, the placard's
slogan is ready, the tract dragged from the library fills it and its event is offered in one
click, Export. Every user gesture is counted; the PDF is read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog

from pancarte.gui.dialogs.export import ExportDialog
from pancarte.gui.dialogs.gallery import GalleryDialog

TRACT = Path(__file__).resolve().parents[1] / "files" / "tracts" / "editor-ecoles-nord.txt"

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")


def pdf_words(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


class Actions:
    """Counts the user's gestures (a click, a drag, a shortcut, a piece of typing)."""

    def __init__(self) -> None:
        self.done: list[str] = []

    def __call__(self, what: str) -> None:
        self.done.append(what)


def test_first_placard_in_five_actions(make_window, prompter, context, qtbot, tmp_path,
                                       monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # the export goes to the user's home
    from pancarte.library.store import open_library

    library = open_library(context.library_path)
    tract, _created = library.import_file(TRACT)  # the group's tract is in its library
    library.close()

    act = Actions()
    started = time.monotonic()

    def in_gallery(dialog: QDialog) -> int:
        assert isinstance(dialog, GalleryDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        item = next(dialog.list.item(i) for i in range(dialog.list.count())
                    if dialog.list.item(i).data(Qt.ItemDataRole.UserRole).template
                    == "placard-a3")
        dialog.list.scrollToItem(item)
        rect = dialog.list.visualItemRect(item)
        act("double-click the placard in the gallery")
        # a double-click is a press and release, then a second press (double-click event)
        qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(dialog.list.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
        return dialog.result()

    prompter.on_dialog = in_gallery
    window = make_window(None)
    with qtbot.waitSignal(window.session.replaced, timeout=10000):
        window.start()  # no document: the gallery opens by itself
    session = window.session
    assert session.document.template == "placard-a3"
    slogan = session.selected_frame()
    assert slogan is not None and slogan.name == "title"  # the slogan, ready to type
    qtbot.waitUntil(lambda: window.library.tracts.count() > 0, timeout=10000)

    # drag the tract from the library onto the slogan
    from pancarte.gui.panels.library import TRACT_ROLE

    tracts = window.library.tracts
    item = next(tracts.item(i) for i in range(tracts.count())
                if tracts.item(i).data(TRACT_ROLE) == tract.id)
    mime = window.library.tracts.mimeData([item])
    target = window.canvas.frame_rect(slogan).center()
    act("drag the tract onto the slogan")
    drop = QDropEvent(QPointF(target), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.canvas.dropEvent(drop)
    assert drop.isAccepted()
    frame = session.document.find_frame(slogan.id)[1]
    assert [p.text for p in frame.paragraphs] == ["Pas de quartier sans écoles !"]
    bar = window.event_bar
    assert bar.isVisible()
    assert "Événement trouvé dans le texte" in bar.label.text()
    assert "25 mai" in bar.label.text() and "Thabor" in bar.label.text()

    act("click Add in the bar")
    qtbot.mouseClick(bar.add_button, Qt.MouseButton.LeftButton)
    assert session.document.event is not None
    assert not bar.isVisible()

    def in_export(dialog: QDialog) -> int:
        assert isinstance(dialog, ExportDialog)
        dialog.show()
        act("click Export in the dialog")
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    prompter.on_dialog = in_export
    button = next(b for b in window.toolbar.findChildren(type(window.findings_button))
                  if b.defaultAction() is window.export_action)
    act("click Export in the toolbar")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    elapsed = time.monotonic() - started

    assert prompter.errors() == []
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1, pdfs
    words = pdf_words(pdfs[0])
    assert "PAS DE QUARTIER SANS ÉCOLES" in words.upper()
    assert "Samedi 25 mai" in words and "de 13 h à 18 h" in words
    assert "Parc du Thabor" in words
    print(f"first placard: {len(act.done)} actions, {elapsed:.1f} s: {act.done}")
    assert len(act.done) <= 5, act.done
    assert elapsed <= 60
