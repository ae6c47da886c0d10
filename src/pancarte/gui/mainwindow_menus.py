"""The main window's actions, menus, toolbar and status bar, built once the document is on
screen (:meth:`pancarte.gui.mainwindow.MainWindow.finish_building`)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QStyle, QToolBar, QToolButton, QWidget

from pancarte.gui import icons
from pancarte.i18n import _

if TYPE_CHECKING:
    from pancarte.gui.mainwindow import MainWindow


def make_action(w: MainWindow, text: str, slot, shortcut=None, icon: QIcon | None = None,
                tip: str = "") -> QAction:
    action = QAction(text, w)
    if icon is not None:
        action.setIcon(icon)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_actions(w: MainWindow) -> None:
    std = QKeySequence.StandardKey
    sp = QStyle.StandardPixmap
    style = w.style()
    w.new_action = make_action(w, _("&New…"), w.new_document, std.New,
                               icons.standard(style, sp.SP_FileIcon),
                               _("New document from a template"))
    w.open_action = make_action(w, _("&Open…"), w.open_document, std.Open,
                                icons.standard(style, sp.SP_DialogOpenButton),
                                _("Open a document"))
    w.save_action = make_action(w, _("&Save"), w.save, std.Save,
                                icons.standard(style, sp.SP_DialogSaveButton),
                                _("Save the document"))
    w.save_as_action = make_action(w, _("Save &as…"), w.save_as, std.SaveAs)
    w.template_action = make_action(w, _("Save as &template…"), w.save_as_template)
    w.export_action = make_action(w, _("&Export…"), w.export, "Ctrl+E",
                                  icons.export_icon(), _("Export as PDF or PNG"))
    w.print_action = make_action(w, _("&Print…"), w.print_document, std.Print,
                                 icons.print_icon(), _("Print"))
    w.settings_action = make_action(w, _("Se&ttings…"), w.open_settings,
                                    std.Preferences)
    w.quit_action = make_action(w, _("&Quit"), w.close, std.Quit)
    stack = w.session.undo_stack
    w.undo_action = stack.createUndoAction(w, _("&Undo"))
    w.undo_action.setShortcut(QKeySequence(std.Undo))
    w.undo_action.setIcon(icons.undo_icon())
    w.redo_action = stack.createRedoAction(w, _("&Redo"))
    w.redo_action.setShortcut(QKeySequence(std.Redo))
    w.redo_action.setIcon(icons.redo_icon())
    w.edit_text_action = make_action(w, _("Edit &text"), w._edit_selected, "F2")
    w.delete_action = make_action(w, _("&Delete frame"), w.canvas.delete_selected)
    w.copy_action = make_action(w, _("&Copy the frame"), w.copy_frame, std.Copy)
    w.paste_action = make_action(w, _("&Paste"), w.paste_frames, std.Paste)
    w.duplicate_action = make_action(w, _("D&uplicate the frame"), w.duplicate_frame,
                                     "Ctrl+D")
    w.forward_action = make_action(w, _("Bring &forward"),
                                   lambda: w.canvas.restack(+1), "Ctrl+]")
    w.backward_action = make_action(w, _("Send &backward"),
                                    lambda: w.canvas.restack(-1), "Ctrl+[")
    w.add_text_action = make_action(w, _("&Text frame"), w.add_text_frame, None,
                                    icons.letter_icon("T"), _("Add a text frame"))
    w.add_qr_action = make_action(w, _("&QR code"), w.add_qr_frame, None,
                                  icons.qr_icon(), _("Add a QR code"))
    w.add_image_action = make_action(w, _("&Image…"), w.add_image_frame, None,
                                     icons.image_icon(), _("Add an image"))
    w.add_shape_action = make_action(w, _("&Shape"), w.add_shape_frame, None,
                                     icons.shape_icon(), _("Add a coloured shape"))
    w.fit_action = make_action(w, _("Zoom to &fit"), w.canvas.zoom_to_fit, "Ctrl+0",
                               icons.letter_icon("⤢"), _("Show the whole page"))
    w.actual_action = make_action(w, _("&Actual size (100 %)"),
                                  lambda: w.canvas.set_zoom(1.0), "Ctrl+1",
                                  icons.letter_icon("1:1", 9), _("Actual size"))
    w.zoom_in_action = make_action(w, _("Zoom &in"), lambda: w.canvas.zoom_by(1.25),
                                   std.ZoomIn, icons.letter_icon("+"), _("Zoom in"))
    w.zoom_out_action = make_action(w, _("Zoom &out"), lambda: w.canvas.zoom_by(0.8),
                                    std.ZoomOut, icons.letter_icon("−"), _("Zoom out"))
    w.guides_action = make_action(w, _("Show &guides"), w._toggle_guides)
    w.guides_action.setCheckable(True)
    w.guides_action.setChecked(True)
    w.prev_page_action = make_action(w, _("&Previous page"),
                                     lambda: w.session.set_page(
                                                                w.session.page - 1), "Ctrl+PgUp")
    w.next_page_action = make_action(w, _("&Next page"),
                                     lambda: w.session.set_page(
                                                                w.session.page + 1), "Ctrl+PgDown")
    w.add_page_action = make_action(w, _("&Add a page"), w.pages.add_page)
    w.dup_page_action = make_action(w, _("D&uplicate the page"), w.pages.duplicate)
    w.remove_page_action = make_action(w, _("De&lete the page"), w.pages.remove)
    w.page_up_action = make_action(w, _("Move the page &earlier"),
                                   lambda: w.pages.move_page(-1))
    w.page_down_action = make_action(w, _("Move the page &later"),
                                     lambda: w.pages.move_page(+1))
    w.about_action = make_action(w, _("&About Pancarte"), w.about)
    w.guide_action = make_action(w, _("&Guide"), w.show_guide, std.HelpContents)
    w.shortcuts_action = make_action(w, _("&Keyboard shortcuts"), w.show_shortcuts)
    for a in (w.undo_action, w.redo_action):
        w.addAction(a)


def build_menus(w: MainWindow) -> None:
    bar = w.menuBar()
    m = bar.addMenu(_("&File"))
    m.addActions([w.new_action, w.open_action])
    w.recent_menu = m.addMenu(_("Open &recent"))
    w.recent_menu.aboutToShow.connect(w.files.fill_recent)
    m.addSeparator()
    m.addActions([w.save_action, w.save_as_action, w.template_action])
    m.addSeparator()
    m.addActions([w.export_action, w.print_action])
    m.addSeparator()
    m.addAction(w.settings_action)
    m.addSeparator()
    m.addAction(w.quit_action)
    m = bar.addMenu(_("&Edit"))
    m.addActions([w.undo_action, w.redo_action])
    m.addSeparator()
    m.addActions([w.copy_action, w.paste_action, w.duplicate_action])
    m.addSeparator()
    m.addActions([w.edit_text_action, w.delete_action, w.forward_action,
                  w.backward_action])
    m = bar.addMenu(_("&Insert"))
    m.addActions([w.add_text_action, w.add_qr_action, w.add_image_action,
                  w.add_shape_action])
    m = bar.addMenu(_("&Page"))
    m.addActions([w.prev_page_action, w.next_page_action])
    m.addSeparator()
    m.addActions([w.add_page_action, w.dup_page_action, w.remove_page_action,
                  w.page_up_action, w.page_down_action])
    from pancarte.gui.identity import IdentityMenu

    w.identity_menu = bar.addMenu(IdentityMenu(w))
    m = bar.addMenu(_("&View"))
    m.addActions([w.fit_action, w.actual_action, w.zoom_in_action,
                  w.zoom_out_action])
    m.addSeparator()
    m.addAction(w.guides_action)
    m.addSeparator()
    for dock in (w.library_dock, w.pages_dock, w.properties_dock,
                 w.event_dock):
        m.addAction(dock.toggleViewAction())
    m = bar.addMenu(_("&Help"))
    m.addActions([w.guide_action, w.shortcuts_action])
    m.addSeparator()
    m.addAction(w.about_action)


def build_toolbar(w: MainWindow) -> None:
    tb = QToolBar(_("Main toolbar"), w)
    tb.setObjectName("mainToolbar")
    tb.setMovable(False)
    tb.setIconSize(QSize(20, 20))
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    tb.addActions([w.new_action, w.open_action, w.save_action])
    tb.addSeparator()
    tb.addActions([w.undo_action, w.redo_action])
    tb.addSeparator()
    tb.addActions([w.add_text_action, w.add_qr_action, w.add_image_action,
                   w.add_shape_action])
    tb.addSeparator()
    tb.addActions([w.zoom_out_action, w.fit_action, w.actual_action,
                   w.zoom_in_action])
    spacer = QWidget()
    spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                         spacer.sizePolicy().verticalPolicy())
    tb.addWidget(spacer)
    tb.addAction(w.print_action)
    export = QToolButton()
    export.setDefaultAction(w.export_action)
    export.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    export.setText(_("Export"))
    tb.addWidget(export)
    w.addToolBar(tb)
    w.toolbar = tb


def build_status(w: MainWindow) -> None:
    bar = w.statusBar()
    w.findings_button = QToolButton()
    w.findings_button.setAutoRaise(True)
    w.findings_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    w.findings_button.clicked.connect(w._show_first_finding)
    bar.addWidget(w.findings_button)
    w.page_label = QLabel()
    w.zoom_button = QToolButton()
    w.zoom_button.setAutoRaise(True)
    w.zoom_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(w.zoom_button)
    menu.addAction(w.fit_action)
    for z in (0.25, 0.5, 1.0, 2.0, 4.0):
        menu.addAction(f"{z * 100:g} %", partial(w.canvas.set_zoom, z))
    w.zoom_button.setMenu(menu)
    bar.addPermanentWidget(w.page_label)
    bar.addPermanentWidget(w.zoom_button)
