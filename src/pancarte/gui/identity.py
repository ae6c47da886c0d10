"""The editor's Identity menu: apply one of the user's identities to the document (one undo
step), make or edit one in a small dialog, import a shared identity file, export one."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMenu,
    QWidget,
)

from pancarte.i18n import _
from pancarte.identity.model import SUFFIX, Identity
from pancarte.model.commands import Command
from pancarte.model.document import Document


@dataclass(frozen=True)
class DressDocument(Command):
    """The whole document before and after an identity was applied: one undo step."""

    before: Document
    after: Document
    label: str = "Apply identity"

    def apply(self, _doc: Document) -> Document:
        return self.after

    def revert(self, _doc: Document) -> Document:
        return self.before

    @property
    def text(self) -> str:
        return self.label


def identity_filter() -> str:
    return _("Pancarte identities (*{suffix})", suffix=SUFFIX)


class IdentityDialog(QDialog):
    """Name, colours, signature, link, and the logo and font files (empty: kept)."""

    def __init__(self, parent: QWidget | None, identity: Identity | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Identity") if identity is None else identity.name)
        form = QFormLayout(self)
        self.name = QLineEdit(identity.name if identity else "")
        self.colors = QLineEdit(", ".join(identity.colors) if identity else "")
        self.colors.setPlaceholderText("#c8102e, cmyk(0,100,80,5)")
        self.logo = QLineEdit()
        self.logo.setPlaceholderText(_("PNG or JPEG file"))
        self.fonts = QLineEdit()
        self.fonts.setPlaceholderText(_("TrueType or OpenType files, separated by ;"))
        self.signature = QLineEdit(identity.signature if identity else "")
        self.url = QLineEdit(identity.url if identity else "")
        form.addRow(_("Name"), self.name)
        form.addRow(_("Colours"), self.colors)
        form.addRow(_("Logo"), self.logo)
        form.addRow(_("Fonts"), self.fonts)
        form.addRow(_("Signature"), self.signature)
        form.addRow(_("Link"), self.url)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.original = identity

    def identity(self) -> Identity:
        """The identity the fields describe; IdentityError/ImageError for a bad value."""
        from pancarte.identity.apply import make_identity

        colors = [c.strip() for c in self.colors.text().replace(";", ",").split(",")
                  if c.strip()]
        # a cmyk(…) value holds commas: join its pieces again
        merged: list[str] = []
        for piece in colors:
            if merged and merged[-1].lower().startswith("cmyk(") and ")" not in merged[-1]:
                merged[-1] += "," + piece
            else:
                merged.append(piece)
        fonts = [f.strip() for f in self.fonts.text().split(";") if f.strip()]
        made = make_identity(self.name.text(), logo=self.logo.text().strip() or None,
                             colors=merged, fonts=fonts, signature=self.signature.text(),
                             url=self.url.text())
        old = self.original
        if old is not None:  # files not given again are kept
            if made.logo is None:
                made = replace(made, logo=old.logo)
            if not made.fonts:
                made = replace(made, fonts=old.fonts, display_face=old.display_face,
                               text_face=old.text_face)
        return made


class IdentityMenu(QMenu):
    """Rebuilt each time it opens, from the identities in the user's folder."""

    def __init__(self, window) -> None:
        super().__init__(_("&Identity"), window)
        self.main = window
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def _applier(self, identity):
        def run(*_signal_args: object) -> None:
            self.apply(identity)
        return run

    def rebuild(self) -> None:
        from pancarte.identity.store import list_identities

        self.clear()
        identities = list_identities()
        for identity in identities:
            action = self.addAction(_("Apply “{name}”", name=identity.name))
            action.triggered.connect(self._applier(identity))
        if identities:
            self.addSeparator()
        self.addAction(_("New identity…"), self.new_identity)
        edit = self.addAction(_("Edit an identity…"), self.edit)
        self.addAction(_("Import an identity…"), self.import_file)
        export = self.addAction(_("Export an identity…"), self.export_file)
        edit.setEnabled(bool(identities))
        export.setEnabled(bool(identities))

    # -- actions ---------------------------------------------------------------------------

    def apply(self, identity: Identity) -> None:
        from pancarte.identity.apply import apply_identity

        session = self.main.session
        doc = session.document
        new, notes = apply_identity(doc, identity)
        session.push(DressDocument(doc, new))
        if notes:
            self.main.prompter.info(self.main, _("Contrast"), "\n".join(notes))

    def _pick(self, label: str) -> Identity | None:
        from pancarte.identity.store import list_identities

        identities = list_identities()
        index = self.main.prompter.choose(self.main, _("Identity"), label,
                                            [i.name for i in identities])
        return None if index is None else identities[index]

    def _run(self, dialog: IdentityDialog) -> Identity | None:
        if self.main.prompter.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return None
        return self._store(dialog.identity)

    def _store(self, make) -> Identity | None:
        """Save the identity ``make()`` returns and list it; an error is said in a box."""
        from pancarte.errors import PancarteError
        from pancarte.identity.store import save

        try:
            identity = make()
            save(identity)
        except PancarteError as exc:
            self.main.prompter.error(self.main, _("Identity"), str(exc))
            return None
        self.rebuild()
        return identity

    def new_identity(self) -> Identity | None:
        return self._run(IdentityDialog(self.main))

    def edit(self) -> Identity | None:
        from pancarte.identity.store import remove

        old = self._pick(_("Identity to edit"))
        if old is None:
            return None
        made = self._run(IdentityDialog(self.main, old))
        if made is not None and made.name.casefold() != old.name.casefold():
            remove(old.name)
            self.rebuild()
        return made

    def import_file(self) -> Identity | None:
        from pancarte.identity.store import read_file

        path = self.main.prompter.open_file(self.main, _("Import an identity"), "",
                                              identity_filter())
        if not path:
            return None
        return self._store(lambda: read_file(path))

    def export_file(self) -> str | None:
        from pancarte.files import write_atomic
        from pancarte.identity.model import to_zip
        from pancarte.identity.store import file_name

        identity = self._pick(_("Identity to export"))
        if identity is None:
            return None
        path = self.main.prompter.save_file(self.main, _("Export an identity"),
                                              file_name(identity.name), identity_filter())
        if not path:
            return None
        try:
            write_atomic(path, to_zip(identity))
        except OSError as exc:
            self.main.prompter.error(self.main, _("Identity"), _(
                "cannot write {path}: {reason}", path=path, reason=exc.strerror or exc))
            return None
        return path
