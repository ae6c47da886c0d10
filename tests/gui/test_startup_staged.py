"""The editor's start in stages: the laid-out document is painted first, in a window that holds
only the canvas; the panels, docks, menus, toolbar and backups are built after that paint and
announced by ``MainWindow.ready``. Everything works once it is ready (shortcuts, menus, the
recovery prompt, the file given on the command line). Saving runs the model's checks first."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QToolBar

from pancarte.model.document import MAX_QR_CONTENT, QRFrame
from pancarte.model.edit import compose
from pancarte.model.fileformat import load_document, save_document


def test_staged_window_paints_the_document_before_building_the_rest(qtbot, context):
    from pancarte.gui.mainwindow import MainWindow

    doc = compose("poster-a3", sample=True)
    window = MainWindow(context, doc, staged=True)
    qtbot.addWidget(window)
    assert not window.is_ready
    assert window.findChildren(QDockWidget) == []
    assert window.menuBar().actions() == []
    seen = {}

    def painted() -> None:  # the first paint: the document whole, nothing else built yet
        if "ready" not in seen:
            seen["ready"] = window.is_ready
            seen["items"] = len(window.session.layout.pages[0].items)
            seen["docks"] = len(window.findChildren(QDockWidget))

    window.canvas.painted.connect(painted)
    with qtbot.waitSignal(window.canvas.painted, timeout=10000):
        window.show()
    assert seen == {"ready": False, "items": seen["items"], "docks": 0}
    assert seen["items"] > 5  # the laid-out poster, not a blank page
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.start()
    assert window.is_ready
    names = {d.objectName() for d in window.findChildren(QDockWidget)}
    assert names == {"libraryDock", "propertiesDock", "pagesDock", "eventDock"}
    assert window.findChildren(QToolBar)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:4] == ["&Fichier", "É&dition", "&Insertion", "&Page"]
    assert window.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert window.autosaver is not None
    # the menus act on the session built before them: Insert ▸ Shape adds a frame
    before = len(window.session.document.pages[0].frames)
    window.add_shape_action.trigger()
    assert len(window.session.document.pages[0].frames) == before + 1
    window.undo_action.trigger()
    assert len(window.session.document.pages[0].frames) == before


def test_run_editor_paints_first_then_builds(context, start_editor, tmp_path, qapp, qtbot):
    """``pancarte FILE``: the first paint is the document (the panels do not exist yet), the
    window then becomes ready with the file's name, its docks as the user left them, and the
    recovery prompt asked once ready."""
    from pancarte.gui.recovery import write_recovery

    doc = compose("flyer-a5", sample=True)
    path = tmp_path / "tract.pancarte"
    save_document(doc, path)
    # a backup left by a crash: offered once the window is ready (declined here)
    write_recovery(context.paths.recovery, compose("poster-a3"), None, "crashed0003")
    context.prompter.recover = False
    seen: dict[str, object] = {}

    def watch(window) -> None:  # called with the window before it is shown
        def painted() -> None:
            if "first_paint" not in seen:
                seen["first_paint"] = (window.is_ready, len(window.findChildren(QDockWidget)),
                                       window.session.layout_ready, window.session.path,
                                       list(context.prompter.asked))

        def ready() -> None:
            seen["ready"] = (window.windowTitle(), window.session.document == doc,
                             len(window.findChildren(QDockWidget)))
            QTimer.singleShot(0, window.close)  # once the start is over

        window.canvas.painted.connect(painted)
        window.ready.connect(ready)

    start_editor(path, watch)
    assert seen["first_paint"] == (False, 0, True, path.resolve(), [])
    assert seen["ready"] == ("tract.pancarte[*] — Pancarte", True, 4)
    assert [kind for kind, _text in context.prompter.asked] == ["recover"]
    assert context.prompter.errors() == []


def test_save_runs_the_models_checks_and_keeps_the_file(window, prompter, tmp_path):
    """A QR code's content past the limit a saved file has: one clear line, nothing written
    (the file on disk untouched), the work still there and unsaved."""
    path = tmp_path / "affiche.pancarte"
    assert window.write(path)
    saved = path.read_bytes()
    page, frame = next((i, f) for i, p in enumerate(window.session.document.pages)
                       for f in p.frames if isinstance(f, QRFrame))
    long = "https://exemple.org/" + "a" * MAX_QR_CONTENT
    window.session.replace_frame(frame, replace(frame, content=long))
    assert not window.save()
    [error] = prompter.errors()
    assert error.startswith("Enregistrement impossible: «\u00a0affiche.pancarte\u00a0» n’a pas "
                            "été enregistré\u00a0: le contenu du QR code")
    assert "\n" not in error
    assert path.read_bytes() == saved
    assert window.session.dirty
    assert load_document(path).pages[page].frames  # the good file still opens
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if not p.name.endswith(".tmp"))
