"""Model commands as QUndoCommands.

A :class:`ModelCommand` owns one :class:`pancarte.model.commands.Command` and applies it to
the session's document on redo, reverts it on undo. Commands with the same ``merge_key``
pushed one after another merge into one undo step (typing in a frame, nudging, dragging).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QWidget

from pancarte.i18n import _
from pancarte.model.commands import Command, ReplaceFrame

if TYPE_CHECKING:
    from pancarte.gui.session import DocumentSession


def _merge_id(key: tuple | None) -> int:
    """Qt merges commands of equal ``id()``; -1 never merges. The key's repr is hashed with
    CRC32 (stable across runs); equality of the keys themselves is checked in mergeWith."""
    if key is None:
        return -1
    return zlib.crc32(repr(key).encode("utf-8")) & 0x3FFFFFFF


class ModelCommand(QUndoCommand):
    def __init__(self, session: DocumentSession, command: Command,
                 label: str | None = None) -> None:
        super().__init__(_(label or command.text))
        self.session = session
        self.command = command
        self._id = _merge_id(command.merge_key())

    def redo(self) -> None:
        self.session._apply(self.command.apply(self.session.document), self.command)

    def undo(self) -> None:
        self.session._apply(self.command.revert(self.session.document), self.command)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, ModelCommand):
            return False
        mine, theirs = self.command, other.command
        if (not isinstance(mine, ReplaceFrame) or not isinstance(theirs, ReplaceFrame)
                or mine.merge_key() != theirs.merge_key() or mine.new != theirs.old):
            return False
        self.command = mine.merged_with(theirs)
        if self.command.old == self.command.new:
            self.setObsolete(True)  # typed and erased: nothing left to undo
        return True


class SharedUndo(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z reach the document's undo when a text field has nothing of
    its own to undo (a field typed in, then applied: the next Ctrl+Z undoes the applied
    step, not the typing). Install on every line edit of the panels with :meth:`watch`."""

    def watch(self, root: QWidget) -> None:
        for edit in root.findChildren(QLineEdit):
            edit.removeEventFilter(self)
            edit.installEventFilter(self)

    @staticmethod
    def forget(root: QWidget) -> None:
        """Clear the fields' own undo history (after their content went into the document)."""
        for edit in root.findChildren(QLineEdit):
            if isinstance(edit.parent(), (QAbstractSpinBox, QComboBox)):
                continue  # their line edit is theirs to set
            if edit.isUndoAvailable() or edit.isRedoAvailable():
                position = edit.cursorPosition()
                edit.setText(edit.text())  # setText clears the field's undo history
                edit.setCursorPosition(position)

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(obj, QLineEdit) \
                and isinstance(e, QKeyEvent):
            if e.matches(QKeySequence.StandardKey.Undo) and not obj.isUndoAvailable() or \
                    e.matches(QKeySequence.StandardKey.Redo) and not obj.isRedoAvailable():
                e.ignore()  # not the field's: the window's Undo/Redo action takes it
                return True
        return False
