"""Help ▸ Guide and Help ▸ Keyboard shortcuts: a short offline guide (French or English, from
``locale/guide-<lang>.html``) and the list of the window's shortcuts, read from its actions."""

from __future__ import annotations

import html
from importlib import resources

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pancarte.i18n import _, language

# shortcuts the canvas handles itself (not actions)
CANVAS_KEYS = (
    ("Enter / F2", "Edit the selected text frame"),
    ("Esc", "Finish editing; deselect"),
    ("Arrows", "Move the selected frame by 1 mm (Shift: 10 mm, Alt: 0.1 mm)"),
    ("Tab", "Select the next frame"),
    ("Delete", "Delete the selected frame"),
    ("Ctrl+B / Ctrl+I", "Bold / italic, while editing text"),
)


def guide_html(lang: str | None = None) -> str:
    lang = lang or language()
    name = "guide-en.html" if lang == "en" else "guide-fr.html"
    return resources.files("pancarte").joinpath("locale", name).read_text("utf-8")


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(keys, what) for every action with a shortcut, then the canvas's own keys."""
    rows = []
    for a in actions:
        keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            rows.append((keys, a.text().replace("&", "").rstrip("…")))
    for keys, what in CANVAS_KEYS:
        rows.append((_(keys) if keys in ("Arrows", "Delete", "Esc") else keys, _(what)))
    return rows


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Pancarte guide"))
        self.resize(620, 560)
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(guide_html())
        lay.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.resize(560, 600)
        lay = QVBoxLayout(self)
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([_("Keys"), _("Action")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (keys, what) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(keys))
            self.table.setItem(i, 1, QTableWidgetItem(html.unescape(what)))
        self.table.resizeColumnToContents(0)
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
