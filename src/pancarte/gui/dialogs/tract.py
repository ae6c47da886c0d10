"""Create or edit a tract of the library: title, tags and text (Markdown: ``#`` title,
``##`` heading, ``-`` list, ``>`` quote)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pancarte.gui.prompts import Prompter
from pancarte.i18n import _


class TractDialog(QDialog):
    def __init__(self, library: Any, tract: Any, prompter: Prompter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.tract = tract
        self.prompter = prompter
        self.result_tract: Any = None
        self.setWindowTitle(_("Edit tract") if tract is not None else _("New tract"))
        self.resize(620, 560)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit(tract.title if tract is not None else "")
        self.title.setPlaceholderText(_("Taken from the text when left empty"))
        form.addRow(_("Title"), self.title)
        self.tags = QLineEdit(", ".join(tract.tags) if tract is not None else "")
        self.tags.setPlaceholderText(_("housing, school, demonstration"))
        form.addRow(_("Tags"), self.tags)
        lay.addLayout(form)
        help_text = QLabel(_("Text: “# ” starts the title, “## ” a heading, “- ” a list item, "
                             "“> ” a quote; a blank line separates paragraphs."))
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: palette(dark);")
        lay.addWidget(help_text)
        self.text = QPlainTextEdit()
        if tract is not None:
            from pancarte.library.tract import to_markdown

            self.text.setPlainText(to_markdown(tract))
        lay.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def save(self) -> bool:
        """Store the tract; on success ``result_tract`` is set and the dialog accepted."""
        from pancarte.library.errors import LibraryError
        from pancarte.library.importers import parse_text

        tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        try:
            parsed = parse_text(self.text.toPlainText(), markdown=True)
            title = self.title.text().strip() or parsed.title
            if self.tract is None:
                tract = self.library.create(title=title, blocks=parsed.blocks, tags=tags)
            else:
                tract = self.library.update(self.tract.id, title=title, tags=tags,
                                            blocks=parsed.blocks,
                                            expected_revision=self.tract.revision)
        except LibraryError as exc:
            self.prompter.error(self, _("Cannot save the tract"), str(exc))
            return False
        self.result_tract = tract
        self.accept()
        return True
