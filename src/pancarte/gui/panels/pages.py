"""The pages panel: a thumbnail per page (recto, verso…), to switch pages, add, duplicate,
remove and reorder them. Thumbnails are redrawn a moment after edits stop, not per key."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pancarte.gui import icons
from pancarte.gui.session import DocumentSession
from pancarte.i18n import N_, _
from pancarte.model.commands import AddPage, MovePage, RemovePage, unique_frame_id
from pancarte.model.document import Document, Frame, Page, TextFrame

if TYPE_CHECKING:
    from pancarte.render.qt import QtPainterRenderer

THUMB = 84


def page_name(index: int, count: int) -> str:
    if count == 2:
        return _("Recto") if index == 0 else _("Verso")
    return _("Page {n}", n=index + 1)


def duplicate_page(doc: Document, page: Page) -> Page:
    """A copy of ``page`` whose frames get ids unused in ``doc`` (links between them kept)."""
    ids: dict[str, str] = {}
    work = doc
    frames: list[Frame] = []
    for f in page.frames:
        new_id = unique_frame_id(work, f.id)
        ids[f.id] = new_id
        copy = replace(f, id=new_id)
        frames.append(copy)
        work = replace(work, pages=(*work.pages, Page(frames=(copy,))))
    # links inside the page follow the copies; a link to another page is dropped
    frames = [replace(f, next_frame=ids.get(f.next_frame))
              if isinstance(f, TextFrame) and f.next_frame else f for f in frames]
    return replace(page, frames=tuple(frames))


class PagesPanel(QWidget):
    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._renderer: QtPainterRenderer | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(4)
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Snap)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 30, THUMB + 36))
        self.list.setUniformItemSizes(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.currentRowChanged.connect(self._row_changed)
        self.list.model().rowsMoved.connect(self._rows_moved)
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        style = self.style()
        self.add_button = self._tool(_("Add a blank page"), style.standardIcon(
            QStyle.StandardPixmap.SP_FileIcon), self.add_page)
        self.dup_button = self._tool(_("Duplicate this page"), style.standardIcon(
            QStyle.StandardPixmap.SP_FileDialogContentsView), self.duplicate)
        self.up_button = self._tool(_("Move this page earlier"), style.standardIcon(
            QStyle.StandardPixmap.SP_ArrowUp), lambda: self.move_page(-1))
        self.down_button = self._tool(_("Move this page later"), style.standardIcon(
            QStyle.StandardPixmap.SP_ArrowDown), lambda: self.move_page(+1))
        self.remove_button = self._tool(_("Delete this page"), style.standardIcon(
            QStyle.StandardPixmap.SP_TrashIcon), self.remove)
        for b in (self.add_button, self.dup_button, self.up_button, self.down_button,
                  self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self.refresh)
        self._count = -1
        session.changed.connect(self._changed)
        session.selection_changed.connect(self._select_current)
        self._timer.start(0)  # thumbnails once the window is up: a faster start

    def _tool(self, tip: str, icon, slot) -> QToolButton:
        b = QToolButton()
        b.setIcon(icon)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.clicked.connect(slot)
        return b

    def _changed(self) -> None:
        if len(self.session.document.pages) != self._count:
            self.refresh()  # pages added, removed or moved: at once
        else:
            self._timer.start()

    def refresh(self) -> None:
        self._timer.stop()
        self._timer.setInterval(400)
        if not self.session.layout_ready:
            self._timer.start()
            return
        from pancarte.gui.thumbnails import page_image

        if self._renderer is None:
            from pancarte.render.qt import QtPainterRenderer

            self._renderer = QtPainterRenderer(self.session.engine.fonts, exact=False)
        layout = self.session.layout
        n = len(layout.pages)
        self._count = n
        self.list.blockSignals(True)
        while self.list.count() > n:
            self.list.takeItem(self.list.count() - 1)
        for i in range(n):
            image = page_image(layout, i, THUMB, self._renderer)
            pm = QPixmap.fromImage(image).scaled(THUMB, THUMB,
                                                 Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation)
            item = self.list.item(i)
            if item is None:
                item = QListWidgetItem()
                self.list.addItem(item)
            item.setIcon(icons.thumbnail_icon(pm))
            item.setText(page_name(i, n))
            item.setData(Qt.ItemDataRole.UserRole, i)
        self.list.blockSignals(False)
        self._select_current()
        self.remove_button.setEnabled(n > 1)
        self.up_button.setEnabled(self.session.page > 0)
        self.down_button.setEnabled(self.session.page < n - 1)

    def _select_current(self) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(self.session.page)
        self.list.blockSignals(False)
        n = len(self.session.document.pages)
        self.up_button.setEnabled(self.session.page > 0)
        self.down_button.setEnabled(self.session.page < n - 1)

    def _row_changed(self, row: int) -> None:
        if row >= 0:
            self.session.set_page(row)

    def _rows_moved(self, _parent, start: int, _end: int, _dest, row: int) -> None:
        target = row if row < start else row - 1
        target = max(0, min(target, len(self.session.document.pages) - 1))
        if target != start:
            self.session.push(MovePage(start, target))
            self.session.set_page(target)
        self.refresh()

    # ---- actions -----------------------------------------------------------------------

    def add_page(self) -> None:
        """A page after this one: the text flowing here goes on through it (the template's
        continuation page), else a blank page."""
        from pancarte.model.flowpages import flow_page_command

        doc = self.session.document
        index = self.session.page + 1
        command = flow_page_command(doc, index)
        if command is not None:
            self.session.push(command)
        else:
            bg = doc.pages[self.session.page].background
            self.session.push(AddPage(index, Page(background=bg)))
        self.session.set_page(index)

    def duplicate(self) -> None:
        doc = self.session.document
        index = self.session.page
        self.session.push(AddPage(index + 1, duplicate_page(doc, doc.pages[index])),
                          N_("Duplicate page"))
        self.session.set_page(index + 1)

    def remove(self) -> None:
        doc = self.session.document
        if len(doc.pages) <= 1:
            return
        index = self.session.page
        self.session.push(RemovePage(index, doc.pages[index]))

    def move_page(self, step: int) -> None:
        index = self.session.page
        target = index + step
        if 0 <= target < len(self.session.document.pages):
            self.session.push(MovePage(index, target))
            self.session.set_page(target)
