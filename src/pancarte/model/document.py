"""The document model: Document → pages → frames → content. Plain data, no Qt, no ReportLab.

Lengths are millimetres from the top-left corner of the trim box; font sizes are points.
``to_dict``/``from_dict`` give the JSON form stored in ``document.json``; ``from_dict``
validates every field and raises :class:`~pancarte.errors.DocumentError` on anything off, so a
hostile or damaged file never reaches the layout engine.
"""

from __future__ import annotations

import builtins
import math
import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any, assert_never

from pancarte.errors import DocumentError
from pancarte.geometry import Rect
from pancarte.i18n import _
from pancarte.model.color import is_color

FORMAT_VERSION = 2

ROLES = (
    "title",
    "subtitle",
    "heading",
    "paragraph",
    "quote",
    "attribution",
    "list_item",
    "contact",
    "event",
    "caption",
)
ALIGNS = ("left", "center", "right", "justify")
VALIGNS = ("top", "middle", "bottom")
QR_ECC = ("L", "M", "Q", "H")
IMAGE_FITS = ("fit", "fill", "stretch")
MAX_TEXT = 200_000  # characters in one paragraph: more is not a poster
MAX_PAGES = 64
MAX_FRAMES = 500
MAX_PARAGRAPHS = 5000  # in one text frame
MAX_QR_CONTENT = 4000
MAX_CAPTION = 500
MAX_TITLE = 500
_SURROGATE = re.compile("[\ud800-\udfff]")
_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_IMAGE_NAME = re.compile(r"images/(?!\.{1,2}\Z)[A-Za-z0-9_.-]{1,100}")


# --------------------------------------------------------------------------------------------
# How a field is stored: the JSON form is derived from the dataclasses' fields (in their order),
# each field's metadata saying how its value is checked when read (see docs/ARCHITECTURE.md,
# "The file format"). A field with no spec is not stored.


@dataclass(frozen=True)
class Stored:
    """How one field goes to and from ``document.json``: ``read(validator, value, where)``
    checks the JSON value (the field's default when the key is missing); ``write`` gives it."""

    read: Callable[[_Validator, Any, str], Any]
    write: Callable[[Any], Any] = lambda value: value
    absent: Any = ()  # (the JSON value read when the key is missing,), else the default


def stored(read: Callable[[_Validator, Any, str], Any], default: Any = MISSING, *,
           factory: Any = MISSING, write: Callable[[Any], Any] | None = None,
           absent: Any = MISSING) -> Any:
    """A dataclass field stored in the file (``default``/``factory`` as :func:`field`)."""
    spec = Stored(read, write or (lambda value: value), () if absent is MISSING else (absent,))
    if factory is not MISSING:
        return field(default_factory=factory, metadata={"stored": spec})
    return field(default=default, metadata={"stored": spec})


def _length(minimum: float, maximum: float) -> Callable[[_Validator, Any, str], float]:
    return lambda v, value, where: v.length(value, where, minimum=minimum, maximum=maximum)


def _text(max_len: int) -> Callable[[_Validator, Any, str], str]:
    return lambda v, value, where: v.str(value, where, max_len=max_len)


def _one_of(options: tuple[str, ...]) -> Callable[[_Validator, Any, str], str]:
    return lambda v, value, where: v.choice(value, where, options)


def _flag(v: _Validator, value: Any, where: str) -> bool:
    return v.bool(value, where)


def _colour(v: _Validator, value: Any, where: str) -> str:
    return v.color(value, where)


def _colour_or_none(v: _Validator, value: Any, where: str) -> str | None:
    return None if value is None else v.color(value, where)


def _ident(v: _Validator, value: Any, where: str) -> str:
    return v.ident(value, where)


def _ident_or_none(v: _Validator, value: Any, where: str) -> str | None:
    return None if value is None else v.ident(value, where)


def _image_name(v: _Validator, value: Any, where: str) -> str:
    image = v.str(value, where, max_len=120)
    if image and not _IMAGE_NAME.fullmatch(image):
        raise DocumentError(_("{where}: not a valid image name", where=where))
    return image


