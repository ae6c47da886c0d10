"""The properties panel: the selected frame's geometry, text style, QR content or image; the
page's background when nothing is selected. Every change is a ReplaceFrame (or page) command;
changes to the same field one after another merge into one undo step.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pancarte.gui import icons, preflight
from pancarte.gui.prompts import Prompter
from pancarte.gui.session import DocumentSession
from pancarte.gui.styling import effective_style, with_style
from pancarte.gui.widgets import ColorButton, spin
from pancarte.i18n import N_, _, ngettext
from pancarte.layout.boxes import ImageItem
from pancarte.model.commands import AddFrame, Composite, RemoveFrame, SetPageBackground
from pancarte.model.document import (
    QR_ECC,
    Frame,
    ImageFrame,
    QRFrame,
    ShapeFrame,
    TextFrame,
)

MAX_IMAGE_BYTES = 64 * 1024 * 1024
_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def image_name(data: bytes, filename: str) -> str:
    """The archive name of an image (``images/<hash>.png``), named by its content so that
    the same picture is stored once. Raises ValueError for anything but a PNG or JPEG file."""
    ext = next((e for magic, e in _MAGIC.items() if data.startswith(magic)), None)
    if ext is None:
        raise ValueError(_("{name} is neither a PNG nor a JPEG image", name=filename))
    if len(data) > MAX_IMAGE_BYTES:
        raise ValueError(_("{name} is too large (at most 64 MB)", name=filename))
    return f"images/{hashlib.sha256(data).hexdigest()[:16]}.{ext}"


def image_command(doc, frame: ImageFrame, data: bytes, filename: str) -> Composite:
    """The command showing ``data`` in ``frame``: the frame is replaced by one naming the
    image, which the document then holds (ValueError: not a PNG or JPEG file)."""
    name = image_name(data, filename)
    page, current = doc.find_frame(frame.id)
    index = [f.id for f in doc.pages[page].frames].index(frame.id)
    new = replace(current, image=name)
    images = {} if name in doc.images else {name: data}
    return Composite((RemoveFrame(page, current, index), AddFrame(page, new, index, images)),
                     label=N_("Choose image"))


def _row(*widgets: QWidget) -> QWidget:
    w = QWidget()
    lay = QHBoxLayout(w)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(4)
    for x in widgets:
        lay.addWidget(x)
    lay.addStretch(1)
    return w


class PropertiesPanel(QScrollArea):
    def __init__(self, session: DocumentSession, prompter: Prompter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.prompter = prompter
        self._updating = False
        self._frame_id: str | None = None
        self._problems_for: tuple[str | None, list] | None = None  # (frame, findings) worded
        self._shown: tuple | None = None  # what the fields of a text frame last showed
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.body = body
        self.main = QVBoxLayout(body)
        self.main.setContentsMargins(8, 8, 8, 8)
        self.main.setSpacing(10)
        self.header = QLabel()
        self.header.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.main.addWidget(self.header)
        self._build_geometry()
        self._build_text()
        self._build_qr()
        self._build_image()
        self._build_shape()
        self._build_page()
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c0121f;")
        self.main.addWidget(self.problems)
        self.main.addStretch(1)
        self.setWidget(body)
        self.setMinimumWidth(280)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        session.changed.connect(self.refresh)
        session.selection_changed.connect(self.refresh)
        session.checks_changed.connect(self._show_problems)
        # the QR content is typed: one command per pause rather than one per key
        self._qr_timer = QTimer(self)
        self._qr_timer.setSingleShot(True)
        self._qr_timer.setInterval(250)
        self._qr_timer.timeout.connect(self._commit_qr)
        self.refresh()

    # ---- building ----------------------------------------------------------------------

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.main.addWidget(box)
        return box, form

    def _build_geometry(self) -> None:
        self.geometry_box = QGroupBox(_("Position and size"))
        grid = QGridLayout(self.geometry_box)
        grid.setHorizontalSpacing(6)
        self.geo: dict[str, Any] = {}
        labels = {"x": (_("X"), _("Distance from the left edge")),
                  "y": (_("Y"), _("Distance from the top edge")),
                  "w": (_("W"), _("Width")), "h": (_("H"), _("Height"))}
        for i, key in enumerate(("x", "y", "w", "h")):
            box = spin(-2000 if key in "xy" else 1, 20000, 1, " mm")
            box.setMinimumWidth(60)
            box.valueChanged.connect(self._geometry_changed(key))
            text, tip = labels[key]
            box.setToolTip(tip)
            label = QLabel(text)
            label.setToolTip(tip)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, i // 2, (i % 2) * 2)
            grid.addWidget(box, i // 2, (i % 2) * 2 + 1)
            self.geo[key] = box
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.main.addWidget(self.geometry_box)

    def _build_text(self) -> None:
        self.text_box, form = self._group(_("Text"))
        self.family = QComboBox()  # filled when a text frame is first shown
        self.family.currentTextChanged.connect(lambda v: self._style(family=v))
        form.addRow(_("Font"), self.family)
        self.bold = QToolButton()
        self.bold.setText(_("B"))
        self.bold.setToolTip(_("Bold"))
        self.bold.setCheckable(True)
        f = self.bold.font()
        f.setBold(True)
        self.bold.setFont(f)
        self.bold.toggled.connect(lambda v: self._style(bold=v))
        self.italic = QToolButton()
        self.italic.setText(_("I"))
        self.italic.setToolTip(_("Italic"))
        self.italic.setCheckable(True)
        f = self.italic.font()
        f.setItalic(True)
        self.italic.setFont(f)
        self.italic.toggled.connect(lambda v: self._style(italic=v))
        self.upper = QCheckBox(_("Capitals"))
        self.upper.setToolTip(_("Show the text in capital letters"))
        self.upper.toggled.connect(lambda v: self._style(uppercase=v))
        form.addRow(_("Style"), _row(self.bold, self.italic, self.upper))

        self.autofit = QCheckBox(_("Fit the text to the frame"))
        self.autofit.toggled.connect(lambda v: self._frame_field("autofit", v))
        form.addRow(self.autofit)
        self.size_box = spin(1, 5000, 1, " pt")
        self.size_box.valueChanged.connect(lambda v: self._frame_field("size", v))
        self.size_row = QLabel(_("Size"))
        form.addRow(self.size_row, self.size_box)
        self.min_size = spin(1, 5000, 1, " pt")
        self.max_size = spin(1, 5000, 1, " pt")
        for box in (self.min_size, self.max_size):
            box.setMinimumWidth(60)
            box.setMaximumWidth(90)
        self.min_size.valueChanged.connect(lambda v: self._frame_field("min_size", v))
        self.max_size.valueChanged.connect(lambda v: self._frame_field("max_size", v))
        self.fit_row = _row(self.min_size, QLabel(_("to")), self.max_size)
        self.fit_label = QLabel(_("Between"))
        form.addRow(self.fit_label, self.fit_row)

        self.align_group = QButtonGroup(self)
        buttons = []
        for value, tip in (("left", _("Align left")), ("center", _("Centre")),
                           ("right", _("Align right")), ("justify", _("Justify"))):
            b = QToolButton()
            b.setIcon(icons.align_icon(value))
            b.setToolTip(tip)
            b.setCheckable(True)
            b.setProperty("value", value)
            self.align_group.addButton(b)
            buttons.append(b)
        self.align_group.setExclusive(True)
        self.align_group.buttonClicked.connect(
            lambda b: self._style(align=b.property("value")))
        form.addRow(_("Alignment"), _row(*buttons))
        self.valign = QComboBox()
        for value, text in (("top", _("Top")), ("middle", _("Middle")), ("bottom", _("Bottom"))):
            self.valign.addItem(text, value)
        self.valign.currentIndexChanged.connect(
            lambda i: self._frame_field("valign", self.valign.itemData(i)))
        form.addRow(_("Vertical"), self.valign)
        self.spacing = spin(0.5, 3.0, 2, "", 0.05)
        self.spacing.valueChanged.connect(lambda v: self._style(line_spacing=round(v, 2)))
        form.addRow(_("Line spacing"), self.spacing)
        self.color = ColorButton(self.prompter)
        self.color.chosen.connect(self._color_chosen)
        form.addRow(_("Colour"), self.color)
        self.background = ColorButton(self.prompter, allow_none=True)
        self.background.chosen.connect(lambda v: self._frame_field("background", v))
        form.addRow(_("Background"), self.background)
        self.fit_info = QLabel()
        self.fit_info.setStyleSheet("color: palette(dark);")
        form.addRow(self.fit_info)

    def _build_qr(self) -> None:
        self.qr_box, form = self._group(_("QR code"))
        self.qr_content = QLineEdit()
        self.qr_content.setPlaceholderText("https://…")
        self.qr_content.setMaxLength(4000)
        self.qr_content.textEdited.connect(lambda _t: self._qr_timer.start())
        self.qr_content.editingFinished.connect(self._commit_qr)
        form.addRow(_("Content"), self.qr_content)
        self.qr_ecc = QComboBox()
        for level, text in zip(QR_ECC, (_("Low (7 %)"), _("Medium (15 %)"),
                                        _("Quartile (25 %)"), _("High (30 %)")), strict=True):
            self.qr_ecc.addItem(text, level)
        self.qr_ecc.currentIndexChanged.connect(
            lambda i: self._frame_field("ecc", self.qr_ecc.itemData(i)))
        form.addRow(_("Error correction"), self.qr_ecc)
        self.qr_dark = ColorButton(self.prompter)
        self.qr_dark.chosen.connect(lambda v: self._frame_field("dark", v) if v else None)
        form.addRow(_("Dark"), self.qr_dark)
        self.qr_light = ColorButton(self.prompter)
        self.qr_light.chosen.connect(lambda v: self._frame_field("light", v) if v else None)
        form.addRow(_("Light"), self.qr_light)

    def _build_image(self) -> None:
        self.image_box, form = self._group(_("Image"))
        self.image_button = QPushButton(_("Choose an image…"))
        self.image_button.clicked.connect(self.choose_image)
        form.addRow(self.image_button)
        self.image_name = QLabel()
        form.addRow(_("File"), self.image_name)
        self.image_dpi = QLabel()
        self.image_dpi.setWordWrap(True)
        form.addRow(_("Resolution"), self.image_dpi)
        self.image_fit = QComboBox()
        for value, text in (("fit", _("Whole image")), ("fill", _("Fill the frame")),
                            ("stretch", _("Stretch"))):
            self.image_fit.addItem(text, value)
        self.image_fit.currentIndexChanged.connect(
            lambda i: self._frame_field("fit", self.image_fit.itemData(i)))
        form.addRow(_("Fit"), self.image_fit)

    def _build_shape(self) -> None:
        self.shape_box, form = self._group(_("Shape"))
        self.shape_fill = ColorButton(self.prompter, allow_none=True)
        self.shape_fill.chosen.connect(lambda v: self._frame_field("fill", v))
        form.addRow(_("Fill"), self.shape_fill)
        self.shape_stroke = ColorButton(self.prompter, allow_none=True)
        self.shape_stroke.chosen.connect(lambda v: self._frame_field("stroke", v))
        form.addRow(_("Outline"), self.shape_stroke)
        self.shape_width = spin(0, 100, 1, " mm", 0.5)
        self.shape_width.valueChanged.connect(lambda v: self._frame_field("stroke_width", v))
        form.addRow(_("Outline width"), self.shape_width)

    def _build_page(self) -> None:
        self.page_box, form = self._group(_("Page"))
        self.page_size = QLabel()
        form.addRow(_("Format"), self.page_size)
        self.page_bg = ColorButton(self.prompter, allow_none=True)
        self.page_bg.chosen.connect(self._page_background)
        form.addRow(_("Background"), self.page_bg)
        hint = QLabel(_("Click a frame to change it. Double-click a text frame to type in it."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(dark);")
        form.addRow(hint)

    # ---- showing -----------------------------------------------------------------------

    def refresh(self) -> None:
        shown = self._text_fields_key()
        if shown is not None and shown == self._shown:
            # typing changed only the text: the fields show the same (setting them again
            # would repaint the panel at each keystroke); the findings may have changed
            self._show_problems()
            return
        self._shown = shown
        self._updating = True
        try:
            self._refresh()
        finally:
            self._updating = False

    def _text_fields_key(self) -> tuple | None:
        """All the fields of the selected text frame depend on (None: not a text frame)."""
        frame = self.session.selected_frame()
        if not isinstance(frame, TextFrame):
            return None
        page = self.session.frame_page(frame.id)
        info = self.session.layout.pages[page].frames.get(frame.id) if page is not None else None
        return (replace(frame, paragraphs=()), self.session.document.colors, info,
                self.session.layout_ready)

    def _refresh(self) -> None:
        doc = self.session.document
        frame = self.session.selected_frame()
        if frame is None:
            self._frame_id = None
        elif frame.id != self._frame_id:
            self._frame_id = frame.id
            self._qr_timer.stop()
        kinds = {TextFrame: self.text_box, QRFrame: self.qr_box, ImageFrame: self.image_box,
                 ShapeFrame: self.shape_box}
        for cls, box in kinds.items():
            box.setVisible(isinstance(frame, cls))
        self.geometry_box.setVisible(frame is not None)
        self.page_box.setVisible(frame is None)
        if frame is None:
            page = doc.pages[self.session.page]
            n = len(doc.pages)
            self.header.setText(_("Page {n} of {total}", n=self.session.page + 1, total=n))
            self.page_size.setText(_("{w} × {h} mm, bleed {b} mm",
                                     w=f"{doc.width:g}", h=f"{doc.height:g}",
                                     b=f"{doc.bleed:g}"))
            self.page_bg.set_value(page.background, doc.colors)
            self.problems.setText("")
            self._problems_for = None
            return
        from pancarte.gui.canvas import frame_label

        self.header.setText(frame_label(frame))
        for key in ("x", "y", "w", "h"):
            self.geo[key].setValue(getattr(frame, key))
        if isinstance(frame, TextFrame):
            self._show_text(frame)
        elif isinstance(frame, QRFrame):
            if not self.qr_content.hasFocus() and not self._qr_timer.isActive():
                self.qr_content.setText(frame.content)
            self.qr_ecc.setCurrentIndex(max(0, self.qr_ecc.findData(frame.ecc)))
            self.qr_dark.set_value(frame.dark, doc.colors)
            self.qr_light.set_value(frame.light, doc.colors)
        elif isinstance(frame, ImageFrame):
            self._show_image(frame)
        elif isinstance(frame, ShapeFrame):
            self.shape_fill.set_value(frame.fill, doc.colors)
            self.shape_stroke.set_value(frame.stroke, doc.colors)
            self.shape_width.setValue(frame.stroke_width)
        self._show_problems()

    def _show_problems(self) -> None:
        """The selected frame's findings, worded again only when they differ from those shown
        (not on each keystroke)."""
        frame_id = self._frame_id
        problems = preflight.ordered([f for f in self.session.shown_checks()
                                      if frame_id and f.frame == frame_id])
        if self._problems_for is not None and self._problems_for == (frame_id, problems):
            return
        self._problems_for = (frame_id, problems)
        self.problems.setText("\n".join("⚠ " + preflight.describe(f, self.session.document)
                                         for f in problems))

    def _show_text(self, frame: TextFrame) -> None:
        if not self.family.count():
            self.family.addItems(self.session.engine.fonts.family_names())
        style = effective_style(frame)
        self.family.setCurrentText(style.family)
        self.bold.setChecked(style.bold)
        self.italic.setChecked(style.italic)
        self.upper.setChecked(style.uppercase)
        self.autofit.setChecked(frame.autofit)
        self.size_box.setValue(frame.size)
        self.min_size.setValue(frame.min_size)
        self.max_size.setValue(frame.max_size)
        for w in (self.min_size, self.max_size, self.fit_label, self.fit_row):
            w.setVisible(frame.autofit)
        self.size_box.setVisible(not frame.autofit)
        self.size_row.setVisible(not frame.autofit)
        for b in self.align_group.buttons():
            b.setChecked(b.property("value") == style.align)
        self.valign.setCurrentIndex(max(0, self.valign.findData(frame.valign)))
        self.spacing.setValue(style.line_spacing)
        doc = self.session.document
        self.color.set_value(style.color, {"text": "#000000", **doc.colors})
        self.background.set_value(frame.background, doc.colors)
        page = self.session.frame_page(frame.id)
        info = self.session.layout.pages[page].frames.get(frame.id) if page is not None else None
        if info is None or not info.size:
            self.fit_info.setText(_("Empty frame: double-click it to type."))
        elif frame.autofit:
            self.fit_info.setText(ngettext("Fitted at {size} pt, {n} line",
                                           "Fitted at {size} pt, {n} lines", info.lines,
                                           size=QLocale().toString(float(info.size), "f", 1)))
        else:
            self.fit_info.setText(ngettext("{n} line", "{n} lines", info.lines))

    def _show_image(self, frame: ImageFrame) -> None:
        self.image_fit.setCurrentIndex(max(0, self.image_fit.findData(frame.fit)))
        if not frame.image:
            self.image_name.setText(_("none"))
            self.image_dpi.setText("")
            return
        self.image_name.setText(frame.image.removeprefix("images/"))
        item = next((it for it in self.session.layout.pages[self.session.page].items
                     if isinstance(it, ImageItem) and it.frame == frame.id), None)
        dpi = preflight.effective_dpi(item) if item is not None else None
        if item is None or dpi is None:
            self.image_dpi.setText(_("unreadable image"))
            self.image_dpi.setStyleSheet("color: #c0121f;")
            return
        px = preflight.image_pixels(item.data)
        text = _("{dpi} dpi at print size ({w} × {h} px)", dpi=round(dpi), w=px[0], h=px[1])
        low = dpi < preflight.needed_dpi(self.session.document)
        if low:
            text += "\n" + _("Too low for a sharp print: use a larger image.")
        self.image_dpi.setText(text)
        self.image_dpi.setStyleSheet("color: #c0121f;" if low else "")

    # ---- changing ----------------------------------------------------------------------

    def _current(self) -> Frame | None:
        if self._updating:
            return None
        return self.session.selected_frame()

    def _geometry_changed(self, key: str):
        def changed(value: float) -> None:
            frame = self._current()
            if frame is not None:
                new = replace(frame, **{key: round(value, 2)})  # type: ignore[arg-type]
                self.session.replace_frame(frame, new,
                                           label=N_("Move frame") if key in "xy" else
                                           N_("Resize frame"), merge=f"geometry-{key}")
        return changed

    def _frame_field(self, key: str, value: Any) -> None:
        frame = self._current()
        if frame is None or not hasattr(frame, key) or getattr(frame, key) == value:
            return
        new = replace(frame, **{key: value})
        if isinstance(new, TextFrame):
            if key == "min_size" and new.max_size < value:
                new = replace(new, max_size=value)
            if key == "max_size" and new.min_size > value:
                new = replace(new, min_size=value)
        self.session.replace_frame(frame, new, label=N_("Frame properties"), merge=f"field-{key}")

    def _style(self, **changes: Any) -> None:
        frame = self._current()
        if not isinstance(frame, TextFrame):
            return
        new = with_style(frame, **changes)
        key = next(iter(changes))
        self.session.replace_frame(frame, new, label=N_("Text style"), merge=f"style-{key}")

    def _color_chosen(self, value: str | None) -> None:
        if value:
            self._style(color=value)

    def _commit_qr(self) -> None:
        self._qr_timer.stop()
        frame = self.session.selected_frame()
        if isinstance(frame, QRFrame) and frame.content != self.qr_content.text():
            self.session.replace_frame(frame, replace(frame, content=self.qr_content.text()),
                                       label=N_("QR code content"), merge="qr-content")

    def _page_background(self, value: str | None) -> None:
        if self._updating:
            return
        index = self.session.page
        old = self.session.document.pages[index].background
        if old != value:
            self.session.push(SetPageBackground(index, old, value))

    def choose_image(self) -> None:
        frame = self.session.selected_frame()
        if not isinstance(frame, ImageFrame):
            return
        path = self.prompter.open_file(self, _("Choose an image"), str(Path.home()),
                                       _("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.set_image_file(frame, Path(path))

    def set_image_file(self, frame: ImageFrame, path: Path) -> bool:
        try:
            if path.stat().st_size > MAX_IMAGE_BYTES:
                raise ValueError(_("{name} is too large (at most 64 MB)", name=path.name))
            data = path.read_bytes()
            command = image_command(self.session.document, frame, data, path.name)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.prompter.error(self, _("Cannot use this image"), reason)
            return False
        if preflight.image_pixels(data) == (0, 0):
            self.prompter.error(self, _("Cannot use this image"),
                                _("{name} is damaged or not an image", name=path.name))
            return False
        self.session.push(command)
        return True
