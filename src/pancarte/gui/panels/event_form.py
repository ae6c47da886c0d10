"""The event panel's form: its tabs, groups and fields (the panel, in
:mod:`pancarte.gui.panels.event`, shows an event in them, reads them and acts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pancarte.event.model import MAX_TEXT
from pancarte.gui.datefield import DateField
from pancarte.gui.dates import field_format
from pancarte.gui.panels.event_doc import _REGIONS, MAX_QR_TEXT
from pancarte.i18n import _
from pancarte.model.document import QR_ECC

if TYPE_CHECKING:
    from collections.abc import Callable


# --------------------------------------------------------------------------------------------
# Widgets


class ZoneBox(QComboBox):
    """An editable list of time zones, filled on first use (reading them takes a moment)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        self._filled = False

    def fill(self) -> None:
        if self._filled:
            return
        self._filled = True
        from zoneinfo import available_timezones

        current = self.currentText()
        names = sorted(n for n in available_timezones() if n.split("/")[0] in _REGIONS)
        self.blockSignals(True)
        self.clear()
        self.addItems(["UTC", *names])
        self.setEditText(current)
        self.blockSignals(False)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)

    def showPopup(self) -> None:  # noqa: N802 - Qt override
        self.fill()
        super().showPopup()

    def focusInEvent(self, e) -> None:  # noqa: N802 - Qt override
        self.fill()
        super().focusInEvent(e)


def _row(*widgets: QWidget, stretch: bool = True) -> QWidget:
    w = QWidget()
    lay = QHBoxLayout(w)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(4)
    for x in widgets:
        lay.addWidget(x)
    if stretch:
        lay.addStretch(1)
    return w


