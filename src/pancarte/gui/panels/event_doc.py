"""What the event panel does to a document, without widgets: the event's frames worded
(:func:`event_document`), the difference as one undo step (:func:`diff_command`), the QR
code's content, the fields parsed, the events found in the page's tracts."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date, time
from typing import Any

from PySide6.QtCore import QDate, QTime

from pancarte.event.model import Event
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
from pancarte.model.document import Document, QRFrame, TextFrame

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
