"""The library panel: search the tract library, pick a tract, drag its blocks onto the page.

A block dragged onto a text frame fills it; dropped elsewhere on the page it becomes a new
frame (see :meth:`pancarte.gui.canvas.Canvas.drop_mime`); a double-click inserts it into the
selected frame. Tracts are created and edited here too (:mod:`pancarte.gui.dialogs.tract`).

The library is opened lazily (:meth:`LibraryPanel.load`), after the window is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pancarte.gui.blocks import block_mime, block_paragraphs
from pancarte.gui.prompts import Prompter
from pancarte.i18n import N_, _, ngettext

_KIND_LABELS = {"title": N_("Title"), "heading": N_("Heading"), "paragraph": N_("Paragraph"),
                "list": N_("List"), "quote": N_("Quote"), "contact": N_("Contact")}
TRACT_ROLE = Qt.ItemDataRole.UserRole
BLOCK_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
TEXT_ROLE = Qt.ItemDataRole.UserRole + 3


def list_tracts(library: Any) -> list[Any]:
    """Every tract's summary, most recently changed first (``Library.list_tracts``, called
    ``list`` in early versions of the store)."""
    lister = getattr(library, "list_tracts", None) or library.list
    return lister()


def block_summary(block: Any, limit: int = 140) -> str:
    text = " · ".join(s for s in block.strings() if s.strip()) or "…"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class BlockDelegate(QStyledItemDelegate):
    """A block as a small coloured kind label over its text (wrapped, at most six lines)."""

    PAD = 6
    MAX_LINES = 6

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        label = QFont(option.font)
        label.setBold(True)
        label.setPointSizeF(max(6.5, label.pointSizeF() * 0.78))
        label.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        return label, QFont(option.font)

    def _text_rect(self, option: QStyleOptionViewItem, text: str, width: int) -> QRect:
        _label, body = self._fonts(option)
        fm = QFontMetrics(body)
        r = fm.boundingRect(QRect(0, 0, width, 10_000),
                            int(Qt.TextFlag.TextWordWrap), text)
        return QRect(0, 0, width, min(r.height(), fm.lineSpacing() * self.MAX_LINES))

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802
        width = max(80, option.rect.width() or 240) - 2 * self.PAD
        label, _body = self._fonts(option)
        text = index.data(TEXT_ROLE) or ""
        h = QFontMetrics(label).height() + 2 + self._text_rect(option, text, width).height()
        return QSize(width, h + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        if selected:
            painter.fillRect(option.rect, palette.highlight())
        elif index.row() % 2:
            painter.fillRect(option.rect, palette.alternateBase())
        painter.setPen(QColor(0, 0, 0, 30))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        label, body = self._fonts(option)
        r = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        painter.setFont(label)
        painter.setPen(palette.highlightedText().color() if selected else QColor("#b3121f"))
        lh = QFontMetrics(label).height()
        painter.drawText(QRect(r.left(), r.top(), r.width(), lh),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         index.data(KIND_ROLE) or "")
        painter.setFont(body)
        painter.setPen(palette.highlightedText().color() if selected else palette.text().color())
        text_rect = self._text_rect(option, index.data(TEXT_ROLE) or "", r.width())
        text_rect.moveTo(r.left(), r.top() + lh + 2)
        painter.setClipRect(text_rect)
        painter.drawText(text_rect, int(Qt.TextFlag.TextWordWrap), index.data(TEXT_ROLE) or "")
        painter.restore()


class BlockList(QListWidget):
    """The selected tract's blocks; dragging one carries :func:`block_mime`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tract = None
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setItemDelegate(BlockDelegate(self))
        self.setUniformItemSizes(False)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        from pancarte.gui.blocks import MIME_BLOCK

        return [MIME_BLOCK, "text/plain"]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802
        if not items or self.tract is None:
            return QMimeData()
        return block_mime(self.tract, int(items[0].data(BLOCK_ROLE)))


