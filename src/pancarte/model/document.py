"""The document model: Document → pages → frames (:mod:`pancarte.model.frames`) → content.
Plain data, no Qt, no ReportLab.

Lengths are millimetres from the top-left corner of the trim box; font sizes are points.
``to_dict``/``from_dict`` give the JSON form stored in ``document.json``, derived from the
dataclasses' fields (:mod:`pancarte.model.stored`); ``from_dict`` validates every field and
raises :class:`~pancarte.errors.DocumentError` on anything off, so a hostile or damaged file
never reaches the layout engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pancarte.model.stored as read
from pancarte.errors import DocumentError
from pancarte.i18n import _
from pancarte.model.frames import (
    ALIGNS,
    DEFAULT_ROLE_STYLES,
    FRAME_KINDS,
    IMAGE_FITS,
    MAX_CAPTION,
    MAX_PARAGRAPHS,
    MAX_QR_CONTENT,
    MAX_TEXT,
    QR_ECC,
    ROLES,
    VALIGNS,
    AnyFrame,
    Frame,
    ImageFrame,
    Paragraph,
    QRFrame,
    ShapeFrame,
    TextFrame,
    TextStyle,
    frame_from_dict,
    frame_to_dict,
)
from pancarte.model.stored import Validator, read_fields, shown, stored, write_fields

FORMAT_VERSION = 2

MAX_PAGES = 64
MAX_FRAMES = 500
MAX_TITLE = 500


def _frames(v: Validator, value: Any, where: str) -> tuple[Frame, ...]:
    return tuple(frame_from_dict(v, f, f"{where}[{i}]")
                 for i, f in enumerate(v.list(value, where, max_len=MAX_FRAMES)))


@dataclass(frozen=True)
class Page:
    frames: tuple[Frame, ...] = stored(_frames, (), write=lambda frames: [
        frame_to_dict(f) for f in frames], absent=[])
    background: str | None = stored(read.colour_or_none, None)

    json_order = ("background", "frames")  # as released

    def frame(self, frame_id: str) -> Frame | None:
        return next((f for f in self.frames if f.id == frame_id), None)


@dataclass(frozen=True)
class Settings:
    french_rules: bool = stored(read.flag, True)
    hyphenate: bool = stored(read.flag, True)
    lang: str = stored(lambda v, value, where: v.str(value, where, max_len=16) or "fr", "fr")


def _pages(v: Validator, value: Any, where: str) -> tuple[Page, ...]:
    return tuple(Page(**read_fields(Page, v, v.obj(p, f"{where}[{i}]"), f"{where}[{i}]"))
                 for i, p in enumerate(v.list(value, where, max_len=MAX_PAGES)))


def _colours(v: Validator, value: Any, where: str) -> dict[str, str]:
    """The scheme colours: identifiers to colours that do not refer to another."""
    return {v.ident(k, where): v.color(c, f"{where}.{k}", allow_ref=False)
            for k, c in v.obj(value, where).items()}


def _settings(v: Validator, value: Any, where: str) -> Settings:
    return Settings(**read_fields(Settings, v, v.obj(value, where), where))


MAX_EVENT_NODES = 2000  # values in the event object, all levels together
MAX_EVENT_DEPTH = 6
MAX_EVENT_TEXT = 20_000  # characters in one string of the event


def _event_from_dict(v: Validator, data: Any, top: str) -> dict[str, Any] | None:
    """The ``event`` object checked for shape and size only: JSON values, bounded."""
    if data is None:
        return None
    d = v.obj(data, top)
    budget = [MAX_EVENT_NODES]

    def check(value: Any, where: str, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise DocumentError(_("{where}: too many values (at most {limit})", where=top,
                                  limit=MAX_EVENT_NODES))
        if depth > MAX_EVENT_DEPTH:
            raise DocumentError(_("{where}: nested too deeply", where=where))
        if isinstance(value, dict):
            return {v.str(k, where, max_len=64): check(x, f"{where}.{k}", depth + 1)
                    for k, x in value.items()}
        if isinstance(value, list):
            return [check(x, f"{where}[{i}]", depth + 1) for i, x in enumerate(value)]
        if isinstance(value, str):
            return v.str(value, where, max_len=MAX_EVENT_TEXT)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return v.length(value, where, minimum=-1e15, maximum=1e15)
        raise DocumentError(_("{where}: expected JSON data", where=where))

    return check(d, top, 0)


def _json_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_copy(x) for k, x in value.items()}
    if isinstance(value, list):
        return [_json_copy(x) for x in value]
    return value


@dataclass(frozen=True)
class Document:
    """A whole document. ``images`` maps archive names (``images/…``) to file bytes (they are
    the archive's other members, not in ``document.json``)."""

    width: float = stored(read.length(10, 20000))  # mm, trim
    height: float = stored(read.length(10, 20000))
    pages: tuple[Page, ...] = stored(_pages, write=lambda pages: [write_fields(p) for p in pages])
    bleed: float = stored(read.length(0, 50), 3.0)
    safe_margin: float = stored(read.length(0, 500), 4.0)
    # metres at which the main text must be legible
    reading_distance: float = stored(read.length(0.1, 1000), 2.0)
    scan_distance: float = stored(read.length(0.05, 1000), 0.5)  # metres; the QR code's
    colors: dict[str, str] = stored(_colours, factory=dict, write=dict)
    settings: Settings = stored(_settings, factory=Settings, write=write_fields, absent={})
    template: str = stored(read.text(64), "")
    title: str = stored(read.text(MAX_TITLE), "")
    images: dict[str, bytes] = field(default_factory=dict, compare=True)
    # the group's own faces the text uses: family → TrueType bytes (``fonts/`` in the file)
    fonts: dict[str, bytes] = field(default_factory=dict, compare=True)
    # the event the poster announces, as pancarte.event.Event.to_dict() gives it (plain JSON
    # data, validated for shape and size here and for meaning by the event package)
    event: dict[str, Any] | None = stored(_event_from_dict, None, write=_json_copy,
                                          omit=lambda ev: ev is None)

    # as released: the keys' order in the file, and the order a bad file's first error is
    # found in (after the check that there are pages at all)
    json_order = ("template", "title", "width", "height", "bleed", "safe_margin",
                  "reading_distance", "scan_distance", "colors", "settings", "pages")
    read_order = ("colors", "settings", "pages")

    # ---- queries -------------------------------------------------------------------------

    def find_frame(self, frame_id: str) -> tuple[int, Frame] | None:
        for index, page in enumerate(self.pages):
            f = page.frame(frame_id)
            if f is not None:
                return index, f
        return None

    def frames_named(self, name: str) -> list[tuple[int, Frame]]:
        return [(i, f) for i, p in enumerate(self.pages) for f in p.frames if f.name == name]

    # ---- changes (return new documents; the model is immutable) ---------------------------

    def replace_frame(self, frame: Frame) -> Document:
        pages = []
        found = False
        for page in self.pages:
            frames = tuple(frame if f.id == frame.id else f for f in page.frames)
            found = found or any(f.id == frame.id for f in page.frames)
            pages.append(replace(page, frames=frames))
        if not found:
            raise KeyError(frame.id)
        return replace(self, pages=tuple(pages))

    # ---- JSON ------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"format": "pancarte", "format_version": FORMAT_VERSION, **write_fields(self)}

    @classmethod
    def from_dict(cls, data: Any, images: dict[str, bytes] | None = None) -> Document:
        """Build and validate a document; raise DocumentError naming the first bad field."""
        v = Validator()
        d = v.obj(data, "document")
        if not v.list(d.get("pages"), "pages", max_len=MAX_PAGES):
            raise DocumentError(_("the document has no page"))
        doc = cls(**read_fields(cls, v, d, "", images=dict(images or {})))
        _check_references(doc)
        return doc


def check_document(doc: Document) -> None:
    """Refuse, as soon as the user's input is in, a document that goes past the limits a saved
    file has: the same check for every output (PDF, PNG, ``.pancarte``), called where the input
    arrives (:func:`pancarte.model.edit.compose`) and before any output is written.

    The limits users reach by typing or by importing (a paragraph, a QR code's content, a
    caption) get a sentence of their own; anything else a loaded file would refuse raises
    with the loader's own message. Raises DocumentError."""
    for _page, frame in ((p, f) for p in doc.pages for f in p.frames):
        label = frame.name or frame.id
        if isinstance(frame, TextFrame):
            if len(frame.paragraphs) > MAX_PARAGRAPHS:
                raise DocumentError(_("frame “{name}” has too many paragraphs ({count}, at "
                                      "most {limit})", name=label, count=len(frame.paragraphs),
                                      limit=MAX_PARAGRAPHS))
            for para in frame.paragraphs:
                if len(para.text) > MAX_TEXT:
                    raise DocumentError(_(
                        "a paragraph of frame “{name}” is too long ({count} characters, at most "
                        "{limit}): separate its paragraphs with blank lines",
                        name=label, count=len(para.text), limit=MAX_TEXT))
        elif isinstance(frame, QRFrame):
            if len(frame.content) > MAX_QR_CONTENT:
                raise DocumentError(_("the content of QR code “{name}” is too long ({count} "
                                      "characters, at most {limit})", name=label,
                                      count=len(frame.content), limit=MAX_QR_CONTENT))
            if len(frame.caption) > MAX_CAPTION:
                raise DocumentError(_("the caption of QR code “{name}” is too long ({count} "
                                      "characters, at most {limit})", name=label,
                                      count=len(frame.caption), limit=MAX_CAPTION))
    if len(doc.title) > MAX_TITLE:
        raise DocumentError(_("the document's title is too long ({count} characters, at most "
                              "{limit})", count=len(doc.title), limit=MAX_TITLE))
    Document.from_dict(doc.to_dict(), doc.images)  # what a saved file must pass, whole


def _check_references(doc: Document) -> None:
    """What the document's parts say about each other: unique ids, frames that exist, images
    and scheme colours that exist, text chains that do not loop."""
    _check_ids(doc)
    for page in doc.pages:
        for f in page.frames:
            _check_frame_references(doc, f)
    _check_chains(doc)
    _check_style_colours(doc)


def _check_ids(doc: Document) -> None:
    seen: set[str] = set()
    for page in doc.pages:
        for f in page.frames:
            if f.id in seen:
                raise DocumentError(_("two frames share the id '{id}'", id=shown(f.id)))
            seen.add(f.id)
    if len(seen) > MAX_FRAMES:
        raise DocumentError(_("too many frames ({count}, at most {limit})", count=len(seen),
                              limit=MAX_FRAMES))


def _check_frame_references(doc: Document, f: Frame) -> None:
    if isinstance(f, TextFrame) and f.next_frame is not None:
        target = doc.find_frame(f.next_frame)
        if target is None or not isinstance(target[1], TextFrame):
            raise DocumentError(_("frame '{id}' continues in a missing frame", id=shown(f.id)))
    if isinstance(f, ImageFrame) and f.image and f.image not in doc.images:
        raise DocumentError(_("frame '{id}' shows a missing image '{image}'",
                              id=shown(f.id), image=shown(f.image)))
    for attr in ("fill", "stroke", "dark", "light", "background"):
        value = getattr(f, attr, None)
        if isinstance(value, str) and value.startswith("$") and value[1:] not in doc.colors:
            raise DocumentError(_("frame '{id}' uses an unknown colour '{colour}'",
                                  id=shown(f.id), colour=shown(value)))


def _check_chains(doc: Document) -> None:
    """A chain of linked frames must not loop, and a frame is continued from one at most."""
    nexts = {f.id: f.next_frame for p in doc.pages for f in p.frames
             if isinstance(f, TextFrame) and f.next_frame}
    if len(set(nexts.values())) != len(nexts):
        raise DocumentError(_("two frames continue in the same frame"))
    done: set[str] = set()
    for start in nexts:
        path: set[str] = set()
        cur: str | None = start
        while cur is not None and cur not in done:
            if cur in path:
                raise DocumentError(_("frame '{id}' continues in a loop", id=shown(start)))
            path.add(cur)
            cur = nexts.get(cur)
        done |= path


def _check_style_colours(doc: Document) -> None:
    """Scheme colours named in styles and page backgrounds must exist."""
    for i, page in enumerate(doc.pages):
        refs = [page.background]
        for f in page.frames:
            if isinstance(f, TextFrame):
                refs.append(f.style.color)
                refs += [s.get("color") for s in f.role_styles.values()]
                refs += [p.style.get("color") for p in f.paragraphs]
        for value in refs:
            if (isinstance(value, str) and value.startswith("$") and value != "$text"
                    and value[1:] not in doc.colors):
                raise DocumentError(_("page {page} uses an unknown colour '{colour}'",
                                      page=i + 1, colour=shown(value)))


__all__ = [
    "ALIGNS", "DEFAULT_ROLE_STYLES", "FORMAT_VERSION", "FRAME_KINDS", "IMAGE_FITS", "MAX_CAPTION",
    "MAX_FRAMES", "MAX_PAGES", "MAX_PARAGRAPHS", "MAX_QR_CONTENT", "MAX_TEXT", "MAX_TITLE",
    "QR_ECC", "ROLES", "VALIGNS", "AnyFrame", "Document", "Frame", "ImageFrame", "Page",
    "Paragraph", "QRFrame", "Settings", "ShapeFrame", "TextFrame", "TextStyle",
    "check_document", "frame_from_dict", "frame_to_dict",
]
