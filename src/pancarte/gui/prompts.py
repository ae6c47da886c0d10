"""Every question the editor asks the user goes through a :class:`Prompter`.

The default one shows Qt's standard dialogs; tests pass a subclass that answers from a script,
so nothing ever blocks on a modal window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the dialogs' classes load when first asked for: a faster start
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from pancarte.i18n import _

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def document_filter() -> str:
    return _("Pancarte documents (*.pancarte)")


class Prompter:
    """Qt's standard dialogs. Each method returns the user's answer (None when cancelled)."""

    @staticmethod
    def save_changes_box(parent: QWidget | None, name: str) -> QMessageBox:
        """The question asked before a document with unsaved changes is closed; its buttons
        carry the answer in their ``answer`` property."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, _("Unsaved changes"),
                          _("Save the changes to “{name}” before closing it?", name=name),
                          parent=parent)
        for text, role, answer in ((_("Save"), QMessageBox.ButtonRole.AcceptRole, SAVE),
                                   (_("Don’t save"), QMessageBox.ButtonRole.DestructiveRole,
                                    DISCARD),
                                   (_("Cancel"), QMessageBox.ButtonRole.RejectRole, CANCEL)):
            button = box.addButton(text, role)
            button.setProperty("answer", answer)
            if answer == SAVE:
                box.setDefaultButton(button)
        return box

    def ask_save_changes(self, parent: QWidget | None, name: str) -> str:
        """SAVE, DISCARD or CANCEL."""
        box = self.save_changes_box(parent, name)
        box.exec()
        clicked = box.clickedButton()
        return str(clicked.property("answer")) if clicked is not None else CANCEL

    @staticmethod
    def recover_box(parent: QWidget | None, detail: str) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, _("Recover your work?"),
                          _("Pancarte did not close properly last time. Recover the document "
                            "you were working on?") + "\n\n" + detail, parent=parent)
        yes = box.addButton(_("Recover"), QMessageBox.ButtonRole.YesRole)
        box.addButton(_("Discard it"), QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(yes)
        return box

    def ask_recover(self, parent: QWidget | None, detail: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = self.recover_box(parent, detail)
        box.exec()
        return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.YesRole

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def open_file(self, parent: QWidget | None, title: str, directory: str,
                  filters: str) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _chosen = QFileDialog.getOpenFileName(parent, title, directory, filters)
        return path or None

    def save_file(self, parent: QWidget | None, title: str, path: str,
                  filters: str) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _chosen = QFileDialog.getSaveFileName(parent, title, path, filters)
        return path or None

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, title, text)

    def choose_color(self, parent: QWidget | None, initial: QColor) -> QColor | None:
        from PySide6.QtWidgets import QColorDialog

        color = QColorDialog.getColor(initial, parent, _("Choose a colour"))
        return color if color.isValid() else None

    def get_text(self, parent: QWidget | None, title: str, label: str,
                 default: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(parent, title, label, text=default)
        return text if ok else None

    def choose(self, parent: QWidget | None, title: str, label: str,
               items: list[str]) -> int | None:
        """The index of the item the user picks from ``items`` (None when cancelled)."""
        from PySide6.QtWidgets import QInputDialog

        if not items:
            return None
        text, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
        return items.index(text) if ok and text in items else None

    def run_dialog(self, dialog: QDialog) -> int:
        """Show ``dialog`` modally; returns QDialog.DialogCode as an int."""
        return int(dialog.exec())
