"""A date field the user types into as plain text ("12/06/2024", "12.6.24", "2024-06-12"),
with a calendar to pick from. Unlike QDateEdit it has no per-section typing: selecting the
whole text and typing a date replaces it, and a digit typed anywhere goes where the caret is."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from pancarte.gui.dates import ui_locale
from pancarte.i18n import _

# what people type, day first (French and English-outside-the-US alike), then ISO
_FORMATS = ("d/M/yyyy", "d.M.yyyy", "d-M-yyyy", "d M yyyy", "d/M/yy", "d.M.yy", "d-M-yy",
            "yyyy-M-d", "d/M", "d.M")


def parse_date(text: str, display_format: str = "", today: QDate | None = None) -> QDate | None:
    """The date ``text`` names, or None. A two-digit year is in this century; a missing
    year is this year."""
    text = " ".join(text.strip().split())
    if not text:
        return None
    today = today or QDate.currentDate()
    if display_format:
        d = ui_locale().toDate(text, display_format)
        if d.isValid():
            return d
    for fmt in _FORMATS:
        d = QDate.fromString(text, fmt)
        if not d.isValid():
            continue
        if "yyyy" not in fmt and "yy" in fmt:
            d = QDate(2000 + d.year() % 100, d.month(), d.day())
        elif "y" not in fmt:
            d = QDate(today.year(), d.month(), d.day())
        if d.isValid():
            return d
    return None


class DateField(QWidget):
    """``date()``, ``setDate()``, ``dateChanged`` like QDateEdit; the text is read when the
    user presses Enter or leaves the field (and whenever :meth:`date` is asked)."""

    dateChanged = Signal(QDate)  # noqa: N815 - the QDateEdit name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date = QDate.currentDate()
        self._format = "dd/MM/yyyy"
        self._min, self._max = QDate(1900, 1, 1), QDate(2200, 12, 31)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.edit = QLineEdit()
        self.edit.editingFinished.connect(self._commit)
        self.edit.textEdited.connect(lambda _t: self._mark(True))
        lay.addWidget(self.edit, 1)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self)
        act = QWidgetAction(menu)
        act.setDefaultWidget(self.calendar)
        menu.addAction(act)
        def picked(day) -> None:
            self.setDate(day)
            menu.close()

        self.calendar.clicked.connect(picked)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip(_("Choose in a calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(menu)
        menu.aboutToShow.connect(lambda: self.calendar.setSelectedDate(self.date()))
        lay.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self._show()

    # QDateEdit-compatible set-up
    def setDisplayFormat(self, fmt: str) -> None:  # noqa: N802
        self._format = fmt
        self._show()

    def displayFormat(self) -> str:  # noqa: N802
        return self._format

    def setCalendarPopup(self, _on: bool) -> None:  # noqa: N802
        pass

    def setDateRange(self, low: QDate, high: QDate) -> None:  # noqa: N802
        self._min, self._max = low, high
        self.calendar.setDateRange(low, high)

    def text(self) -> str:
        return self.edit.text()

    def lineEdit(self) -> QLineEdit:  # noqa: N802
        return self.edit

    def is_valid(self) -> bool:
        """Whether the text names a date in range."""
        d = parse_date(self.edit.text(), self._format)
        return d is not None and self._min <= d <= self._max

    def date(self) -> QDate:
        self._commit()
        return QDate(self._date)

    def setDate(self, d: QDate) -> None:  # noqa: N802
        if not d.isValid():
            return
        d = max(self._min, min(self._max, d))
        changed = d != self._date
        self._date = QDate(d)
        self._show()
        if changed:
            self.dateChanged.emit(QDate(d))

    def _show(self) -> None:
        self.edit.setText(ui_locale().toString(self._date, self._format))
        self._mark(False)

    def _mark(self, typing: bool) -> None:
        bad = typing and not self.is_valid()
        self.edit.setStyleSheet("QLineEdit { color: #c0121f; }" if bad else "")
        self.edit.setToolTip(_("Type a date, for example {example}",
                               example=ui_locale().toString(QDate(2024, 5, 25), self._format))
                             if bad else "")

    def _commit(self) -> None:
        d = parse_date(self.edit.text(), self._format)
        if d is None or not (self._min <= d <= self._max):
            return  # kept as typed (shown in red); the last good date stands
        if d != self._date:
            self.setDate(d)
        elif self.edit.text() != ui_locale().toString(d, self._format):
            self._show()
