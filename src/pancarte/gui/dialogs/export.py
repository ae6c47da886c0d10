"""The export dialog: a print-ready PDF or PNG images, with a progress bar and the list of
findings (overflow, missing glyphs, low-resolution images); clicking a finding selects its
frame in the editor.

The PDF goes to a destination — one of the core's presets (:data:`pancarte.options.PRESETS`:
print shop, online printer, home printer) or custom bleed and crop marks — as the page itself,
tiled on A4/A3 sheets or several copies per sheet; PNG images at a resolution or a width in
pixels. Everything goes through the writers of :data:`pancarte.export.OUTPUTS` with
:class:`pancarte.options.ExportOptions` (the defaults of ``pancarte export``'s ``--preset``,
``--tile``/``--overlap``, ``--nup``/``--sheet`` and ``--dpi``/``--width``). The last choices are
remembered in the editor's settings (``export/…``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from pancarte.errors import LayoutError, PancarteError
from pancarte.gui import preflight
from pancarte.gui.context import EditorSettings
from pancarte.gui.dialogs.sheets_hint import BOOKLET, NUP, PAGE, TILE, sheets_hint
from pancarte.gui.prompts import Prompter
from pancarte.gui.session import DocumentSession
from pancarte.gui.widgets import spin
from pancarte.i18n import _
from pancarte.layout.boxes import Finding
from pancarte.options import DEFAULTS, NUPS, PRESET_NAMES, PRESETS, SHEETS, ExportOptions

CUSTOM = ""  # the destination with the user's own bleed and marks (the CLI without --preset)
DESTINATIONS = (*PRESET_NAMES, CUSTOM)
KINDS = ("pdf", "png")  # the keys of pancarte.export.OUTPUTS this dialog offers


def file_filter(kind: str) -> str:
    """The file dialog's filter for the output kind ``kind``."""
    return {"pdf": _("PDF files (*.pdf)"), "png": _("PNG images (*.png)")}[kind]
DPI, WIDTH = "dpi", "width"  # how the size of a PNG is given
_KEY = "export/"


def destination_label(name: str) -> str:
    return {
        "imprimeur": _("Print shop (CMYK, PDF/X-4, crop marks)"),
        "en-ligne": _("Online printer (CMYK, PDF/X-4, no marks)"),
        "maison": _("Home printer (RGB, no bleed, nothing in the 4.5 mm it cannot print)"),
    }.get(name, _("Custom (CMYK, PDF/X-4, bleed and marks of your choice)"))


