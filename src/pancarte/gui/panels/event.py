"""The event panel: what the CLI's ``--when``, ``--where``, ``--event-title``, ``--event-url``,
``--geo``, ``--event`` and ``--qr-*`` flags do, as a form.

The user types the event (or imports it from a .ics file), chooses the wording and what the QR
code holds, then “Apply to the page”: the event core words the event into the template's frames
(:func:`~pancarte.event.fill.fill_event`), fills the QR code
(:func:`~pancarte.event.qr.set_event_qr`) and stores the event in ``Document.event``. The
difference between the document before and after becomes one undo step
(:func:`diff_command`). The panel shows the document's event when a document is opened and
whenever an undo or redo changes it.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime, Signal
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
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pancarte.event.errors import EventError
from pancarte.event.model import MAX_PROGRAMME, MAX_TEXT, Event, ProgrammeItem
from pancarte.event.zones import system_zone, zone, zone_name
from pancarte.gui import preflight
from pancarte.gui.datefield import DateField
from pancarte.gui.dates import field_format, short_date
from pancarte.gui.prompts import Prompter
from pancarte.gui.session import DocumentSession
from pancarte.i18n import N_, _, language
from pancarte.model.commands import (
    AddFrame,
    Command,
    CommandError,
    Composite,
    RemoveFrame,
    ReplaceFrame,
    SetDocument,
)
from pancarte.model.document import QR_ECC, Document, QRFrame, TextFrame

QR_CONTENTS = ("url", "event", "geo", "text", "none")
STYLES = ("long", "compact")
MAX_QR_TEXT = 4000  # the QR frame's content limit (pancarte.event.qr.MAX_PAYLOAD)
APPLY_LABEL = N_("Apply the event")  # the Undo menu's name for the step (a msgid)
_REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia",
            "Europe", "Indian", "Pacific")
_CLOCK = re.compile(r"\s*([01]?\d|2[0-3])\s*(?:[:hH.]\s*([0-5]\d)?)?\s*")
_NUMBER = re.compile(r"\s*[-+−]?\d{1,3}(?:[.,]\d+)?\s*")


# --------------------------------------------------------------------------------------------
# Without widgets: the new document and the undo step


def event_document(doc: Document, event: Event, *, style: str = "long",
                   content: str | None = None, text: str | None = None,
                   ecc: str | None = None, caption: bool = False,
                   replace_title: bool | None = None) -> tuple[Document, list[str]]:
    """``doc`` with ``event`` on it, as ``compose`` with the event flags makes it: the event
    worded in the frames (``style``), the QR code holding ``content`` (None: unchanged) at
    ``ecc`` with a caption under it or none, ``Document.event`` set. Returns the document and
    the warnings; raises EventError when the QR code's content cannot be made or fit."""
    from pancarte.event.fill import fill_event
    from pancarte.event.qr import qr_frame, remove_caption, set_event_qr

    notes: list[str] = []
    if not caption:
        doc = remove_caption(doc)  # the caption's frame goes, the code gets its height back
    doc, filled = fill_event(doc, event, style=style, replace_title=replace_title)
    notes += filled
    if qr_frame(doc) is not None:
        doc, qr_notes = set_event_qr(doc, event, content, text=text, ecc=ecc,
                                     caption="" if caption else None)
        notes += qr_notes
    return doc, notes