class TractList(QListWidget):
    """The library's tracts; dragging one onto the page carries its title block (and its id:
    the editor then offers the event written in it)."""

    def __init__(self, tract_of: Callable[[QListWidgetItem], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tract_of = tract_of
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        from pancarte.gui.blocks import MIME_BLOCK

        return [MIME_BLOCK, "text/plain"]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802
        tract = self.tract_of(items[0]) if items else None
        if tract is None or not tract.blocks:
            return QMimeData()
        from pancarte.gui.blocks import tract_mime

        return tract_mime(tract)


class LibraryPanel(QWidget):
    insert_requested = Signal(object)  # tuple[Paragraph, ...]
    use_tract_requested = Signal(object)  # Tract
    status = Signal(str)  # news for the status bar

    def __init__(self, prompter: Prompter, opener: Callable[[], Any],
                 parent: QWidget | None = None, settings: Any = None) -> None:
        """``opener()`` returns an open :class:`pancarte.library.store.Library` (or raises
        LibraryError); it is called once, by :meth:`load`."""
        super().__init__(parent)
        self.prompter = prompter
        self.opener = opener
        self.library: Any = None
        self.tract = None
        self.settings = settings  # EditorSettings: remembers the import folder
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search the library…"))
        self.search.setClearButtonEnabled(True)
        lay.addWidget(self.search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.refresh_list)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        self.new_button = self._tool(_("New"), _("Write a new tract"), self.new_tract)
        self.edit_button = self._tool(_("Modify"), _("Edit the selected tract"), self.edit_tract)
        self.import_button = self._tool(_("Import…"), _("Import a text file (.txt, .md, .odt, "
                                                       ".docx)"), self.import_file)
        self.use_button = self._tool(_("Fill the page"), _("Fill the template's frames with "
                                                          "the tract: the whole of it when it "
                                                          "fits legibly, else its key blocks"),
                                     self._use_tract)
        for b in (self.new_button, self.edit_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        lay.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Vertical)
        self.tracts = TractList(self._tract_of)
        self.tracts.setAlternatingRowColors(True)
        self.tracts.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tracts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tracts.currentItemChanged.connect(self._tract_chosen)
        self.tracts.itemDoubleClicked.connect(lambda _i: self.edit_tract())
        wrap = QWidget()
        wl = QVBoxLayout(wrap)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.setSpacing(2)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: palette(dark);")
        wl.addWidget(self.count_label)
        wl.addWidget(self.tracts)
        split.addWidget(wrap)
        wrap2 = QWidget()
        bl = QVBoxLayout(wrap2)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(2)
        hint = QLabel(_("Drag a block onto a frame, or double-click it to insert it."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(dark);")
        bl.addWidget(hint)
        self.blocks = BlockList()
        self.blocks.itemDoubleClicked.connect(self._block_activated)
        bl.addWidget(self.blocks)
        split.addWidget(wrap2)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        lay.addWidget(split, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        lay.addWidget(self.message)
        # what "Fill the page" left out (shown until another tract or page is filled)
        self.plan_note = QLabel()
        self.plan_note.setWordWrap(True)
        self.plan_note.setStyleSheet("background: #fff6d5; color: #5a4500; padding: 6px;")
        self.plan_note.hide()
        lay.addWidget(self.plan_note)
        self.left_out: set[int] = set()
        # a block dropped on a frame too small for it: shorten it, or continue elsewhere
        self.overflow_bar = QWidget()
        ob = QVBoxLayout(self.overflow_bar)
        ob.setContentsMargins(6, 6, 6, 6)
        ob.setSpacing(4)
        self.overflow_label = QLabel()
        self.overflow_label.setWordWrap(True)
        ob.addWidget(self.overflow_label)
        row = QHBoxLayout()
        self.shorten_button = QPushButton(_("Shorten the block"))
        self.shorten_button.setToolTip(_("Cut the block at the end of a sentence, with “…”, "
                                         "so that it fits"))
        self.shorten_button.clicked.connect(self.shorten_overflow)
        self.continue_button = QPushButton(_("Continue in another frame"))
        self.continue_button.setToolTip(_("Add a frame where the rest of the text goes on"))
        self.continue_button.clicked.connect(self.continue_overflow)
        row.addWidget(self.shorten_button)
        row.addWidget(self.continue_button)
        ob.addLayout(row)
        self.overflow_bar.setStyleSheet("background: #fde8e8;")
        self.overflow_bar.hide()
        lay.addWidget(self.overflow_bar)
        self.session: Any = None
        self.overflow_frame: str | None = None
        self._set_enabled(False)

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.clicked.connect(slot)
        return b

    def _set_enabled(self, on: bool) -> None:
        for w in (self.search, self.new_button, self.import_button, self.tracts, self.blocks):
            w.setEnabled(on)
        self.edit_button.setEnabled(on and self.tract is not None)
        self.use_button.setEnabled(on and self.tract is not None)

    # ---- loading -----------------------------------------------------------------------

    def load(self) -> bool:
        """Open the library (once) and list its tracts; False (and a message) on error."""
        if self.library is not None:
            return True
        from pancarte.library.errors import LibraryError

        try:
            self.library = self.opener()
        except (LibraryError, OSError) as exc:
            self.message.setText(_("The library cannot be opened: {reason}", reason=str(exc)))
            self.message.setStyleSheet("color: #c0121f;")
            self.message.show()
            return False
        self._set_enabled(True)
        self.refresh_list()
        return True

    def close_library(self) -> None:
        if self.library is not None:
            self.library.close()
            self.library = None

    def refresh_list(self, select: str | None = None) -> None:
        if self.library is None:
            return
        from pancarte.library.errors import LibraryError

        current = select or (self.tract.id if self.tract is not None else None)
        query = self.search.text().strip()
        try:
            if query:
                rows = [(h.id, h.title, h.snippet) for h in self.library.search(query, 100)]
            else:
                rows = [(t.id, t.title, ", ".join(t.tags)) for t in list_tracts(self.library)]
        except LibraryError as exc:
            self.prompter.error(self, _("Library"), str(exc))
            return
        self.tracts.blockSignals(True)
        self.tracts.clear()
        chosen = None
        for tract_id, title, detail in rows:
            item = QListWidgetItem(title or _("(untitled)"))
            item.setData(TRACT_ROLE, tract_id)
            if detail:
                item.setToolTip(detail)
            self.tracts.addItem(item)
            if tract_id == current:
                chosen = item
        self.tracts.blockSignals(False)
        if query:
            self.count_label.setText(ngettext("{n} tract found", "{n} tracts found", len(rows)) if rows else
                                     _("Nothing found"))
        else:
            self.count_label.setText(ngettext("{n} tract", "{n} tracts", len(rows)))
        if chosen is None and self.tracts.count():
            chosen = self.tracts.item(0)
        if chosen is not None:
            self.tracts.setCurrentItem(chosen)
            self._tract_chosen(chosen, None)
        else:
            self.show_tract(None)

    def _tract_of(self, item: QListWidgetItem) -> Any:
        """The tract ``item`` lists (None when the library cannot give it)."""
        from pancarte.library.errors import LibraryError

        if self.library is None:
            return None
        try:
            return self.library.get(item.data(TRACT_ROLE))
        except LibraryError:
            return None

    def _tract_chosen(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is None or self.library is None:
            self.show_tract(None)
            return
        from pancarte.library.errors import LibraryError

        try:
            tract = self.library.get(item.data(TRACT_ROLE))
        except LibraryError as exc:
            self.prompter.error(self, _("Library"), str(exc))
            return
        self.show_tract(tract)

    def show_tract(self, tract: Any) -> None:
        self.tract = tract
        self.blocks.tract = tract
        self.blocks.clear()
        self.edit_button.setEnabled(tract is not None)
        self.use_button.setEnabled(tract is not None)
        if tract is None:
            return
        for i, block in enumerate(tract.blocks):
            if block.debris:
                continue
            kind = _(_KIND_LABELS.get(block.kind, block.kind))
            item = QListWidgetItem(f"{kind}: {block_summary(block)}")
            label = f"{i + 1}  {kind.upper()}"
            if i in self.left_out:
                label = _("{label} · left out", label=label)
                item.setToolTip(_("Not on the page: drag it onto a frame to add it"))
            item.setData(KIND_ROLE, label)
            item.setData(TEXT_ROLE, block_summary(block, 400))
            item.setData(BLOCK_ROLE, i)
            if i not in self.left_out:
                item.setToolTip("\n".join(block.strings())[:1000])
            self.blocks.addItem(item)

    # ---- actions -----------------------------------------------------------------------

    def _block_activated(self, item: QListWidgetItem) -> None:
        if self.tract is not None:
            self.insert_requested.emit(block_paragraphs(self.tract, int(item.data(BLOCK_ROLE))))

    def _use_tract(self) -> None:
        if self.tract is not None:
            self.use_tract_requested.emit(self.tract)

    def show_plan(self, tract: Any, plan: Any) -> None:
        """Say what "Fill the page" left out or shortened (see
        :func:`pancarte.fill.pick.plan_tract`), and mark those blocks in the list."""
        from pancarte.fill.pick import ranges

        self.left_out = set(plan.left_out) if plan is not None else set()
        if plan is None or (not plan.left_out and not plan.cut):
            self.plan_note.hide()
        else:
            left = ranges(i + 1 for i in plan.left_out)
            n = len(plan.left_out)
            parts = []
            if n == 1:
                parts.append(_("1 block left out so that the page stays legible: {blocks}.",
                               blocks=left))
            elif n:
                parts.append(_("{n} blocks left out so that the page stays legible: {blocks}.",
                               n=n, blocks=left))
            if plan.cut:
                parts.append(_("Shortened: {blocks}.", blocks=ranges(i + 1 for i in plan.cut)))
            text = " ".join(parts)
            text += " " + _("Drag a block onto a frame to add it.")
            self.plan_note.setText(text)
            self.plan_note.show()
        if self.tract is not None and tract is not None and self.tract.id == tract.id:
            self.show_tract(self.tract)

    # ---- a dropped block that does not fit -----------------------------------------------

    def attach(self, session: Any) -> None:
        """Watch ``session``: when a block dropped on a frame overflows it (the frame's red
        mark), offer to shorten the block or to continue in another frame."""
        self.session = session
        session.changed.connect(self._check_overflow)
        session.selection_changed.connect(self._check_overflow)  # a drop selects its frame

    def _check_overflow(self) -> None:
        from pancarte.gui.blocks import overflows

        session = self.session
        if session is None:
            return
        frame = session.selected_frame()
        dropped = session.undo_stack.undoText() == _("Insert block")
        if frame is not None and dropped and overflows(session.layout, frame.id):
            self.overflow_frame = frame.id
            self.overflow_label.setText(_("The block does not fit in frame “{name}”.",
                                          name=frame.name or frame.id))
            self.overflow_bar.show()
        elif self.overflow_frame is not None and not (
                session.document.find_frame(self.overflow_frame)
                and overflows(session.layout, self.overflow_frame)):
            self.overflow_frame = None
            self.overflow_bar.hide()

    def shorten_overflow(self) -> None:
        from pancarte.gui.blocks import shorten_command

        if self.session is None or self.overflow_frame is None:
            return
        command = shorten_command(self.session.document, self.overflow_frame,
                                  self.session.engine)
        if command is not None:
            self.session.push(command)
        self._check_overflow()

    def continue_overflow(self) -> None:
        from pancarte.gui.blocks import continue_command

        if self.session is None or self.overflow_frame is None:
            return
        frame_id = self.overflow_frame
        command = continue_command(self.session.document, frame_id)
        if command is not None:
            self.overflow_frame = None
            self.overflow_bar.hide()
            self.session.push(command)
            self.session.select(command.commands[0].frame.id)  # type: ignore[attr-defined]

    def new_tract(self) -> None:
        self._edit(None)

    def edit_tract(self) -> None:
        if self.tract is not None:
            self._edit(self.tract)

    def _edit(self, tract: Any) -> None:
        from pancarte.gui.dialogs.tract import TractDialog

        if self.library is None:
            return
        dialog = TractDialog(self.library, tract, self.prompter, self)
        if self.prompter.run_dialog(dialog) and dialog.result_tract is not None:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.refresh_list(select=dialog.result_tract.id)

    def import_file(self) -> None:
        from pancarte.library.errors import LibraryError

        if self.library is None:
            return
        path = self.prompter.open_file(self, _("Import a text"), self.import_folder(),
                                       _("Texts (*.txt *.md *.odt *.docx);;All files (*)"))
        if not path:
            return
        self._remember_folder(str(Path(path).parent))
        try:
            tract, created = self.library.import_file(path)
        except LibraryError as exc:
            self.prompter.error(self, _("Cannot import this file"), str(exc))
            return
        self.refresh_list(select=tract.id)
        words = sum(len(s.split()) for b in tract.blocks for s in b.strings())
        self.status.emit(
            _("Imported “{title}”: {blocks} blocks, {words} words", title=tract.title[:60],
              blocks=len(tract.blocks), words=words) if created else
            _("“{title}” is already in the library: it is selected", title=tract.title[:60]))

    def import_folder(self) -> str:
        """Where the import dialog opens: the folder of the last import, else home."""
        value = self.settings.q.value("library/import_folder", "") if self.settings else ""
        if isinstance(value, str) and value and Path(value).is_dir():
            return value
        return str(Path.home())

    def _remember_folder(self, folder: str) -> None:
        if self.settings is not None:
            self.settings.q.setValue("library/import_folder", folder)
