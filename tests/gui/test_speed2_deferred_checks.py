"""Typing repaints at once; the preflight runs once when the typing pauses, and the findings
button, the properties panel and the canvas's markers catch up then."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

import pancarte.preflight

LONG = ("Nous, habitantes et habitants du quartier de la Gare, refusons la fermeture du "
        "centre social : « un lieu ouvert à toutes et à tous », disait la mairie l’an dernier ; "
        "aujourd’hui, elle parle de « rationaliser ». • Permanences juridiques. • Aide aux "
        "devoirs. • Repas partagés du jeudi. 1. Maintien des horaires ! 2. Budget garanti ? ")


def _count_preflights(monkeypatch) -> list[int]:
    runs: list[int] = []
    real = pancarte.preflight.preflight

    def counting(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pancarte.preflight, "preflight", counting)
    return runs


def test_a_burst_of_keystrokes_is_checked_once_after_it(window, qtbot, monkeypatch):
    session = window.session
    qtbot.waitUntil(lambda: not session.checks_pending, timeout=3000)
    runs = _count_preflights(monkeypatch)
    editor = window.canvas.edit_frame("title")
    assert editor is not None
    before = session.document.find_frame("title")[1].paragraphs
    for ch in "Grève générale":
        QApplication.sendEvent(editor.edit, QKeyEvent(QEvent.Type.KeyPress, 0,
                                                      Qt.KeyboardModifier.NoModifier, ch))
    # every keystroke changed the model and its layout, none waited for the preflight
    assert session.document.find_frame("title")[1].paragraphs != before
    assert runs == []
    assert session.checks_pending
    qtbot.waitUntil(lambda: not session.checks_pending, timeout=3000)
    assert len(runs) == 1  # one run for the whole burst


def test_findings_catch_up_when_the_typing_stops(window, qtbot, monkeypatch):
    session = window.session
    qtbot.waitUntil(lambda: not session.checks_pending, timeout=3000)
    runs = _count_preflights(monkeypatch)
    footer = session.document.find_frame("footer")[1]
    session.select("footer")
    for n in range(1, 6):  # a burst of edits, the last one empties the frame
        frame = session.document.find_frame("footer")[1]
        session.replace_frame(frame, replace(frame, paragraphs=(
            replace(footer.paragraphs[0], text=LONG[: 40 * n]),)))
    frame = session.document.find_frame("footer")[1]
    session.replace_frame(frame, replace(frame, paragraphs=()))
    assert runs == []
    qtbot.waitUntil(lambda: "vide" in window.properties.problems.text(), timeout=3000)
    assert len(runs) == 1
    tip = window.findings_button.toolTip()
    assert "Pied de page" in tip and "vide" in tip
    assert any(f.code == "frame-empty" and f.frame == "footer"
               for f in session.shown_checks())
    # the same findings as a fresh preflight of the document as it is now
    assert [(f.code, f.frame) for f in session.shown_checks()] == \
        [(f.code, f.frame) for f in session.checks()]


def test_a_document_given_at_start_is_shown_without_the_gallery(context, prompter, qtbot,
                                                                  tmp_path):
    """``pancarte affiche.pancarte``: the document, laid out and checked after the first paint,
    and no template gallery opened over it."""
    from pancarte.gui.mainwindow import MainWindow
    from pancarte.model.edit import compose
    from pancarte.model.fileformat import save_document

    path = tmp_path / "affiche.pancarte"
    save_document(compose("poster-a3", sample=True), path)
    window = MainWindow(context, defer_layout=True)
    qtbot.addWidget(window)
    assert window.preload(path) is None
    window.show()
    qtbot.waitExposed(window)
    window.start()  # lays out and paints the page
    assert window.session.layout_ready
    assert window.session.checks_pending  # the preflight did not hold the start
    assert window.session.path == path.resolve()
    qtbot.waitUntil(lambda: not window.session.checks_pending, timeout=5000)
    for _ in range(3):  # the zero-delay timers the start posted (library, gallery) run
        QApplication.processEvents()
    assert prompter.dialogs == []
    assert window.session.path == path.resolve()
