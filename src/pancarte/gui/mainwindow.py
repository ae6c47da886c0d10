"""The editor's main window: canvas in the middle, library (left), pages, properties and the
event (right), menus, toolbar and status bar. It owns one DocumentSession (the document, its undo
stack and its one layout engine); its file actions live in :mod:`pancarte.gui.file_actions`,
its frame actions in :mod:`pancarte.gui.frame_actions`, its menus in
:mod:`pancarte.gui.mainwindow_menus`.

A window built with ``staged=True`` (the editor's start, :func:`pancarte.gui.app.run_editor`)
holds only the canvas until the document is on screen: :meth:`MainWindow.start` lays it out and
paints it first, then builds the panels, menus and toolbar and emits :attr:`MainWindow.ready`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QVBoxLayout, QWidget

from pancarte.gui.canvas import Canvas
from pancarte.gui.context import EditorContext
from pancarte.gui.file_actions import FileActions, starting_document
from pancarte.gui.frame_actions import FrameActions
from pancarte.gui.session import DocumentSession
from pancarte.i18n import _
from pancarte.model.document import Document, Paragraph, TextFrame

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QToolButton

    from pancarte.gui.eventbar import EventBar
    from pancarte.gui.panels.event import EventPanel
    from pancarte.gui.panels.library import LibraryPanel
    from pancarte.gui.panels.pages import PagesPanel
    from pancarte.gui.panels.properties import PropertiesPanel
    from pancarte.gui.recovery import Autosaver
    from pancarte.gui.thumbnails import ThumbnailCache
    from pancarte.gui.undo import SharedUndo
    from pancarte.layout.engine import LayoutEngine


def initial_size(area: QRect | None) -> QSize:
    """1280 × 800, or less on a smaller screen (1366 × 768: 1280 × 768)."""
    if area is None or area.width() <= 0 or area.height() <= 0:
        return QSize(1280, 800)
    return QSize(min(1280, area.width()), min(800, area.height()))


class WindowParts:
    """What :mod:`pancarte.gui.mainwindow_menus` adds to the main window (declared for the
    type checker)."""

    new_action: QAction
    open_action: QAction
    save_action: QAction
    save_as_action: QAction
    template_action: QAction
    export_action: QAction
    print_action: QAction
    settings_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    edit_text_action: QAction
    delete_action: QAction
    copy_action: QAction
    paste_action: QAction
    duplicate_action: QAction
    forward_action: QAction
    backward_action: QAction
    add_text_action: QAction
    add_qr_action: QAction
    add_image_action: QAction
    add_shape_action: QAction
    fit_action: QAction
    actual_action: QAction
    zoom_in_action: QAction
    zoom_out_action: QAction
    guides_action: QAction
    prev_page_action: QAction
    next_page_action: QAction
    add_page_action: QAction
    dup_page_action: QAction
    remove_page_action: QAction
    page_up_action: QAction
    page_down_action: QAction
    about_action: QAction
    guide_action: QAction
    shortcuts_action: QAction
    recent_menu: QMenu
    identity_menu: QAction
    toolbar: QToolBar
    findings_button: QToolButton
    page_label: QLabel
    zoom_button: QToolButton


class MainWindow(WindowParts, QMainWindow):
    #: the panels, menus and toolbar are built (at once, or after the first paint when staged)
    ready = Signal()

    event_bar: EventBar
    library: LibraryPanel
    properties: PropertiesPanel
    pages: PagesPanel
    library_dock: QDockWidget
    properties_dock: QDockWidget
    pages_dock: QDockWidget
    event_dock: QDockWidget
    autosaver: Autosaver
    shared_undo: SharedUndo

    def __init__(self, context: EditorContext, document: Document | None = None,
                 engine: LayoutEngine | None = None, defer_layout: bool = False,
                 staged: bool = False, path: Path | None = None) -> None:
        """``defer_layout``: show the window before the layout engine is loaded (the
        document appears a moment later, see :meth:`start`). ``staged``: build only the
        canvas now, the rest in :meth:`start` once the document is painted. ``path``: the
        file ``document`` was read from."""
        super().__init__()
        self.ctx = context
        self.prompter = context.prompter
        self.is_ready = False
        self._closed_early = False  # closed before start(): nothing more to build
        self.setObjectName("pancarteMainWindow")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)
        doc = document or starting_document(context.settings.default_template)
        self.session = DocumentSession(doc, engine, self, defer_layout=defer_layout)
        if path is not None:
            self.session.set_path(path)
        self.files = FileActions(self)
        self.frames = FrameActions(self)
        self.canvas = Canvas(self.session, self)
        centre = QWidget()
        self._column = QVBoxLayout(centre)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(self.canvas, 1)
        self.setCentralWidget(centre)
        self._blank = document is None  # no document given: start on the gallery
        self._event_panel: EventPanel | None = None  # built when its tab is first shown
        self._saved_state: QByteArray | None = None  # the docks as left, once they exist
        self.resize(initial_size(self.screen().availableGeometry()
                                 if self.screen() is not None else None))
        self.session.path_changed.connect(self._update_title)
        self.session.undo_stack.cleanChanged.connect(self._update_title)
        self._update_title()
        self.canvas.setFocus()
        if not staged:
            self.finish_building()

    # ---- building ----------------------------------------------------------------------

    @property
    def event_panel(self) -> EventPanel:
        """The event panel, built the first time it is needed (keeps start-up short)."""
        if self._event_panel is None:
            from pancarte.gui.panels.event import EventPanel

            panel = EventPanel(self.session, self.prompter, self)
            panel.find_tract = self._library_tract  # the events found in the tracts' text
            panel.refresh_detected(force=True)
            panel.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
            panel.applied.connect(lambda: self.shared_undo.forget(panel))
            self.shared_undo.watch(panel)
            self._event_panel = panel
            self.event_dock.setWidget(panel)
        return self._event_panel

    def finish_building(self) -> None:
        """The panels, docks, menus, toolbar, status bar and the backups: everything but the
        canvas. Emits :attr:`ready`."""
        if self.is_ready:
            return
        from pancarte.gui import icons
        from pancarte.gui.eventbar import EventBar
        from pancarte.gui.recovery import Autosaver
        from pancarte.gui.undo import SharedUndo

        self.setWindowIcon(icons.app_icon())
        self.event_bar = EventBar()
        self.event_bar.add_requested.connect(self.add_found_event)
        self._column.insertWidget(0, self.event_bar)
        self.canvas.tract_dropped.connect(self.offer_tract_event)
        self._build_panels()
        self.autosaver = Autosaver(self.session, self.ctx.paths.recovery, self)
        self.autosaver.failed.connect(
            lambda reason: self.statusBar().showMessage(
                _("Automatic backup failed: {reason}", reason=reason), 8000))
        self.shared_undo = SharedUndo(self)
        for panel in (self.library, self.properties, self.pages):
            self.shared_undo.watch(panel)
        from pancarte.gui import mainwindow_menus as parts

        parts.build_actions(self)
        parts.build_menus(self)
        parts.build_toolbar(self)
        parts.build_status(self)
        self._connect()
        if self._saved_state is not None:
            self.restoreState(self._saved_state)
        self.is_ready = True
        self._document_changed()
        self._selection_changed()
        self.ready.emit()

    def _build_panels(self) -> None:
        from pancarte.gui.panels.library import LibraryPanel
        from pancarte.gui.panels.pages import PagesPanel
        from pancarte.gui.panels.properties import PropertiesPanel

        self.library = LibraryPanel(self.prompter, self._open_library, self,
                                    settings=self.ctx.settings)
        self.library.status.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.properties = PropertiesPanel(self.session, self.prompter, self)
        self.pages = PagesPanel(self.session, self)
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

    def _connect(self) -> None:
        self.session.changed.connect(self._document_changed)
        self.session.checks_changed.connect(self._checks_changed)
        self.session.selection_changed.connect(self._selection_changed)
        self.canvas.zoom_changed.connect(self._zoom_changed)
        self.canvas.image_requested.connect(lambda _id: self.properties.choose_image())
        self.canvas.qr_requested.connect(self.focus_qr)
        self.library.insert_requested.connect(self.insert_paragraphs)
        self.library.use_tract_requested.connect(self.use_tract)
        self.library.attach(self.session)

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
        from PySide6.QtWidgets import QStyle

        from pancarte.gui import preflight

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
        from pancarte.gui.panels.pages import page_name

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

    def focus_qr(self, _frame_id: str) -> None:
        self.properties_dock.show()
        self.properties_dock.raise_()
        self.properties.qr_content.setFocus()
        self.properties.qr_content.selectAll()

    def show_frame(self, frame_id: str) -> None:
        """Select ``frame_id`` (switching to its page) and bring it into view."""
        self.canvas.center_on(frame_id)
        self.canvas.viewport().update()

    def _show_first_finding(self) -> None:
        from pancarte.gui import preflight

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
        error = self.files.preload(path)
        if error is None:
            self._blank = False  # a document given: no gallery over it
        return error

    def start(self, path: str | Path | None = None, error: str | None = None) -> None:
        """After the window is shown: lay out and paint the document, build what a staged
        window left for later, offer recovery, open ``path`` (or tell the ``error`` met by
        :meth:`preload`), load the library."""
        if self._closed_early:
            return
        self.session.finish_start(before_notify=self.canvas.paint_now)
        self.finish_building()
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
        return self.files.offer_recovery()

    # ---- files (pancarte.gui.file_actions) ---------------------------------------------

    @property
    def thumbnails(self) -> ThumbnailCache:
        return self.files.thumbnails

    def maybe_save(self) -> bool:
        return self.files.maybe_save()

    def new_document(self) -> bool:
        return self.files.new_document()

    def new_from(self, template: str = "", path: Path | None = None) -> bool:
        return self.files.new_from(template, path)

    def ready_slogan(self) -> None:
        self.files.ready_slogan()

    def open_document(self) -> bool:
        return self.files.open_document()

    def open_path(self, path: Path, ask: bool = True) -> bool:
        return self.files.open_path(path, ask)

    def save(self) -> bool:
        return self.files.save()

    def save_as(self) -> bool:
        return self.files.save_as()

    def write(self, path: Path) -> bool:
        return self.files.write(path)

    def save_as_template(self) -> bool:
        return self.files.save_as_template()

    def export(self) -> None:
        self.files.export()

    def print_document(self) -> bool:
        return self.files.print_document()

    # ---- frames (pancarte.gui.frame_actions) -------------------------------------------

    def copy_frame(self) -> bool:
        return self.frames.copy_frame()

    def paste_frames(self) -> bool:
        return self.frames.paste_frames()

    def duplicate_frame(self) -> bool:
        return self.frames.duplicate_frame()

    def add_text_frame(self) -> None:
        self.frames.add_text_frame()

    def add_qr_frame(self) -> None:
        self.frames.add_qr_frame()

    def add_shape_frame(self) -> None:
        self.frames.add_shape_frame()

    def add_image_frame(self) -> bool:
        return self.frames.add_image_frame()

    def insert_paragraphs(self, paragraphs: tuple[Paragraph, ...]) -> None:
        self.frames.insert_paragraphs(paragraphs)

    def use_tract(self, tract) -> None:
        self.frames.use_tract(tract)

    def offer_tract_event(self, tract_id: str, tract=None) -> bool:
        return self.frames.offer_tract_event(tract_id, tract)

    def add_found_event(self, found) -> bool:
        return self.frames.add_found_event(found)

    # ---- dialogs -----------------------------------------------------------------------

    def open_settings(self) -> None:
        from pancarte.gui.dialogs.settings import SettingsDialog

        self.prompter.run_dialog(SettingsDialog(self.ctx.settings, self))

    def show_guide(self) -> None:
        from pancarte.gui.dialogs.help import GuideDialog

        self.prompter.run_dialog(GuideDialog(self))

    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QMenu

        from pancarte.gui.dialogs.help import ShortcutsDialog

        actions = [a for menu in self.menuBar().findChildren(QMenu) for a in menu.actions()]
        self.prompter.run_dialog(ShortcutsDialog(list(dict.fromkeys(actions)), self))

    def about(self) -> None:
        from pancarte import __version__

        self.prompter.info(self, _("About Pancarte"),
                           _("Pancarte {version}: placards, posters and flyers, print-ready, "
                             "offline.", version=__version__))

    # ---- closing -----------------------------------------------------------------------

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.is_ready:  # closed before the first paint: nothing to save yet
            self._closed_early = True
            e.accept()
            return
        if not self.maybe_save():
            e.ignore()
            return
        self.autosaver.shutdown()
        self.library.close_library()
        self.frames.release_clipboard()
        self.ctx.settings.q.setValue("window/state", self.saveState())
        self.ctx.settings.q.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.sync()
        e.accept()

    def restore_state(self) -> None:
        """The window's size and its docks as the user left them (the docks once they are
        built, when the window is staged)."""
        geometry = self.ctx.settings.q.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.ctx.settings.q.value("window/state")
        if isinstance(state, QByteArray):
            if self.is_ready:
                self.restoreState(state)
            else:
                self._saved_state = state
