"""The properties, library and pages panels: each change is one undoable command."""

from __future__ import annotations

import io
from dataclasses import replace

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from pancarte.gui.styling import effective_style
from pancarte.model.document import ImageFrame, QRFrame, TextFrame
from pancarte.model.templates import load_template


def png_bytes(w: int, h: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def test_text_properties(window, prompter):
    session, panel = window.session, window.properties
    original = session.document
    session.select("body")
    assert panel.text_box.isVisibleTo(panel) and not panel.qr_box.isVisibleTo(panel)
    panel.family.setCurrentText("Vollkorn")
    panel.align_group.buttons()[1].click()  # centre
    panel.upper.setChecked(True)
    panel.spacing.setValue(1.5)
    prompter.color = QColor("#123456")
    panel.color.pick_custom()
    panel.background.pick("$accent")
    panel.autofit.setChecked(False)
    panel.size_box.setValue(20)
    body = session.selected_frame()
    assert isinstance(body, TextFrame)
    style = effective_style(body)
    assert (style.family, style.align, style.uppercase, style.line_spacing, style.color) == \
        ("Vollkorn", "center", True, 1.5, "#123456")
    assert body.background == "$accent" and not body.autofit and body.size == 20
    assert "lignes" in panel.fit_info.text()
    panel.geo["w"].setValue(100)
    assert session.selected_frame().w == 100
    while session.undo_stack.canUndo():
        session.undo_stack.undo()
    assert session.document == original


def test_overflow_is_marked_at_once(window):
    session, panel = window.session, window.properties
    session.select("body")
    body = session.selected_frame()
    session.replace_frame(body, replace(body, min_size=40, paragraphs=(
        replace(body.paragraphs[0], text="beaucoup trop de texte " * 100),)))
    assert session.layout.pages[0].frames["body"].overflow
    assert "déborde" in panel.problems.text()
    image = window.canvas.grab().toImage()
    r = window.canvas.frame_rect(session.selected_frame())
    marker = image.pixelColor(int(r.right() + 4 + 3), int(r.bottom() + 4 + 12))
    assert marker.red() > 150 and marker.green() < 60 and marker.blue() > 100  # the "+" badge


def test_qr_content(window, qtbot):
    session, panel = window.session, window.properties
    session.select("qr")
    assert isinstance(session.selected_frame(), QRFrame)
    panel.qr_content.setText("https://exemple.org/fete")
    panel.qr_content.textEdited.emit("https://exemple.org/fete")
    with qtbot.waitSignal(session.changed, timeout=2000):
        pass
    assert session.selected_frame().content == "https://exemple.org/fete"


def test_image_frame_and_resolution(window, prompter, tmp_path, qtbot):
    session, panel = window.session, window.properties
    small = tmp_path / "petite.png"
    small.write_bytes(png_bytes(120, 80))
    prompter.open_path = str(small)
    assert window.add_image_frame()
    frame = session.selected_frame()
    assert isinstance(frame, ImageFrame) and frame.image in session.document.images
    assert "ppp" in panel.image_dpi.text()
    assert "Trop faible" in panel.image_dpi.text()
    assert any(f.code == "image-low-resolution" for f in session.findings_for(frame.id))
    qtbot.waitUntil(lambda: "21 ppp" in panel.problems.text(), timeout=3000)
    big = tmp_path / "grande.png"
    big.write_bytes(png_bytes(4000, 2700))
    assert panel.set_image_file(session.selected_frame(), big)
    assert "Trop faible" not in panel.image_dpi.text()
    not_image = tmp_path / "faux.png"
    not_image.write_text("bonjour")
    assert not panel.set_image_file(session.selected_frame(), not_image)
    assert "Impossible d’utiliser cette image" in prompter.errors()[-1]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.document.find_frame(frame.id) is None


def test_library_panel(make_window, qtbot, prompter):
    window = make_window(load_template("poster-a3"))
    panel = window.library
    assert panel.load()
    assert panel.tracts.count() >= 3
    panel.search.setText("école")
    with qtbot.waitSignal(panel._search_timer.timeout, timeout=2000):
        pass
    assert panel.tracts.count() >= 1
    assert panel.blocks.count() >= 1
    # double-click on a block with the body frame selected adds it to the frame
    window.session.select("body")
    item = panel.blocks.item(0)
    panel.blocks.itemDoubleClicked.emit(item)
    body = window.session.document.find_frame("body")[1]
    assert body.paragraphs and body.paragraphs[-1].source["tract"] == panel.tract.id
    # the dragged MIME data is the canvas' drop format
    mime = panel.blocks.mimeData([item])
    assert window.canvas.drop_mime(mime, window.canvas.frame_rect(
        window.session.document.find_frame("footer")[1]).center())
    # the whole tract fills the template
    panel._use_tract()
    assert window.session.undo_stack.undoText().endswith("Remplir depuis le tract")


def test_create_and_edit_a_tract(make_window, prompter):
    from pancarte.gui.dialogs.tract import TractDialog

    window = make_window()
    panel = window.library
    assert panel.load()
    n = panel.tracts.count()

    def write(dialog: TractDialog) -> int:
        dialog.tags.setText("logement, quartier")
        dialog.text.setPlainText("# Un toit pour tous\n\nRéunion jeudi à 18 h.\n\n- un\n- deux")
        assert dialog.save()
        return 1

    prompter.on_dialog = write
    panel.new_tract()
    assert panel.tracts.count() == n + 1
    assert panel.tract.title == "Un toit pour tous"
    assert [b.kind for b in panel.tract.blocks] == ["title", "paragraph", "list"]

    def edit(dialog: TractDialog) -> int:
        dialog.title.setText("Un toit pour toutes et tous")
        assert dialog.save()
        return 1

    prompter.on_dialog = edit
    panel.edit_tract()
    assert panel.tract.title == "Un toit pour toutes et tous"
    assert panel.tract.revision == 2


def test_pages(window):
    session, pages = window.session, window.pages
    original = session.document
    pages.duplicate()
    assert len(session.document.pages) == 2 and session.page == 1
    ids = [f.id for p in session.document.pages for f in p.frames]
    assert len(ids) == len(set(ids))
    assert pages.list.count() == 2 and pages.list.item(1).text() == "Verso"
    pages.add_page()
    assert len(session.document.pages) == 3
    pages.move_page(-1)
    assert session.page == 1 and session.document.pages[1].frames == ()
    pages.remove()
    assert len(session.document.pages) == 2
    window.next_page_action.trigger()
    assert session.page == 1
    while session.undo_stack.canUndo():
        session.undo_stack.undo()
    assert session.document == original
    assert pages.list.count() == 1


def test_canvas_zoom_and_keyboard(window, qtbot):
    canvas = window.canvas
    canvas.set_zoom(1.0)
    assert window.zoom_button.text() == "100 %"
    canvas.zoom_to_fit()
    assert canvas.zoom() < 1.0
    window.session.select("title")
    before = window.session.selected_frame()
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.session.selected_frame().x == before.x + 10
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    selected = window.session.selected
    assert selected not in (None, "title")
    count = len(window.session.document.pages[0].frames)
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert len(window.session.document.pages[0].frames) == count - 1
    assert window.session.document.find_frame(selected) is None
    assert window.session.selected is None
