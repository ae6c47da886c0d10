"""The canvas's gestures: mouse (select, move, resize with snapping, pan), keyboard (nudge,
delete, walk the frames, type into a text frame), the in-place text editor's placement, and
drops of library blocks. Each turns into model commands pushed on the session.
"""

from __future__ import annotations

from itertools import count
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QWidget

from pancarte.geometry import MM
from pancarte.gui import snapping
from pancarte.gui.blocks import (
    MIME_BLOCK,
    fill_frame,
    mime_paragraphs,
    mime_tract_id,
    new_text_frame,
)
from pancarte.gui.canvas_view import CanvasView
from pancarte.gui.session import DocumentSession
from pancarte.i18n import N_, _
from pancarte.model.document import Frame, ImageFrame, QRFrame, TextFrame

if TYPE_CHECKING:
    from pancarte.gui.inplace import InPlaceEditor

SNAP_PX = 6  # px within which an edge snaps
EDITOR_MIN_WIDTH = 220  # px of pasteboard beside the page for the text editor
_gestures = count(1)

_CURSORS = {"nw": Qt.CursorShape.SizeFDiagCursor, "se": Qt.CursorShape.SizeFDiagCursor,
            "ne": Qt.CursorShape.SizeBDiagCursor, "sw": Qt.CursorShape.SizeBDiagCursor,
            "n": Qt.CursorShape.SizeVerCursor, "s": Qt.CursorShape.SizeVerCursor,
            "e": Qt.CursorShape.SizeHorCursor, "w": Qt.CursorShape.SizeHorCursor}


def _covered(area: QRectF, rects: list[QRectF]) -> float:
    """The area of ``rects`` that ``area`` hides."""
    total = 0.0
    for rect in rects:
        common = area & rect
        total += max(0.0, common.width()) * max(0.0, common.height())
    return total


def chain_head(doc, frame_id: str) -> str:
    """The first frame of the text chain ``frame_id`` belongs to (itself when unlinked)."""
    previous = {f.next_frame: f.id for p in doc.pages for f in p.frames
                if isinstance(f, TextFrame) and f.next_frame}
    seen = {frame_id}
    while frame_id in previous and previous[frame_id] not in seen:
        frame_id = previous[frame_id]
        seen.add(frame_id)
    return frame_id


class _Gesture:
    """A mouse drag in progress: moving or resizing one frame, or panning."""

    def __init__(self, kind: str, start: QPointF, frame: Frame | None = None,
                 handle: str = "") -> None:
        self.kind = kind  # "move", "resize", "pan"
        self.start = start
        self.frame = frame
        self.handle = handle
        self.merge = f"drag-{next(_gestures)}"
        self.active = kind != "move"  # a move starts after a few pixels
        self.scroll = (0, 0)


