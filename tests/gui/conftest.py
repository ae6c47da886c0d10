"""GUI test set-up: every window gets a context on a temporary folder (settings, user data,
library) and a scripted prompter, so no test blocks on a modal dialog or touches the user's
files; French is the language unless a test says otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QWidget

from pancarte.gui.context import EditorContext, EditorPaths, EditorSettings
from pancarte.gui.prompts import DISCARD, Prompter
from pancarte.i18n import set_language


class ScriptedPrompter(Prompter):
    """Answers every question from attributes set by the test, and records what was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []
        self.save_changes = DISCARD
        self.recover = True
        self.open_path: str | None = None
        self.save_path: str | None = None
        self.color: QColor | None = None
        self.text: str | None = None
        self.choice: int | None = 0
        self.choices: list[list[str]] = []
        self.confirm_answer = True
        self.on_dialog: Callable[[QDialog], int] = lambda d: 0
        self.dialogs: list[QDialog] = []

    def ask_save_changes(self, parent: QWidget | None, name: str) -> str:
        self.asked.append(("save_changes", name))
        return self.save_changes

    def ask_recover(self, parent: QWidget | None, detail: str) -> bool:
        self.asked.append(("recover", detail))
        return self.recover

    def confirm(self, parent, title, text) -> bool:
        self.asked.append(("confirm", text))
        return self.confirm_answer

    def open_file(self, parent, title, directory, filters):
        self.asked.append(("open_file", title))
        return self.open_path

    def save_file(self, parent, title, path, filters):
        self.asked.append(("save_file", path))
        return self.save_path

    def error(self, parent, title, text) -> None:
        self.asked.append(("error", f"{title}: {text}"))

    def info(self, parent, title, text) -> None:
        self.asked.append(("info", f"{title}: {text}"))

    def choose_color(self, parent, initial):
        self.asked.append(("color", initial.name()))
        return self.color

    def get_text(self, parent, title, label, default=""):
        self.asked.append(("text", label))
        return self.text

    def choose(self, parent, title, label, items):
        self.asked.append(("choose", label))
        self.choices.append(list(items))
        return self.choice

    def run_dialog(self, dialog: QDialog) -> int:
        self.dialogs.append(dialog)
        return int(self.on_dialog(dialog))

    def errors(self) -> list[str]:
        return [text for kind, text in self.asked if kind == "error"]


@pytest.fixture(autouse=True)
def french():
    set_language("fr")
    yield
    set_language(None)


@pytest.fixture
def context(tmp_path: Path) -> EditorContext:
    paths = EditorPaths(tmp_path / "data", tmp_path / "cache")
    settings = EditorSettings(QSettings(str(tmp_path / "settings.ini"),
                                       QSettings.Format.IniFormat))
    return EditorContext(paths, settings, ScriptedPrompter(), tmp_path / "library.sqlite3")


@pytest.fixture
def prompter(context: EditorContext) -> ScriptedPrompter:
    return context.prompter  # type: ignore[return-value]


@pytest.fixture
def make_window(qtbot, context):
    """``make_window(doc=None)``: a shown MainWindow on the test context."""
    from pancarte.gui.mainwindow import MainWindow

    def make(document=None, start: bool = False):
        window = MainWindow(context, document)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        if start:
            window.start()
        return window

    return make


@pytest.fixture
def window(make_window):
    from pancarte.model.edit import compose

    return make_window(compose("poster-a3", sample=True))


@pytest.fixture
def start_editor(context, monkeypatch):
    """``start(path, watch)``: ``pancarte FILE`` as ``run_editor`` runs it, with ``context``;
    ``watch(window)`` is called with the window before it is shown (connect to its signals
    there, and close the window once the start is over)."""
    from pancarte.gui import app as app_module

    def start(path: Path, watch: Callable[[QWidget], None]) -> None:
        install = app_module._install_excepthook

        def spy(window) -> None:
            watch(window)
            install(window)

        monkeypatch.setattr(app_module, "_install_excepthook", spy)
        hook = sys.excepthook
        try:
            assert app_module.run_editor(str(path), context) == 0
        finally:
            sys.excepthook = hook
            monkeypatch.setattr(app_module, "_install_excepthook", install)

    return start
