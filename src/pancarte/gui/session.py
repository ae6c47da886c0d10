"""The open document: its model, its undo stack, its layout, the current page and selection.

A :class:`DocumentSession` is the only owner of the Document. Views read ``document`` and
``layout`` and change them only by pushing commands (:meth:`push`); after every change the
session lays the document out again with its one :class:`LayoutEngine` (which keeps caches)
and emits :attr:`changed`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from pancarte.geometry import MM
from pancarte.i18n import N_
from pancarte.layout.boxes import DocumentLayout, Finding, PageLayout
from pancarte.model.document import Document, Frame

if TYPE_CHECKING:
    from pancarte.layout.engine import LayoutEngine
    from pancarte.model.commands import Command


def blank_layout(doc: Document) -> DocumentLayout:
    """Pages of the right size with their background colour only: what the canvas shows for
    the moment it takes the engine to load at start-up."""
    from pancarte.geometry import Rect
    from pancarte.layout.boxes import RectItem
    from pancarte.model.color import parse_color

    pages = []
    b = doc.bleed * MM
    for page in doc.pages:
        out = PageLayout(doc.width * MM, doc.height * MM, b)
        if page.background:
            try:
                color = parse_color(page.background, doc.colors)
            except ValueError:
                color = None
            if color is not None:
                out.items.append(RectItem(Rect(-b, -b, out.width + 2 * b, out.height + 2 * b),
                                          color))
        pages.append(out)
    return DocumentLayout(pages, [])


class DocumentSession(QObject):
    changed = Signal()  # the document (and its layout) changed
    selection_changed = Signal()  # selected frame or current page changed
    path_changed = Signal()
    replaced = Signal()  # a new document (opened, created, recovered), before ``changed``
    checks_changed = Signal()  # the deferred preflight caught up with the layout

    #: how long after the last change the preflight runs: a burst of keystrokes repaints at
    #: once and is checked once, when the typing pauses
    CHECKS_DELAY_MS = 250

    def __init__(self, document: Document, engine: LayoutEngine | None = None,
                 parent: QObject | None = None, defer_layout: bool = False) -> None:
        """``defer_layout``: start with a blank layout and load the engine on the first
        :meth:`finish_start` (or the first edit), so that the window shows at once."""
        super().__init__(parent)
        self._engine = engine
        self.undo_stack = QUndoStack(self)
        self._doc = document
        self.layout_ready = not defer_layout
        self._checks: list[Finding] = []
        self._checks_for: DocumentLayout | None = None
        self._announced: list[Finding] = self._checks  # what checks_changed last told
        self._announced_own: set[int] = set()  # the ids of its findings the layout made
        self._shown: tuple[DocumentLayout, list[Finding], list[Finding]] | None = None
        self._layout = blank_layout(document) if defer_layout else self.engine.layout(document)
        self._path: Path | None = None
        self._page = 0
        self._selected: str | None = None
        self._checks_timer = QTimer(self)
        self._checks_timer.setSingleShot(True)
        self._checks_timer.setInterval(self.CHECKS_DELAY_MS)
        self._checks_timer.timeout.connect(self._catch_up_checks)
        self.changed.connect(self._schedule_checks)
        self._schedule_checks()

    # ---- reading ---------------------------------------------------------------------------

    @property
    def engine(self) -> LayoutEngine:
        """The window's one layout engine (loaded on first use)."""
        if self._engine is None:
            from pancarte.layout.engine import LayoutEngine

            self._engine = LayoutEngine()
        return self._engine

    def finish_start(self, before_notify: Callable[[], None] | None = None) -> None:
        """Lay the document out if the start deferred it; ``before_notify`` runs between the
        layout and the ``changed`` signal (the window paints the page there, before the
        panels, the checks and the thumbnails catch up)."""
        if not self.layout_ready:
            self._relayout()
            if before_notify is not None:
                before_notify()
            self.changed.emit()

    @property
    def document(self) -> Document:
        return self._doc

    @property
    def layout(self) -> DocumentLayout:
        return self._layout

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def page(self) -> int:
        return self._page

    @property
    def selected(self) -> str | None:
        return self._selected

    def selected_frame(self) -> Frame | None:
        if self._selected is None:
            return None
        found = self._doc.find_frame(self._selected)
        return found[1] if found else None

    def frame_page(self, frame_id: str) -> int | None:
        found = self._doc.find_frame(frame_id)
        return found[0] if found else None

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def checks(self) -> list[Finding]:
        """The preflight's findings on the current layout (computed once per layout)."""
        if not self.layout_ready:
            return []
        if self._checks_for is not self._layout:
            from pancarte.preflight import preflight

            self._checks = preflight(self._doc, self._layout, engine=self.engine)
            self._checks_for = self._layout
        return self._checks

    def findings_for(self, frame_id: str) -> list[Finding]:
        return [f for f in self.checks() if f.frame == frame_id]

    def shown_checks(self) -> list[Finding]:
        """The findings as last computed, without running the preflight: what the views show
        while typing (they may lag the layout by :data:`CHECKS_DELAY_MS`; ``checks_changed``
        tells when they catch up). The same list object until the next preflight."""
        if not self.layout_ready:
            return []
        if not self.checks_pending:
            return self._announced
        # the layout's own findings (an overflow, a missing glyph, an unreadable image…) are
        # shown at once; the rest of the preflight's from its last run until it runs again
        cached = self._shown
        if cached is not None and cached[0] is self._layout and cached[1] is self._announced:
            return cached[2]
        own = self._announced_own
        found = list(self._layout.findings) + [f for f in self._announced if id(f) not in own]
        order = {id(f): i for i, f in enumerate(found)}
        found.sort(key=lambda f: (f.page, order[id(f)]))
        self._shown = (self._layout, self._announced, found)
        return found

    @property
    def checks_pending(self) -> bool:
        """The views' findings (:meth:`shown_checks`) are not yet those of the layout."""
        return self.layout_ready and (self._checks_for is not self._layout
                                      or self._announced is not self._checks)

    def _schedule_checks(self) -> None:
        if self.checks_pending:
            self._checks_timer.start()  # restarted by each change: one run after a burst

    def _catch_up_checks(self) -> None:
        if self.checks_pending:
            self._announced = self.checks()
            self._announced_own = {id(f) for f in self._layout.findings}
            self.checks_changed.emit()

    def display_name(self) -> str:
        from pancarte.i18n import _

        if self._path is not None:
            return self._path.name
        return self._doc.title or _("Untitled")

    # ---- changing --------------------------------------------------------------------------

    def push(self, command: Command, label: str | None = None) -> None:
        """Apply ``command`` as one undo step (merged with the previous one when their merge
        keys are equal)."""
        from pancarte.gui.undo import ModelCommand  # Qt's undo classes: at the first edit

        self.undo_stack.push(ModelCommand(self, command, label))

    def replace_frame(self, old: Frame, new: Frame, label: str = N_("Edit frame"),
                      merge: str = "") -> None:
        if old == new:
            return
        page = self.frame_page(old.id)
        if page is None:
            return
        from pancarte.model.commands import ReplaceFrame  # the editing commands: at the first edit

        self.push(ReplaceFrame(page, old, new, label=label, merge=merge))

    def set_document(self, document: Document, path: Path | None = None,
                     clean: bool = True) -> None:
        """A new document (opened, created, recovered): the undo history starts afresh."""
        self.undo_stack.clear()
        self._doc = document
        self._path = path
        self._page = 0
        self._selected = None
        if self.layout_ready:
            self._relayout()
        else:
            self._layout = blank_layout(document)
        if not clean:
            # a recovered document differs from its file: one no-op step keeps it "modified"
            self.undo_stack.resetClean()
        self.path_changed.emit()
        self.selection_changed.emit()
        self.replaced.emit()
        self.changed.emit()

    def set_path(self, path: Path | None) -> None:
        self._path = path
        self.path_changed.emit()

    def mark_saved(self, path: Path) -> None:
        self._path = path
        self.undo_stack.setClean()
        self.path_changed.emit()

    def select(self, frame_id: str | None) -> None:
        """Select ``frame_id`` (turning to its page), or nothing."""
        page = self._page
        if frame_id is not None:
            found = self.frame_page(frame_id)
            if found is None:
                frame_id = None
            else:
                page = found
        if frame_id != self._selected or page != self._page:
            self._selected = frame_id
            self._page = page
            self.selection_changed.emit()

    def set_page(self, index: int) -> None:
        index = max(0, min(index, len(self._doc.pages) - 1))
        if index != self._page:
            self._page = index
            self._selected = None
            self.selection_changed.emit()

    # ---- called by ModelCommand ------------------------------------------------------------

    def _apply(self, document: Document, command: Command) -> None:
        self._doc = document
        self._relayout()
        selection_moved = False
        if self._page >= len(document.pages):
            self._page = len(document.pages) - 1
            selection_moved = True
        if self._selected is not None and document.find_frame(self._selected) is None:
            self._selected = None
            selection_moved = True
        if selection_moved:
            self.selection_changed.emit()
        self.changed.emit()

    def _relayout(self) -> None:
        self._layout = self.engine.layout(self._doc)
        self.layout_ready = True
