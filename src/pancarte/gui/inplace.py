"""Editing a text frame where it stands: a plain-text editor anchored to the frame.

It shows one line per paragraph with its ``**gras**``/``*italique*`` markers and list markers
(see :mod:`pancarte.gui.textmap`). Every keystroke becomes a ReplaceFrame command (merged into
one undo step per editing session), so the page is laid out again and the autofit size
updates live on the canvas while the editor stays beside the frame, out of its way.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import count

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsOpacityEffect,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pancarte.gui.session import DocumentSession
from pancarte.gui.textmap import (
    line_marker,
    lines_to_paragraphs,
    next_marker,
    paragraphs_to_lines,
)
from pancarte.i18n import N_, _
from pancarte.model.document import TextFrame

SEE_THROUGH = 0.8  # the editor's opacity where it has to cover the page
LINE_SEP = "\u2028"  # a line break inside a paragraph (Shift+Enter)
PARAGRAPH_SEP = "\u2029"  # between the blocks of the editor's raw text
_sessions = count(1)


class _TextEdit(QPlainTextEdit):
    """The editor proper: Enter continues a list, Ctrl+B/I wrap the selection in markers, and
    Undo/Redo go to the document's undo stack."""

    finished = Signal()

    def __init__(self, owner: InPlaceEditor) -> None:
        super().__init__(owner)
        self.owner = owner
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent):
            if (e.matches(QKeySequence.StandardKey.Undo) or e.matches(QKeySequence.StandardKey.Redo)
                    or e.key() == Qt.Key.Key_Escape):
                e.accept()
                return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 - Qt override
        stack = self.owner.session.undo_stack
        if e.matches(QKeySequence.StandardKey.Undo):
            stack.undo()
            return
        if e.matches(QKeySequence.StandardKey.Redo):
            stack.redo()
            return
        if e.key() == Qt.Key.Key_Escape or (
                e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and e.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.finished.emit()
            return
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.textCursor().insertText(LINE_SEP)
                return
            if self._continue_list():
                return
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier and e.key() in (Qt.Key.Key_B,
                                                                              Qt.Key.Key_I):
            self.wrap_selection("**" if e.key() == Qt.Key.Key_B else "*")
            return
        super().keyPressEvent(e)

    def _continue_list(self) -> bool:
        cursor = self.textCursor()
        line = cursor.block().text()
        marker = line_marker(line)
        if not marker:
            return False
        if line.strip() == marker:  # Enter on an empty item ends the list
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                                QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            return True
        cursor.insertText("\n" + next_marker(marker) + " ")
        return True

    def wrap_selection(self, mark: str) -> None:
        cursor = self.textCursor()
        text = cursor.selectedText()
        if not text:
            cursor.insertText(mark + mark)
            cursor.movePosition(QTextCursor.MoveOperation.Left, n=len(mark))
            self.setTextCursor(cursor)
            return
        if text.startswith(mark) and text.endswith(mark) and len(text) >= 2 * len(mark):
            cursor.insertText(text[len(mark):-len(mark)])
        else:
            cursor.insertText(mark + text + mark)


class InPlaceEditor(QFrame):
    """The editor for one text frame; ``closed`` when the user is done (Escape, click away)."""

    closed = Signal()

    def __init__(self, session: DocumentSession, frame_id: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.frame_id = frame_id
        self.merge = f"typing-{next(_sessions)}"
        self.setObjectName("inPlaceEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#inPlaceEditor { background: palette(base); border: 2px solid "
                           "#2f7ae5; border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(1)
        self.edit = _TextEdit(self)
        self.edit.setFrameShape(QFrame.Shape.NoFrame)
        self.status = QLabel(self)
        self.status.setToolTip(_("Esc: done · Ctrl+B bold · Ctrl+I italic · Shift+Enter new "
                                 "line"))
        font = self.status.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.status.setFont(font)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        frame = self._frame()
        self._lines = paragraphs_to_lines(frame.paragraphs) if frame else []
        self._pushing = False
        self._closed = False
        self.edit.setPlainText(self._text(self._lines))
        self.edit.moveCursor(QTextCursor.MoveOperation.End)
        self.edit.textChanged.connect(self._commit)
        self.edit.finished.connect(self.close_editor)
        session.changed.connect(self._document_changed)
        self._update_status()

    # ---- text <-> model ----------------------------------------------------------------

    @staticmethod
    def _text(lines: list[str]) -> str:
        return "\n".join(line.replace("\n", LINE_SEP) for line in lines)

    def lines(self) -> list[str]:
        # the text of each block, as one call (each keystroke comes here: block by block
        # costs most of a millisecond in a long tract)
        raw = self.edit.document().toRawText()
        return [line.replace(LINE_SEP, "\n") for line in raw.split(PARAGRAPH_SEP)]

    def _frame(self) -> TextFrame | None:
        found = self.session.document.find_frame(self.frame_id)
        return found[1] if found and isinstance(found[1], TextFrame) else None

    def _commit(self) -> None:
        frame = self._frame()
        if frame is None:
            return
        lines = self.lines()
        default = "title" if frame.name == "title" else "paragraph"
        paragraphs = lines_to_paragraphs(self._lines, lines, frame.paragraphs, default)
        self._lines = lines
        if paragraphs == frame.paragraphs:
            return
        self._pushing = True
        try:
            self.session.replace_frame(frame, replace(frame, paragraphs=paragraphs),
                                       label=N_("Type text"), merge=self.merge)
        finally:
            self._pushing = False

    def _document_changed(self) -> None:
        frame = self._frame()
        if frame is None:
            self.close_editor()
            return
        if not self._pushing:
            lines = paragraphs_to_lines(frame.paragraphs)
            if lines != self._lines:  # undo, redo, a drop: show the model's text
                pos = self.edit.textCursor().position()
                self._lines = lines
                self.edit.blockSignals(True)
                self.edit.setPlainText(self._text(lines))
                self.edit.blockSignals(False)
                cursor = self.edit.textCursor()
                cursor.setPosition(min(pos, len(self.edit.toPlainText())))
                self.edit.setTextCursor(cursor)
        self._update_status()

    def _update_status(self) -> None:
        info = None
        page = self.session.frame_page(self.frame_id)
        if page is not None:
            info = self.session.layout.pages[page].frames.get(self.frame_id)
        parts = [_("Esc: done")]
        if info is not None and info.size:
            size = QLocale().toString(float(info.size), "f", 1)
            if info.overflow:
                parts.insert(0, _("{size} pt — does not fit", size=size))
            else:
                parts.insert(0, _("{size} pt", size=size))
        # set only when they change: each keystroke comes here, and a new text or style
        # sheet repaints the label and what shows through it (the canvas beneath)
        text = "  ·  ".join(parts)
        if text != self.status.text():
            self.status.setText(text)
        style = ("color: #c0121f; padding: 0 4px;" if info and info.overflow
                 else "color: palette(mid); padding: 0 4px;")
        if style != self.status.styleSheet():
            self.status.setStyleSheet(style)

    @property
    def covering(self) -> bool:
        return self.graphicsEffect() is not None

    def set_covering(self, covering: bool) -> None:
        """Over a frame, the editor lets the page show through (its text stays readable)."""
        if covering == self.covering:
            return
        if covering:
            effect = QGraphicsOpacityEffect(self)
            effect.setOpacity(SEE_THROUGH)
            self.setGraphicsEffect(effect)
        else:
            self.setGraphicsEffect(None)  # type: ignore[arg-type]

    def close_editor(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.session.changed.disconnect(self._document_changed)
        except (RuntimeError, TypeError):
            pass
        self.hide()
        self.closed.emit()
        self.deleteLater()
