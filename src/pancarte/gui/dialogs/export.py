"""The export dialog: a print-ready PDF (bleed, crop marks) or PNG images, with a progress
bar and the list of findings (overflow, missing glyphs, low-resolution images); clicking a
finding selects its frame in the editor."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from pancarte.errors import LayoutError, PancarteError
from pancarte.gui import preflight
from pancarte.gui.prompts import Prompter
from pancarte.gui.session import DocumentSession
from pancarte.gui.widgets import spin
from pancarte.i18n import _


class ExportDialog(QDialog):
    finding_activated = Signal(str)  # frame id

    def __init__(self, session: DocumentSession, prompter: Prompter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.prompter = prompter
        self.written: list[Path] = []
        self.setWindowTitle(_("Export"))
        self.resize(620, 560)
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
        form = QFormLayout(options)
        self.bleed = spin(0, 20, 1, " mm", 0.5)
        self.bleed.setValue(doc.bleed)
        form.addRow(_("Bleed"), self.bleed)
        self.marks = QCheckBox(_("Crop marks"))
        self.marks.setChecked(True)
        form.addRow("", self.marks)
        self.dpi = spin(30, 1200, 0, _(" dpi"), 50)
        self.dpi.setValue(150)
        form.addRow(_("Resolution"), self.dpi)
        self.allow_overflow = QCheckBox(_("Export even though some text does not fit"))
        form.addRow("", self.allow_overflow)
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
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

        self.pdf.toggled.connect(self._kind_changed)
        self._kind_changed()
        self.refresh_findings()

    # ---- state -------------------------------------------------------------------------

    def kind(self) -> str:
        return "pdf" if self.pdf.isChecked() else "png"

    def default_path(self, kind: str) -> Path:
        base = self.session.path
        if base is not None:
            return base.with_suffix("." + kind)
        name = self.session.document.title or self.session.document.template or "pancarte"
        from pancarte.gui.usertemplates import slug

        return Path.home() / f"{slug(name)}.{kind}"

    def _kind_changed(self) -> None:
        pdf = self.kind() == "pdf"
        self.bleed.setEnabled(pdf)
        self.marks.setEnabled(pdf)
        self.dpi.setEnabled(not pdf)
        current = Path(self.path.text()) if self.path.text() else self.default_path(self.kind())
        self.path.setText(str(current.with_suffix("." + self.kind())))

    def refresh_findings(self) -> None:
        self.findings.clear()
        found = preflight.ordered(self.session.checks())
        style = self.style()
        for f in found:
            icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical
                                      if f.severity == "error" else
                                      QStyle.StandardPixmap.SP_MessageBoxWarning)
            item = QListWidgetItem(icon, preflight.describe(f))
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
        kind = self.kind()
        filters = _("PDF files (*.pdf)") if kind == "pdf" else _("PNG images (*.png)")
        path = self.prompter.save_file(self, _("Export as"), self.path.text(), filters)
        if path:
            p = Path(path)
            if p.suffix.lower() != "." + kind:
                p = p.with_name(p.name + "." + kind)
            self.path.setText(str(p))

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
        self.export_button.setEnabled(False)
        self.status.setText(_("Exporting…"))
        try:
            if self.kind() == "pdf":
                self.written = [self._export_pdf(path)]
            else:
                self.written = self._export_png(path)
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
        self.accept()
        return True

    def _export_pdf(self, path: Path) -> Path:
        from pancarte.export import export_pdf

        self._progress(0, 1)
        doc = self.session.document
        if abs(self.bleed.value() - doc.bleed) > 1e-9:
            doc = replace(doc, bleed=self.bleed.value())
        export_pdf(doc, path, marks=self.marks.isChecked(),
                   allow_overflow=self.allow_overflow.isChecked(), engine=self.session.engine,
                   progress=self._progress)
        self._progress(1, 1)
        return path

    def _export_png(self, path: Path) -> list[Path]:
        from pancarte.export import export_png

        self._progress(0, len(self.session.document.pages))
        paths, _result = export_png(self.session.document, path, dpi=self.dpi.value(),
                                    allow_overflow=self.allow_overflow.isChecked(),
                                    engine=self.session.engine, progress=self._progress)
        return paths