class EventForm(QWidget):
    """The widgets of the event panel, built in three tabs: the event (when, where), its
    programme, what goes on the poster (wording, QR code)."""

    main: QVBoxLayout
    tabs: QTabWidget
    # the panel's actions the fields are wired to
    apply: Callable[[], bool]
    use_detected: Callable[..., bool]
    import_ics: Callable[[], bool]
    add_programme_row: Callable[..., int]
    remove_programme_row: Callable[[], None]
    _dates_changed: Callable[..., None]
    _start_moved: Callable[[QDate], None]
    _qr_content_changed: Callable[..., None]

    # ---- building ----------------------------------------------------------------------

    def _tab(self, title: str) -> QVBoxLayout:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.setSpacing(6)
        self.tabs.addTab(page, title)
        return lay

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setContentsMargins(6, 6, 6, 6)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.main.addWidget(box)
        return box, form

    def _combo(self, box: QComboBox | None = None) -> QComboBox:
        """A combo box as narrow as the dock: long items are elided, not widening it."""
        box = box or QComboBox()
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        box.currentIndexChanged.connect(lambda _i: box.setToolTip(box.currentText()))
        return box

    @staticmethod
    def _wide_popup(box: QComboBox) -> None:
        """The list opens as wide as its longest item, however narrow the box."""
        view = box.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)

    def _build_detected(self) -> None:
        self.detected_box = QGroupBox(_("Found in the text"))
        lay = QVBoxLayout(self.detected_box)
        self.detected = self._combo()
        self.detected.setToolTip(_("The dates, times and places written in the tracts of "
                                   "the page"))
        self.use_detected_button = QPushButton(_("Put on the page"))
        self.use_detected_button.setToolTip(_("Put this event on the poster: date, time, "
                                              "place, QR code (one step to undo)"))
        self.use_detected_button.clicked.connect(lambda: self.use_detected())
        lay.addWidget(self.detected)
        lay.addWidget(_row(self.use_detected_button))
        self.detected_box.hide()
        self.main.addWidget(self.detected_box)

    def _build_when(self) -> None:
        self.when_box, form = self._group(_("Event"))
        self.title = QLineEdit()
        self.title.setMaxLength(MAX_TEXT)
        self.title.setPlaceholderText(_("What is happening"))
        form.addRow(_("Title"), self.title)

        self.has_start = QCheckBox(_("Start"))
        self.has_start.setToolTip(_("Untick for an event without a date"))
        self.start_date = DateField()
        self.start_time = QTimeEdit()
        self.has_end = QCheckBox(_("End"))
        self.end_date = DateField()
        self.end_time = QTimeEdit()
        day_format = field_format()  # 25/05/2024; 25 May 2024
        for d in (self.start_date, self.end_date):
            d.setDisplayFormat(day_format)
            d.setCalendarPopup(True)
            d.setDateRange(QDate(1900, 1, 1), QDate(2200, 12, 31))
        for t in (self.start_time, self.end_time):
            t.setDisplayFormat("HH:mm")
        form.addRow(self.has_start, _row(self.start_date, self.start_time))
        form.addRow(self.has_end, _row(self.end_date, self.end_time))
        self.all_day = QCheckBox(_("All day"))
        self.all_day.setToolTip(_("Dates only: the end is the last day of the event"))
        form.addRow("", self.all_day)
        self.zone = self._combo(ZoneBox())
        self.zone.setToolTip(_("The times are those of this zone (the place’s)"))
        self.zone_label = QLabel(_("Time zone"))
        form.addRow(self.zone_label, self.zone)
        self.url = QLineEdit()
        self.url.setMaxLength(MAX_TEXT)
        self.url.setPlaceholderText("https://…")
        form.addRow(_("Web address"), self.url)

        for box in (self.title, self.url):
            box.returnPressed.connect(lambda: self.apply())  # Enter applies, as the button
        self.has_start.toggled.connect(self._dates_changed)
        self.has_end.toggled.connect(self._dates_changed)
        self.all_day.toggled.connect(self._dates_changed)
        self.start_date.dateChanged.connect(self._start_moved)

    def _build_where(self) -> None:
        self.where_box, form = self._group(_("Where"))
        self.place = QLineEdit()
        self.place.setMaxLength(MAX_TEXT)
        self.place.setPlaceholderText(_("Name of the place"))
        form.addRow(_("Place"), self.place)
        self.address = QLineEdit()
        self.address.setMaxLength(MAX_TEXT)
        self.address.setPlaceholderText(_("Street, town"))
        form.addRow(_("Address"), self.address)
        for box in (self.place, self.address):
            box.returnPressed.connect(lambda: self.apply())
        self.lat = QLineEdit()
        self.lat.setPlaceholderText(_("latitude"))
        self.lon = QLineEdit()
        self.lon.setPlaceholderText(_("longitude"))
        for box in (self.lat, self.lon):
            box.setMaxLength(24)
            box.setToolTip(_("Optional: degrees, for example 48.1147 and -1.6694"))
        form.addRow(_("Coordinates"), _row(self.lat, self.lon, stretch=False))

    def _build_programme(self) -> None:
        self.programme_box = QGroupBox(_("Programme"))
        lay = QVBoxLayout(self.programme_box)
        self.programme = QTableWidget(0, 2)
        self.programme.setHorizontalHeaderLabels([_("Time"), _("What")])
        self.programme.verticalHeader().setVisible(False)
        header = self.programme.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.programme.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.programme.setMinimumHeight(110)
        self.programme.setToolTip(_("One line per moment: a time (14:30) and what happens"))
        lay.addWidget(self.programme)
        self.add_row_button = QToolButton()
        self.add_row_button.setText("+")
        self.add_row_button.setToolTip(_("Add a line"))
        self.add_row_button.clicked.connect(lambda: self.add_programme_row())
        self.remove_row_button = QToolButton()
        self.remove_row_button.setText("−")
        self.remove_row_button.setToolTip(_("Remove the selected line"))
        self.remove_row_button.clicked.connect(self.remove_programme_row)
        lay.addWidget(_row(self.add_row_button, self.remove_row_button))
        self.main.addWidget(self.programme_box)

    def _build_qr(self) -> None:
        self.poster_box, form = self._group(_("On the poster"))
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: room
        self.style_box = self._combo()
        self.style_box.addItem(_("Long (1 PM – 6 PM)"), "long")
        self.style_box.addItem(_("Compact (1pm–6pm)"), "compact")
        form.addRow(_("Wording"), self.style_box)
        self.qr_content = self._combo()
        for value, text in (("url", _("The event’s web address")),
                            ("event", _("The event (calendar entry, works offline)")),
                            ("geo", _("The place on a map")),
                            ("text", _("A text of your own")),
                            ("none", _("Nothing (empty code)"))):
            self.qr_content.addItem(text, value)
        self.qr_content.currentIndexChanged.connect(self._qr_content_changed)
        self._wide_popup(self.qr_content)
        self._wide_popup(self.style_box)
        self.qr_content_label = QLabel(_("QR code"))
        form.addRow(self.qr_content_label, self.qr_content)
        self.qr_text = QLineEdit()
        self.qr_text.setMaxLength(MAX_QR_TEXT)
        self.qr_text.setPlaceholderText(_("Text, or mailto:address"))
        self.qr_text_label = QLabel(_("Text"))
        form.addRow(self.qr_text_label, self.qr_text)
        self.qr_ecc = self._combo()
        for level, text in zip(QR_ECC, (_("Low (7 %)"), _("Medium (15 %)"),
                                        _("Quartile (25 %)"), _("High (30 %)")), strict=True):
            self.qr_ecc.addItem(text, level)
        self.qr_ecc_label = QLabel(_("Error correction"))
        form.addRow(self.qr_ecc_label, self.qr_ecc)
        self.qr_caption = QCheckBox(_("Short web address under the code"))
        form.addRow(self.qr_caption)
        self.qr_info = QLabel()
        self.qr_info.setWordWrap(True)
        self.qr_info.setStyleSheet("color: #c0121f;")
        form.addRow(self.qr_info)

    def _build_buttons(self) -> QWidget:
        bar = QWidget()
        lay = QHBoxLayout(bar)
        lay.setContentsMargins(8, 6, 8, 8)
        self.import_button = QPushButton(_("Import a .ics…"))
        self.import_button.setToolTip(_("Take the event from a calendar file (Mobilizon, "
                                        "Framagenda, Démosphère, Nextcloud…)"))
        self.import_button.clicked.connect(lambda: self.import_ics())
        self.apply_button = QPushButton(_("Apply to the page"))
        self.apply_button.setToolTip(_("Put the event on the poster: title, date and place, "
                                       "programme, QR code (one step to undo)"))
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(lambda: self.apply())
        lay.addWidget(self.import_button)
        lay.addStretch(1)
        lay.addWidget(self.apply_button)
        return bar