def _read_fields(cls: type, v: _Validator, d: dict[str, Any], where: str,
                 **known: Any) -> dict[str, Any]:
    """The stored fields of ``cls`` read from ``d`` in field order (``known`` taken as is)."""
    out = dict(known)
    for f in fields(cls):
        spec = f.metadata.get("stored")
        if spec is None or f.name in out:
            continue
        if f.name in d:
            raw = d[f.name]
        elif spec.absent:
            raw = spec.absent[0]
        elif f.default is not MISSING:
            raw = f.default
        elif f.default_factory is not MISSING:
            raw = f.default_factory()
        else:
            raw = None  # a required field: its reader names it
        out[f.name] = spec.read(v, raw, f"{where}.{f.name}" if where else f.name)
    return out


def _write_fields(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The stored fields of ``obj`` as JSON values, in field order."""
    return {f.name: f.metadata["stored"].write(getattr(obj, f.name)) for f in fields(obj)
            if "stored" in f.metadata and f.name not in skip}


# --------------------------------------------------------------------------------------------
# Styles


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph looks. ``scale`` multiplies the frame's size, so autofit scales all
    roles of a frame together; every other length is in em of the resulting size."""

    family: str = "Lato"
    bold: bool = False
    italic: bool = False
    scale: float = 1.0
    line_spacing: float = 1.25
    align: str = "left"
    color: str = "$text"
    uppercase: bool = False
    tracking: float = 0.0  # thousandths of an em added after every glyph
    space_before: float = 0.0
    space_after: float = 0.6
    indent: float = 0.0  # left indent (em); list items hang their marker in it

    def merged(self, overrides: dict[str, Any] | None) -> TextStyle:
        if not overrides:
            return self
        return replace(self, **overrides)


_STYLE_FIELDS = {f.name: f.type for f in fields(TextStyle)}

DEFAULT_ROLE_STYLES: dict[str, dict[str, Any]] = {
    "title": {"family": "Roboto Condensed", "bold": True, "scale": 2.2, "line_spacing": 1.0,
              "space_after": 0.25},
    "subtitle": {"bold": True, "scale": 1.35, "line_spacing": 1.1, "space_after": 0.4},
    "heading": {"bold": True, "scale": 1.3, "line_spacing": 1.1, "space_before": 0.5,
                "space_after": 0.3},
    "paragraph": {},
    "quote": {"italic": True, "indent": 1.0, "space_after": 0.2},
    "attribution": {"scale": 0.85, "align": "right", "space_after": 0.6},
    "list_item": {"indent": 1.1, "space_after": 0.25},
    "contact": {"bold": True, "scale": 0.95},
    "event": {"bold": True, "line_spacing": 1.15, "space_after": 0.2},
    "caption": {"scale": 0.8, "space_after": 0.2},
}


# --------------------------------------------------------------------------------------------
# Content


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a text frame. ``text`` may hold inline emphasis: ``**gras**``,
    ``*italique*`` (``\\*`` for a literal asterisk). ``marker`` is a list item's bullet or
    number (``•``, ``2.``). ``source`` records the tract it was copied from."""

    text: str
    role: str = "paragraph"
    marker: str = ""
    style: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] | None = None

    def __hash__(self) -> int:  # style dicts are compared, not hashed
        return hash((self.text, self.role, self.marker))


@dataclass(frozen=True)
class Frame:
    """Base of every frame: an id unique in the document, an optional template name
    (``title``, ``body``…), a kind and a rectangle in mm from the trim's top-left."""

    id: str = stored(_ident)
    x: float = stored(_length(-20000, 20000))
    y: float = stored(_length(-20000, 20000))
    w: float = stored(_length(0, 20000))
    h: float = stored(_length(0, 20000))
    name: str = stored(_text(64), "")

    kind = "frame"

    @property
    def rect(self) -> Rect:
        return Rect(self.x, self.y, self.w, self.h)

    def moved(self, x: float, y: float, w: float | None = None, h: float | None = None) -> Frame:
        return replace(self, x=x, y=y, w=self.w if w is None else w, h=self.h if h is None else h)


@dataclass(frozen=True)
class TextFrame(Frame):
    paragraphs: tuple[Paragraph, ...] = stored(
        lambda v, value, where: _paragraphs_from_list(v, value, where), (),
        write=lambda paras: [_para_to_dict(p) for p in paras], absent=[])
    size: float = stored(_length(1, 5000), 12.0)  # pt, nominal size of the "paragraph" role
    autofit: bool = stored(_flag, False)
    min_size: float = stored(_length(1, 5000), 6.0)
    max_size: float = stored(_length(1, 5000), 72.0)
    valign: str = stored(_one_of(VALIGNS), "top")
    padding: float = stored(_length(0, 1000), 0.0)  # mm
    balance: bool = stored(_flag, False)  # balanced lines (titles and slogans)
    hyphenate: bool = stored(_flag, True)  # still off when the document turns hyphenation off
    style: TextStyle = stored(lambda v, value, where: TextStyle().merged(v.style(value, where)),
                              factory=TextStyle, write=lambda st: _style_to_dict(st), absent={})
    role_styles: dict[str, dict[str, Any]] = stored(
        lambda v, value, where: _role_styles(v, value, where), factory=dict,
        write=lambda styles: {k: dict(st) for k, st in styles.items()})
    background: str | None = stored(_colour_or_none, None)
    next_frame: str | None = stored(_ident_or_none, None)  # the frame the text continues in

    kind = "text"

    def __hash__(self) -> int:
        return hash((self.id, self.paragraphs))

    def style_for(self, role: str, overrides: dict[str, Any] | None = None) -> TextStyle:
        base = self.style.merged(DEFAULT_ROLE_STYLES.get(role))
        return base.merged(self.role_styles.get(role)).merged(overrides)


@dataclass(frozen=True)
class QRFrame(Frame):
    content: str = stored(_text(MAX_QR_CONTENT), "")
    ecc: str = stored(_one_of(QR_ECC), "M")
    dark: str = stored(_colour, "#000000")
    light: str = stored(_colour, "#ffffff")
    caption: str = stored(_text(MAX_CAPTION), "")

    kind = "qr"


@dataclass(frozen=True)
class ImageFrame(Frame):
    image: str = stored(_image_name, "")  # name inside the .pancarte archive, "images/…"
    fit: str = stored(_one_of(IMAGE_FITS), "fit")

    kind = "image"


@dataclass(frozen=True)
class ShapeFrame(Frame):
    fill: str | None = stored(_colour_or_none, "$accent")
    stroke: str | None = stored(_colour_or_none, None)
    stroke_width: float = stored(_length(0, 1000), 0.0)  # mm

    kind = "shape"


#: every kind of frame: a function over frames matches on them and ends with
#: ``case _: assert_never(frame)`` (see docs/ARCHITECTURE.md, "A new frame kind")
AnyFrame = TextFrame | QRFrame | ImageFrame | ShapeFrame
FRAME_KINDS: dict[str, type[Frame]] = {
    cls.kind: cls for cls in (TextFrame, QRFrame, ImageFrame, ShapeFrame)
}


@dataclass(frozen=True)
class Page:
    frames: tuple[Frame, ...] = ()
    background: str | None = None

    def frame(self, frame_id: str) -> Frame | None:
        return next((f for f in self.frames if f.id == frame_id), None)


@dataclass(frozen=True)
class Settings:
    french_rules: bool = stored(_flag, True)
    hyphenate: bool = stored(_flag, True)
    lang: str = stored(lambda v, value, where: v.str(value, where, max_len=16) or "fr", "fr")


@dataclass(frozen=True)
class Document:
    """A whole document. ``images`` maps archive names (``images/…``) to file bytes."""

    width: float  # mm, trim
    height: float
    pages: tuple[Page, ...]
    bleed: float = 3.0
    safe_margin: float = 4.0
    reading_distance: float = 2.0  # metres at which the main text must be legible
    scan_distance: float = 0.5  # metres from which the QR code is scanned
    colors: dict[str, str] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    template: str = ""
    title: str = ""
    images: dict[str, bytes] = field(default_factory=dict, compare=True)
    # the group's own faces the text uses: family → TrueType bytes (``fonts/`` in the file)
    fonts: dict[str, bytes] = field(default_factory=dict, compare=True)
    # the event the poster announces, as pancarte.event.Event.to_dict() gives it (plain JSON
    # data, validated for shape and size here and for meaning by the event package)
    event: dict[str, Any] | None = None

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
        return {
            "format": "pancarte",
            "format_version": FORMAT_VERSION,
            "template": self.template,
            "title": self.title,
            "width": self.width,
            "height": self.height,
            "bleed": self.bleed,
            "safe_margin": self.safe_margin,
            "reading_distance": self.reading_distance,
            "scan_distance": self.scan_distance,
            "colors": dict(self.colors),
            "settings": _write_fields(self.settings),
            "pages": [_page_to_dict(p) for p in self.pages],
            **({} if self.event is None else {"event": _json_copy(self.event)}),
        }

    @classmethod
    def from_dict(cls, data: Any, images: dict[str, bytes] | None = None) -> Document:
        """Build and validate a document; raise DocumentError naming the first bad field."""
        v = _Validator()
        d = v.obj(data, "document")
        pages_raw = v.list(d.get("pages"), "pages", max_len=MAX_PAGES)
        if not pages_raw:
            raise DocumentError(_("the document has no page"))
        colors_raw = v.obj(d.get("colors", {}), "colors")
        colors = {}
        for k, c in colors_raw.items():
            colors[v.ident(k, "colors")] = v.color(c, f"colors.{k}", allow_ref=False)
        s = v.obj(d.get("settings", {}), "settings")
        settings = Settings(**_read_fields(Settings, v, s, "settings"))
        pages = tuple(_page_from_dict(v, p, f"pages[{i}]") for i, p in enumerate(pages_raw))
        doc = cls(
            width=v.length(d.get("width"), "width", minimum=10, maximum=20000),
            height=v.length(d.get("height"), "height", minimum=10, maximum=20000),
            pages=pages,
            bleed=v.length(d.get("bleed", 3.0), "bleed", minimum=0, maximum=50),
            safe_margin=v.length(d.get("safe_margin", 4.0), "safe_margin", minimum=0, maximum=500),
            reading_distance=v.length(d.get("reading_distance", 2.0), "reading_distance",
                                      minimum=0.1, maximum=1000),
            scan_distance=v.length(d.get("scan_distance", 0.5), "scan_distance",
                                   minimum=0.05, maximum=1000),
            colors=colors,
            settings=settings,
            template=v.str(d.get("template", ""), "template", max_len=64),
            title=v.str(d.get("title", ""), "title", max_len=MAX_TITLE),
            images=dict(images or {}),
            event=_event_from_dict(v, d.get("event")),
        )
        _check_references(doc)
        return doc


MAX_EVENT_NODES = 2000  # values in the event object, all levels together
MAX_EVENT_DEPTH = 6
MAX_EVENT_TEXT = 20_000  # characters in one string of the event


def _event_from_dict(v: _Validator, data: Any) -> dict[str, Any] | None:
    """The ``event`` object checked for shape and size only: JSON values, bounded."""
    if data is None:
        return None
    d = v.obj(data, "event")
    budget = [MAX_EVENT_NODES]

    def check(value: Any, where: str, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise DocumentError(_("{where}: too many values (at most {limit})", where="event",
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

    return check(d, "event", 0)


def _json_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_copy(x) for k, x in value.items()}
    if isinstance(value, list):
        return [_json_copy(x) for x in value]
    return value


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
                raise DocumentError(_("two frames share the id '{id}'", id=_shown(f.id)))
            seen.add(f.id)
    if len(seen) > MAX_FRAMES:
        raise DocumentError(_("too many frames ({count}, at most {limit})", count=len(seen),
                              limit=MAX_FRAMES))


def _check_frame_references(doc: Document, f: Frame) -> None:
    if isinstance(f, TextFrame) and f.next_frame is not None:
        target = doc.find_frame(f.next_frame)
        if target is None or not isinstance(target[1], TextFrame):
            raise DocumentError(_("frame '{id}' continues in a missing frame", id=_shown(f.id)))
    if isinstance(f, ImageFrame) and f.image and f.image not in doc.images:
        raise DocumentError(_("frame '{id}' shows a missing image '{image}'",
                              id=_shown(f.id), image=_shown(f.image)))
    for attr in ("fill", "stroke", "dark", "light", "background"):
        value = getattr(f, attr, None)
        if isinstance(value, str) and value.startswith("$") and value[1:] not in doc.colors:
            raise DocumentError(_("frame '{id}' uses an unknown colour '{colour}'",
                                  id=_shown(f.id), colour=_shown(value)))


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
                raise DocumentError(_("frame '{id}' continues in a loop", id=_shown(start)))
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
                                      page=i + 1, colour=_shown(value)))


# --------------------------------------------------------------------------------------------
# JSON helpers


def _style_to_dict(style: TextStyle) -> dict[str, Any]:
    default = TextStyle()
    return {k: getattr(style, k) for k in _STYLE_FIELDS if getattr(style, k) != getattr(default, k)}


def _frame_to_dict(f: Frame) -> dict[str, Any]:
    return {"id": f.id, "kind": f.kind, "name": f.name, **_write_fields(f, skip=("id", "name"))}


def _para_to_dict(p: Paragraph) -> dict[str, Any]:
    out: dict[str, Any] = {"role": p.role, "text": p.text}
    if p.marker:
        out["marker"] = p.marker
    if p.style:
        out["style"] = dict(p.style)
    if p.source is not None:
        out["source"] = dict(p.source)
    return out


def _page_to_dict(p: Page) -> dict[str, Any]:
    return {"background": p.background, "frames": [_frame_to_dict(f) for f in p.frames]}


def _page_from_dict(v: _Validator, data: Any, where: str) -> Page:
    d = v.obj(data, where)
    frames = tuple(
        frame_from_dict(v, f, f"{where}.frames[{i}]")
        for i, f in enumerate(v.list(d.get("frames", []), f"{where}.frames", max_len=MAX_FRAMES))
    )
    bg = d.get("background")
    return Page(frames=frames, background=None if bg is None else v.color(bg, f"{where}.background"))


def frame_from_dict(v: _Validator | None, data: Any, where: str = "frame") -> Frame:
    v = v or _Validator()
    d = v.obj(data, where)
    kind = v.choice(d.get("kind"), where + ".kind", tuple(FRAME_KINDS))
    cls = FRAME_KINDS[kind]
    frame: AnyFrame = cls(**_read_fields(cls, v, d, where))  # type: ignore[assignment]
    _check_frame(frame, where)
    return frame


def _check_frame(frame: AnyFrame, where: str) -> None:
    """What holds between a frame's fields (each was checked alone)."""
    match frame:
        case TextFrame():
            if frame.min_size > frame.max_size:
                raise DocumentError(_("{where}: min_size is larger than max_size", where=where))
        case QRFrame() | ImageFrame() | ShapeFrame():
            pass
        case _:
            assert_never(frame)


def _paragraphs_from_list(v: _Validator, value: Any, where: str) -> tuple[Paragraph, ...]:
    return tuple(_para_from_dict(v, p, f"{where}[{i}]")
                 for i, p in enumerate(v.list(value, where, max_len=MAX_PARAGRAPHS)))


def _role_styles(v: _Validator, value: Any, where: str) -> dict[str, dict[str, Any]]:
    return {v.choice(k, where, ROLES): v.style(st, f"{where}.{k}")
            for k, st in v.obj(value, where).items()}


def _para_from_dict(v: _Validator, data: Any, where: str) -> Paragraph:
    d = v.obj(data, where)
    src = d.get("source")
    if src is not None:
        src = v.obj(src, where + ".source")
        src = {
            str(k)[:32]: (val if isinstance(val, (int, str)) and not isinstance(val, bool) else None)
            for k, val in list(src.items())[:8]
        }
    return Paragraph(
        text=v.str(d.get("text", ""), where + ".text", max_len=MAX_TEXT),
        role=v.choice(d.get("role", "paragraph"), where + ".role", ROLES),
        marker=v.str(d.get("marker", ""), where + ".marker", max_len=16),
        style=v.style(d.get("style", {}), where + ".style"),
        source=src,
    )


class _Validator:
    """Type checks with messages that name the field; every failure is a DocumentError.

    The field path (``pages[0].frames[2].w``) is technical and stays as is; the rest of the
    message is in the user's language.
    """

    def obj(self, value: Any, where: builtins.str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise DocumentError(_("{where}: expected an object", where=where))
        return value

    def list(self, value: Any, where: builtins.str, max_len: int) -> builtins.list[Any]:
        if not isinstance(value, list):
            raise DocumentError(_("{where}: expected a list", where=where))
        if len(value) > max_len:
            raise DocumentError(_("{where}: too many entries (at most {limit})", where=where,
                                  limit=max_len))
        return value

    def str(self, value: Any, where: builtins.str, max_len: int) -> builtins.str:
        if not isinstance(value, str):
            raise DocumentError(_("{where}: expected text", where=where))
        if len(value) > max_len:
            raise DocumentError(_("{where}: text too long (at most {limit} characters)",
                                  where=where, limit=max_len))
        if "\x00" in value:
            raise DocumentError(_("{where}: text holds a NUL character", where=where))
        if _SURROGATE.search(value):
            raise DocumentError(_("{where}: text holds a character that is not text (a lone "
                                  "surrogate)", where=where))
        return value

    def bool(self, value: Any, where: builtins.str) -> builtins.bool:
        if not isinstance(value, bool):
            raise DocumentError(_("{where}: expected true or false", where=where))
        return value

    def length(self, value: Any, where: builtins.str, minimum: float, maximum: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DocumentError(_("{where}: expected a number", where=where))
        try:
            value = float(value)
        except OverflowError:
            raise DocumentError(_("{where}: number too large", where=where)) from None
        if not math.isfinite(value) or value < minimum or value > maximum:
            raise DocumentError(_("{where}: must be between {minimum} and {maximum}",
                                  where=where, minimum=format(minimum, "g"),
                                  maximum=format(maximum, "g")))
        return value

    def choice(self, value: Any, where: builtins.str, options: tuple[builtins.str, ...]) -> builtins.str:
        if value not in options:
            raise DocumentError(_("{where}: must be one of {options}", where=where,
                                  options=", ".join(options)))
        return value

    def ident(self, value: Any, where: builtins.str) -> builtins.str:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise DocumentError(_("{where}: not a valid identifier", where=where))
        return value

    def color(self, value: Any, where: builtins.str, allow_ref: builtins.bool = True) -> builtins.str:
        if not isinstance(value, str) or not is_color(value):
            raise DocumentError(_("{where}: not a colour (#rrggbb, cmyk(c,m,y,k) or $name)",
                                  where=where))
        if value.startswith("$") and not allow_ref:
            raise DocumentError(_("{where}: a scheme colour cannot refer to another",
                                  where=where))
        return value

    def style(self, value: Any, where: builtins.str) -> dict[builtins.str, Any]:
        d = self.obj(value, where)
        out: dict[builtins.str, Any] = {}
        for k, val in d.items():
            if k not in _STYLE_FIELDS:
                raise DocumentError(_("{where}: unknown style property '{name}'", where=where,
                                      name=_shown(k)))
            kind = _STYLE_FIELDS[k]
            if kind == "bool":
                out[k] = self.bool(val, f"{where}.{k}")
            elif kind == "float":
                out[k] = self.length(val, f"{where}.{k}", minimum=-100, maximum=100)
            elif k == "align":
                out[k] = self.choice(val, f"{where}.{k}", ALIGNS)
            elif k == "color":
                out[k] = self.color(val, f"{where}.{k}")
            else:
                out[k] = self.str(val, f"{where}.{k}", max_len=64)
        if "scale" in out and out["scale"] <= 0:
            raise DocumentError(_("{where}: scale must be positive", where=where))
        if "line_spacing" in out and out["line_spacing"] <= 0:
            raise DocumentError(_("{where}: line_spacing must be positive", where=where))
        return out


def _shown(value: Any, limit: int = 60) -> str:
    """``value`` fit for a one-line message (the message puts the quotes): control characters
    become '?', cut to ``limit`` characters."""
    text = value if isinstance(value, str) else repr(value)
    text = re.sub(r"[\x00-\x1f\x7f]", "?", text)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
