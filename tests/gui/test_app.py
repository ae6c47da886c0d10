"""``pancarte FILE.pancarte``: run_editor opens the file in a window shown before the layout
engine loads, lays it out once on screen, and returns when the window is closed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pancarte.model.edit import compose
from pancarte.model.fileformat import save_document


def test_run_editor_opens_the_file(context, tmp_path, qapp):
    from pancarte.gui.app import run_editor
    from pancarte.gui.mainwindow import MainWindow

    doc = compose("flyer-a5", sample=True)
    path = tmp_path / "tract.pancarte"
    save_document(doc, path)
    seen = {}

    def check_and_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
                   and w.ctx is context]
        if not windows or not windows[0].session.layout_ready:
            QTimer.singleShot(20, check_and_close)
            return
        window = windows[0]
        seen["document"] = window.session.document
        seen["path"] = window.session.path
        seen["items"] = len(window.session.layout.pages[0].items)
        window.close()

    hook = sys.excepthook
    QTimer.singleShot(0, check_and_close)
    try:
        assert run_editor(str(path), context) == 0
    finally:
        sys.excepthook = hook
    assert seen["document"] == doc
    assert seen["path"] == path.resolve()
    assert seen["items"] > 0
    assert context.prompter.errors() == []


def test_run_editor_on_a_damaged_file_says_so(context, tmp_path, qapp):
    from pancarte.gui.app import run_editor
    from pancarte.gui.mainwindow import MainWindow

    path = tmp_path / "abîmé.pancarte"
    path.write_bytes(b"not a zip")

    def close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
                   and w.ctx is context]
        if not windows or not context.prompter.errors():
            QTimer.singleShot(20, close)
            return
        windows[0].close()

    hook = sys.excepthook
    QTimer.singleShot(0, close)
    try:
        assert run_editor(str(path), context) == 0
    finally:
        sys.excepthook = hook
    [error] = context.prompter.errors()
    assert error.startswith("Impossible d’ouvrir le document: Le fichier « abîmé.pancarte »")
