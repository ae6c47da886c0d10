"""The editor's main window: canvas in the middle, library (left), pages, properties and the
event (right), menus, toolbar and status bar. It owns one DocumentSession (the document, its undo
stack and its one layout engine) and turns the user's file operations into calls to the core,
telling the user, in their language, when something goes wrong."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pancarte.errors import DocumentError, ExportError, TemplateError
from pancarte.gui import icons, preflight
from pancarte.gui.blocks import fill_frame, new_text_frame
from pancarte.gui.canvas import Canvas
from pancarte.gui.context import EditorContext
from pancarte.gui.eventbar import EventBar
from pancarte.gui.panels.library import LibraryPanel
from pancarte.gui.panels.pages import PagesPanel, page_name
from pancarte.gui.panels.properties import PropertiesPanel
from pancarte.gui.prompts import DISCARD, SAVE, document_filter
from pancarte.gui.recovery import Autosaver, pending_recoveries, recovery_detail
from pancarte.gui.session import DocumentSession
from pancarte.gui.undo import SharedUndo
from pancarte.i18n import N_, _
from pancarte.model.commands import AddFrame, Composite, ReplaceFrame, unique_frame_id
from pancarte.model.document import (
    Document,
    ImageFrame,
    Paragraph,
    QRFrame,
    ShapeFrame,
    TextFrame,
)
from pancarte.model.templates import load_template, template_ids

if TYPE_CHECKING:
    from pancarte.gui.panels.event import EventPanel
    from pancarte.gui.thumbnails import ThumbnailCache
    from pancarte.layout.engine import LayoutEngine

SUFFIX = ".pancarte"


def open_error(path: Path, exc: Exception) -> str:
    """Why ``path`` cannot be opened, in the user's language, with the core's detail."""
    return (_("The file “{name}” cannot be opened: it is damaged, or it is not a Pancarte "
              "document.", name=path.name)
            + "\n\n" + _("Details: {reason}", reason=str(exc)))


def initial_size(area: QRect | None) -> QSize:
    """1280 × 800, or less on a smaller screen (1366 × 768: 1280 × 768)."""
    if area is None or area.width() <= 0 or area.height() <= 0:
        return QSize(1280, 800)
    return QSize(min(1280, area.width()), min(800, area.height()))


def starting_document(template_id: str) -> Document:
    """A new document from ``template_id`` (the first bundled template if it is unknown)."""
    try:
        return load_template(template_id)
    except TemplateError:
        return load_template(template_ids()[0])


class MainWindow(QMainWindow):
    @property
    def event_panel(self) -> EventPanel:
        """The event panel, built the first time it is needed (keeps start-up short)."""
        if self._event_panel is None:
            from pancarte.gui.panels.event import EventPanel

            panel = EventPanel(self.session, self.prompter, self)
            panel.find_tract = self._library_tract  # the events found in the tracts' text
            panel.refresh_detected(force=True)
            panel.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
            panel.applied.connect(lambda: SharedUndo.forget(panel))
            self.shared_undo.watch(panel)
            self._event_panel = panel
            self.event_dock.setWidget(panel)
        return self._event_panel

    def __init__(self, context: EditorContext, document: Document | None = None,
                 engine: LayoutEngine | None = None, defer_layout: bool = False) -> None:
        """``defer_layout``: show the window before the layout engine is loaded (the
        document appears a moment later, see :meth:`start`)."""
        super().__init__()
        self.ctx = context
        self.prompter = context.prompter
        self.setObjectName("pancarteMainWindow")
        self.setWindowIcon(icons.app_icon())
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)
        doc = document or starting_document(context.settings.default_template)
        self.session = DocumentSession(doc, engine, self, defer_layout=defer_layout)
        self._thumbnails: ThumbnailCache | None = None

        self.canvas = Canvas(self.session, self)
        self.event_bar = EventBar()
        self.event_bar.add_requested.connect(self.add_found_event)
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.event_bar)
        column.addWidget(self.canvas, 1)
        self.setCentralWidget(centre)
        self.canvas.tract_dropped.connect(self.offer_tract_event)
        self._blank = document is None  # no document given: start on the gallery
        self.library = LibraryPanel(self.prompter, self._open_library, self,
                                    settings=context.settings)
        self.library.status.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.properties = PropertiesPanel(self.session, self.prompter, self)
        self.pages = PagesPanel(self.session, self)
        self._event_panel: EventPanel | None = None  # built when its tab is first shown
        self.library_dock = self._dock(_("Library"), self.library, "libraryDock",
                                       Qt.DockWidgetArea.LeftDockWidgetArea)
        self.properties_dock = self._dock(_("Properties"), self.properties, "propertiesDock",
                                          Qt.DockWidgetArea.RightDockWidgetArea)
        self.pages_dock = self._dock(_("Pages"), self.pages, "pagesDock",
                                     Qt.DockWidgetArea.RightDockWidgetArea)
        placeholder = QWidget()
        placeholder.setMinimumWidth(320)  # as wide as the panel it stands for
        self.event_dock = self._dock(_("Event"), placeholder, "eventDock",
                                     Qt.DockWidgetArea.RightDockWidgetArea)
        self.event_dock.visibilityChanged.connect(
            lambda visible: visible and self.event_panel is not None)
        # one column of tabs on the right: the properties get the whole height (a 1366 × 768
        # screen shows them without scrolling)
        self.tabifyDockWidget(self.properties_dock, self.event_dock)
        self.tabifyDockWidget(self.properties_dock, self.pages_dock)
        self.properties_dock.raise_()
        self.resizeDocks([self.library_dock, self.properties_dock], [300, 300],
                         Qt.Orientation.Horizontal)

        self.autosaver = Autosaver(self.session, context.paths.recovery, self)
        self.autosaver.failed.connect(
            lambda reason: self.statusBar().showMessage(
                _("Automatic backup failed: {reason}", reason=reason), 8000))
        self.shared_undo = SharedUndo(self)
        for panel in (self.library, self.properties, self.pages):
            self.shared_undo.watch(panel)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status()

        self.session.changed.connect(self._document_changed)
        self.session.checks_changed.connect(self._checks_changed)
        self.session.selection_changed.connect(self._selection_changed)
        self.session.path_changed.connect(self._update_title)
        self.session.undo_stack.cleanChanged.connect(self._update_title)
        self.canvas.zoom_changed.connect(self._zoom_changed)
        self.canvas.image_requested.connect(lambda _id: self.properties.choose_image())
        self.canvas.qr_requested.connect(self._focus_qr)
        self.library.insert_requested.connect(self.insert_paragraphs)
        self.library.use_tract_requested.connect(self.use_tract)
        self.library.attach(self.session)

        self.resize(initial_size(self.screen().availableGeometry()
                                 if self.screen() is not None else None))
        self._update_title()
        self._document_changed()
        self._selection_changed()
        self.canvas.setFocus()

    # ---- building ----------------------------------------------------------------------

    def _dock(self, title: str, widget: QWidget, name: str,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, icon: QIcon | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(icon)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        sp = QStyle.StandardPixmap
        style = self.style()
        self.new_action = self._action(_("&New…"), self.new_document, std.New,
                                       icons.standard(style, sp.SP_FileIcon),
                                       _("New document from a template"))
        self.open_action = self._action(_("&Open…"), self.open_document, std.Open,
                                        icons.standard(style, sp.SP_DialogOpenButton),
                                        _("Open a document"))
        self.save_action = self._action(_("&Save"), self.save, std.Save,
                                        icons.standard(style, sp.SP_DialogSaveButton),
                                        _("Save the document"))
        self.save_as_action = self._action(_("Save &as…"), self.save_as, std.SaveAs)
        self.template_action = self._action(_("Save as &template…"), self.save_as_template)
        self.export_action = self._action(_("&Export…"), self.export, "Ctrl+E",
                                          icons.export_icon(), _("Export as PDF or PNG"))
        self.print_action = self._action(_("&Print…"), self.print_document, std.Print,
                                         icons.print_icon(), _("Print"))
        self.settings_action = self._action(_("Se&ttings…"), self.open_settings,
                                            std.Preferences)
        self.quit_action = self._action(_("&Quit"), self.close, std.Quit)
        stack = self.session.undo_stack
        self.undo_action = stack.createUndoAction(self, _("&Undo"))
        self.undo_action.setShortcut(QKeySequence(std.Undo))
        self.undo_action.setIcon(icons.undo_icon())
        self.redo_action = stack.createRedoAction(self, _("&Redo"))
        self.redo_action.setShortcut(QKeySequence(std.Redo))
        self.redo_action.setIcon(icons.redo_icon())
        self.edit_text_action = self._action(_("Edit &text"), self._edit_selected, "F2")
        self.delete_action = self._action(_("&Delete frame"), self.canvas.delete_selected)
        self.copy_action = self._action(_("&Copy the frame"), self.copy_frame, std.Copy)
        self.paste_action = self._action(_("&Paste"), self.paste_frames, std.Paste)
        self.duplicate_action = self._action(_("D&uplicate the frame"), self.duplicate_frame,
                                             "Ctrl+D")
        self.forward_action = self._action(_("Bring &forward"),
                                           lambda: self.canvas.restack(+1), "Ctrl+]")
        self.backward_action = self._action(_("Send &backward"),
                                            lambda: self.canvas.restack(-1), "Ctrl+[")
        self.add_text_action = self._action(_("&Text frame"), self.add_text_frame, None,
                                            icons.letter_icon("T"), _("Add a text frame"))
        self.add_qr_action = self._action(_("&QR code"), self.add_qr_frame, None,
                                          icons.qr_icon(), _("Add a QR code"))
        self.add_image_action = self._action(_("&Image…"), self.add_image_frame, None,
                                             icons.image_icon(), _("Add an image"))
        self.add_shape_action = self._action(_("&Shape"), self.add_shape_frame, None,
                                             icons.shape_icon(), _("Add a coloured shape"))
        self.fit_action = self._action(_("Zoom to &fit"), self.canvas.zoom_to_fit, "Ctrl+0",
                                       icons.letter_icon("⤢"), _("Show the whole page"))
        self.actual_action = self._action(_("&Actual size (100 %)"),
                                          lambda: self.canvas.set_zoom(1.0), "Ctrl+1",
                                          icons.letter_icon("1:1", 9), _("Actual size"))
        self.zoom_in_action = self._action(_("Zoom &in"), lambda: self.canvas.zoom_by(1.25),
                                           std.ZoomIn, icons.letter_icon("+"), _("Zoom in"))
        self.zoom_out_action = self._action(_("Zoom &out"), lambda: self.canvas.zoom_by(0.8),
                                            std.ZoomOut, icons.letter_icon("−"), _("Zoom out"))
        self.guides_action = self._action(_("Show &guides"), self._toggle_guides)
        self.guides_action.setCheckable(True)
        self.guides_action.setChecked(True)
        self.prev_page_action = self._action(_("&Previous page"),
                                             lambda: self.session.set_page(
                                                 self.session.page - 1), "Ctrl+PgUp")
        self.next_page_action = self._action(_("&Next page"),
                                             lambda: self.session.set_page(
                                                 self.session.page + 1), "Ctrl+PgDown")
        self.add_page_action = self._action(_("&Add a page"), self.pages.add_page)
        self.dup_page_action = self._action(_("D&uplicate the page"), self.pages.duplicate)
        self.remove_page_action = self._action(_("De&lete the page"), self.pages.remove)
        self.page_up_action = self._action(_("Move the page &earlier"),
                                           lambda: self.pages.move_page(-1))
        self.page_down_action = self._action(_("Move the page &later"),
                                             lambda: self.pages.move_page(+1))
        self.about_action = self._action(_("&About Pancarte"), self.about)
        self.guide_action = self._action(_("&Guide"), self.show_guide, std.HelpContents)
        self.shortcuts_action = self._action(_("&Keyboard shortcuts"), self.show_shortcuts)
        for a in (self.undo_action, self.redo_action):
            self.addAction(a)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu(_("&File"))
        m.addActions([self.new_action, self.open_action])
        self.recent_menu = m.addMenu(_("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addSeparator()
        m.addActions([self.save_action, self.save_as_action, self.template_action])
        m.addSeparator()
        m.addActions([self.export_action, self.print_action])
        m.addSeparator()
        m.addAction(self.settings_action)
        m.addSeparator()
        m.addAction(self.quit_action)
        m = bar.addMenu(_("&Edit"))
        m.addActions([self.undo_action, self.redo_action])
        m.addSeparator()
        m.addActions([self.copy_action, self.paste_action, self.duplicate_action])
        m.addSeparator()
        m.addActions([self.edit_text_action, self.delete_action, self.forward_action,
                      self.backward_action])
        m = bar.addMenu(_("&Insert"))
        m.addActions([self.add_text_action, self.add_qr_action, self.add_image_action,
                      self.add_shape_action])
        m = bar.addMenu(_("&Page"))
        m.addActions([self.prev_page_action, self.next_page_action])
        m.addSeparator()
        m.addActions([self.add_page_action, self.dup_page_action, self.remove_page_action,
                      self.page_up_action, self.page_down_action])
        from pancarte.gui.identity import IdentityMenu

        self.identity_menu = bar.addMenu(IdentityMenu(self))
        m = bar.addMenu(_("&View"))
        m.addActions([self.fit_action, self.actual_action, self.zoom_in_action,
                      self.zoom_out_action])
        m.addSeparator()
        m.addAction(self.guides_action)
        m.addSeparator()
        for dock in (self.library_dock, self.pages_dock, self.properties_dock,
                     self.event_dock):
            m.addAction(dock.toggleViewAction())
        m = bar.addMenu(_("&Help"))
        m.addActions([self.guide_action, self.shortcuts_action])
        m.addSeparator()
        m.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        tb = QToolBar(_("Main toolbar"), self)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setIconSize(QSize(20, 20))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        tb.addActions([self.new_action, self.open_action, self.save_action])
        tb.addSeparator()
        tb.addActions([self.undo_action, self.redo_action])
        tb.addSeparator()
        tb.addActions([self.add_text_action, self.add_qr_action, self.add_image_action,
                       self.add_shape_action])
        tb.addSeparator()
        tb.addActions([self.zoom_out_action, self.fit_action, self.actual_action,
                       self.zoom_in_action])
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                             spacer.sizePolicy().verticalPolicy())
        tb.addWidget(spacer)
        tb.addAction(self.print_action)
        export = QToolButton()
        export.setDefaultAction(self.export_action)
        export.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        export.setText(_("Export"))
        tb.addWidget(export)
        self.addToolBar(tb)
        self.toolbar = tb

    def _build_status(self) -> None:
        bar = self.statusBar()
        self.findings_button = QToolButton()
        self.findings_button.setAutoRaise(True)
        self.findings_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.findings_button.clicked.connect(self._show_first_finding)
        bar.addWidget(self.findings_button)
        self.page_label = QLabel()
        self.zoom_button = QToolButton()
        self.zoom_button.setAutoRaise(True)
        self.zoom_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.zoom_button)
        menu.addAction(self.fit_action)
        for z in (0.25, 0.5, 1.0, 2.0, 4.0):
            menu.addAction(f"{z * 100:g} %", partial(self.canvas.set_zoom, z))
        self.zoom_button.setMenu(menu)
        bar.addPermanentWidget(self.page_label)
        bar.addPermanentWidget(self.zoom_button)

    # ---- reacting ----------------------------------------------------------------------

    def _update_title(self, *_args) -> None:
        self.setWindowTitle(f"{self.session.display_name()}[*] — Pancarte")
        self.setWindowModified(self.session.dirty)

    def _document_changed(self) -> None:
        if not self.session.layout_ready:
            self.findings_button.setText("")
        else:
            self._show_findings(describe=False)
        self._update_page_label()
        self._update_title()

    def _checks_changed(self) -> None:
        self._show_findings(describe=True)

    def _show_findings(self, describe: bool) -> None:
        """The findings button: its count at each change (the layout's own findings at once),
        its tooltip worded when the deferred preflight has caught up with the edits."""
        if not self.session.layout_ready:
            return
        found = preflight.ordered(self.session.shown_checks())
        style = self.style()
        if not found:
            self.findings_button.setIcon(style.standardIcon(
                QStyle.StandardPixmap.SP_DialogApplyButton))
            self.findings_button.setText(_("Ready to print"))
            self.findings_button.setToolTip("")
        else:
            errors = any(f.severity == "error" for f in found)
            self.findings_button.setIcon(style.standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxCritical if errors
                else QStyle.StandardPixmap.SP_MessageBoxWarning))
            self.findings_button.setText(_("{n} to check", n=len(found)))
            if describe:
                self.findings_button.setToolTip("\n".join(
                    preflight.describe(f, self.session.document) for f in found))

    def _selection_changed(self) -> None:
        frame = self.session.selected_frame()
        for a in (self.delete_action, self.forward_action, self.backward_action,
                  self.copy_action, self.duplicate_action):
            a.setEnabled(frame is not None)
        self.edit_text_action.setEnabled(isinstance(frame, TextFrame))
        self._update_page_label()

    def _update_page_label(self) -> None:
        n = len(self.session.document.pages)
        i = self.session.page
        name = page_name(i, n)
        doc = self.session.document
        self.page_label.setText(f"{name} · {i + 1}/{n} · {doc.width:g} × {doc.height:g} mm")
        self.prev_page_action.setEnabled(i > 0)
        self.next_page_action.setEnabled(i < n - 1)
        self.remove_page_action.setEnabled(n > 1)

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_button.setText(f"{zoom * 100:.0f} %")

    def _toggle_guides(self) -> None:
        self.canvas.show_guides = self.guides_action.isChecked()
        self.canvas.viewport().update()

    def _edit_selected(self) -> None:
        frame = self.session.selected_frame()
        if isinstance(frame, TextFrame):
            self.canvas.edit_frame(frame.id)

    def _focus_qr(self, _frame_id: str) -> None:
        self.properties_dock.show()
        self.properties_dock.raise_()
        self.properties.qr_content.setFocus()
        self.properties.qr_content.selectAll()

    def show_frame(self, frame_id: str) -> None:
        """Select ``frame_id`` (switching to its page) and bring it into view."""
        self.canvas.center_on(frame_id)
        self.canvas.viewport().update()

    def _show_first_finding(self) -> None:
        found = preflight.ordered(self.session.checks())
        frames = list(dict.fromkeys(f.frame for f in found if f.frame))
        if not frames:
            return
        cur = self.session.selected
        i = (frames.index(cur) + 1) % len(frames) if cur in frames else 0
        self.show_frame(frames[i])

    # ---- start-up ----------------------------------------------------------------------

    def _library_tract(self, tract_id: str):
        """A tract of the open library by id (None when the library is not open)."""
        if self.library.library is None and not self.library.load():
            return None
        return self.library.library.get(tract_id)

    def _open_library(self):
        from pancarte.library.store import open_library

        return open_library(self.ctx.library_path)

    def preload(self, path: str | Path) -> str | None:
        """Before the window is shown: take the document at ``path`` (without laying it out
        or asking anything). Returns the error to tell once the window is up, or None."""
        from pancarte.model.fileformat import load_document

        try:
            doc = load_document(path)
        except DocumentError as exc:
            self.ctx.settings.remove_recent(str(path))
            return open_error(Path(path), exc)
        self.session.set_document(doc, Path(path).resolve())
        self.ctx.settings.add_recent(path)
        self._blank = False  # a document given: no gallery over it
        return None

    def start(self, path: str | Path | None = None, error: str | None = None) -> None:
        """After the window is shown: lay out the document, offer recovery, open ``path``
        (or tell the ``error`` met by :meth:`preload`), load the library."""
        self.session.finish_start(before_notify=self.canvas.paint_now)
        self.canvas.zoom_to_fit()
        self.autosaver.start()
        recovered = self.offer_recovery()
        if error and not recovered:
            self.prompter.error(self, _("Cannot open the document"), error)
        if path and not recovered:
            self.open_path(Path(path))
        QTimer.singleShot(0, self.library.load)
        if self._blank and not path and not error and not recovered:
            QTimer.singleShot(0, self.choose_start)

    def choose_start(self) -> bool:
        """With no document: the gallery (recent documents first) to start from."""
        self._blank = False
        return self.new_document()

    def offer_recovery(self) -> bool:
        """Offer the newest recovery file left by a crash; True when one was recovered."""
        found = pending_recoveries(self.ctx.paths.recovery)
        if not found:
            return False
        latest = found[0]
        if not self.prompter.ask_recover(self, recovery_detail(latest)):
            for r in found:
                r.discard()
            return False
        try:
            doc = latest.load()
        except DocumentError as exc:
            self.prompter.error(self, _("Cannot recover the document"), str(exc))
            latest.discard()
            return False
        self.session.set_document(doc, latest.original, clean=False)
        self.autosaver.save_now()  # the recovered work is safe under this session's name
        for r in found:
            r.discard()
        self.statusBar().showMessage(_("Your work was recovered. Save it to keep it."), 10000)
        return True

    # ---- files -------------------------------------------------------------------------

    @property
    def thumbnails(self) -> ThumbnailCache:
        if self._thumbnails is None:
            from pancarte.gui.thumbnails import ThumbnailCache

            self._thumbnails = ThumbnailCache(self.ctx.paths.thumbnails, self.session.engine)
        return self._thumbnails

    def maybe_save(self) -> bool:
        """True when the current document may be replaced or closed (saved or discarded)."""
        if self.canvas.editor is not None:
            self.canvas.editor.close_editor()
        if not self.session.dirty:
            return True
        answer = self.prompter.ask_save_changes(self, self.session.display_name())
        if answer == SAVE:
            return self.save()
        return answer == DISCARD

    def new_document(self) -> bool:
        from pancarte.gui.dialogs.gallery import GalleryDialog

        if not self.maybe_save():
            return False
        recent = [Path(f) for f in self.ctx.settings.recent_files()]
        dialog = GalleryDialog(self.thumbnails, self.ctx.paths.templates,
                               self.ctx.settings.default_template, self, recent=recent)
        if not self.prompter.run_dialog(dialog) or dialog.choice is None:
            return False
        if dialog.choice.document is not None:
            return self.open_path(dialog.choice.document, ask=False)
        return self.new_from(dialog.choice.template, dialog.choice.path)

    def new_from(self, template: str = "", path: Path | None = None) -> bool:
        try:
            if path is not None:
                from pancarte.gui.usertemplates import load_user_template

                doc = load_user_template(path)
            else:
                doc = load_template(template)
        except (TemplateError, DocumentError) as exc:
            self.prompter.error(self, _("Cannot use this template"), str(exc))
            return False
        self.session.set_document(doc, None)
        self.canvas.zoom_to_fit()
        self.event_bar.dismiss()
        self.ready_slogan()
        return True

    def ready_slogan(self) -> None:
        """Select the page's main text (the placard's slogan, the poster's title): typing
        replaces it, a block dropped on it fills it."""
        for name in ("title", "body"):
            for page, frame in self.session.document.frames_named(name):
                if isinstance(frame, TextFrame):
                    self.session.set_page(page)
                    self.session.select(frame.id)
                    self.canvas.setFocus()
                    return

    def open_document(self) -> bool:
        if not self.maybe_save():
            return False
        start = str(self.session.path.parent) if self.session.path else str(Path.home())
        path = self.prompter.open_file(self, _("Open a document"), start, document_filter())
        if not path:
            return False
        return self.open_path(Path(path), ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        from pancarte.model.fileformat import load_document

        try:
            doc = load_document(path)
        except DocumentError as exc:
            self.prompter.error(self, _("Cannot open the document"), open_error(path, exc))
            self.ctx.settings.remove_recent(str(path))
            return False
        self.session.set_document(doc, path.resolve())
        self.canvas.zoom_to_fit()
        self.ctx.settings.add_recent(path)
        return True

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self.write(self.session.path)

    def save_as(self) -> bool:
        current = self.session.path
        if current is None:
            from pancarte.gui.usertemplates import slug

            current = Path.home() / (slug(self.session.document.title or
                                          self.session.document.template or "pancarte")
                                     + SUFFIX)
        path = self.prompter.save_file(self, _("Save as"), str(current), document_filter())
        if not path:
            return False
        p = Path(path)
        if p.suffix.lower() != SUFFIX:
            p = p.with_name(p.name + SUFFIX)
        return self.write(p)

    def write(self, path: Path) -> bool:
        """Save to ``path``; on failure tell the user and keep everything (still unsaved)."""
        from pancarte.model.fileformat import save_document

        if self.canvas.editor is not None:
            self.canvas.editor.close_editor()
        try:
            save_document(self.session.document, path)
        except ExportError as exc:
            self.autosaver.save_now()
            self.prompter.error(self, _("Cannot save"),
                                _("“{name}” could not be saved in {folder}. Your work is still "
                                  "here (and backed up); try “Save as” in another folder.",
                                  name=path.name, folder=str(path.parent))
                                + "\n\n" + _("Details: {reason}", reason=str(exc)))
            return False
        except ValueError as exc:  # an inconsistent document is a bug: say so, lose nothing
            self.autosaver.save_now()
            self.prompter.error(self, _("Cannot save"), str(exc))
            return False
        self.session.mark_saved(path.resolve())
        self.ctx.settings.add_recent(path)
        self.statusBar().showMessage(_("Saved {path}", path=str(path)), 5000)
        return True

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.ctx.settings.recent_files()
        if not files:
            a = self.recent_menu.addAction(_("No recent document"))
            a.setEnabled(False)
            return
        for f in files:
            action = self.recent_menu.addAction(Path(f).name, partial(self.open_path, Path(f)))
            action.setToolTip(f)

    def save_as_template(self) -> bool:
        from pancarte.gui.usertemplates import save_user_template

        name = self.prompter.get_text(self, _("Save as template"),
                                      _("Name of the template:"),
                                      self.session.document.title or "")
        if not name or not name.strip():
            return False
        try:
            path = save_user_template(self.session.document, name.strip(),
                                      self.ctx.paths.templates)
        except (ExportError, ValueError) as exc:
            self.prompter.error(self, _("Cannot save the template"), str(exc))
            return False
        self.statusBar().showMessage(_("Template saved: it is in the gallery (File ▸ New)."),
                                     6000)
        return path.exists()

    def export(self) -> None:
        from pancarte.gui.dialogs.export import ExportDialog

        if self.canvas.editor is not None:
            self.canvas.editor.close_editor()
        dialog = ExportDialog(self.session, self.prompter, self)
        dialog.finding_activated.connect(self.show_frame)
        if self.prompter.run_dialog(dialog) and dialog.written:
            self.statusBar().showMessage(
                _("Exported: {files}", files=", ".join(str(p) for p in dialog.written)), 8000)

    def print_document(self) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        from pancarte.gui.printing import make_printer, print_layout

        printer = make_printer(self.session.document)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, len(self.session.document.pages))
        if not self.prompter.run_dialog(dialog):
            return False
        if not print_layout(printer, self.session.layout):
            self.prompter.error(self, _("Cannot print"), _("The printer could not be opened."))
            return False
        return True

    def open_settings(self) -> None:
        from pancarte.gui.dialogs.settings import SettingsDialog

        self.prompter.run_dialog(SettingsDialog(self.ctx.settings, self))

    def show_guide(self) -> None:
        from pancarte.gui.dialogs.help import GuideDialog

        self.prompter.run_dialog(GuideDialog(self))

    def show_shortcuts(self) -> None:
        from pancarte.gui.dialogs.help import ShortcutsDialog

        actions = [a for menu in self.menuBar().findChildren(QMenu) for a in menu.actions()]
        self.prompter.run_dialog(ShortcutsDialog(list(dict.fromkeys(actions)), self))

    def about(self) -> None:
        from pancarte import __version__

        self.prompter.info(self, _("About Pancarte"),
                           _("Pancarte {version}: placards, posters and flyers, print-ready, "
                             "offline.", version=__version__))

    # ---- copy, paste, duplicate -------------------------------------------------------

    def copy_frame(self) -> bool:
        from PySide6.QtWidgets import QApplication

        from pancarte.gui.clipboard import frames_mime

        frame = self.session.selected_frame()
        if frame is None:
            return False
        QApplication.clipboard().setMimeData(frames_mime(self.session.document, [frame]))
        self.statusBar().showMessage(_("Frame copied: Ctrl+V pastes it."), 4000)
        return True

    @staticmethod
    def _release_clipboard() -> None:
        """Frames copied by this editor leave the clipboard with it (the mime data must not
        outlive the application that made it)."""
        from PySide6.QtWidgets import QApplication

        from pancarte.gui.clipboard import MIME_FRAMES

        board = QApplication.clipboard()
        data = board.mimeData()
        if data is not None and data.hasFormat(MIME_FRAMES):
            board.clear()

    def paste_frames(self) -> bool:
        """The frames on the clipboard, on the current page (moved a little when they would
        cover their originals); plain text becomes a text frame."""
        from PySide6.QtWidgets import QApplication

        from pancarte.gui.clipboard import mime_frames

        mime = QApplication.clipboard().mimeData()
        frames, images = mime_frames(mime)
        if not frames:
            if mime is not None and mime.hasText() and mime.text().strip():
                from pancarte.model.edit import text_to_paragraphs

                self.insert_paragraphs(text_to_paragraphs(mime.text()[:200_000]))
                return True
            return False
        doc = self.session.document
        page = doc.pages[self.session.page]
        here = {(f.x, f.y) for f in page.frames}
        shift = 5.0 if any((f.x, f.y) in here for f in frames) else 0.0
        return self._add_copies(frames, images, shift, N_("Paste"))

    def duplicate_frame(self) -> bool:
        frame = self.session.selected_frame()
        if frame is None:
            return False
        return self._add_copies([frame], {}, 5.0, N_("Duplicate frame"))

    def _add_copies(self, frames, images: dict[str, bytes], shift: float, label: str) -> bool:
        from pancarte.model.commands import AddFrames, copies

        doc = self.session.document
        new = copies(doc, frames, shift, shift)
        brought = {k: v for k, v in images.items() if k not in doc.images}
        self.session.push(AddFrames(self.session.page, new, brought, label=label))
        self.session.select(new[-1].id)
        return True

    # ---- inserting ---------------------------------------------------------------------

    def _centre(self) -> tuple[float, float]:
        doc = self.session.document
        return doc.width / 2, doc.height / 2

    def _add(self, frame, label: str) -> None:
        self.session.push(AddFrame(self.session.page, frame), label)
        self.session.select(frame.id)

    def _new_rect(self, w: float, h: float) -> tuple[float, float, float, float]:
        doc = self.session.document
        w, h = min(w, doc.width - 2 * doc.safe_margin), min(h, doc.height - 2 * doc.safe_margin)
        return round((doc.width - w) / 2, 2), round((doc.height - h) / 2, 2), w, h

    def add_text_frame(self) -> None:
        doc = self.session.document
        cmd = new_text_frame(doc, self.session.page, *self._centre(), ())
        self._add(cmd.frame, N_("Add text frame"))
        self.canvas.edit_frame(cmd.frame.id)

    def add_qr_frame(self) -> None:
        doc = self.session.document
        x, y, w, h = self._new_rect(50, 50)
        frame = QRFrame(id=unique_frame_id(doc, "qr"), x=x, y=y, w=w, h=h)
        self._add(frame, N_("Add QR code"))
        self._focus_qr(frame.id)

    def add_shape_frame(self) -> None:
        doc = self.session.document
        x, y, w, h = self._new_rect(doc.width / 2, doc.height / 8)
        fill = "$accent" if "accent" in doc.colors else "#d7191c"
        self._add(ShapeFrame(id=unique_frame_id(doc, "shape"), x=x, y=y, w=w, h=h, fill=fill),
                  N_("Add shape"))

    def add_image_frame(self) -> bool:
        """Ask for a PNG or JPEG file and add it, centred, in a frame of its proportions."""
        from pancarte.gui.panels.properties import image_name

        path = self.prompter.open_file(self, _("Choose an image"), str(Path.home()),
                                       _("Images (*.png *.jpg *.jpeg)"))
        if not path:
            return False
        try:
            data = Path(path).read_bytes()
            name = image_name(data, Path(path).name)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.prompter.error(self, _("Cannot use this image"), reason)
            return False
        pw, ph = preflight.image_pixels(data)
        if pw <= 0 or ph <= 0:
            self.prompter.error(self, _("Cannot use this image"),
                                _("{name} is damaged or not an image", name=Path(path).name))
            return False
        doc = self.session.document
        w = doc.width / 2
        h = w * ph / pw
        if h > doc.height / 2:
            h = doc.height / 2
            w = h * pw / ph
        x, y, w, h = self._new_rect(round(w, 2), round(h, 2))
        frame = ImageFrame(id=unique_frame_id(doc, "image"), x=x, y=y, w=w, h=h, image=name)
        images = {} if name in doc.images else {name: data}
        self.session.push(AddFrame(self.session.page, frame, images=images), N_("Add image"))
        self.session.select(frame.id)
        return True

    def insert_paragraphs(self, paragraphs: tuple[Paragraph, ...]) -> None:
        """A block double-clicked in the library: typed in at the caret when a frame is
        being edited, else added to the selected frame, else a new frame."""
        editor = self.canvas.editor
        if editor is not None:
            from pancarte.gui.textmap import paragraphs_to_lines

            cursor = editor.edit.textCursor()
            prefix = "\n" if cursor.positionInBlock() > 0 else ""
            cursor.insertText(prefix + "\n".join(paragraphs_to_lines(paragraphs)))
            return
        frame = self.session.selected_frame()
        doc = self.session.document
        if isinstance(frame, (TextFrame, QRFrame)):
            command = fill_frame(doc, frame, paragraphs, append=isinstance(frame, TextFrame))
            if command is not None:
                self.session.push(command)
            return
        command = new_text_frame(doc, self.session.page, *self._centre(), paragraphs)
        self.session.push(command, N_("Insert block"))
        self.session.select(command.frame.id)

    def use_tract(self, tract) -> None:
        """Fill the template's frames from a tract as ``compose --tract`` does (the whole of it
        where it fits legibly, else its key blocks; the library panel says what was left
        out)."""
        from pancarte.fill.tract import compose_tract

        doc = self.session.document
        filled, plan = compose_tract(doc, tract, engine=self.session.engine, grow=False)
        self.library.show_plan(tract, plan)
        commands = []
        for index, (old_page, new_page) in enumerate(zip(doc.pages, filled.pages, strict=True)):
            for old, new in zip(old_page.frames, new_page.frames, strict=True):
                if old != new:
                    commands.append(ReplaceFrame(index, old, new))
        if not commands:
            self.statusBar().showMessage(
                _("This template has no frame named title or body to fill."), 6000)
            return
        from pancarte.layout.growth import growth_commands

        # a long text adds the pages it needs (tract-a4, booklet-a5), in the same undo step
        grow = growth_commands(filled, self.session.engine)[0]
        self.session.push(Composite((*commands, *grow), label=N_("Fill from tract")))
        self.offer_tract_event(tract.id, tract)

    def offer_tract_event(self, tract_id: str, tract=None) -> bool:
        """Offer (in the bar above the page) the event written in the tract, unless the
        page already shows it; True when one is offered."""
        if tract is None:
            library = self.library.library
            if library is None:
                return False
            from pancarte.library.errors import LibraryError

            try:
                tract = library.get(tract_id)
            except LibraryError:
                return False
        from pancarte.event.detect import tract_events

        found = tract_events(tract)
        if not found:
            return False
        event = found[0].to_event()
        current = self.session.document.event or {}
        if current.get("start") == (event.to_dict() or {}).get("start"):
            return False  # already on the page
        self.event_bar.offer(found[0])
        return True

    def add_found_event(self, found) -> bool:
        """Put an event found in a tract on the page (one undo step), the slogan kept."""
        from dataclasses import replace as with_fields

        from pancarte.event.errors import EventError
        from pancarte.gui.panels.event_doc import diff_command, event_document

        doc = self.session.document
        event = found.to_event()
        event = with_fields(event, place=event.place[:1].upper() + event.place[1:])
        try:
            new, notes = event_document(doc, event, replace_title=False)
        except EventError as exc:
            self.prompter.error(self, _("Cannot apply the event"), str(exc))
            return False
        command = diff_command(doc, new, label=N_("Add the event"))
        if command is not None:
            self.session.push(command)
        self.statusBar().showMessage("  ".join([_("The event is on the page."), *notes]), 10000)
        return True

    # ---- closing -----------------------------------------------------------------------

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.maybe_save():
            e.ignore()
            return
        self.autosaver.shutdown()
        self.library.close_library()
        self._release_clipboard()
        self.ctx.settings.q.setValue("window/state", self.saveState())
        self.ctx.settings.q.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.sync()
        e.accept()

    def restore_state(self) -> None:
        """The docks and window size as the user left them."""
        geometry = self.ctx.settings.q.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.ctx.settings.q.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
