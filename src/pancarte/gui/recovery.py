"""Autosave to a recovery file, and recovery after a crash.

While a document has unsaved changes, it is written (``save_document``, atomic) to
``<data>/recovery/session-<n>.pancarte`` with a small JSON note (the file it came from), at the
end of each burst of edits and at least every 30 seconds of changes. A clean shutdown removes
these files and leaves the session's ``.clean`` marker (which keeps the files from being
offered should they survive, on a read-only disk for instance). Each running editor holds a
lock on its session (QLockFile), so at the next start a recovery file with no live lock and no
clean-shutdown marker is offered back.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from pancarte.errors import ExportError
from pancarte.gui.session import DocumentSession
from pancarte.model.document import Document

BURST_MS = 2000  # quiet time that ends a burst of edits
MAX_DELAY_S = 30.0  # unsaved changes are never older than this in the recovery file


@dataclass(frozen=True)
class Recovery:
    """A recovery file left by an editor that did not shut down cleanly."""

    document_path: Path  # the recovery .pancarte
    note_path: Path
    original: Path | None  # the file the user was editing, if it had one
    saved: float  # time.time() of the autosave
    lock_path: Path

    def load(self) -> Document:
        from pancarte.model.fileformat import load_document

        return load_document(self.document_path)

    def discard(self) -> None:
        for p in (self.document_path, self.note_path, self.lock_path,
                  self.note_path.with_suffix(".clean")):
            try:
                p.unlink()
            except OSError:
                pass


def _stale(lock_path: Path) -> bool:
    """True when no running editor holds ``lock_path``."""
    if not lock_path.exists():
        return True
    lock = QLockFile(str(lock_path))
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        lock.unlock()
        return True
    return False


def pending_recoveries(folder: Path) -> list[Recovery]:
    """Recovery files of editors that stopped without a clean shutdown, newest first."""
    if not folder.is_dir():
        return []
    out = []
    for note in folder.glob("session-*.json"):
        doc = note.with_suffix(".pancarte")
        lock = note.with_suffix(".lock")
        if not doc.is_file() or note.with_suffix(".clean").exists() or not _stale(lock):
            continue
        try:
            data = json.loads(note.read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        original = data.get("original") if isinstance(data, dict) else None
        saved = data.get("saved", 0) if isinstance(data, dict) else 0
        out.append(Recovery(doc, note, Path(original) if isinstance(original, str) else None,
                            float(saved) if isinstance(saved, (int, float)) else 0.0, lock))
    return sorted(out, key=lambda r: r.saved, reverse=True)


def write_recovery(folder: Path, doc: Document, original: Path | None,
                   session_id: str) -> Path:
    """Write the recovery file and its note for ``session_id``; returns the document path.
    Raises ExportError when the folder cannot be written."""
    from pancarte.export import write_output
    from pancarte.layout.fonts import carry_fonts
    from pancarte.model.fileformat import save_document

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"session-{session_id}.pancarte"
    save_document(carry_fonts(doc), path)
    note = {"original": str(original) if original else None, "saved": time.time(),
            "pid": os.getpid(), "title": doc.title}
    write_output(folder / f"session-{session_id}.json", json.dumps(note).encode("utf-8"))
    return path


class Autosaver(QObject):
    """Keeps the recovery file of one session up to date."""

    saved = Signal()
    failed = Signal(str)

    def __init__(self, session: DocumentSession, folder: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.folder = folder
        self.session_id = os.urandom(6).hex()
        self._pending_since: float | None = None
        self._detached = False
        self._lock: QLockFile | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(BURST_MS)
        self._timer.timeout.connect(self.save_now)
        # indexChanged comes after the stack has counted the step (``changed`` comes from
        # inside the command's redo, when the stack still looks clean)
        session.undo_stack.indexChanged.connect(self._changed)
        session.undo_stack.cleanChanged.connect(self._clean_changed)

    @property
    def path(self) -> Path:
        return self.folder / f"session-{self.session_id}.pancarte"

    def start(self) -> None:
        """Hold this session's lock (and clear locks left alone by editors that were killed
        after a clean state, with nothing to recover, and the temporary files of autosaves
        that were killed mid-write)."""
        from pancarte.files import remove_stale_temporaries

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(self.folder)
            for lock in self.folder.glob("session-*.lock"):
                if not lock.with_suffix(".pancarte").exists() and _stale(lock):
                    lock.unlink(missing_ok=True)
        except OSError:
            return
        self._lock = QLockFile(str(self.folder / f"session-{self.session_id}.lock"))
        self._lock.setStaleLockTime(0)
        self._lock.tryLock(0)

    def set_burst(self, ms: int) -> None:
        self._timer.setInterval(ms)

    def detach(self) -> None:
        """Stop following the session (its undo stack signals as it is destroyed)."""
        if self._detached:
            return
        self._detached = True
        stack = self.session.undo_stack
        for signal, slot in ((stack.indexChanged, self._changed),
                             (stack.cleanChanged, self._clean_changed)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass

    def _changed(self, *_args) -> None:
        try:
            if not self.session.dirty:
                return
        except RuntimeError:  # the stack is being destroyed with its window
            return
        now = time.monotonic()
        if self._pending_since is None:
            self._pending_since = now
        if now - self._pending_since >= MAX_DELAY_S:
            self.save_now()
        else:
            self._timer.start()

    def _clean_changed(self, clean: bool) -> None:
        if clean:  # saved by the user (or undone back to the file): nothing to recover
            self._timer.stop()
            self._pending_since = None
            self.remove_files()

    def save_now(self) -> bool:
        self._timer.stop()
        if not self.session.dirty:
            self._pending_since = None
            return False
        try:
            write_recovery(self.folder, self.session.document, self.session.path,
                           self.session_id)
        except (ExportError, OSError, ValueError) as exc:
            self.failed.emit(str(exc))
            return False
        self._pending_since = None
        self.saved.emit()
        return True

    def remove_files(self) -> None:
        for suffix in (".pancarte", ".json"):
            try:
                (self.folder / f"session-{self.session_id}{suffix}").unlink(missing_ok=True)
            except OSError:
                pass

    def shutdown(self) -> None:
        """A clean shutdown: the marker is written, then the recovery files go."""
        self._timer.stop()
        self.detach()
        marker = self.folder / f"session-{self.session_id}.clean"
        try:
            if self.path.exists():
                marker.write_text(str(time.time()), "utf-8")
        except OSError:
            pass
        self.remove_files()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
        try:
            if not self.path.exists():
                marker.unlink(missing_ok=True)  # nothing left to guard
        except OSError:
            pass


def recovery_detail(r: Recovery) -> str:
    from pancarte.gui.dates import moment
    from pancarte.i18n import _

    when = moment(r.saved) if r.saved else "?"
    name = r.original.name if r.original else _("a new document")
    return _("{name}, saved automatically at {when}", name=name, when=when)