def _editor_spot(r: QRectF, others: list[QRectF], vp: QRectF) -> QRectF:
    """The best place in viewport ``vp`` for the editor of the frame at ``r``: the least of
    the ``others`` covered, then the least of its own frame, then the nearest, the widest."""
    best: tuple[float, QRectF] | None = None
    for widest in (420, 320, EDITOR_MIN_WIDTH):
        w = min(widest, vp.width() - 16)
        for h in (int(min(max(120, min(r.height(), 220)), vp.height() // 2)), 96, 64):
            xs = {8, vp.right() - w - 8, r.left(), r.right() - w, r.right() + 8,
                  r.left() - 8 - w, *(o.right() + 6 for o in others),
                  *(o.left() - 6 - w for o in others)}
            ys = {8, vp.bottom() - h - 8, r.top(), r.bottom() + 8, r.top() - 8 - h,
                  *(o.bottom() + 6 for o in others), *(o.top() - 6 - h for o in others)}
            for x in xs:
                for y in ys:
                    area = QRectF(round(x), round(y), w, h)
                    if not vp.contains(area):
                        continue
                    score = _covered(area, others) * 1e3 + _covered(area, [r]) \
                        + (abs(area.center().y() - r.center().y())
                           + abs(area.center().x() - r.center().x())) * 1e-3 \
                        - w * 1e-2
                    if best is None or score < best[0]:
                        best = (score, area)
    if best is None:  # a tiny viewport: below the frame
        return QRectF(8, max(0.0, r.bottom() + 8), vp.width() - 16, 96)
    return best[1]


class CanvasGestures(CanvasView):
    """The input half of the canvas: what the mouse, the keyboard and drops do."""

    editing_changed = Signal(bool)
    image_requested = Signal(str)  # double-click on an image frame
    qr_requested = Signal(str)  # double-click on a QR frame
    tract_dropped = Signal(str)  # a library block was dropped: its tract's id

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._gesture: _Gesture | None = None
        self._guides: tuple[list[float], list[float]] = ([], [])
        self._drop_target: str | None = None
        self.editor: InPlaceEditor | None = None
        self._editor_placed: tuple | None = None  # what the editor's place was chosen for
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)

    # ---- mouse -------------------------------------------------------------------------

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = e.position()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.editor is not None:
            self.editor.close_editor()
        if e.button() == Qt.MouseButton.MiddleButton:
            self._start_pan(pos)
            return
        if e.button() != Qt.MouseButton.LeftButton:
            return
        handle = self.handle_at(pos)
        if handle is not None:
            self._gesture = _Gesture("resize", pos, self.session.selected_frame(), handle)
            return
        frame = self.frame_at(pos)
        if frame is not None:
            self.session.select(frame.id)
            self._gesture = _Gesture("move", pos, frame)
            return
        self.session.select(None)
        self._start_pan(pos)

    def _start_pan(self, pos: QPointF) -> None:
        self._gesture = _Gesture("pan", pos)
        self._gesture.scroll = (self.horizontalScrollBar().value(),
                                self.verticalScrollBar().value())
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = e.position()
        g = self._gesture
        if g is None:
            self._hover(pos)
            return
        delta = pos - g.start
        if g.kind == "pan":
            self.horizontalScrollBar().setValue(round(g.scroll[0] - delta.x()))
            self.verticalScrollBar().setValue(round(g.scroll[1] - delta.y()))
            return
        if not g.active:
            if abs(delta.x()) + abs(delta.y()) < 4:
                return
            g.active = True
        scale = self.px_per_pt() * MM
        dx, dy = delta.x() / scale, delta.y() / scale
        snap = not (e.modifiers() & Qt.KeyboardModifier.AltModifier)
        if g.kind == "move" and e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            if abs(dx) > abs(dy):
                dy = 0.0
            else:
                dx = 0.0
        self.drag_frame(g, dx, dy, snap)

    def drag_frame(self, g: _Gesture, dx: float, dy: float, snap: bool = True) -> None:
        """Move or resize ``g.frame`` by (dx, dy) mm from where the gesture started, snapped
        to guides and other frames; one undo step per gesture."""
        frame = self.session.selected_frame()
        start = g.frame
        if frame is None or start is None or frame.id != start.id:
            return
        doc = self.session.document
        index = self.session.frame_page(frame.id)
        if index is None:
            return
        targets = snapping.targets_for(doc, doc.pages[index], frame.id) if snap else None
        tol = SNAP_PX / (self.px_per_pt() * MM)
        if g.kind == "move":
            x, y = start.x + dx, start.y + dy
            result = (snapping.snap_move(x, y, start.w, start.h, targets, tol) if targets
                      else snapping.Snap(x, y, start.w, start.h))
            label = N_("Move frame")
        else:
            result = snapping.resize(start.x, start.y, start.w, start.h, g.handle, dx, dy,
                                     targets, tol)
            label = N_("Resize frame")
        self._guides = (result.guides_x, result.guides_y)
        new = frame.moved(round(result.x, 2), round(result.y, 2), round(result.w, 2),
                          round(result.h, 2))
        if new != frame:
            self.session.replace_frame(frame, new, label=label, merge=g.merge)
        self.viewport().update()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._gesture = None
        self._guides = ([], [])
        self._hover(e.position())
        self.viewport().update()

    def mouseDoubleClickEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        frame = self.frame_at(e.position())
        if frame is None:
            return
        self.session.select(frame.id)
        if isinstance(frame, TextFrame):
            self.edit_frame(frame.id)
        elif isinstance(frame, ImageFrame):
            self.image_requested.emit(frame.id)
        elif isinstance(frame, QRFrame):
            self.qr_requested.emit(frame.id)

    def _hover(self, pos: QPointF) -> None:
        handle = self.handle_at(pos)
        if handle is not None:
            self.viewport().setCursor(_CURSORS[handle])
        elif self.frame_at(pos) is not None:
            self.viewport().setCursor(Qt.CursorShape.SizeAllCursor
                                      if self.frame_at(pos) == self.session.selected_frame()
                                      else Qt.CursorShape.PointingHandCursor)
        else:
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)

    def wheelEvent(self, e: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = e.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(1.15 ** steps, e.position())
            e.accept()
            return
        super().wheelEvent(e)

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        frame = self.frame_at(QPointF(e.pos()))
        if frame is None:
            return
        self.session.select(frame.id)
        menu = QMenu(self)
        if isinstance(frame, TextFrame):
            menu.addAction(_("Edit text"), lambda: self.edit_frame(frame.id))
        menu.addAction(_("Bring forward"), lambda: self.restack(+1))
        menu.addAction(_("Send backward"), lambda: self.restack(-1))
        menu.addSeparator()
        menu.addAction(_("Delete frame"), self.delete_selected)
        menu.exec(e.globalPos())

    # ---- keyboard ----------------------------------------------------------------------

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = e.key()
        arrows: dict[int, tuple[int, int]] = {
            Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        frame = self.session.selected_frame()
        if key in arrows and frame is not None:
            step = 1.0
            if e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                step = 10.0
            elif e.modifiers() & Qt.KeyboardModifier.AltModifier:
                step = 0.1
            ux, uy = arrows[key]
            self.nudge(ux * step, uy * step)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and frame is not None:
            self.delete_selected()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and \
                isinstance(frame, TextFrame):
            self.edit_frame(frame.id)
            return
        if key == Qt.Key.Key_Escape:
            self.session.select(None)
            return
        text = e.text()
        if isinstance(frame, TextFrame) and text and text.isprintable() and not (
                e.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                 | Qt.KeyboardModifier.AltModifier)):
            # typing on a selected text frame replaces its text (the slogan, ready to type)
            fresh = self.editor is None
            editor = self.edit_frame(frame.id)
            if editor is not None:
                if fresh:
                    editor.edit.selectAll()
                editor.edit.insertPlainText(text)
            return
        if key == Qt.Key.Key_Tab:
            self.select_next(+1)
            return
        if key == Qt.Key.Key_Backtab:
            self.select_next(-1)
            return
        super().keyPressEvent(e)

    def focusNextPrevChild(self, _next: bool) -> bool:  # noqa: N802 - Qt override
        return False  # Tab walks through the frames instead

    def nudge(self, dx: float, dy: float) -> None:
        frame = self.session.selected_frame()
        if frame is None:
            return
        new = frame.moved(round(frame.x + dx, 2), round(frame.y + dy, 2))
        self.session.replace_frame(frame, new, label=N_("Nudge frame"), merge="nudge")

    def select_next(self, step: int) -> None:
        frames = self.session.document.pages[self.session.page].frames
        if not frames:
            return
        ids = [f.id for f in frames]
        cur = self.session.selected
        i = ids.index(cur) + step if cur in ids else (0 if step > 0 else -1)
        self.session.select(ids[i % len(ids)])

    def delete_selected(self) -> None:
        frame = self.session.selected_frame()
        if frame is None:
            return
        page = self.session.frame_page(frame.id)
        assert page is not None
        index = [f.id for f in self.session.document.pages[page].frames].index(frame.id)
        from pancarte.model.commands import RemoveFrame  # the editing commands: at the first edit

        self.session.push(RemoveFrame(page, frame, index))

    def restack(self, step: int) -> None:
        frame = self.session.selected_frame()
        if frame is None:
            return
        page = self.session.frame_page(frame.id)
        assert page is not None
        ids = [f.id for f in self.session.document.pages[page].frames]
        old = ids.index(frame.id)
        new = max(0, min(len(ids) - 1, old + step))
        if new != old:
            from pancarte.model.commands import RestackFrame

            self.session.push(RestackFrame(page, old, new))

    # ---- in-place text editing ------------------------------------------------------------

    def edit_frame(self, frame_id: str) -> InPlaceEditor | None:
        """Open the in-place editor on ``frame_id`` (on the first frame of its text chain:
        the text of linked frames is edited where it starts)."""
        frame_id = chain_head(self.session.document, frame_id)
        found = self.session.document.find_frame(frame_id)
        if found is None or not isinstance(found[1], TextFrame):
            return None
        if self.editor is not None:
            if self.editor.frame_id == frame_id:
                return self.editor
            self.editor.close_editor()
        self.session.select(frame_id)
        from pancarte.gui.inplace import InPlaceEditor  # loaded when first editing

        editor = InPlaceEditor(self.session, frame_id, self.viewport())
        editor.closed.connect(self._editor_closed)
        self.editor = editor
        self._place_editor()
        editor.show()
        editor.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.viewport().update()
        self.editing_changed.emit(True)
        return editor

    def _editor_closed(self) -> None:
        self.editor = None
        self._editor_placed = None
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.viewport().update()
        self.editing_changed.emit(False)

    def _place_editor(self) -> None:
        """Where it hides nothing: beside the page when there is room, else in a gap of the
        page, else over its own frame (and the background behind it); never over another
        frame when some place avoids them. When it has to cover something it lets the page
        show through. (Typing changes none of what this depends on: it is placed again only
        when the frames, the zoom, the scroll or the viewport moved.)"""
        editor = self.editor
        if editor is None:
            return
        found = self.session.document.find_frame(editor.frame_id)
        if found is None:
            return
        r = self.frame_rect(found[1])
        vp = QRectF(self.viewport().rect())
        # the other frames, but not the background behind this one (a band, a strip)
        others = [o for o in (self.frame_rect(f) for f in
                              self.session.document.pages[found[0]].frames
                              if f.id != found[1].id) if not o.contains(r)]
        key = (id(editor), r.getRect(), vp.getRect(), tuple(o.getRect() for o in others))
        if key == self._editor_placed:
            return
        self._editor_placed = key
        area = _editor_spot(r, others, vp)
        editor.setGeometry(area.toAlignedRect())
        editor.set_covering(_covered(area, [r, *others]) > 0)

    # ---- drag and drop -----------------------------------------------------------------

    @staticmethod
    def _accepts(mime: QMimeData) -> bool:
        return mime.hasFormat(MIME_BLOCK) or mime.hasText()

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._accepts(e.mimeData()):
            e.acceptProposedAction()

    def dragMoveEvent(self, e: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        pos = e.position()
        target = self.frame_at(pos, (TextFrame, QRFrame))
        new = target.id if target is not None else None
        if new != self._drop_target:
            self._drop_target = new
            self.viewport().update()
        if target is not None or self._in_page(pos):
            e.acceptProposedAction()
        else:
            e.ignore()

    def dragLeaveEvent(self, _e: QDragLeaveEvent) -> None:  # noqa: N802 - Qt override
        self._drop_target = None
        self.viewport().update()

    def dropEvent(self, e: QDropEvent) -> None:  # noqa: N802 - Qt override
        self._drop_target = None
        if self.drop_mime(e.mimeData(), e.position()):
            e.acceptProposedAction()
        else:
            e.ignore()
        self.viewport().update()

    def drop_mime(self, mime: QMimeData, pos: QPointF) -> bool:
        """What a drop does: a block dropped on a text (or QR) frame fills it; dropped on the
        page elsewhere, it becomes a new text frame there. Returns whether it was taken."""
        paragraphs = mime_paragraphs(mime)
        if not paragraphs:
            return False
        doc = self.session.document
        target = self.frame_at(pos, (TextFrame, QRFrame))
        if target is not None:
            command = fill_frame(doc, target, paragraphs)
            if command is not None:
                self.session.push(command)
            self.session.select(target.id)
        elif not self._in_page(pos):
            return False
        else:
            x, y = self.to_mm(pos)
            command = new_text_frame(doc, self.session.page, x, y, paragraphs)
            self.session.push(command, N_("Insert block"))
            self.session.select(command.frame.id)
        tract = mime_tract_id(mime)
        if tract:
            self.tract_dropped.emit(tract)
        return True
