"""French and English complete: every text of the main window (menus, actions, docks, panels
with each kind of frame selected, status bar) and of its dialogs, walked in French, holds no
English word; the reverse spot-check in English finds no French word."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTextBrowser,
    QWidget,
)

from pancarte.i18n import set_language

ENGLISH = {
    "the", "and", "with", "from", "your", "of", "to", "file", "edit", "insert", "view", "help",
    "save", "open", "close", "cancel", "none", "paper", "ink", "light", "dark", "tint",
    "settings", "print", "undo", "redo", "delete", "add", "remove", "choose", "library",
    "properties", "event", "text", "shape", "size", "colour", "color", "width",
    "height", "bold", "italic", "left", "right", "center", "centre", "bottom", "error",
    "warning", "ready", "search", "new", "modify", "import", "fill", "time", "start", "end",
    "address", "wording", "low", "medium", "high", "custom", "home", "online", "sheets",
    "copies", "frame", "background", "line", "spacing", "align", "title", "body", "footer",
    "previous", "next", "apply", "yes", "look", "files", "directory", "folder", "name",
    "preview", "output", "shortcuts", "keys", "copy", "paste", "duplicate", "bleed", "marks",
    "export", "all", "day", "where", "what", "when", "this", "that", "is", "are", "not",
    "for", "in", "at", "by", "or",
}
FRENCH = {"le", "la", "les", "des", "une", "du", "avec", "pour", "cadre", "fichier", "annuler",
          "enregistrer", "ouvrir", "fermer", "couleur", "texte", "taille", "événement",
          "bibliothèque", "propriétés", "exporter", "imprimer", "aucune", "papier"}


def widget_texts(root: QWidget) -> list[str]:
    out = [root.windowTitle(), root.toolTip()]
    for w in root.findChildren(QWidget):
        out += [w.toolTip(), w.statusTip(), w.whatsThis()]
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        if isinstance(w, QGroupBox):
            out.append(w.title())
        if isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
            out += [str(w.itemData(i, 3) or "") for i in range(w.count())]  # tooltips
        if isinstance(w, QTableWidget):
            out += [w.horizontalHeaderItem(i).text() for i in range(w.columnCount())
                    if w.horizontalHeaderItem(i) is not None]
        if isinstance(w, QTextBrowser):
            out.append(w.toPlainText())
        if isinstance(w, QMenu):
            out.append(w.title())
        for a in w.actions():
            out += [a.text(), a.toolTip(), a.statusTip()]
            if a.menu() is not None:
                out.append(a.menu().title())
                out += [b.text() for b in a.menu().actions()]
    return [t for t in out if t]


def words_in(texts: list[str], vocabulary: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for text in texts:
        if "://" in text or "@" in text:
            continue
        plain = text.replace("&", "")
        for word in re.findall(r"[A-Za-zÀ-ÿ]+", plain):
            if word.lower() in vocabulary:
                found.setdefault(word.lower(), plain[:120])
    return found


def everything(window, prompter, qtbot) -> list[str]:
    """The texts of the window, its panels (each frame kind selected) and its dialogs."""
    from pancarte.gui.dialogs.export import ExportDialog
    from pancarte.gui.dialogs.gallery import GalleryDialog
    from pancarte.gui.dialogs.help import GuideDialog, ShortcutsDialog
    from pancarte.gui.dialogs.settings import SettingsDialog

    texts = []
    window.event_panel  # noqa: B018 - built on first use
    for frame in window.session.document.pages[0].frames:
        window.session.select(frame.id)
        for menu in window.findChildren(QMenu):  # menus filled when they open (colours…)
            menu.aboutToShow.emit()
            texts += [menu.title()] + [a.text() for a in menu.actions()]
        texts += widget_texts(window)
    texts.append(window.statusBar().currentMessage())
    dialogs: list[QDialog] = [
        ExportDialog(window.session, prompter, window),
        GalleryDialog(window.thumbnails, None, "poster-a3", window),
        SettingsDialog(window.ctx.settings, window),
        GuideDialog(window),
        ShortcutsDialog(window.menuBar().actions(), window),
    ]
    for d in dialogs:
        qtbot.addWidget(d)
        texts += widget_texts(d)
    return texts


def test_no_english_word_in_the_french_interface(make_window, prompter, qtbot):
    window = make_window()
    found = words_in(everything(window, prompter, qtbot), ENGLISH)
    assert not found, "\n".join(f"{w}: {t}" for w, t in sorted(found.items()))


def test_english_spot_check(make_window, prompter, qtbot):
    set_language("en")
    window = make_window()
    found = words_in(everything(window, prompter, qtbot), FRENCH)
    assert not found, "\n".join(f"{w}: {t}" for w, t in sorted(found.items()))


@pytest.fixture
def make_window(make_window):
    from pancarte.model.edit import compose

    return lambda: make_window(compose("poster-a3", sample=True))
