"""Edits as commands: each one applies to a Document and reverts exactly.

The model is immutable, so a command returns a new Document; ``cmd.revert(cmd.apply(doc))``
equals ``doc`` for every command (tested). The GUI wraps each command in a QUndoCommand; the
core never pokes model attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pancarte.i18n import N_
from pancarte.model.document import Document, Frame, Page, Settings, TextFrame


class CommandError(ValueError):
    """The command does not apply to this document (a bug in the caller)."""


def _moved(items: tuple, a: int, b: int) -> tuple:
    """``items`` with the item at ``a`` moved to ``b``."""
    out = list(items)
    out.insert(b, out.pop(a))
    return tuple(out)


def _page(doc: Document, index: int) -> Page:
    if not 0 <= index < len(doc.pages):
        raise CommandError(f"no page {index}")
    return doc.pages[index]


def _with_page(doc: Document, index: int, page: Page) -> Document:
    pages = list(doc.pages)
    pages[index] = page
    return replace(doc, pages=tuple(pages))


@dataclass(frozen=True)
class Command:
    """Base: ``text`` names the edit for the Undo menu (a msgid, translated by the GUI)."""

    def apply(self, doc: Document) -> Document:
        raise NotImplementedError

    def revert(self, doc: Document) -> Document:
        raise NotImplementedError

    @property
    def text(self) -> str:
        return N_("Edit")

    def merge_key(self) -> tuple | None:
        """Commands with the same key, one after another, merge into one undo step (typing
        in a frame, nudging with the arrows); None never merges."""
        return None


@dataclass(frozen=True)
class ReplaceFrame(Command):
    """Any change to one frame: text, style, geometry, content."""

    page: int
    old: Frame
    new: Frame
    label: str = N_("Edit frame")
    merge: str = ""

    def apply(self, doc: Document) -> Document:
        return self._swap(doc, self.old, self.new)

    def revert(self, doc: Document) -> Document:
        return self._swap(doc, self.new, self.old)

    def _swap(self, doc: Document, a: Frame, b: Frame) -> Document:
        page = _page(doc, self.page)
        frames = list(page.frames)
        for i, f in enumerate(frames):
            if f.id == a.id:
                if f != a:
                    raise CommandError(f"frame {a.id} changed under the command")
                frames[i] = b
                return _with_page(doc, self.page, replace(page, frames=tuple(frames)))
        raise CommandError(f"no frame {a.id} on page {self.page}")

    @property
    def text(self) -> str:
        return self.label

    def merge_key(self) -> tuple | None:
        return (self.merge, self.page, self.new.id) if self.merge else None

    def merged_with(self, later: ReplaceFrame) -> ReplaceFrame:
        return replace(self, new=later.new)


@dataclass(frozen=True)
class AddFrame(Command):
    page: int
    frame: Frame
    index: int = -1  # stacking position; -1 on top
    images: dict[str, bytes] = field(default_factory=dict)  # images the frame brings along

    def apply(self, doc: Document) -> Document:
        page = _page(doc, self.page)
        if doc.find_frame(self.frame.id) is not None:
            raise CommandError(f"frame id {self.frame.id} already used")
        frames = list(page.frames)
        at = len(frames) if self.index < 0 else min(self.index, len(frames))
        frames.insert(at, self.frame)
        doc = _with_page(doc, self.page, replace(page, frames=tuple(frames)))
        if self.images:
            doc = replace(doc, images={**doc.images, **self.images})
        return doc

    def revert(self, doc: Document) -> Document:
        page = _page(doc, self.page)
        doc = _with_page(doc, self.page, replace(
            page, frames=tuple(f for f in page.frames if f.id != self.frame.id)))
        if self.images:
            doc = replace(doc, images={k: v for k, v in doc.images.items()
                                       if k not in self.images})
        return doc

    @property
    def text(self) -> str:
        return N_("Add frame")


@dataclass(frozen=True)
class RemoveFrame(Command):
    page: int
    frame: Frame
    index: int

    def apply(self, doc: Document) -> Document:
        page = _page(doc, self.page)
        if self.index >= len(page.frames) or page.frames[self.index] != self.frame:
            raise CommandError(f"frame {self.frame.id} is not at {self.index}")
        frames = list(page.frames)
        del frames[self.index]
        # a frame the text flowed into is unlinked; the link is restored on revert
        return _with_page(doc, self.page, replace(page, frames=tuple(frames)))

    def revert(self, doc: Document) -> Document:
        return AddFrame(self.page, self.frame, self.index).apply(doc)

    @property
    def text(self) -> str:
        return "Delete frame"


@dataclass(frozen=True)
class RestackFrame(Command):
    """Move a frame up or down the stacking order of its page."""

    page: int
    old_index: int
    new_index: int

    def apply(self, doc: Document) -> Document:
        return self._move(doc, self.old_index, self.new_index)

    def revert(self, doc: Document) -> Document:
        return self._move(doc, self.new_index, self.old_index)

    def _move(self, doc: Document, a: int, b: int) -> Document:
        page = _page(doc, self.page)
        return _with_page(doc, self.page, replace(page, frames=_moved(page.frames, a, b)))

    @property
    def text(self) -> str:
        return N_("Change stacking order")


@dataclass(frozen=True)
class AddPage(Command):
    index: int
    page: Page

    def apply(self, doc: Document) -> Document:
        pages = list(doc.pages)
        pages.insert(self.index, self.page)
        return replace(doc, pages=tuple(pages))

    def revert(self, doc: Document) -> Document:
        pages = list(doc.pages)
        if pages[self.index] != self.page:
            raise CommandError("page changed under the command")
        del pages[self.index]
        return replace(doc, pages=tuple(pages))

    @property
    def text(self) -> str:
        return N_("Add page")


@dataclass(frozen=True)
class RemovePage(Command):
    index: int
    page: Page

    def apply(self, doc: Document) -> Document:
        if len(doc.pages) <= 1:
            raise CommandError("a document keeps at least one page")
        return AddPage(self.index, self.page).revert(doc)

    def revert(self, doc: Document) -> Document:
        return AddPage(self.index, self.page).apply(doc)

    @property
    def text(self) -> str:
        return N_("Delete page")


@dataclass(frozen=True)
class MovePage(Command):
    old_index: int
    new_index: int

    def apply(self, doc: Document) -> Document:
        return self._move(doc, self.old_index, self.new_index)

    def revert(self, doc: Document) -> Document:
        return self._move(doc, self.new_index, self.old_index)

    def _move(self, doc: Document, a: int, b: int) -> Document:
        return replace(doc, pages=_moved(doc.pages, a, b))

    @property
    def text(self) -> str:
        return N_("Move page")


@dataclass(frozen=True)
class SetPageBackground(Command):
    index: int
    old: str | None
    new: str | None

    def apply(self, doc: Document) -> Document:
        return _with_page(doc, self.index, replace(_page(doc, self.index), background=self.new))

    def revert(self, doc: Document) -> Document:
        return _with_page(doc, self.index, replace(_page(doc, self.index), background=self.old))

    @property
    def text(self) -> str:
        return N_("Page background")


_DOC_FIELDS = ("width", "height", "bleed", "safe_margin", "reading_distance", "scan_distance",
               "colors", "title", "event")


@dataclass(frozen=True)
class SetDocument(Command):
    """Change document-wide properties (size, bleed, colours, title, the event…) and
    settings."""

    old: dict[str, Any]
    new: dict[str, Any]
    label: str = N_("Document properties")

    def __post_init__(self) -> None:
        for key in (*self.old, *self.new):
            if key not in _DOC_FIELDS and key != "settings":
                raise CommandError(f"not a document property: {key}")

    def apply(self, doc: Document) -> Document:
        return self._set(doc, self.new)

    def revert(self, doc: Document) -> Document:
        return self._set(doc, self.old)

    def _set(self, doc: Document, values: dict[str, Any]) -> Document:
        values = dict(values)
        if "settings" in values and not isinstance(values["settings"], Settings):
            values["settings"] = Settings(**values["settings"])
        return replace(doc, **values)

    @property
    def text(self) -> str:
        return self.label

    @staticmethod
    def of(doc: Document, label: str = N_("Document properties"), **new: Any) -> SetDocument:
        return SetDocument({k: getattr(doc, k) for k in new}, new, label)


@dataclass(frozen=True)
class Composite(Command):
    """Several commands as one undo step."""

    commands: tuple[Command, ...]
    label: str = N_("Edit")

    def apply(self, doc: Document) -> Document:
        for c in self.commands:
            doc = c.apply(doc)
        return doc

    def revert(self, doc: Document) -> Document:
        for c in reversed(self.commands):
            doc = c.revert(doc)
        return doc

    @property
    def text(self) -> str:
        return self.label


def unique_frame_id(doc: Document, prefix: str = "frame") -> str:
    """A frame id not used in ``doc``: ``prefix``, ``prefix-2``, ``prefix-3``…"""
    used = {f.id for p in doc.pages for f in p.frames}
    if prefix not in used:
        return prefix
    n = 2
    while f"{prefix}-{n}" in used:
        n += 1
    return f"{prefix}-{n}"


@dataclass(frozen=True)
class AddFrames(Command):
    """Frames put on a page at once (pasted or duplicated), with the images they bring that
    the document lacks; one undo step."""

    page: int
    frames: tuple[Frame, ...]
    images: dict[str, bytes] = field(default_factory=dict)
    label: str = N_("Paste")

    def apply(self, doc: Document) -> Document:
        page = _page(doc, self.page)
        ids = [f.id for f in self.frames]
        if len(set(ids)) != len(ids) or any(doc.find_frame(i) is not None for i in ids):
            raise CommandError("frame ids already used")
        clash = [k for k in self.images if k in doc.images]
        if clash:
            raise CommandError(f"image {clash[0]} already in the document")
        doc = _with_page(doc, self.page, replace(page, frames=page.frames + self.frames))
        if self.images:
            doc = replace(doc, images={**doc.images, **self.images})
        return doc

    def revert(self, doc: Document) -> Document:
        page = _page(doc, self.page)
        ids = {f.id for f in self.frames}
        doc = _with_page(doc, self.page, replace(
            page, frames=tuple(f for f in page.frames if f.id not in ids)))
        if self.images:
            doc = replace(doc, images={k: v for k, v in doc.images.items()
                                       if k not in self.images})
        return doc

    @property
    def text(self) -> str:
        return self.label


def copies(doc: Document, frames: tuple[Frame, ...] | list[Frame], dx: float = 5.0,
           dy: float = 5.0) -> tuple[Frame, ...]:
    """Copies of ``frames`` for ``doc``: fresh ids, moved by (dx, dy) mm, without the
    template's name (the copy is not the template's "title") nor a link to a next frame."""
    out: list[Frame] = []
    taken = doc
    for frame in frames:
        base = frame.id.rstrip("0123456789").rstrip("-") or frame.kind
        new_id = unique_frame_id(taken, base)
        copy = replace(frame.moved(round(frame.x + dx, 2), round(frame.y + dy, 2)), id=new_id,
                       name="")
        if isinstance(copy, TextFrame) and copy.next_frame is not None:
            copy = replace(copy, next_frame=None)
        out.append(copy)
        # the next copy must not take this id
        taken = replace(taken, pages=taken.pages[:-1] + (
            replace(taken.pages[-1], frames=taken.pages[-1].frames + (copy,)),))
    return tuple(out)
