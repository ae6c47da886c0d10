"""Preferences: the editor's language (applied at the next start) and the template a new
document starts from."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pancarte.gui.context import EditorSettings
from pancarte.gui.widgets import ok_cancel
from pancarte.i18n import LANGUAGES, _, language
from pancarte.model.templates import list_templates


def system_language_label(environ: dict[str, str] | None = None) -> str:
    """“As the system (currently …)”, naming the system's own language: English, French,
    another one (Pancarte then speaks French), or none set (the C locale: French)."""
    import os

    env = os.environ if environ is None else environ
    value = ""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if value:
            break
    code = value.split(".")[0].split("_")[0].lower()
    if code == "en":
        lang = _("English")
    elif code == "fr":
        lang = _("French")
    elif code in ("", "c", "posix"):
        lang = _("none set ({locale}): French", locale=value or "C")
    else:
        lang = _("{locale}, not available: French", locale=value.split(".")[0])
    return _("As the system (currently {lang})", lang=lang)


class SettingsDialog(QDialog):
    def __init__(self, settings: EditorSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(440)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.addItem(system_language_label(), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        form.addRow(_("Language"), self.language)
        self.template = QComboBox()
        lang = language()
        for info in list_templates():
            self.template.addItem(info.label(lang), info.id)
        self.template.setCurrentIndex(max(0, self.template.findData(settings.default_template)))
        form.addRow(_("New documents start from"), self.template)
        lay.addLayout(form)
        note = QLabel(_("A new language applies the next time Pancarte starts."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(dark);")
        lay.addWidget(note)
        buttons = ok_cancel(self, _("OK"))
        lay.addWidget(buttons)

    def accept(self) -> None:
        self.settings.language = self.language.currentData() or ""
        self.settings.default_template = self.template.currentData() or "poster-a3"
        self.settings.sync()
        super().accept()
