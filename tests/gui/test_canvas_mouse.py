"""The canvas under the mouse: drag to move, handles to resize, Ctrl+wheel to zoom."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from pancarte.geometry import MM

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.MouseButton.NoButton


def mouse(widget, kind, pos: QPointF, button=LEFT, buttons=LEFT,
          mods=Qt.KeyboardModifier.NoModifier):
    ev = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, mods)
    QApplication.sendEvent(widget, ev)


def drag(canvas, start: QPointF, end: QPointF, mods=Qt.KeyboardModifier.NoModifier) -> None:
    vp = canvas.viewport()
    mouse(vp, QEvent.Type.MouseButtonPress, start, mods=mods)
    steps = 5
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        mouse(vp, QEvent.Type.MouseMove, p, NONE, LEFT, mods)
    mouse(vp, QEvent.Type.MouseButtonRelease, end, LEFT, NONE, mods)


def test_drag_moves_a_frame_in_one_step(window):
    canvas, session = window.canvas, window.session
    canvas.set_zoom(0.5)
    frame = session.document.find_frame("body")[1]
    start = canvas.frame_rect(frame).center()
    px_per_mm = canvas.px_per_pt() * MM
    depth = session.undo_stack.count()
    # Alt: no snapping, so the move is exactly what the mouse did
    drag(canvas, start, start + QPointF(20 * px_per_mm, 10 * px_per_mm),
         Qt.KeyboardModifier.AltModifier)
    moved = session.document.find_frame("body")[1]
    assert abs(moved.x - (frame.x + 20)) < 0.05 and abs(moved.y - (frame.y + 10)) < 0.05
    assert session.undo_stack.count() == depth + 1
    assert session.selected == "body"
    session.undo_stack.undo()
    assert session.document.find_frame("body")[1] == frame


def test_handle_resizes(window):
    canvas, session = window.canvas, window.session
    session.select("body")
    frame = session.selected_frame()
    size_before = session.layout.pages[0].frames["body"].size
    r = canvas.frame_rect(frame)
    px_per_mm = canvas.px_per_pt() * MM
    corner = r.bottomRight()
    assert canvas.handle_at(corner) == "se"
    drag(canvas, corner, corner + QPointF(-30 * px_per_mm, 0), Qt.KeyboardModifier.AltModifier)
    resized = session.selected_frame()
    assert abs(resized.w - (frame.w - 30)) < 0.05 and resized.x == frame.x
    # a narrower autofit frame sets its text smaller: the layout followed the drag
    assert session.layout.pages[0].frames["body"].size < size_before


def test_ctrl_wheel_zooms_around_the_mouse(window):
    canvas = window.canvas
    before = canvas.zoom()
    pos = QPointF(canvas.viewport().width() / 2 + 40, canvas.viewport().height() / 2)
    mm_before = canvas.to_mm(pos)
    ev = QWheelEvent(pos, canvas.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, 240),
                     NONE, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                     False)
    QApplication.sendEvent(canvas.viewport(), ev)
    assert canvas.zoom() > before * 1.2
    mm_after = canvas.to_mm(pos)
    assert abs(mm_after[0] - mm_before[0]) < 1 and abs(mm_after[1] - mm_before[1]) < 1