def diff_command(old: Document, new: Document, label: str = APPLY_LABEL) -> Command | None:
    """One command that turns ``old`` into ``new`` (None when they are equal): a ReplaceFrame
    for every frame that changed, RemoveFrame and AddFrame for frames that went or came, and
    a SetDocument for the document's own fields (the event, the title…). Raises ValueError
    when ``new`` differs in a way no command expresses (pages added or removed)."""
    if old == new:
        return None
    if len(old.pages) != len(new.pages):
        raise ValueError("the pages changed")
    commands: list[Command] = []
    for index, (a, b) in enumerate(zip(old.pages, new.pages, strict=True)):
        if a == b:
            continue
        if replace(a, frames=b.frames) != b:
            raise ValueError(f"page {index + 1} changed beyond its frames")
        commands += _frame_commands(index, a.frames, b.frames)
    changed = {f.name: getattr(new, f.name) for f in fields(Document)
               if f.name != "pages" and getattr(old, f.name) != getattr(new, f.name)}
    if changed:
        try:
            commands.append(SetDocument.of(old, label, **changed))
        except CommandError as exc:
            raise ValueError(f"the document changed beyond its properties: {exc}") from None
    command = Composite(tuple(commands), label=label)
    if command.apply(old) != new:  # the frames moved in the stacking order: rebuild the pages
        commands = [c for c in commands if isinstance(c, SetDocument)]
        for index, (a, b) in enumerate(zip(old.pages, new.pages, strict=True)):
            if a != b:
                commands[:0] = _rebuild_commands(index, a.frames, b.frames)
        command = Composite(tuple(commands), label=label)
        if command.apply(old) != new:
            raise ValueError("the change cannot be expressed as commands")
    return command


def _frame_commands(page: int, old: tuple, new: tuple) -> list[Command]:
    before = {f.id: f for f in old}
    after = {f.id for f in new}
    out: list[Command] = [ReplaceFrame(page, before[f.id], f, label=APPLY_LABEL)
                          for f in new if f.id in before and before[f.id] != f]
    # removed from the last to the first, added from the first to the last: every index
    # holds when the frames that stay keep their order
    out += [RemoveFrame(page, f, i) for i, f in reversed(list(enumerate(old)))
            if f.id not in after]
    out += [AddFrame(page, f, i) for i, f in enumerate(new) if f.id not in before]
    return out


def _rebuild_commands(page: int, old: tuple, new: tuple) -> list[Command]:
    out: list[Command] = [RemoveFrame(page, f, i) for i, f in reversed(list(enumerate(old)))]
    out += [AddFrame(page, f, i) for i, f in enumerate(new)]
    return out


def caption_has_room(doc: Document, frame: QRFrame) -> bool:
    """Whether the QR frame can give a line to a caption: the code, made smaller for it,
    still holds a short web address a phone reads from the template's scan distance."""
    from pancarte.event.qr import caption_geometry, measure

    g = caption_geometry(frame)
    side = min(frame.w, g.code[3])
    check = measure("https://exemple.org/rendez-vous", "M", side, doc.scan_distance)
    return not check.dense and g.size >= 6


def qr_content_of(frame: QRFrame, event: Event | None) -> tuple[str, str]:
    """What a QR frame holds, as the panel names it (``url``, ``event``, ``geo``, ``text``,
    ``none``), and the text for ``text``."""
    content = frame.content
    if not content:
        return "none", ""
    if event is not None and event.url and content == event.url:
        return "url", ""
    if content.startswith("BEGIN:VEVENT"):
        return "event", ""
    if content.startswith("geo:"):
        return "geo", ""
    return "text", content


def parse_clock(text: str) -> time | None:
    """``14:30``, ``14 h 30``, ``14h``, ``9`` (None for an empty cell); ValueError else."""
    if not text.strip():
        return None
    m = _CLOCK.fullmatch(text)
    if not m:
        raise ValueError(text)
    return time(int(m.group(1)), int(m.group(2) or 0))


def parse_degrees(lat: str, lon: str) -> tuple[float, float] | None:
    """Latitude and longitude typed in two fields (decimal comma or point); None when both
    are empty; ValueError when one is missing or out of range."""
    if not lat.strip() and not lon.strip():
        return None
    if not (_NUMBER.fullmatch(lat) and _NUMBER.fullmatch(lon)):
        raise ValueError((lat, lon))
    a, b = (float(x.strip().replace(",", ".").replace("−", "-")) for x in (lat, lon))
    if not (-90 <= a <= 90 and -180 <= b <= 180):
        raise ValueError((lat, lon))
    return a, b


