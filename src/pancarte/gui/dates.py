"""Dates as the editor's language writes them: "25/05/2024" and "5 décembre 2026 à 23:58" in
French, "25 May 2024" and "5 December 2026 at 23:58" in English (never 12/5/2026, which reads
two ways)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QLocale

from pancarte.i18n import language


def ui_locale() -> QLocale:
    return QLocale(QLocale.Language.French, QLocale.Country.France) if language() == "fr" \
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def field_format() -> str:
    """The format a date field shows (and reads first)."""
    return "dd/MM/yyyy" if language() == "fr" else "d MMM yyyy"


def short_date(d: QDate) -> str:
    return ui_locale().toString(d, field_format())


def moment(when: datetime | float) -> str:
    """A date and time in words: "5 décembre 2026 à 23:58"."""
    from pancarte.i18n import _

    if not isinstance(when, datetime):
        when = datetime.fromtimestamp(when)
    qdt = QDateTime(QDate(when.year, when.month, when.day).startOfDay())
    day = ui_locale().toString(qdt.date(), "d MMMM yyyy")
    return _("{day} at {time}", day=day, time=f"{when.hour:02d}:{when.minute:02d}")
