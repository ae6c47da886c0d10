"""The editor's Identity menu: apply one of the user's identities to the document (one undo
step), make or edit one in a small dialog, import a shared identity file, export one."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pancarte.errors import PancarteError
from pancarte.gui.widgets import ok_cancel
from pancarte.i18n import N_, _
from pancarte.identity.model import MAX_COLORS, SUFFIX, Identity, check_color
from pancarte.model.commands import Command
from pancarte.model.document import Document

PREVIEW_W, PREVIEW_H = 360, 150


@dataclass(frozen=True)
class DressDocument(Command):
    """The whole document before and after an identity was applied: one undo step."""

    before: Document
    after: Document
    label: str = N_("Apply identity")

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
    """An identity's name, up to four colours (typed as hex or ``cmyk(…)``, or picked), its
    logo and font files (browsed), signature and link, with a live preview. Editing an
    identity shows its logo and fonts: they are kept unless removed or replaced."""

    def __init__(self, parent: QWidget | None, identity: Identity | None = None,
                 prompter=None) -> None:
        super().__init__(parent)
        from pancarte.gui.prompts import Prompter

        self.prompter = prompter or Prompter()
        self.original = identity
        self.setWindowTitle(_("New identity") if identity is None
                            else _("Identity “{name}”", name=identity.name))
        form = QFormLayout(self)
        self.name = QLineEdit(identity.name if identity else "")
        self.name.setPlaceholderText(_("Name of the group"))
        form.addRow(_("Name"), self.name)

        # colours: a field (hex or cmyk) and a picker button each
        self.color_fields: list[QLineEdit] = []
        self.color_buttons: list[QToolButton] = []
        values = list(identity.colors) if identity else []
        colors_box = QWidget()
        grid = QGridLayout(colors_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i in range(MAX_COLORS):
            field = QLineEdit(values[i] if i < len(values) else "")
            field.setPlaceholderText("#c8102e" if i == 0 else "cmyk(0,0,0,90)")
            field.setToolTip(_("Hexadecimal (#RRGGBB) or cmyk(c,m,y,k) in percent; the first "
                               "colour is the main one"))
            button = QToolButton()
            button.setText(_("Pick…"))
            button.setToolTip(_("Choose colour {n}", n=i + 1))
            button.clicked.connect(self._picker(i))
            field.textChanged.connect(self._refresh)
            grid.addWidget(field, i // 2, (i % 2) * 2)
            grid.addWidget(button, i // 2, (i % 2) * 2 + 1)
            self.color_fields.append(field)
            self.color_buttons.append(button)
        form.addRow(_("Colours"), colors_box)

        # logo: a file browsed (or typed); an edited identity's logo kept until removed
        self.kept_logo: tuple[bytes, bytes | None] | None = (
            (identity.logo, identity.logo_svg) if identity and identity.logo else None)
        self.logo = QLineEdit()
        self.logo.setPlaceholderText(_("SVG, PNG or JPEG file") if self.kept_logo is None
                                     else _("current logo kept"))
        self.logo.textChanged.connect(self._refresh)
        self.logo_browse = QPushButton(_("Browse…"))
        self.logo_browse.clicked.connect(self.browse_logo)
        self.logo_remove = QPushButton(_("No logo"))
        self.logo_remove.clicked.connect(self.remove_logo)
        row = QHBoxLayout()
        row.addWidget(self.logo, 1)
        row.addWidget(self.logo_browse)
        row.addWidget(self.logo_remove)
        form.addRow(_("Logo"), row)

        # fonts: the first for titles, the second for text
        self.fonts = QListWidget()
        self.fonts.setMaximumHeight(70)
        for f in identity.fonts if identity else ():
            self._add_font_item(f.family + " " + _("(kept)"), f)
        self.font_add = QPushButton(_("Add a font…"))
        self.font_add.clicked.connect(self.browse_font)
        self.font_remove = QPushButton(_("Remove"))
        self.font_remove.clicked.connect(self.remove_font)
        buttons_col = QVBoxLayout()
        buttons_col.addWidget(self.font_add)
        buttons_col.addWidget(self.font_remove)
        buttons_col.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.fonts, 1)
        row.addLayout(buttons_col)
        fonts_label = QLabel(_("Fonts"))
        fonts_label.setToolTip(_("TrueType or OpenType files: the first for titles, the "
                                 "second for text"))
        form.addRow(fonts_label, row)

        self.signature = QLineEdit(identity.signature if identity else "")
        self.signature.setPlaceholderText(_("contact, address, website"))
        self.signature.textChanged.connect(self._refresh)
        self.url = QLineEdit(identity.url if identity else "")
        self.url.setPlaceholderText("https://")
        form.addRow(_("Signature"), self.signature)
        form.addRow(_("Link"), self.url)
        self.name.textChanged.connect(self._refresh)

        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW_W, PREVIEW_H)
        self.preview.setToolTip(_("Preview of the colours, the logo and the signature"))
        form.addRow(_("Preview"), self.preview)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        form.addRow(self.problem)

        buttons = ok_cancel(self, _("Save"))
        form.addRow(buttons)
        self._logo_cache: tuple[str, QPixmap | None] | None = None
        self.logo_problem = ""
        self._refresh()

    # -- colours ---------------------------------------------------------------------------

    def colors(self) -> list[str]:
        return [f.text().strip() for f in self.color_fields if f.text().strip()]

    def _picker(self, index: int):
        def run(*_args: object) -> None:
            self.pick_color(index)
        return run

    def pick_color(self, index: int) -> None:
        """The colour dialog for colour ``index``, starting from its value; the choice is
        written as hex (a CMYK value typed by hand stays until another colour is picked)."""
        from PySide6.QtGui import QColor

        from pancarte.model.color import parse_color

        field = self.color_fields[index]
        try:
            initial = QColor(parse_color(check_color(field.text())).hex())
        except PancarteError:
            initial = QColor("#c8102e")
        color = self.prompter.choose_color(self, initial)
        if color is not None and color.isValid():
            field.setText(color.name())

    # -- files -----------------------------------------------------------------------------

    def browse_logo(self) -> None:
        path = self.prompter.open_file(self, _("Choose the logo"), "",
                                       _("Images (*.svg *.png *.jpg *.jpeg)"))
        if path:
            self.logo.setText(path)

    def remove_logo(self) -> None:
        self.kept_logo = None
        self.logo.clear()
        self.logo.setPlaceholderText(_("SVG, PNG or JPEG file"))
        self._refresh()

    def browse_font(self) -> None:
        from pancarte.identity.model import MAX_FONTS

        if self.fonts.count() >= MAX_FONTS:
            self.problem.setText(_("an identity has at most {n} font files", n=MAX_FONTS))
            return
        path = self.prompter.open_file(self, _("Choose a font"), "",
                                       _("Fonts (*.ttf *.otf)"))
        if path:
            self._add_font_item(Path(path).name, path)

    def remove_font(self) -> None:
        row = self.fonts.currentRow()
        if row < 0:
            row = self.fonts.count() - 1
        if row >= 0:
            self.fonts.takeItem(row)
        self._label_fonts()

    def _add_font_item(self, text: str, value) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setData(Qt.ItemDataRole.UserRole + 1, text)
        self.fonts.addItem(item)
        self._label_fonts()

    def _label_fonts(self) -> None:
        uses = [_("for titles"), _("for text")]
        for i in range(self.fonts.count()):
            item = self.fonts.item(i)
            base = item.data(Qt.ItemDataRole.UserRole + 1)
            item.setText(f"{base} — {uses[i]}" if i < len(uses) else base)

    def font_values(self) -> list:
        """Each font in order: a path (str) to read, or a kept FontFile."""
        return [self.fonts.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.fonts.count())]

    # -- preview ---------------------------------------------------------------------------

    def _logo_pixmap(self) -> QPixmap | None:
        """The logo as the preview shows it: the file given (an SVG checked and drawn small
        the same safe way as when it is saved), else the kept one. A file that cannot be used
        says why under the preview."""
        path = self.logo.text().strip()
        key = path or ("kept" if self.kept_logo else "")
        if self._logo_cache is not None and self._logo_cache[0] == key:
            return self._logo_cache[1]
        data = None
        self.logo_problem = ""
        if path:
            from pancarte.files import read_limited
            from pancarte.identity.svg import MAX_SVG_BYTES, looks_like_svg, svg_to_png
            from pancarte.images import MAX_FILE_SIZE

            try:
                data = read_limited(path, MAX_FILE_SIZE)
                if looks_like_svg(data[:4096], Path(path).name):
                    if len(data) > MAX_SVG_BYTES:
                        data = None
                    else:
                        data = svg_to_png(data, Path(path).name, long_side=256)
            except PancarteError as exc:
                self.logo_problem = str(exc)
                data = None
            except Exception:  # noqa: BLE001 — a path being typed: no preview yet
                data = None
        elif self.kept_logo:
            data = self.kept_logo[0]
        pixmap = None
        if data:
            pm = QPixmap()
            if pm.loadFromData(data):
                pixmap = pm
        self._logo_cache = (key, pixmap)
        return pixmap

    def _refresh(self, *_args: object) -> None:
        from PySide6.QtGui import QColor, QFont, QPainter, QPen

        from pancarte.identity.colour import contrast
        from pancarte.model.color import WHITE, Color, parse_color

        problems = []
        parsed: list[Color] = []
        for i, field in enumerate(self.color_fields):
            text = field.text().strip()
            button = self.color_buttons[i]
            if not text:
                button.setStyleSheet("")
                field.setStyleSheet("")
                continue
            try:
                c = parse_color(check_color(text))
            except PancarteError as exc:
                field.setStyleSheet("border: 2px solid #b00020")
                problems.append(str(exc))
                continue
            field.setStyleSheet("")
            parsed.append(c)
            button.setStyleSheet(f"background: {c.hex()}; color: "
                                 f"{'#000000' if c.luminance() > 0.35 else '#ffffff'}")
        pm = QPixmap(PREVIEW_W, PREVIEW_H)
        pm.fill(QColor("#ffffff"))
        p = QPainter(pm)
        main = parsed[0] if parsed else Color(0.35, 0.35, 0.35)
        second = parsed[1] if len(parsed) > 1 else None
        band_h = PREVIEW_H * 0.42
        p.fillRect(0, 0, PREVIEW_W, int(band_h), QColor(main.hex()))
        ink = WHITE if contrast(WHITE, main) >= contrast(Color(0, 0, 0), main) else Color(0, 0, 0)
        font = QFont(p.font())
        font.setBold(True)
        font.setPixelSize(20)
        p.setFont(font)
        p.setPen(QPen(QColor(ink.hex())))
        name = self.name.text().strip() or _("Name of the group")
        p.drawText(12, 8, PREVIEW_W - 100, int(band_h) - 16,
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                       | Qt.TextFlag.TextWordWrap), name)
        logo = self._logo_pixmap()
        if self.logo_problem:
            problems.append(self.logo_problem)
        self.problem.setText(problems[0] if problems else "")
        if logo is not None:
            side = int(band_h) - 16
            scaled = logo.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
            p.drawPixmap(PREVIEW_W - 8 - scaled.width(), 8, scaled)
        # the colours as swatches, then the signature in the second colour (or dark)
        x = 12
        for c in parsed:
            p.fillRect(x, int(band_h) + 10, 26, 26, QColor(c.hex()))
            p.setPen(QPen(QColor("#888888")))
            p.drawRect(x, int(band_h) + 10, 26, 26)
            x += 32
        text_color = second if second is not None and contrast(second, WHITE) >= 4.5 \
            else Color(0.1, 0.1, 0.1)
        font.setBold(False)
        font.setPixelSize(12)
        p.setFont(font)
        p.setPen(QPen(QColor(text_color.hex())))
        p.drawText(12, int(band_h) + 44, PREVIEW_W - 24, PREVIEW_H - int(band_h) - 48,
                   int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                   self.signature.text().strip())
        p.end()
        self.preview.setPixmap(pm)

    # -- result ----------------------------------------------------------------------------

    def identity(self) -> Identity:
        """The identity the fields describe; IdentityError/ImageError for a bad value."""
        from pancarte.identity.apply import make_identity
        from pancarte.identity.model import FontFile

        values = self.font_values()
        new_paths = [v for v in values if isinstance(v, str)]
        made = make_identity(self.name.text(), logo=self.logo.text().strip() or None,
                             colors=self.colors(), fonts=new_paths,
                             signature=self.signature.text(), url=self.url.text())
        if made.logo is None and self.kept_logo is not None:
            made = replace(made, logo=self.kept_logo[0], logo_svg=self.kept_logo[1])
        read = iter(made.fonts)
        files = []
        for i, v in enumerate(values):
            f = next(read) if isinstance(v, str) else v
            files.append(FontFile(f.family, f"fonts/font-{i + 1}.ttf", f.data))
        old = self.original
        if files:
            display = files[0].family
            text = files[1].family if len(files) > 1 else ""
        elif old is not None:  # bundled faces chosen elsewhere (the CLI) need no file
            from pancarte.layout.fonts import library

            bundled = library().bundled_names()
            display = old.display_face if old.display_face in bundled else ""
            text = old.text_face if old.text_face in bundled else ""
        else:
            display = text = ""
        return replace(made, fonts=tuple(files), display_face=display, text_face=text)


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
        from pancarte.identity.store import exists

        dialog = IdentityDialog(self.main, prompter=self.main.prompter)
        if self.main.prompter.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return None
        if dialog.name.text().strip() and exists(dialog.name.text()):
            self.main.prompter.error(self.main, _("Identity"), _(
                "an identity called “{name}” exists already", name=dialog.name.text().strip()))
            return None
        return self._store(dialog.identity)

    def edit(self) -> Identity | None:
        from pancarte.identity.store import exists, remove

        old = self._pick(_("Identity to edit"))
        if old is None:
            return None
        dialog = IdentityDialog(self.main, old, prompter=self.main.prompter)
        if self.main.prompter.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return None
        renamed = dialog.name.text().strip().casefold() != old.name.casefold()
        if renamed and exists(dialog.name.text()):
            self.main.prompter.error(self.main, _("Identity"), _(
                "an identity called “{name}” exists already", name=dialog.name.text().strip()))
            return None
        made = self._store(dialog.identity)
        if made is not None and renamed:
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