class ExportDialog(QDialog):
    finding_activated = Signal(str)  # frame id

    def __init__(self, session: DocumentSession, prompter: Prompter,
                 parent: QWidget | None = None, settings: EditorSettings | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.prompter = prompter
        # the main window passes itself as parent: its context holds the editor's settings
        if settings is None:
            settings = getattr(getattr(parent, "ctx", None), "settings", None)
        self.settings = settings if isinstance(settings, EditorSettings) else None
        self.written: list[Path] = []
        self._cmyk_checks: tuple[object, list[Finding]] | None = None
        self.setWindowTitle(_("Export"))
        self.resize(660, 680)
        doc = session.document
        lay = QVBoxLayout(self)

        kind = QGroupBox(_("Format"))
        kl = QVBoxLayout(kind)
        self.pdf = QRadioButton(_("PDF for printing (print shop or home printer)"))
        self.png = QRadioButton(_("PNG images (one per page, for screens and social media)"))
        self.pdf.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.pdf)
        group.addButton(self.png)
        kl.addWidget(self.pdf)
        kl.addWidget(self.png)
        lay.addWidget(kind)

        options = QGroupBox(_("Options"))
        ol = QVBoxLayout(options)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._pdf_options(doc.bleed))
        self.stack.addWidget(self._png_options())
        ol.addWidget(self.stack)
        self.allow_overflow = QCheckBox(_("Export even though some text does not fit"))
        ol.addWidget(self.allow_overflow)
        lay.addWidget(options)

        out = QHBoxLayout()
        self.path = QLineEdit(str(self.default_path("pdf")))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self.browse)
        out.addWidget(QLabel(_("File")))
        out.addWidget(self.path, 1)
        out.addWidget(browse)
        lay.addLayout(out)

        lay.addWidget(QLabel(_("Check before printing")))
        self.findings = QListWidget()
        self.findings.setWordWrap(True)  # a finding says what is wrong and how to fix it
        self.findings.itemClicked.connect(self._finding_clicked)
        self.findings.itemActivated.connect(self._finding_clicked)
        lay.addWidget(self.findings, 1)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        lay.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(_("Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.share_button = self.buttons.addButton(_("Share online…"),
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.share_button.clicked.connect(self.share_online)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

        self.load_choices()
        self.pdf.toggled.connect(self._kind_changed)
        self.destination.currentIndexChanged.connect(self._destination_changed)
        for widget in (self.one_page, self.tile, self.nup, self.booklet):
            widget.toggled.connect(self._sheets_changed)
        for box in (self.tile_sheet, self.nup_count, self.nup_sheet):
            box.currentIndexChanged.connect(self._sheets_changed)
        self.overlap.valueChanged.connect(self._sheets_changed)
        self.marks.toggled.connect(self._sheets_changed)  # a home printer's copies: their marks
        for widget in (self.by_dpi, self.by_width):
            widget.toggled.connect(self._png_size_changed)
        self.dpi.valueChanged.connect(self._png_size_changed)
        self.width_px.valueChanged.connect(self._png_size_changed)
        self._kind_changed()

    def share_online(self) -> None:
        """The phone images (see :mod:`pancarte.gui.social`), in their own dialog."""
        from pancarte.gui.social import SocialDialog

        dialog = SocialDialog(self.session, self.prompter, self)
        self.prompter.run_dialog(dialog)
        self.written += dialog.written

    # ---- building ----------------------------------------------------------------------

    def _pdf_options(self, bleed: float) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.destination = QComboBox()
        for name in DESTINATIONS:
            self.destination.addItem(destination_label(name), name)
        self.destination.setCurrentIndex(self.destination.findData(CUSTOM))
        form.addRow(_("Destination"), self.destination)
        self.bleed = spin(0, 20, 1, " mm", 0.5)
        self.bleed.setValue(bleed)
        form.addRow(_("Bleed"), self.bleed)
        self.marks = QCheckBox(_("Crop marks"))
        self.marks.setChecked(True)
        form.addRow("", self.marks)
        # the custom choices, put back when the user comes back to "custom"
        self._custom = (bleed, True)
        self._custom_shown = True

        sheets = QWidget()
        grid = QGridLayout(sheets)
        grid.setContentsMargins(0, 0, 0, 0)
        self.one_page = QRadioButton(_("The page at its own size"))
        self.tile = QRadioButton(_("On several sheets (tiling)"))
        self.nup = QRadioButton(_("Several copies per sheet"))
        self.booklet = QRadioButton(_("Booklet: A5 pages two a side on A4, to fold and staple"))
        self.one_page.setChecked(True)
        self.sheet_group = QButtonGroup(self)
        for button in (self.one_page, self.tile, self.nup, self.booklet):
            self.sheet_group.addButton(button)
        self.tile_sheet = QComboBox()
        self.nup_sheet = QComboBox()
        for box in (self.tile_sheet, self.nup_sheet):
            for sheet in SHEETS:
                box.addItem(sheet, sheet)
        self.overlap = spin(0, 50, 0, " mm", 1)
        self.overlap.setValue(DEFAULTS.overlap)
        self.nup_count = QComboBox()
        for n in NUPS:
            self.nup_count.addItem(str(n), n)
        self.nup_count.setCurrentIndex(1)
        self.overlap_label = QLabel(_("overlap"))
        self.nup_label = QLabel(_("copies on"))
        grid.addWidget(self.one_page, 0, 0, 1, 5)
        grid.addWidget(self.tile, 1, 0)
        grid.addWidget(self.tile_sheet, 1, 1)
        grid.addWidget(self.overlap_label, 1, 2)
        grid.addWidget(self.overlap, 1, 3)
        grid.addWidget(self.nup, 2, 0)
        grid.addWidget(self.nup_count, 2, 1)
        grid.addWidget(self.nup_label, 2, 2)
        grid.addWidget(self.nup_sheet, 2, 3)
        grid.setColumnStretch(4, 1)
        self.sheets_hint = QLabel()
        self.sheets_hint.setWordWrap(True)
        # room for a hint of three lines (the home printer's scale): a wrapped label is not
        # given the height it needs otherwise
        self.sheets_hint.setMinimumHeight(3 * self.sheets_hint.fontMetrics().lineSpacing() + 4)
        grid.addWidget(self.booklet, 3, 0, 1, 5)
        grid.addWidget(self.sheets_hint, 4, 0, 1, 5)
        form.addRow(_("Sheets"), sheets)
        return page

    def _png_options(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        self.by_dpi = QRadioButton(_("Resolution"))
        self.by_width = QRadioButton(_("Width in pixels"))
        self.by_dpi.setChecked(True)
        self.png_group = QButtonGroup(self)
        self.png_group.addButton(self.by_dpi)
        self.png_group.addButton(self.by_width)
        self.dpi = spin(30, 1200, 0, _(" dpi"), 50)
        self.dpi.setValue(DEFAULTS.dpi)
        self.width_px = QSpinBox()
        self.width_px.setRange(16, 20000)
        self.width_px.setSingleStep(100)
        self.width_px.setSuffix(" px")
        self.width_px.setKeyboardTracking(False)
        self.width_px.setValue(1080)
        grid.addWidget(self.by_dpi, 0, 0)
        grid.addWidget(self.dpi, 0, 1)
        grid.addWidget(self.by_width, 1, 0)
        grid.addWidget(self.width_px, 1, 1)
        grid.setColumnStretch(2, 1)
        self.png_hint = QLabel()
        grid.addWidget(self.png_hint, 2, 0, 1, 3)
        grid.setRowStretch(3, 1)
        return page

    # ---- state -------------------------------------------------------------------------

    def kind(self) -> str:
        return "pdf" if self.pdf.isChecked() else "png"

    def preset(self) -> str | None:
        """The chosen preset (a key of :data:`pancarte.options.PRESETS`); None for custom."""
        return self.destination.currentData() or None

    def sheets(self) -> str:
        if self.booklet.isChecked():
            return BOOKLET
        return TILE if self.tile.isChecked() else NUP if self.nup.isChecked() else PAGE

    def cmyk(self) -> bool:
        """True when the chosen output is a CMYK PDF."""
        preset = self.preset()
        return self.kind() == "pdf" and preset is not None and PRESETS[preset].cmyk

    def default_path(self, kind: str) -> Path:
        from pancarte.export import OUTPUTS

        suffix = OUTPUTS[kind].suffix
        base = self.session.path
        if base is not None:
            return base.with_suffix(suffix)
        name = self.session.document.title or self.session.document.template or "pancarte"
        from pancarte.gui.usertemplates import slug

        return Path.home() / f"{slug(name)}{suffix}"

    def _kind_changed(self) -> None:
        pdf = self.kind() == "pdf"
        self.stack.setCurrentIndex(0 if pdf else 1)
        from pancarte.export import OUTPUTS

        current = Path(self.path.text()) if self.path.text() else self.default_path(self.kind())
        self.path.setText(str(current.with_suffix(OUTPUTS[self.kind()].suffix)))
        self._destination_changed()
        self._sheets_changed()
        self._png_size_changed()

    def _destination_changed(self) -> None:
        """A preset sets bleed and marks (shown, not editable); custom gives them back."""
        preset = self.preset()
        custom = preset is None
        was_custom, self._custom_shown = self._custom_shown, custom
        if custom and not was_custom:  # back to custom: the user's own values
            self.bleed.setValue(self._custom[0])
            self.marks.setChecked(self._custom[1])
        elif preset is not None:
            if was_custom:  # leaving custom: keep the user's values for later
                self._custom = (self.bleed.value(), self.marks.isChecked())
            p = PRESETS[preset]
            self.bleed.setValue(self.session.document.bleed if p.bleed else 0.0)
            self.marks.setChecked(p.marks)
        self.bleed.setEnabled(custom)
        self.marks.setEnabled(custom)
        if hasattr(self, "sheets_hint"):  # the sheets' margins and scale follow the preset
            self.sheets_hint.setText(self.sheets_hint_text())
        self.refresh_findings()

    def _sheets_changed(self) -> None:
        sheets = self.sheets()
        for widget in (self.tile_sheet, self.overlap, self.overlap_label):
            widget.setEnabled(sheets == TILE)
        for widget in (self.nup_count, self.nup_sheet, self.nup_label):
            widget.setEnabled(sheets == NUP)
        self.sheets_hint.setText(self.sheets_hint_text())
        problem = self.sheets_problem() if self.kind() == "pdf" else ""
        self.export_button.setEnabled(not problem)
        self.export_button.setToolTip(problem)

    def sheets_hint_text(self) -> str:
        """What the sheet choice gives on this document: how many sheets a tiling needs, or
        why the copies do not fit."""
        from pancarte.options import pdf_options

        # the sheets' options: the chosen preset, or the home printer's with the marks as
        # ticked when none is
        custom = self.preset() is None
        options = pdf_options(self.preset(), sheets=True,
                              marks=self.marks.isChecked() if custom else None)
        return sheets_hint(self.session.layout.pages, self.sheets(), options,
                           tile_sheet=self.tile_sheet.currentData(),
                           overlap=self.overlap.value(), nup_count=self.nup_count.currentData(),
                           nup_sheet=self.nup_sheet.currentData())

    def _png_size_changed(self) -> None:
        by_width = self.by_width.isChecked()
        self.dpi.setEnabled(not by_width)
        self.width_px.setEnabled(by_width)
        pages = self.session.layout.pages
        if not pages:
            self.png_hint.setText("")
            return
        from pancarte.export import png_dpi_for_width

        dpi = (png_dpi_for_width(self.session.layout, self.width_px.value()) if by_width
               else self.dpi.value())
        page = pages[0]
        self.png_hint.setText(_("{w} × {h} pixels", w=round(page.width / 72 * dpi),
                                h=round(page.height / 72 * dpi)))

    def checks(self) -> list[Finding]:
        """The preflight's findings for the chosen output: the session's own, or run again
        with CMYK on for a CMYK PDF (RGB colours and images are then worth a warning)."""
        if not self.cmyk() or not self.session.layout_ready:
            return self.session.checks()
        layout = self.session.layout
        if self._cmyk_checks is None or self._cmyk_checks[0] is not layout:
            from pancarte.preflight import PreflightOptions
            from pancarte.preflight import preflight as run

            found = run(self.session.document, layout, options=PreflightOptions(cmyk=True),
                        engine=self.session.engine)
            self._cmyk_checks = (layout, found)
        return self._cmyk_checks[1]

    def refresh_findings(self) -> None:
        self.findings.clear()
        found = preflight.ordered(self.checks())
        style = self.style()
        for f in found:
            icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical
                                      if f.severity == "error" else
                                      QStyle.StandardPixmap.SP_MessageBoxWarning)
            item = QListWidgetItem(icon, preflight.describe(f, self.session.document))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, f.frame)
            self.findings.addItem(item)
        if not found:
            item = QListWidgetItem(style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                                   _("No problem found: ready to print."))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.findings.addItem(item)
        overflow = self.session.layout.overflow
        self.allow_overflow.setVisible(overflow)

    def _finding_clicked(self, item: QListWidgetItem) -> None:
        frame = item.data(Qt.ItemDataRole.UserRole)
        if frame:
            self.finding_activated.emit(frame)

    def browse(self) -> None:
        from pancarte.export import OUTPUTS

        output = OUTPUTS[self.kind()]
        path = self.prompter.save_file(self, _("Export as"), self.path.text(), file_filter(output.name))
        if path:
            p = Path(path)
            if p.suffix.lower() != output.suffix:
                p = p.with_name(p.name + output.suffix)
            self.path.setText(str(p))

    # ---- remembered choices ------------------------------------------------------------

    def _value(self, key: str, default: Any) -> Any:
        if self.settings is None:
            return default
        return self.settings.q.value(_KEY + key, default)

    def _choice(self, key: str, allowed: tuple, default: Any) -> Any:
        value = self._value(key, default)
        for a in allowed:  # an ini file gives strings back
            if str(a) == str(value):
                return a
        return default

    def _number(self, key: str, default: float, low: float, high: float) -> float:
        try:
            value = float(self._value(key, default))
        except (TypeError, ValueError):
            return default
        return value if low <= value <= high else default

    def load_choices(self) -> None:
        """Put back the choices of the last export (from the editor's settings)."""
        if self.settings is None:
            return
        (self.pdf if self._choice("kind", KINDS, "pdf") == "pdf"
         else self.png).setChecked(True)
        marks = self._choice("marks", ("true", "false"), "true") == "true"
        self._custom = (self.bleed.value(), marks)
        self.marks.setChecked(marks)
        self.destination.setCurrentIndex(
            self.destination.findData(self._choice("destination", DESTINATIONS, CUSTOM)))
        sheets = self._choice("sheets", (PAGE, TILE, NUP, BOOKLET), PAGE)
        {PAGE: self.one_page, TILE: self.tile, NUP: self.nup,
         BOOKLET: self.booklet}[sheets].setChecked(True)
        self.tile_sheet.setCurrentIndex(
            SHEETS.index(self._choice("tile_sheet", SHEETS, DEFAULTS.sheet)))
        self.overlap.setValue(self._number("overlap", DEFAULTS.overlap, 0, 50))
        self.nup_count.setCurrentIndex(NUPS.index(self._choice("nup", NUPS, 4)))
        self.nup_sheet.setCurrentIndex(
            SHEETS.index(self._choice("nup_sheet", SHEETS, DEFAULTS.sheet)))
        (self.by_width if self._choice("png_size", (DPI, WIDTH), DPI) == WIDTH
         else self.by_dpi).setChecked(True)
        self.dpi.setValue(self._number("dpi", DEFAULTS.dpi, 30, 1200))
        self.width_px.setValue(int(self._number("width", 1080, 16, 20000)))

    def save_choices(self) -> None:
        if self.settings is None:
            return
        custom_marks = self.marks.isChecked() if self.preset() is None else self._custom[1]
        for key, value in (("kind", self.kind()), ("destination", self.preset() or CUSTOM),
                           ("marks", "true" if custom_marks else "false"),
                           ("sheets", self.sheets()),
                           ("tile_sheet", self.tile_sheet.currentData()),
                           ("overlap", self.overlap.value()),
                           ("nup", self.nup_count.currentData()),
                           ("nup_sheet", self.nup_sheet.currentData()),
                           ("png_size", WIDTH if self.by_width.isChecked() else DPI),
                           ("dpi", self.dpi.value()), ("width", self.width_px.value())):
            self.settings.q.setValue(_KEY + key, value)
        self.settings.sync()

    # ---- exporting ---------------------------------------------------------------------

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        QApplication.processEvents()  # paint the bar between pages

    def export(self) -> bool:
        """Write the chosen file(s); True on success (the dialog then closes)."""
        text = self.path.text().strip()
        if not text:
            self.browse()
            text = self.path.text().strip()
            if not text:
                return False
        path = Path(text).expanduser()
        if self.sheets_problem():
            return False
        existing = [p for p in self.targets(path) if p.exists()]
        if existing and not self.prompter.confirm(
                self, _("Replace the file?"),
                _("“{name}” already exists in {folder}. Replace it?", name=existing[0].name,
                  folder=str(existing[0].parent)) if len(existing) == 1 else
                _("{count} files already exist in {folder} ({name}…). Replace them?",
                  count=len(existing), name=existing[0].name,
                  folder=str(existing[0].parent))):
            return False
        self.export_button.setEnabled(False)
        self.status.setText(_("Exporting…"))
        try:
            self.written = self._write(path)
        except LayoutError as exc:
            self.prompter.error(self, _("Text does not fit"),
                                _("The text does not fit in frame “{name}” even at its smallest "
                                  "size. Shorten it, enlarge the frame, or tick “Export even "
                                  "though some text does not fit”.", name=str(exc)))
            self.allow_overflow.setVisible(True)
            return False
        except PancarteError as exc:  # ExportError too: "cannot write out.pdf: …"
            self.prompter.error(self, _("Cannot export"), str(exc))
            return False
        finally:
            self.export_button.setEnabled(True)
            self.status.setText("")
        self.save_choices()
        self.accept()
        return True

    def targets(self, path: Path) -> list[Path]:
        """The files an export to ``path`` writes."""
        if self.kind() == "pdf":
            return [path]
        from pancarte.export import png_paths

        return png_paths(path, len(self.session.document.pages))

    def sheets_problem(self) -> str:
        """Why the chosen sheets cannot be made ("" when they can)."""
        text = self.sheets_hint_text()
        return text[2:] if text.startswith("⚠ ") else ""

    def options(self) -> ExportOptions:
        """The export options the dialog shows (:class:`pancarte.options.ExportOptions`)."""
        preset = self.preset()
        sheets = self.sheets()
        return ExportOptions(
            preset=preset,
            # custom: the marks shown (the CLI's --no-marks); a preset decides itself
            marks=self.marks.isChecked() if preset is None else None,
            allow_overflow=self.allow_overflow.isChecked(),
            tile=self.tile_sheet.currentData() if sheets == TILE else None,
            overlap=self.overlap.value(),
            nup=self.nup_count.currentData() if sheets == NUP else None,
            sheet=self.nup_sheet.currentData() if sheets == NUP else DEFAULTS.sheet,
            imposition="booklet" if sheets == BOOKLET else None,
            dpi=self.dpi.value(),
            width=self.width_px.value() if self.by_width.isChecked() else None)

    def _write(self, path: Path) -> list[Path]:
        """Write the chosen output kind at ``path``; the files written."""
        from pancarte.export import OUTPUTS

        doc = self.session.document
        if self.kind() == "pdf":
            self._progress(0, 1)
            # custom: the bleed shown (the CLI's --bleed)
            if self.preset() is None and abs(self.bleed.value() - doc.bleed) > 1e-9:
                doc = replace(doc, bleed=self.bleed.value())
        else:
            self._progress(0, len(doc.pages))
        result = OUTPUTS[self.kind()].write(doc, path, self.options(), self.session.engine,
                                            self._progress)
        if self.kind() == "pdf":
            self._progress(1, 1)
        return result.paths
