"""The editor end to end: a document from the gallery, a library block dropped in, frames
moved and resized, everything undone and redone, saved, reopened, exported and printed."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF
from PySide6.QtPrintSupport import QPrinter

from pancarte.gui.blocks import MIME_BLOCK, block_mime
from pancarte.gui.canvas_gestures import _Gesture
from pancarte.library.tract import Block, Tract
from pancarte.model.document import TextFrame
from pancarte.model.fileformat import load_document
from pancarte.model.templates import load_template

TRACT = Tract(id="tract-0001", title="Fête du quartier", revision=3, blocks=(
    Block("title", "Fête du quartier !"),
    Block("paragraph", "Samedi 14 juin, **place des Lilas** : musique, repas partagé."),
    Block("list", items=("15 h : jeux", "18 h : concert"), numbered=False),
))


def centre_of(window, frame_id: str) -> QPointF:
    frame = window.session.document.find_frame(frame_id)[1]
    return window.canvas.frame_rect(frame).center()


def test_new_from_gallery(make_window, prompter):
    window = make_window()

    def choose(dialog):
        assert dialog.select("flyer-a5")
        dialog.accept()
        return 1

    prompter.on_dialog = choose
    assert window.new_document()
    assert window.session.document == load_template("flyer-a5")
    assert not window.session.dirty
    assert window.canvas.grab().width() > 100


def test_drop_fill_move_resize_undo_redo_save_reopen(make_window, prompter, tmp_path):
    window = make_window(load_template("poster-a3"))
    session = window.session
    original = session.document

    # a library block dropped on the body frame fills it, with its source recorded
    mime = block_mime(TRACT, 1)
    assert mime.hasFormat(MIME_BLOCK)
    assert window.canvas.drop_mime(mime, centre_of(window, "body"))
    body = session.document.find_frame("body")[1]
    assert isinstance(body, TextFrame)
    assert body.paragraphs[0].text.startswith("Samedi 14 juin")
    assert body.paragraphs[0].source == {"tract": "tract-0001", "revision": 3}
    assert session.layout.pages[0].frames["body"].lines > 0

    # dropped on the title frame, a block takes the title role
    assert window.canvas.drop_mime(block_mime(TRACT, 0), centre_of(window, "title"))
    title = session.document.find_frame("title")[1]
    assert [p.role for p in title.paragraphs] == ["title"]

    # dropped on the page where no frame is, a list becomes a new frame
    n_frames = len(session.document.pages[0].frames)
    corner = window.canvas.mm_rect(session.document.width / 2, 2, 0, 0).topLeft()
    hit = window.canvas.frame_at(corner)
    assert hit is None or not isinstance(hit, TextFrame)
    if hit is None:
        assert window.canvas.drop_mime(block_mime(TRACT, 2), corner)
        assert len(session.document.pages[0].frames) == n_frames + 1
        assert session.selected_frame().paragraphs[0].role == "list_item"

    # move the body by 7.3 mm right, without snapping: one undo step for the whole drag
    session.select("body")
    before = session.selected_frame()
    gesture = _Gesture("move", QPointF(0, 0), before)
    depth = session.undo_stack.count()
    for step in (1.0, 3.0, 7.3):
        window.canvas.drag_frame(gesture, step, 0.0, snap=False)
    assert session.undo_stack.count() == depth + 1
    assert session.selected_frame().x == round(before.x + 7.3, 2)

    # resizing snaps the right edge to the safe zone
    doc = session.document
    frame = session.selected_frame()
    target = doc.width - doc.safe_margin
    gesture = _Gesture("resize", QPointF(0, 0), frame, "e")
    window.canvas.drag_frame(gesture, target - (frame.x + frame.w) - 0.4, 0.0)
    resized = session.selected_frame()
    assert abs(resized.x + resized.w - target) < 1e-6

    # arrow-key nudges merge into one step
    depth = session.undo_stack.count()
    for _ in range(3):
        window.canvas.nudge(1.0, 0.0)
    assert session.undo_stack.count() == depth + 1

    final = session.document
    while session.undo_stack.canUndo():
        session.undo_stack.undo()
    assert session.document == original
    while session.undo_stack.canRedo():
        session.undo_stack.redo()
    assert session.document == final
    assert session.dirty

    path = tmp_path / "affiche.pancarte"
    prompter.save_path = str(path)
    assert window.save()
    assert not session.dirty
    assert window.windowTitle().startswith("affiche.pancarte")
    assert load_document(path) == final

    again = make_window()
    assert again.open_path(path)
    assert again.session.document == final
    assert str(path.resolve()) in again.ctx.settings.recent_files()


def test_export_pdf_and_png(window, prompter, tmp_path):
    from pancarte.gui.dialogs.export import ExportDialog

    pdf = tmp_path / "affiche.pdf"
    png = tmp_path / "affiche.png"

    def export_both(dialog: ExportDialog) -> int:
        assert dialog.findings.count() >= 1
        dialog.path.setText(str(pdf))
        assert dialog.export()
        dialog.png.setChecked(True)
        assert dialog.path.text().endswith(".png")
        dialog.path.setText(str(png))
        dialog.dpi.setValue(30)
        assert dialog.export()
        return 1

    prompter.on_dialog = export_both
    window.export()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert prompter.errors() == []


def test_export_refuses_overflow_unless_allowed(window, prompter, tmp_path):
    from pancarte.gui.dialogs.export import ExportDialog

    session = window.session
    body = session.document.find_frame("body")[1]
    long = replace(body, min_size=20, paragraphs=(replace(body.paragraphs[0],
                                                          text="déborde " * 400),))
    session.replace_frame(body, long)
    assert session.layout.overflow
    dialog = ExportDialog(session, prompter, window)
    dialog.path.setText(str(tmp_path / "x.pdf"))
    assert not dialog.export()
    assert "déborde" in prompter.errors()[-1] or "ne tient pas" in prompter.errors()[-1]
    assert not (tmp_path / "x.pdf").exists()
    dialog.allow_overflow.setChecked(True)
    assert dialog.export()
    # a finding clicked selects its frame
    clicked = []
    dialog.finding_activated.connect(clicked.append)
    dialog.refresh_findings()
    dialog._finding_clicked(dialog.findings.item(0))
    assert clicked == ["body"]


def test_print_through_the_dialog(window, prompter, tmp_path):
    out = tmp_path / "printed.pdf"

    def to_file(dialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return 1

    prompter.on_dialog = to_file
    assert window.print_document()
    assert out.read_bytes().startswith(b"%PDF")


def test_findings_button_selects_the_frame(window):
    session = window.session
    body = session.document.find_frame("body")[1]
    session.replace_frame(body, replace(body, min_size=30, paragraphs=(
        replace(body.paragraphs[0], text="trop long " * 300),)))
    assert "1" in window.findings_button.text()
    window.findings_button.click()
    assert session.selected == "body"
