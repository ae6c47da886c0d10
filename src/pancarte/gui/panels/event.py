"""The event panel: what the CLI's ``--when``, ``--where``, ``--event-title``, ``--event-url``,
``--geo``, ``--event`` and ``--qr-*`` flags do, as a form.

The user types the event (or imports it from a .ics file), chooses the wording and what the QR
code holds, then “Apply to the page”: the event core words the event into the template's frames
(:func:`~pancarte.event.fill.fill_event`), fills the QR code
(:func:`~pancarte.event.qr.set_event_qr`) and stores the event in ``Document.event``. The
difference between the document before and after becomes one undo step
(:func:`diff_command`). The panel shows the document's event when a document is opened and
whenever an undo or redo changes it. The form's widgets are built in :mod:`.event_form`; what
the panel does to a document, without widgets, is in :mod:`.event_doc`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pancarte.event.errors import EventError
from pancarte.event.model import MAX_PROGRAMME, MAX_TEXT, Event, ProgrammeItem
from pancarte.event.zones import system_zone, zone, zone_name
from pancarte.gui import preflight
from pancarte.gui.dates import short_date
from pancarte.gui.panels.event_doc import (
    STYLES,
    _degrees,
    _pydate,
    _pytime,
    _qdate,
    _texts,
    caption_has_room,
    detected_events,
    diff_command,
    document_tract_ids,
    event_document,
    event_summary,
    parse_clock,
    parse_degrees,
    qr_content_of,
)
from pancarte.gui.panels.event_form import EventForm
from pancarte.gui.prompts import Prompter
from pancarte.gui.session import DocumentSession
from pancarte.i18n import _, language
from pancarte.model.document import Document

QR_TAB = 2  # the tab of the wording and the QR code


class EventPanel(EventForm):
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
        session.checks_changed.connect(self._show_qr_state)
        self.load_document()


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
        # the findings as last checked (the preflight runs when the edits pause, then again here)
        problems = [f for f in self.session.shown_checks()
                    if f.frame == found[1].id and f.code.startswith("qr-")]
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
