"""The walkthrough's problems, one test each: each fails on the editor as it was reported."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QDate, QPoint, QRectF, Qt
from PySide6.QtWidgets import QApplication
from test_event_panel import texts, type_thabor

from pancarte.gui.dialogs.settings import system_language_label
from pancarte.i18n import set_language
from pancarte.model.edit import compose

# ---- 1. the wording box follows the page ------------------------------------------------------


def test_wording_box_follows_undo_new_and_open(window, tmp_path):
    session, panel = window.session, window.event_panel
    type_thabor(panel)
    assert panel.apply()  # long
    long_lines = texts(session.document, "event")
    panel.style_box.setCurrentIndex(panel.style_box.findData("compact"))
    assert panel.apply()
    assert texts(session.document, "event") != long_lines
    assert panel.style_box.currentData() == "compact"
    session.undo_stack.undo()  # the page is back to the long wording: so is the box
    assert texts(session.document, "event") == long_lines
    assert panel.style_box.currentData() == "long"
    session.undo_stack.redo()
    assert panel.style_box.currentData() == "compact"
    from pancarte.model.fileformat import save_document

    save_document(session.document, tmp_path / "compact.pancarte")
    assert window.new_from("poster-a3")
    assert panel.style_box.currentData() == "long"
    assert window.open_path(tmp_path / "compact.pancarte", ask=False)
    assert panel.style_box.currentData() == "compact"
    # Apply prints what the box says
    panel.style_box.setCurrentIndex(panel.style_box.findData("long"))
    assert panel.apply()
    assert texts(session.document, "event") == long_lines


# ---- 2. the start date is typed as text -------------------------------------------------------


def test_start_date_typed_over_a_selection_and_in_the_middle(window, qtbot):
    panel = window.event_panel
    window.event_dock.show()
    window.event_dock.raise_()
    field = panel.start_date
    field.setDisplayFormat("dd/MM/yyyy")
    field.setDate(QDate(2024, 5, 25))
    edit = field.lineEdit()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, "12/06/2024")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert field.date() == QDate(2024, 6, 12)
    assert panel.end_date.date() == QDate(2024, 6, 12)  # the end follows
    # a click in the middle of the day, then a digit: it goes where the caret is
    field.setDate(QDate(2024, 5, 25))
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.cursorRect().x(), 5))
    edit.setCursorPosition(1)  # between 2 and 5
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, "6")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert field.date() == QDate(2024, 5, 26)
    # nonsense is refused, with a reason, not silently replaced
    edit.setText("31/02/2024")
    assert not field.is_valid()
    assert not panel.apply()
    assert "31/02/2024" in window.prompter.errors()[-1]


@pytest.mark.parametrize(("typed", "day"), [("12.6.2024", QDate(2024, 6, 12)),
                                             ("12/6/24", QDate(2024, 6, 12)),
                                             ("2024-06-12", QDate(2024, 6, 12))])
def test_date_spellings(typed, day):
    from pancarte.gui.datefield import parse_date

    assert parse_date(typed, "dd/MM/yyyy") == day


# ---- 3. overflow visible on any colour, never over the letters ---------------------------------


def _overflowing(window):
    session = window.session
    title = session.document.find_frame("title")[1]
    session.replace_frame(title, replace(title, min_size=60, paragraphs=(
        replace(title.paragraphs[0], text="Beaucoup trop de mots pour ce cadre " * 40),)))
    assert session.layout.pages[0].frames["title"].overflow
    return session.document.find_frame("title")[1]


@pytest.mark.parametrize("template", ["placard-a3", "poster-a3"])  # red page, white page
def test_overflow_mark_contrasts_and_stays_outside(template, make_window, monkeypatch):
    window = make_window(compose(template, sample=True))
    canvas = window.canvas
    frame = _overflowing(window)
    marked = canvas.grab().toImage()
    r = canvas.frame_rect(frame)
    outer = canvas.marker_rect(r)
    # the outline shows both a light and a saturated tone all round: visible on red and white
    tones = set()
    for x in range(int(outer.left()) + 2, int(outer.right()) - 2, 3):
        c = marked.pixelColor(x, int(outer.top()))
        tones.add("light" if c.lightness() > 220 else
                  "mark" if c.red() > 120 and c.blue() > 80 and c.green() < 60 else "other")
    assert {"light", "mark"} <= tones, tones
    # inside the frame, nothing of the mark: the picture is the same without it
    monkeypatch.setattr(type(canvas), "_paint_marker", lambda *a: None)
    canvas.viewport().update()
    plain = canvas.grab().toImage()
    inside = r.adjusted(1, 1, -1, -1).toRect()
    assert marked.copy(inside) == plain.copy(inside)


# ---- 4. export asks before replacing a file ----------------------------------------------------


def test_export_asks_before_overwriting(window, prompter, tmp_path):
    from pancarte.gui.dialogs.export import ExportDialog

    out = tmp_path / "affiche.pdf"
    out.write_bytes(b"%PDF-1.4 the user's good file")
    dialog = ExportDialog(window.session, prompter, window)
    dialog.one_page.setChecked(True)
    dialog.path.setText(str(out))
    prompter.confirm_answer = False
    assert not dialog.export()
    assert out.read_bytes() == b"%PDF-1.4 the user's good file"
    assert any(kind == "confirm" and "affiche.pdf" in text and "remplacer" in text
               for kind, text in prompter.asked)
    prompter.confirm_answer = True
    assert dialog.export()
    assert out.read_bytes() != b"%PDF-1.4 the user's good file"


# ---- 6. "as the system" names the system's language ---------------------------------------------


@pytest.mark.parametrize(("env", "word"), [({"LANG": "en_GB.UTF-8"}, "anglais"),
                                           ({"LANG": "C"}, "aucune"),
                                           ({}, "aucune"),
                                           ({"LC_ALL": "fr_FR.UTF-8"}, "français"),
                                           ({"LANG": "de_DE.UTF-8"}, "de_DE")])
def test_system_language_is_named(env, word):
    label = system_language_label(env)
    assert label.startswith("Comme le système") and word in label, label


def test_system_language_in_english():
    set_language("en")
    assert system_language_label({"LANG": "C"}) == "As the system (currently none set (C): French)"
    assert system_language_label({"LANG": "en_US.UTF-8"}) == "As the system (currently English)"


# ---- 7, 8. findings name frames as the canvas does; the colour advice fits the editor -----------


def test_findings_use_display_names_and_plural(window):
    from pancarte.gui import preflight
    from pancarte.layout.boxes import Finding

    doc = window.session.document
    empty = Finding("frame-empty", "warning", 1, "footer", {"name": "footer"})
    assert "« Pied de page »" in preflight.describe(empty, doc)
    assert "footer" not in preflight.describe(empty, doc)
    one = Finding("rgb-in-cmyk", "warning", 1, "band", {"count": 1, "colors": "#d7191c"})
    text = preflight.describe(one, doc)
    assert "1 couleur RVB (#d7191c) est convertie" in text
    assert "cmyk" not in text.lower()
    two = Finding("rgb-in-cmyk", "warning", 1, "band", {"count": 2, "colors": "#d7191c, #fff"})
    assert "2 couleurs RVB (#d7191c, #fff) sont converties" in preflight.describe(two, doc)


def test_status_tooltip_names_frames(window, qtbot):
    session = window.session
    footer = session.document.find_frame("footer")[1]
    session.replace_frame(footer, replace(footer, paragraphs=()))
    # worded once the deferred preflight has caught up with the edit
    qtbot.waitUntil(lambda: "Pied de page" in window.findings_button.toolTip(), timeout=3000)
    assert "« footer »" not in window.findings_button.toolTip()


# ---- 9. colour names and Qt's own dialogs in French --------------------------------------------


def test_colour_roles_in_french(window):
    session, panel = window.session, window.properties
    session.select("band") if session.document.find_frame("band") else session.select("title")
    from pancarte.gui.widgets import ColorButton

    buttons = panel.findChildren(ColorButton)
    assert buttons
    shown = []
    for b in buttons:
        b._fill_menu()
        shown += [a.text() for a in b.menu().actions()] + [b.text()]
    english = {"paper", "text", "ink", "light", "tint", "dark", "deep"}
    assert not english & {s.lower() for s in shown}, shown
    assert "Papier" in shown and "Encre" in shown


def test_qt_dialogs_in_french(qtbot):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QFileDialog, QLabel

    from pancarte.gui.qtfrench import install_qt_french

    app = QApplication.instance()
    installed = install_qt_french(app)
    assert len(installed) == 2  # Qt's qtbase_fr was found, and the missing labels
    try:
        dialog = QFileDialog(None, "t", "/tmp", "*.pdf")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        labels = [w.text() for w in dialog.findChildren(QLabel)]
        dialog.deleteLater()
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printing = QPrintDialog(printer)
        labels += [w.text() for w in printing.findChildren(QLabel)]
        printing.deleteLater()
    finally:
        for t in installed:
            app.removeTranslator(t)
    assert "&Voir dans\u00a0:" in labels and "Fichiers de &type\u00a0:" in labels, labels
    assert not [t for t in labels if "Look in" in t or "Files of" in t or "Page &Set" in t]
    assert "&Jeu de pages\u00a0:" in labels


# ---- 10. Ctrl+Z after Apply undoes the event -------------------------------------------------


def test_ctrl_z_after_apply_undoes_the_event(window, qtbot):
    session, panel = window.session, window.event_panel
    window.event_dock.show()
    window.event_dock.raise_()
    window.activateWindow()
    original = session.document
    type_thabor(panel)
    panel.title.setFocus()
    panel.title.selectAll()
    qtbot.keyClicks(panel.title, "Pique-nique du quartier")
    assert panel.title.isUndoAvailable()
    qtbot.keyClick(panel.title, Qt.Key.Key_Return)  # Enter applies
    assert session.document.event is not None
    assert panel.title.text() == "Pique-nique du quartier"
    qtbot.keyClick(panel.title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.document == original  # the event is undone
    assert panel.title.text() == ""  # and the form shows the page again
    # the same after a click on Apply, then back in the field
    type_thabor(panel)
    panel.title.setFocus()
    qtbot.keyClicks(panel.title, " du quartier")
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert session.document.event is not None
    panel.title.setFocus()
    qtbot.keyClick(panel.title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.document == original  # the event is undone
    assert panel.title.text() == ""  # and the form shows the page again
    # a click on the canvas takes the focus back
    panel.title.setFocus()
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(5, 5))
    assert QApplication.focusWidget() is window.canvas


# ---- 11. selected thumbnails keep their colours ------------------------------------------------


def test_selected_page_thumbnail_is_not_tinted(window):
    lst = window.pages.list
    item = lst.item(0)
    lst.setCurrentItem(item)
    assert item.isSelected()
    icon = item.icon()
    size = lst.iconSize()
    from PySide6.QtGui import QIcon

    normal = icon.pixmap(size, QIcon.Mode.Normal).toImage()
    selected = icon.pixmap(size, QIcon.Mode.Selected).toImage()
    assert normal == selected


# ---- Also: wording, dates, labels -----------------------------------------------------------


def test_event_block_hierarchy_and_compact_spacing(window):
    from pancarte.event.fill import event_paragraphs
    from pancarte.event.model import Event

    panel = window.event_panel
    type_thabor(panel)
    event = panel.form_event()
    day, hours, place, address = event_paragraphs(event, "fr", "long")
    assert day.text == "Samedi 25 mai 2024"
    doc = window.session.document
    frame = next(f for _, f in doc.frames_named("event"))
    styles = [frame.style_for(p.role, p.style) for p in (day, hours, place, address)]
    assert styles[0].bold and styles[0].scale > styles[1].scale  # the day leads
    assert styles[1].bold and not styles[2].bold and styles[3].scale < styles[2].scale
    compact = [p.text for p in event_paragraphs(event, "fr", "compact")]
    assert compact[1] == "13 h–18 h"  # the compact wording keeps the French spaces
    assert isinstance(event, Event)


def test_undo_label_and_escape_hint(window):
    session = window.session
    window.canvas.edit_frame("title")
    editor = window.canvas.editor
    assert editor is not None
    assert "Échap\u00a0: terminer" in editor.status.text() or "Échap : terminer" in \
        editor.status.text()
    editor.edit.insertPlainText("x")
    editor.close_editor()
    assert window.undo_action.text() == "&Annuler la saisie"
    assert session.undo_stack.count() >= 1


@pytest.mark.parametrize(("lang", "want"), [("fr", "5 décembre 2026 à 23:58"),
                                            ("en", "5 December 2026 at 23:58")])
def test_dates_in_the_users_language(lang, want):
    from datetime import datetime

    from pancarte.gui.dates import moment, short_date

    set_language(lang)
    assert moment(datetime(2026, 12, 5, 23, 58)) == want
    assert short_date(QDate(2026, 12, 5)) == ("05/12/2026" if lang == "fr" else "5 Dec 2026")


def test_recovery_detail_in_words(tmp_path):
    from datetime import datetime

    from pancarte.gui.recovery import Recovery, recovery_detail

    saved = datetime(2026, 5, 12, 9, 30).timestamp()
    r = Recovery(tmp_path / "r.pancarte", tmp_path / "r.json", tmp_path / "affiche.pancarte",
                 saved, tmp_path / "r.lock")
    detail = recovery_detail(r)
    assert "12 mai 2026 à 09:30" in detail and "affiche.pancarte" in detail
    assert "2026-05-12" not in detail


# ---- Also: import, gallery, typing -----------------------------------------------------------


def test_import_confirms_and_remembers_its_folder(window, prompter, context, tmp_path):
    from pathlib import Path

    folder = tmp_path / "tracts"
    folder.mkdir()
    src = Path(__file__).resolve().parents[1] / "files" / "tracts" / "editor-ecoles-nord.txt"
    (folder / "ecoles.txt").write_text(src.read_text("utf-8"), "utf-8")
    panel = window.library
    assert panel.load()
    assert panel.import_folder() == str(Path.home())
    prompter.open_path = str(folder / "ecoles.txt")
    panel.import_file()
    message = window.statusBar().currentMessage()
    assert message.startswith("«\u00a0Pas de quartier sans écoles !\u00a0» importé"), message
    assert "mots" in message
    assert panel.import_folder() == str(folder)
    panel.import_file()  # the same file again: said so
    assert "déjà dans la bibliothèque" in window.statusBar().currentMessage()


def test_gallery_lists_recent_documents_first(make_window, context, prompter, tmp_path):
    from pancarte.gui.dialogs.gallery import GalleryDialog
    from pancarte.model.fileformat import save_document

    path = tmp_path / "ma-pancarte.pancarte"
    save_document(compose("flyer-a6", sample=True), path)
    context.settings.add_recent(path)
    window = make_window()
    shown = []

    def pick_first(dialog):
        assert isinstance(dialog, GalleryDialog)
        shown.append(dialog.list.item(0).text())
        dialog.list.setCurrentRow(0)
        dialog.accept()
        return dialog.result()

    prompter.on_dialog = pick_first
    assert window.new_document()
    assert shown == ["ma-pancarte"]
    assert window.session.path == path.resolve()


def test_typing_on_the_selected_slogan_replaces_it(make_window, qtbot):
    window = make_window(compose("placard-a3", sample=True))
    window.ready_slogan()
    assert window.session.selected == "title"
    window.canvas.setFocus()
    qtbot.keyClicks(window.canvas, "N")
    editor = window.canvas.editor
    assert editor is not None
    qtbot.keyClicks(editor.edit, "on aux fermetures")
    editor.close_editor()
    title = window.session.document.find_frame("title")[1]
    assert [p.text for p in title.paragraphs] == ["Non aux fermetures"]


# ---- Also: copy, paste, duplicate -----------------------------------------------------------


def test_copy_paste_duplicate_with_the_keyboard(window, qtbot):
    session = window.session
    original = session.document
    session.select("title")
    window.canvas.setFocus()
    count = len(original.pages[0].frames)
    qtbot.keyClick(window.canvas, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(session.document.pages[0].frames) == count + 1
    duplicate = session.selected_frame()
    assert duplicate.id != "title" and duplicate.paragraphs == \
        original.find_frame("title")[1].paragraphs
    assert window.undo_action.text() == "&Annuler la duplication du cadre"
    qtbot.keyClick(window.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage().startswith("Cadre copié")
    qtbot.keyClick(window.canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(session.document.pages[0].frames) == count + 2
    pasted = session.selected_frame()
    assert pasted.id not in (duplicate.id, "title") and pasted.x == duplicate.x + 5
    # a new document takes it too
    assert window.new_from("flyer-a6")
    qtbot.keyClick(window.canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert session.selected_frame().paragraphs == duplicate.paragraphs
    session.undo_stack.undo()
    assert session.document == compose("flyer-a6")
    from pancarte.gui.clipboard import MIME_FRAMES

    window.close()  # the copied frames leave with the editor
    data = QApplication.clipboard().mimeData()
    assert data is None or not data.hasFormat(MIME_FRAMES)


# ---- Also: help ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "words"), [("fr", ("cinq gestes", "Raccourcis clavier",
                                                      "Copier le cadre")),
                                             ("en", ("five steps", "Keyboard shortcuts",
                                                     "Copy the frame"))])
def test_help_guide_and_shortcuts(lang, words, make_window, prompter):
    from pancarte.gui.dialogs.help import GuideDialog, ShortcutsDialog

    set_language(lang)
    window = make_window()
    help_menu = window.menuBar().actions()[-1].menu()
    texts = [a.text() for a in help_menu.actions()]
    assert window.guide_action.text() in texts and window.shortcuts_action.text() in texts
    window.show_guide()
    guide = prompter.dialogs[-1]
    assert isinstance(guide, GuideDialog) and words[0] in guide.browser.toPlainText()
    window.show_shortcuts()
    table = prompter.dialogs[-1]
    assert isinstance(table, ShortcutsDialog) and table.windowTitle() == words[1]
    rows = {table.table.item(i, 1).text(): table.table.item(i, 0).text()
            for i in range(table.table.rowCount())}
    assert rows[words[2]] == "Ctrl+C"
    assert "Ctrl+D" in rows.values() and "Ctrl+Z" in rows.values() and "Ctrl+E" in rows.values()


# ---- Also: 1366 × 768 without scrolling ------------------------------------------------------


@pytest.mark.parametrize("template", ["poster-a3", "flyer-a5", "tract-a4"])
def test_properties_fit_a_1366_by_768_screen(template, make_window, qtbot):
    window = make_window(compose(template, sample=True))
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.width() == 1366, timeout=2000)
    panel = window.properties
    session = window.session
    for frame in session.document.pages[0].frames:
        session.select(frame.id)
        QApplication.processEvents()
        assert panel.verticalScrollBar().maximum() == 0, (template, frame.id)
    # a long warning is shown whole, not cut
    title = session.document.find_frame("title")[1]
    session.replace_frame(title, replace(title, min_size=60, paragraphs=(
        replace(title.paragraphs[0], text="Beaucoup trop de mots pour ce cadre " * 40),)))
    session.select("title")
    QApplication.processEvents()
    assert panel.problems.text()
    bottom = panel.problems.mapTo(panel.viewport(), panel.problems.rect().bottomLeft()).y()
    assert panel.verticalScrollBar().maximum() == 0 and bottom <= panel.viewport().height()


# ---- Also: the in-place editor leaves the neighbours visible ---------------------------------


def test_in_place_editor_beside_the_page_when_there_is_room(window, qtbot):
    window.library_dock.hide()
    window.properties_dock.hide()
    window.pages_dock.hide()
    window.event_dock.hide()
    window.resize(1366, 768)
    window.canvas.zoom_to_fit()
    qtbot.waitUntil(lambda: window.canvas.viewport().width() > 1200, timeout=2000)
    editor = window.canvas.edit_frame("body")
    assert editor is not None
    page = window.session.document
    rects = [window.canvas.frame_rect(f) for f in page.pages[0].frames]
    geometry = QRectF(editor.geometry())
    assert not any(geometry.intersects(r) for r in rects)


def test_in_place_editor_covers_the_least_it_can(window, qtbot):
    window.resize(1366, 768)
    window.canvas.zoom_to_fit()
    editor = window.canvas.edit_frame("title")
    geometry = QRectF(editor.geometry())
    title = window.canvas.frame_rect(window.session.document.find_frame("title")[1])
    # no room beside the page at this zoom: it covers a corner of its own frame, which shows
    # through it (no other frame is covered: test_inplace.py)
    common = geometry & title
    assert common.width() * common.height() < title.width() * title.height() / 4
    assert editor.covering and editor.graphicsEffect().opacity() < 1


# ---- Also: the QR code's caption where the template has room ---------------------------------


def test_qr_caption_by_default_when_there_is_room(window):
    from pancarte.event.qr import caption_frame_id

    panel = window.event_panel
    assert panel.qr_caption.isChecked()  # poster-a3's code keeps its scan distance with it
    type_thabor(panel)
    assert panel.apply()
    doc = window.session.document
    qr = next(f for _, f in doc.frames_named("qr"))
    caption = doc.find_frame(caption_frame_id(qr))
    assert caption is not None and caption[1].paragraphs[0].text == "exemple.org/pique-nique"


def test_the_window_opens_within_the_screen(make_window):
    from PySide6.QtCore import QRect, QSize

    from pancarte.gui.mainwindow import initial_size

    assert initial_size(QRect(0, 0, 1366, 768)) == QSize(1280, 768)
    assert initial_size(QRect(0, 0, 1920, 1080)) == QSize(1280, 800)
    window = make_window()
    area = window.screen().availableGeometry()  # offscreen: 800 × 800
    assert window.height() <= area.height()  # 800 px tall: as on a 1366 × 768 screen
    assert window.width() <= max(1280, window.minimumSizeHint().width())
