"""Typing in a frame where it stands: every key re-lays out the page (autofit live), the
whole editing session is one undo step, and accented characters arrive intact.

qtbot.keyClicks aborts on non-ASCII text: keys are sent as QKeyEvents carrying their text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from pancarte.model.document import Paragraph, TextFrame


def type_text(widget, text: str) -> None:
    for ch in text:
        if ch == "\n":
            key(widget, Qt.Key.Key_Return)
            continue
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0,
                                                 Qt.KeyboardModifier.NoModifier, ch))


def key(widget, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, k, mods))


def test_typing_updates_layout_live_and_undoes_in_one_step(window, qtbot):
    session = window.session
    before = session.document
    size_before = session.layout.pages[0].frames["body"].size
    editor = window.canvas.edit_frame("body")
    assert editor is not None and editor.isVisible()
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    with qtbot.waitSignal(session.changed):
        type_text(editor.edit, " Œuvrons ensemble : c’est décisif, l’été venu !")
    body = session.document.find_frame("body")[1]
    assert body.paragraphs[-1].text.endswith("c’est décisif, l’été venu !")
    assert "Œuvrons" in body.paragraphs[-1].text
    # the autofit size follows the text (a longer text is set smaller)
    assert session.layout.pages[0].frames["body"].size <= size_before
    assert session.undo_stack.count() == 1
    assert "pt" in editor.status.text()
    # Ctrl+Z in the editor undoes through the document's stack and refreshes the editor
    key(editor.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.document == before
    assert editor.lines()[-1] == before.find_frame("body")[1].paragraphs[-1].text
    key(editor.edit, Qt.Key.Key_Escape)
    assert window.canvas.editor is None


def test_new_paragraphs_bold_and_lists(make_window):
    from pancarte.model.templates import load_template

    window = make_window(load_template("poster-a3"))
    session = window.session
    editor = window.canvas.edit_frame("body")
    type_text(editor.edit, "Premier paragraphe")
    key(editor.edit, Qt.Key.Key_Return)
    type_text(editor.edit, "• une idée")
    for _ in range(4):
        key(editor.edit, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    key(editor.edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    key(editor.edit, Qt.Key.Key_End)
    key(editor.edit, Qt.Key.Key_Return)  # continues the list
    type_text(editor.edit, "deux")
    key(editor.edit, Qt.Key.Key_Return)
    key(editor.edit, Qt.Key.Key_Return)  # an empty item ends the list
    type_text(editor.edit, "Fin")
    body = session.document.find_frame("body")[1]
    assert isinstance(body, TextFrame)
    assert body.paragraphs == (
        Paragraph("Premier paragraphe"),
        Paragraph("une **idée**", role="list_item", marker="•"),
        Paragraph("deux", role="list_item", marker="•"),
        Paragraph("Fin"),
    )
    assert session.undo_stack.count() == 1
    editor.close_editor()
    # a new editing session is a new undo step
    editor = window.canvas.edit_frame("body")
    type_text(editor.edit, "!")
    assert session.undo_stack.count() == 2


def test_double_click_opens_the_editor(window, qtbot):
    canvas = window.canvas
    frame = window.session.document.find_frame("title")[1]
    pos = canvas.frame_rect(frame).center().toPoint()
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert canvas.editor is not None and canvas.editor.frame_id == "title"
    # clicking elsewhere closes it
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.viewport()
                     .rect().topLeft() + pos.__class__(5, 5))
    assert canvas.editor is None


def test_missing_glyph_is_marked_while_typing(window):
    session = window.session
    editor = window.canvas.edit_frame("body")
    type_text(editor.edit, " \U00013000")  # an Egyptian hieroglyph: no bundled font has it
    codes = {f.code for f in session.findings_for("body")}
    assert "glyph-missing" in codes
    assert "U+13000" in window.properties.problems.text()


def test_linked_frames_are_edited_from_the_first(make_window):
    from pancarte.model.edit import compose

    window = make_window(compose("tract-a4", sample=True))
    doc = window.session.document
    head = next(f for p in doc.pages for f in p.frames
                if isinstance(f, TextFrame) and f.next_frame)
    editor = window.canvas.edit_frame(head.next_frame)
    assert editor is not None and editor.frame_id == head.id


def _text_frames(session):
    return [f for f in session.document.pages[0].frames
            if isinstance(f, TextFrame)]


def test_the_editor_hides_no_other_frame_at_fit_zoom(make_window, qtbot):
    """poster-a3 (narrow margins) seen whole in a 1366 × 768 window: the editor of each text
    frame covers no other frame (the band or strip behind the frame aside)."""
    from pancarte.model.edit import compose

    window = make_window(compose("poster-a3", sample=True))
    window.resize(1366, 768)
    canvas = window.canvas
    qtbot.waitUntil(lambda: canvas.viewport().width() > 500, timeout=3000)
    canvas.zoom_to_fit()
    frames = window.session.document.pages[0].frames
    for frame in _text_frames(window.session):
        editor = canvas.edit_frame(frame.id)
        assert editor is not None and editor.isVisible()
        box = editor.geometry()
        for other in frames:
            rect = canvas.frame_rect(other).toAlignedRect().adjusted(1, 1, -1, -1)
            if other.id == frame.id or rect.contains(canvas.frame_rect(frame).toRect()):
                continue
            assert not box.intersects(rect), (frame.id, other.id, box, rect)
        assert canvas.viewport().rect().contains(box)
        editor.close_editor()


def test_an_editor_that_must_cover_is_see_through(make_window, qtbot):
    """A canvas too narrow for the editor beside the page: it covers some frame, so it lets
    the page show through; beside the page (a wide window, a small zoom) it is opaque."""
    from pancarte.model.edit import compose

    window = make_window(compose("poster-a3", sample=True))
    canvas = window.canvas
    canvas.set_zoom(1.5)
    editor = canvas.edit_frame("title")
    others = [canvas.frame_rect(f).toAlignedRect() for f in window.session.document.pages[0]
              .frames if f.id != "title"]
    assert any(editor.geometry().intersects(o) for o in others)
    assert editor.covering
    assert editor.windowOpacity() < 1 or editor.graphicsEffect() is not None
    assert 0.5 <= editor.graphicsEffect().opacity() < 1
    editor.close_editor()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: canvas.viewport().width() > 500, timeout=3000)
    canvas.set_zoom(0.3)
    editor = canvas.edit_frame("title")
    assert not editor.covering and editor.graphicsEffect() is None
