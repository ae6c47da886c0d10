"""The main window's file actions: new, open, recent, save, save as, template, export, print,
and what the start-up and closing ask about files (the document given on the command line,
crash recovery, unsaved changes). Each turns a user's request into calls to the core and tells
the user, in their language, when something goes wrong; nothing is overwritten on a failure."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from pancarte.errors import DocumentError, ExportError, TemplateError
from pancarte.gui.prompts import DISCARD, SAVE, document_filter
from pancarte.i18n import _
from pancarte.model.document import Document, TextFrame

if TYPE_CHECKING:
    from pancarte.gui.context import EditorSettings
    from pancarte.gui.mainwindow import MainWindow
    from pancarte.gui.thumbnails import ThumbnailCache

SUFFIX = ".pancarte"


def open_error(path: Path, exc: Exception) -> str:
    """Why ``path`` cannot be opened, in the user's language, with the core's detail."""
    return (_("The file “{name}” cannot be opened: it is damaged, or it is not a Pancarte "
              "document.", name=path.name)
            + "\n\n" + _("Details: {reason}", reason=str(exc)))


def starting_document(template_id: str) -> Document:
    """A new document from ``template_id`` (the first bundled template if it is unknown)."""
    from pancarte.model.templates import load_template, template_ids

    try:
        return load_template(template_id)
    except TemplateError:
        return load_template(template_ids()[0])


def read_start_document(settings: EditorSettings,
                        path: str | Path) -> tuple[Document | None, str | None]:
    """The document the editor was started on, or the error to tell once the window is up
    (the file then leaves the recent list)."""
    from pancarte.model.fileformat import load_document

    try:
        doc = load_document(path)
    except DocumentError as exc:
        settings.remove_recent(str(path))
        return None, open_error(Path(path), exc)
    settings.add_recent(path)
    return doc, None


class FileActions:
    """The file operations of one main window (its session, prompter, settings)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._thumbnails: ThumbnailCache | None = None

    @property
    def thumbnails(self) -> ThumbnailCache:
        """The gallery's thumbnails (loaded the first time the gallery opens)."""
        if self._thumbnails is None:
            from pancarte.gui.thumbnails import ThumbnailCache

            w = self.window
            self._thumbnails = ThumbnailCache(w.ctx.paths.thumbnails, w.session.engine)
        return self._thumbnails

    def _status(self, text: str, ms: int) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _close_editor(self) -> None:
        editor = self.window.canvas.editor
        if editor is not None:
            editor.close_editor()

    # ---- start-up ----------------------------------------------------------------------

    def preload(self, path: str | Path) -> str | None:
        """Before the window is shown: take the document at ``path`` (without laying it out
        or asking anything). Returns the error to tell once the window is up, or None."""
        w = self.window
        doc, error = read_start_document(w.ctx.settings, path)
        if doc is not None:
            w.session.set_document(doc, Path(path).resolve())
        return error

    def offer_recovery(self) -> bool:
        """Offer the newest recovery file left by a crash; True when one was recovered."""
        from pancarte.gui.recovery import pending_recoveries, recovery_detail

        w = self.window
        found = pending_recoveries(w.ctx.paths.recovery)
        if not found:
            return False
        latest = found[0]
        if not w.prompter.ask_recover(w, recovery_detail(latest)):
            for r in found:
                r.discard()
            return False
        try:
            doc = latest.load()
        except DocumentError as exc:
            w.prompter.error(w, _("Cannot recover the document"), str(exc))
            latest.discard()
            return False
        w.session.set_document(doc, latest.original, clean=False)
        w.autosaver.save_now()  # the recovered work is safe under this session's name
        for r in found:
            r.discard()
        self._status(_("Your work was recovered. Save it to keep it."), 10000)
        return True

    # ---- new, open -----------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """True when the current document may be replaced or closed (saved or discarded)."""
        self._close_editor()
        w = self.window
        if not w.session.dirty:
            return True
        answer = w.prompter.ask_save_changes(w, w.session.display_name())
        if answer == SAVE:
            return self.save()
        return answer == DISCARD

    def new_document(self) -> bool:
        """The gallery (recent documents first); True when a document was opened or made."""
        from pancarte.gui.dialogs.gallery import GalleryDialog

        if not self.maybe_save():
            return False
        w = self.window
        recent = [Path(f) for f in w.ctx.settings.recent_files()]
        dialog = GalleryDialog(self.thumbnails, w.ctx.paths.templates,
                               w.ctx.settings.default_template, w, recent=recent)
        if not w.prompter.run_dialog(dialog) or dialog.choice is None:
            return False
        if dialog.choice.document is not None:
            return self.open_path(dialog.choice.document, ask=False)
        return self.new_from(dialog.choice.template, dialog.choice.path)

    def new_from(self, template: str = "", path: Path | None = None) -> bool:
        """A new document from a bundled template, or from the user's template at ``path``."""
        w = self.window
        try:
            if path is not None:
                from pancarte.gui.usertemplates import load_user_template

                doc = load_user_template(path)
            else:
                from pancarte.model.templates import load_template

                doc = load_template(template)
        except (TemplateError, DocumentError) as exc:
            w.prompter.error(w, _("Cannot use this template"), str(exc))
            return False
        w.session.set_document(doc, None)
        w.canvas.zoom_to_fit()
        w.event_bar.dismiss()
        self.ready_slogan()
        return True

    def ready_slogan(self) -> None:
        """Select the page's main text (the placard's slogan, the poster's title): typing
        replaces it, a block dropped on it fills it."""
        w = self.window
        for name in ("title", "body"):
            for page, frame in w.session.document.frames_named(name):
                if isinstance(frame, TextFrame):
                    w.session.set_page(page)
                    w.session.select(frame.id)
                    w.canvas.setFocus()
                    return

    def open_document(self) -> bool:
        if not self.maybe_save():
            return False
        w = self.window
        start = str(w.session.path.parent) if w.session.path else str(Path.home())
        path = w.prompter.open_file(w, _("Open a document"), start, document_filter())
        if not path:
            return False
        return self.open_path(Path(path), ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        from pancarte.model.fileformat import load_document

        w = self.window
        try:
            doc = load_document(path)
        except DocumentError as exc:
            w.prompter.error(w, _("Cannot open the document"), open_error(path, exc))
            w.ctx.settings.remove_recent(str(path))
            return False
        w.session.set_document(doc, path.resolve())
        w.canvas.zoom_to_fit()
        w.ctx.settings.add_recent(path)
        return True

    def fill_recent(self) -> None:
        """File ▸ Open recent, filled as it opens."""
        w = self.window
        w.recent_menu.clear()
        files = w.ctx.settings.recent_files()
        if not files:
            a = w.recent_menu.addAction(_("No recent document"))
            a.setEnabled(False)
            return
        for f in files:
            action = w.recent_menu.addAction(Path(f).name, partial(self.open_path, Path(f)))
            action.setToolTip(f)

    # ---- save --------------------------------------------------------------------------

    def save(self) -> bool:
        path = self.window.session.path
        if path is None:
            return self.save_as()
        return self.write(path)

    def save_as(self) -> bool:
        w = self.window
        current = w.session.path
        if current is None:
            from pancarte.gui.usertemplates import slug

            current = Path.home() / (slug(w.session.document.title or
                                          w.session.document.template or "pancarte")
                                     + SUFFIX)
        path = w.prompter.save_file(w, _("Save as"), str(current), document_filter())
        if not path:
            return False
        p = Path(path)
        if p.suffix.lower() != SUFFIX:
            p = p.with_name(p.name + SUFFIX)
        return self.write(p)

    def write(self, path: Path) -> bool:
        """Save to ``path`` after the checks every output passes (``check_document``, as the
        command line does); on failure tell the user and keep everything (still unsaved, the
        file on disk untouched)."""
        from pancarte.layout.fonts import carry_fonts
        from pancarte.model.document import check_document
        from pancarte.model.fileformat import save_document

        self._close_editor()
        w = self.window
        try:
            check_document(w.session.document)
        except DocumentError as exc:  # past a limit a saved file has: the user can fix it
            w.prompter.error(w, _("Cannot save"), _("“{name}” was not saved: {reason}",
                                                    name=path.name, reason=str(exc)))
            return False
        try:
            save_document(carry_fonts(w.session.document), path)
        except ExportError as exc:
            w.autosaver.save_now()
            w.prompter.error(w, _("Cannot save"),
                             _("“{name}” could not be saved in {folder}. Your work is still "
                               "here (and backed up); try “Save as” in another folder.",
                               name=path.name, folder=str(path.parent))
                             + "\n\n" + _("Details: {reason}", reason=str(exc)))
            return False
        except ValueError as exc:  # an inconsistent document is a bug: say so, lose nothing
            w.autosaver.save_now()
            w.prompter.error(w, _("Cannot save"), str(exc))
            return False
        w.session.mark_saved(path.resolve())
        w.ctx.settings.add_recent(path)
        self._status(_("Saved {path}", path=str(path)), 5000)
        return True

    def save_as_template(self) -> bool:
        from pancarte.gui.usertemplates import save_user_template

        w = self.window
        name = w.prompter.get_text(w, _("Save as template"), _("Name of the template:"),
                                   w.session.document.title or "")
        if not name or not name.strip():
            return False
        try:
            path = save_user_template(w.session.document, name.strip(), w.ctx.paths.templates)
        except (ExportError, ValueError) as exc:
            w.prompter.error(w, _("Cannot save the template"), str(exc))
            return False
        self._status(_("Template saved: it is in the gallery (File ▸ New)."), 6000)
        return path.exists()

    # ---- export, print -----------------------------------------------------------------

    def export(self) -> None:
        from pancarte.gui.dialogs.export import ExportDialog

        self._close_editor()
        w = self.window
        dialog = ExportDialog(w.session, w.prompter, w)
        dialog.finding_activated.connect(w.show_frame)
        if w.prompter.run_dialog(dialog) and dialog.written:
            self._status(_("Exported: {files}",
                           files=", ".join(str(p) for p in dialog.written)), 8000)

    def print_document(self) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        from pancarte.gui.printing import make_printer, print_layout

        w = self.window
        printer = make_printer(w.session.document)
        dialog = QPrintDialog(printer, w)
        dialog.setMinMax(1, len(w.session.document.pages))
        if not w.prompter.run_dialog(dialog):
            return False
        if not print_layout(printer, w.session.layout):
            w.prompter.error(w, _("Cannot print"), _("The printer could not be opened."))
            return False
        return True