def _degrees(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


def _pytime(t: QTime) -> time:
    return time(t.hour(), t.minute())


def _texts(doc: Document, name: str) -> list[str] | None:
    for _page, frame in doc.frames_named(name):
        if isinstance(frame, TextFrame):
            return [p.text for p in frame.paragraphs]
    return None


def document_tract_ids(doc: Document) -> list[str]:
    """The tracts the document's paragraphs were copied from (``Paragraph.source``), in the
    order they first appear."""
    out: list[str] = []
    for page in doc.pages:
        for frame in page.frames:
            if not isinstance(frame, TextFrame):
                continue
            for p in frame.paragraphs:
                source = p.source if isinstance(p.source, dict) else None
                tid = source.get("tract") if source else None
                if isinstance(tid, str) and tid not in out:
                    out.append(tid)
    return out


def detected_events(doc: Document, find_tract: Any) -> list[tuple[Any, str | None]]:
    """The events found in the text of the document's tracts, best first within each tract,
    with the tract's web address: ``(FoundEvent, url)`` pairs. ``find_tract(id)`` returns
    the tract or None (no library, a tract removed since)."""
    from pancarte.event.detect import tract_events, tract_url

    out: list[tuple[Any, str | None]] = []
    seen: set[Any] = set()
    for tid in document_tract_ids(doc):
        tract = find_tract(tid)
        if tract is None:
            continue
        url = tract_url(tract)
        for found in tract_events(tract):
            key = (found.start, found.end, found.place)
            if key not in seen:
                seen.add(key)
                out.append((found, url))
    return out


def event_summary(event: Event) -> str:
    """One line for the chooser: title, date and time in the user's language."""
    from pancarte.event.wording import when_lines

    title = event.title or _("(untitled event)")
    when = ", ".join(when_lines(event, language(), "compact"))
    return f"{title} — {when}" if when else title


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


QR_TAB = 2  # the tab of the wording and the QR code


class EventPanel(QWidget):
    """The “Event” dock: the event's fields, the wording, the QR code, Import and Apply."""

    message = Signal(str)  # warnings and news for the status bar
    applied = Signal()  # the form's event went onto the page

    def __init__(self, session: DocumentSession, prompter: Prompter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.prompter = prompter
        self._updating = False
        self._base = Event()  # the fields the form does not show (organiser, UID…) come along
        self._shown: Any = object()  # the Document.event the form was loaded from
        self._start_day = date.today()
        self._foreign_zone: tuple[str, tzinfo] | None = None
        self._shown_lines: list[str] | None = None  # the event frame's text the box matches
        # the library's tracts by id (set by the main window); None: no detected events
        self.find_tract: Any = None
        self._detected_for: tuple[str, ...] | None = None
        self._detected: list[tuple[Any, str | None]] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(6, 6, 6, 6)
        column.setSpacing(6)
        # three tabs (the event, its programme, what goes on the poster): the panel fits a
        # 1366 × 768 screen with its warnings, no scrolling
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.main = column
        self._build_detected()
        self.main = self._tab(_("Event"))
        self._build_when()
        self._build_where()
        self.main.addStretch(1)
        self.main = self._tab(_("Programme"))
        self._build_programme()
        self.main = self._tab(_("On the poster"))
        self._build_qr()
        self.main.addStretch(1)
        for box in (self.when_box, self.programme_box, self.poster_box):
            box.setTitle("")  # their tab says it
        column.addWidget(self.tabs)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #9a5b00;")
        column.addWidget(self.notes)
        column.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        outer.addWidget(self._build_buttons())
        self.setMinimumWidth(320)  # the dates and times side by side

        session.replaced.connect(self.load_document)
        session.changed.connect(self._document_changed)
        self.load_document()

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

    def refresh_detected(self, force: bool = False) -> None:
        """List the events found in the text of the page's tracts (looked up again only
        when the set of tracts changes, or ``force``)."""
        if self.find_tract is None:
            self.detected_box.hide()
            return
        doc = self.session.document
        ids = tuple(document_tract_ids(doc))
        if ids == self._detected_for and not force:
            return
        self._detected_for = ids

        def lookup(tid: str) -> Any:
            from pancarte.library.errors import LibraryError

            try:
                return self.find_tract(tid)
            except (LibraryError, OSError):
                return None

        self._detected = detected_events(doc, lookup) if ids else []
        lang = "en" if language().startswith("en") else "fr"
        self.detected.blockSignals(True)
        self.detected.clear()
        for found, _url in self._detected:
            self.detected.addItem(found.describe(lang))
            self.detected.setItemData(self.detected.count() - 1, found.text,
                                      Qt.ItemDataRole.ToolTipRole)
        self.detected.blockSignals(False)
        if self._detected:
            self.detected.setCurrentIndex(0)
            self.detected.setToolTip(self._detected[0][0].text)
            self._wide_popup(self.detected)
        self.detected_box.setVisible(bool(self._detected))

    def use_detected(self, index: int | None = None) -> bool:
        """Put the event found in the text (the chosen one, or ``index``) on the page, as one
        undo step, the form showing it."""
        i = self.detected.currentIndex() if index is None else index
        if not 0 <= i < len(self._detected):
            return False
        found, url = self._detected[i]
        try:
            event = found.to_event(self._zone())
        except EventError:
            event = found.to_event(system_zone())
        if url:
            event = replace(event, url=url)
        self.show_event(event)
        from pancarte.event.qr import default_content

        content = default_content(event) or "none"
        self.qr_content.setCurrentIndex(max(0, self.qr_content.findData(content)))
        self._qr_content_changed()
        return self.apply()

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

    # ---- showing -----------------------------------------------------------------------

    def load_document(self) -> None:
        """Show the document's event (an empty form when it has none)."""
        doc = self.session.document
        self._shown = doc.event
        event: Event | None = None
        note = ""
        if doc.event is not None:
            try:
                event = Event.from_dict(doc.event)
            except EventError as exc:
                note = str(exc)
        self.show_event(event)
        self._show_style(doc, event)
        self._show_qr(doc, event)
        self.notes.setText(note)
        self.refresh_detected()

    def show_event(self, event: Event | None) -> None:
        """Fill the form from ``event``; None empties it."""
        self._updating = True
        try:
            self._show_event(event or Event())
        finally:
            self._updating = False
        self._dates_changed()

    def _show_event(self, event: Event) -> None:
        self._base = event
        self.title.setText(event.title)
        self.place.setText(event.place)
        self.address.setText(event.address)
        self.url.setText(event.url)
        for box in (self.title, self.place, self.address, self.url):
            box.setCursorPosition(0)  # a long text shows its beginning
        if event.geo is not None:
            self.lat.setText(_degrees(event.geo[0]))
            self.lon.setText(_degrees(event.geo[1]))
        else:
            self.lat.clear()
            self.lon.clear()
        self._set_zone(event.zone)
        start, end = event.start, event.end
        self.has_start.setChecked(start is not None or event == Event())
        self.all_day.setChecked(event.all_day)
        if start is None:  # an empty form: today, in the afternoon
            first = date.today()
            self.start_date.setDate(_qdate(first))
            self.start_time.setTime(QTime(14, 0))
            self.end_date.setDate(_qdate(first))
            self.end_time.setTime(QTime(18, 0))
            self.has_end.setChecked(event == Event())
        elif isinstance(start, datetime):
            self.start_date.setDate(_qdate(start.date()))
            self.start_time.setTime(QTime(start.hour, start.minute))
            stop = end.astimezone(start.tzinfo) if isinstance(end, datetime) else start
            self.end_date.setDate(_qdate(stop.date()))
            self.end_time.setTime(QTime(stop.hour, stop.minute))
            self.has_end.setChecked(end is not None)
        else:
            self.start_date.setDate(_qdate(start))
            self.end_date.setDate(_qdate(end if isinstance(end, date) else start))
            self.start_time.setTime(QTime(14, 0))
            self.end_time.setTime(QTime(18, 0))
            self.has_end.setChecked(end is not None)
        self._start_day = _pydate(self.start_date.date())
        self.programme.setRowCount(0)
        for item in event.programme:
            self.add_programme_row(item.time.strftime("%H:%M") if item.time else "", item.label)

    def _set_zone(self, tz: tzinfo | None) -> None:
        name = zone_name(tz) if tz is not None else ""
        self._foreign_zone = None
        if tz is not None and not name:  # a fixed offset from a stored file: keep it as is
            label = str(tz)
            self._foreign_zone = (label, tz)
            name = label
        self.zone.setEditText(name or system_zone().key)

    def _show_style(self, doc: Document, event: Event | None) -> None:
        style = "long"
        shown = _texts(doc, "event")
        self._shown_lines = shown
        if event is not None and shown:
            from pancarte.event.fill import event_paragraphs

            for candidate in STYLES:
                wording = [p.text for p in event_paragraphs(event, doc.settings.lang, candidate)]
                if shown == wording:
                    style = candidate
                    break
        self.style_box.setCurrentIndex(max(0, self.style_box.findData(style)))

    def _show_qr(self, doc: Document, event: Event | None) -> None:
        from pancarte.event.qr import caption_frame_id, qr_frame

        found = qr_frame(doc)
        if found is None:
            content, text, ecc, caption = "none", "", "M", False
        else:
            frame = found[1]
            content, text = qr_content_of(frame, event) if event is not None else ("url", "")
            ecc = frame.ecc
            caption = bool(frame.caption) or doc.find_frame(caption_frame_id(frame)) is not None
            if doc.event is None and not caption:  # a new event: a caption where it fits
                caption = caption_has_room(doc, frame)
        self.qr_content.setCurrentIndex(max(0, self.qr_content.findData(content)))
        self.qr_text.setText(text)
        self.qr_ecc.setCurrentIndex(max(0, self.qr_ecc.findData(ecc)))
        self.qr_caption.setChecked(caption)
        self._qr_content_changed()
        self._show_qr_state()

    def _show_qr_state(self) -> None:
        """Whether the page has a QR code, and what the preflight says about it."""
        from pancarte.event.qr import qr_frame

        found = qr_frame(self.session.document)
        for w in (self.qr_content, self.qr_text, self.qr_ecc, self.qr_caption):
            w.setEnabled(found is not None)
        if found is None:
            self.qr_info.setText(_("This template has no QR code frame."))
            self.qr_info.setStyleSheet("color: palette(dark);")
            return
        problems = [f for f in self.session.findings_for(found[1].id)
                    if f.code.startswith("qr-")]
        self.qr_info.setStyleSheet("color: #c0121f;")
        self.qr_info.setText("\n".join("⚠ " + preflight.describe(f, self.session.document)
                                       for f in preflight.ordered(problems)))
        # a warning about the code shows on its tab, whichever tab is open
        self.tabs.setTabText(QR_TAB, ("⚠ " if problems else "") + _("On the poster"))

    def _document_changed(self) -> None:
        doc = self.session.document
        if doc.event != self._shown:  # an undo, a redo, another edit
            self.load_document()
            return
        if _texts(doc, "event") != self._shown_lines:  # the wording changed (undo of a re-apply)
            try:
                event = Event.from_dict(doc.event) if doc.event is not None else None
            except EventError:
                event = None
            self._show_style(doc, event)
        self._show_qr_state()
        self.refresh_detected()

    def _dates_changed(self, *_args) -> None:
        has_start = self.has_start.isChecked()
        timed = not self.all_day.isChecked()
        self.has_end.setEnabled(has_start)
        self.all_day.setEnabled(has_start)
        self.start_date.setEnabled(has_start)
        self.start_time.setEnabled(has_start)
        has_end = has_start and self.has_end.isChecked()
        self.end_date.setEnabled(has_end)
        self.end_time.setEnabled(has_end)
        for w in (self.start_time, self.end_time):
            w.setVisible(timed)
        self.zone.setEnabled(has_start and timed)
        self.zone_label.setEnabled(has_start and timed)

    def _start_moved(self, qdate: QDate) -> None:
        """The end follows the start's date, keeping the event's length in days."""
        new = _pydate(qdate)
        if not self._updating:
            shift = new.toordinal() - self._start_day.toordinal()
            end = _pydate(self.end_date.date())
            try:
                self.end_date.setDate(_qdate(date.fromordinal(end.toordinal() + shift)))
            except (ValueError, OverflowError):
                pass
        self._start_day = new

    def _qr_content_changed(self, *_args) -> None:
        text = self.qr_content.currentData() == "text"
        self.qr_text.setVisible(text)
        self.qr_text_label.setVisible(text)

    def add_programme_row(self, at: str = "", label: str = "") -> int:
        row = self.programme.rowCount()
        self.programme.insertRow(row)
        self.programme.setItem(row, 0, QTableWidgetItem(at))
        self.programme.setItem(row, 1, QTableWidgetItem(label))
        if not self._updating:
            self.programme.setCurrentCell(row, 0)
        return row

    def remove_programme_row(self) -> None:
        rows = sorted({i.row() for i in self.programme.selectedIndexes()}, reverse=True)
        if not rows and self.programme.currentRow() >= 0:
            rows = [self.programme.currentRow()]
        for row in rows:
            self.programme.removeRow(row)

    # ---- reading the form --------------------------------------------------------------

    def _zone(self) -> tzinfo:
        name = self.zone.currentText().strip()
        if self._foreign_zone is not None and name == self._foreign_zone[0]:
            return self._foreign_zone[1]
        found = zone(name)
        if found is None:
            raise EventError(_("Unknown time zone: {name} (for example Europe/Paris)",
                               name=name[:80]))
        return found

    def form_event(self) -> Event:
        """The event the form describes; EventError (in the user's words) when a field is
        wrong."""
        start: date | datetime | None = None
        end: date | datetime | None = None
        if self.has_start.isChecked():
            for field in (self.start_date, self.end_date):
                if field.isEnabled() and not field.is_valid():
                    raise EventError(_("Cannot read the date “{text}” (for example {example})",
                                       text=field.text()[:40],
                                       example=short_date(QDate(2024, 5, 25))))
            first = _pydate(self.start_date.date())
            last = _pydate(self.end_date.date())
            if self.all_day.isChecked():
                start = first
                if self.has_end.isChecked() and last != first:
                    end = last
            else:
                tz = self._zone()
                start = datetime.combine(first, _pytime(self.start_time.time()), tzinfo=tz)
                if self.has_end.isChecked():
                    end = datetime.combine(last, _pytime(self.end_time.time()), tzinfo=tz)
        url = self.url.text().strip()
        if url:
            from pancarte.event.typed import parse_url

            try:
                url = parse_url(url)
            except EventError:
                raise EventError(_("Not a web address: {url}", url=url[:80])) from None
        try:
            geo = parse_degrees(self.lat.text(), self.lon.text())
        except ValueError:
            raise EventError(_("Coordinates: give the latitude (-90 to 90) and the longitude "
                               "(-180 to 180) in degrees, for example 48.1147 and "
                               "-1.6694")) from None
        return replace(self._base,
                       title=" ".join(self.title.text().split())[:MAX_TEXT],
                       start=start, end=end,
                       place=" ".join(self.place.text().split())[:MAX_TEXT],
                       address=" ".join(self.address.text().split())[:MAX_TEXT],
                       url=url, geo=geo, programme=self._programme())

    def _programme(self) -> tuple[ProgrammeItem, ...]:
        items = []
        for row in range(self.programme.rowCount()):
            cells = [self.programme.item(row, c) for c in (0, 1)]
            at_text, label = (" ".join(c.text().split()) if c is not None else ""
                              for c in cells)
            if not at_text and not label:
                continue
            try:
                at = parse_clock(at_text)
            except ValueError:
                raise EventError(_("Programme, line {n}: cannot read the time “{time}” (for "
                                   "example 14:30)", n=row + 1, time=at_text[:20])) from None
            if not label:
                raise EventError(_("Programme, line {n}: say what happens at {time}",
                                   n=row + 1, time=at_text))
            items.append(ProgrammeItem(label[:MAX_TEXT], at))
        if len(items) > MAX_PROGRAMME:
            raise EventError(_("The programme has too many lines (at most {n})",
                               n=MAX_PROGRAMME))
        return tuple(items)

    def _qr_choice(self, event: Event) -> tuple[str | None, str | None, str | None]:
        """Content, text and error correction for the QR code; EventError when the content
        chosen needs something the event lacks."""
        from pancarte.event.qr import qr_frame

        if qr_frame(self.session.document) is None:
            return None, None, None
        content = str(self.qr_content.currentData())
        text = self.qr_text.text().strip()
        if content == "url" and not event.url:
            raise EventError(_("The QR code should hold the event’s web address, but it has "
                               "none: type it, or choose what else the code holds."))
        if content == "geo" and event.geo is None:
            raise EventError(_("The QR code should hold the place on a map, but there are no "
                               "coordinates: type them, or choose what else the code holds."))
        if content == "event" and event.start is None:
            raise EventError(_("The QR code should hold the event, but it has no date: give "
                               "it one, or choose what else the code holds."))
        if content == "text" and not text:
            raise EventError(_("Type the text the QR code holds."))
        return content, text or None, str(self.qr_ecc.currentData())

    # ---- acting ------------------------------------------------------------------------

    def apply(self) -> bool:
        """Put the form's event on the document as one undo step; False (after telling the
        user why) when it cannot be done."""
        doc = self.session.document
        try:
            event = self.form_event()
            if event == Event():
                raise EventError(_("The event is empty: give it a title, a date or a place."))
            content, text, ecc = self._qr_choice(event)
            new, notes = event_document(
                doc, event, style=str(self.style_box.currentData()), content=content,
                text=text, ecc=ecc, caption=self.qr_caption.isChecked(),
                replace_title=self._replace_title(doc))
        except EventError as exc:
            self.prompter.error(self, _("Cannot apply the event"), str(exc))
            return False
        command = diff_command(doc, new)
        if command is None:
            self._tell(_("Nothing to change: the page already shows this event."), notes)
            return True
        self._shown = new.event
        self._base = event
        self.session.push(command)
        self._tell(_("The event is on the page."), notes)
        self.applied.emit()
        return True

    def _replace_title(self, doc: Document) -> bool | None:
        """True when the title frame still shows the event applied before (its new title
        replaces it); None lets fill_event decide (an empty or sample title gives way)."""
        old = (doc.event or {}).get("title") if isinstance(doc.event, dict) else None
        return True if old and _texts(doc, "title") == [old] else None

    def _tell(self, news: str, notes: list[str]) -> None:
        self.notes.setText("\n".join("⚠ " + n for n in notes))
        self.message.emit("  ".join([news, *notes]))

    def import_ics(self) -> bool:
        """Ask for a calendar file and show its event (the user's choice when it holds
        several) in the form, to check before applying."""
        from pancarte.event.ical import read_ics

        start = str(self.session.path.parent) if self.session.path else str(Path.home())
        path = self.prompter.open_file(
            self, _("Import an event"), start,
            _("Calendar files (*.ics *.ical)") + ";;" + _("All files (*)"))
        if not path:
            return False
        try:
            ics = read_ics(path)
            index = 1
            if len(ics.events) > 1:
                picked = self.prompter.choose(
                    self, _("Import an event"),
                    _("The file holds {count} events. Which one does the poster announce?",
                      count=len(ics.events)),
                    [f"{i}. {event_summary(e)}" for i, e in enumerate(ics.events, 1)])
                if picked is None:
                    return False
                index = picked + 1
            event, notes = ics.pick(index=index)
        except EventError as exc:
            reason = str(exc)
            if Path(path).name not in reason:  # say which file the reason is about
                reason = (_("The calendar file “{name}” cannot be used.", name=Path(path).name)
                          + "\n\n" + reason)
            self.prompter.error(self, _("Cannot import the event"), reason)
            return False
        self.show_event(event)
        from pancarte.event.qr import default_content

        content = default_content(event) or "none"
        self.qr_content.setCurrentIndex(max(0, self.qr_content.findData(content)))
        self._tell(_("Event imported from {name}: check it, then click “Apply to the page”.",
                     name=Path(path).name), notes)
        return True
