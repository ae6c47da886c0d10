"""Pages that continue a text: a template's continuation pattern, spliced into the text chain.

A template whose text can run long (a tract, a booklet) says in its ``flow`` object how its
document grows (see :func:`pancarte.model.templates.flow_spec`): which chain grows, the page
that is repeated, where the new pages go (before the back page), by how many pages at a time
(recto and verso: 2; a folded booklet: 4) and up to how many pages. The new pages' columns are
linked into the chain where they are inserted, so the text simply continues through them.

These are plain model functions (no layout): deciding *when* to add pages needs the layout
and lives in :mod:`pancarte.layout.growth`; the editor's "add a page" uses
:func:`insert_flow_page` inside an undoable command.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pancarte.model.commands import Command, CommandError
from pancarte.model.document import Document, Frame, Page, TextFrame, frame_from_dict


@dataclass(frozen=True)
class FlowSpec:
    """How a template's document grows (the template's ``flow`` object, validated)."""

    chain: str  # name of the text frame whose chain grows ("body")
    page: dict[str, Any]  # the continuation page, as template JSON; "{n}" in ids is numbered
    columns: tuple[str, ...]  # ids (with "{n}") of the page's frames the text flows through
    insert_before: int  # new pages go before the last ``insert_before`` pages
    step: int  # the page count grows by this many pages at a time (2: recto/verso)
    max_pages: int
    width: float  # mm: the template's page size, which the pattern is drawn for
    height: float


def chain_of(doc: Document, head_id: str) -> list[tuple[int, TextFrame]]:
    """The frames the text of ``head_id`` flows through, in order, with their page index."""
    out: list[tuple[int, TextFrame]] = []
    seen: set[str] = set()
    cur: str | None = head_id
    while cur and cur not in seen:
        found = doc.find_frame(cur)
        if found is None or not isinstance(found[1], TextFrame):
            break
        out.append((found[0], found[1]))
        seen.add(cur)
        cur = found[1].next_frame
    return out


def chain_head(doc: Document, name: str) -> TextFrame | None:
    """The first text frame called ``name`` that no frame flows into."""
    targets = {f.next_frame for p in doc.pages for f in p.frames
               if isinstance(f, TextFrame) and f.next_frame}
    for _i, f in doc.frames_named(name):
        if isinstance(f, TextFrame) and f.id not in targets:
            return f
    return None


def continuation_page(doc: Document, spec: FlowSpec) -> tuple[Page, list[str]]:
    """A new continuation page for ``doc`` (ids unused in it, scaled to its page size) and the
    ids of its columns in flow order, linked to one another (the last one links nowhere)."""
    from pancarte.model.templates import derive

    used = {f.id for p in doc.pages for f in p.frames}
    n = 1
    while any(str(f.get("id", "")).replace("{n}", str(n)) in used
              for f in spec.page.get("frames", [])):
        n += 1
    data = _numbered(spec.page, n)
    page = Page(frames=tuple(frame_from_dict(None, f, f"flow.page.frames[{i}]")
                             for i, f in enumerate(data.get("frames", []))),
                background=data.get("background"))
    columns = [c.replace("{n}", str(n)) for c in spec.columns]
    if (doc.width, doc.height) != (spec.width, spec.height):
        mini = Document(width=spec.width, height=spec.height, pages=(page,), colors=doc.colors)
        page = derive(mini, doc.width, doc.height).pages[0]
    frames = []
    for f in page.frames:
        if isinstance(f, TextFrame) and f.id in columns:
            i = columns.index(f.id)
            f = replace(f, next_frame=columns[i + 1] if i + 1 < len(columns) else None,
                        paragraphs=())
        frames.append(f)
    return replace(page, frames=tuple(frames)), columns


def _numbered(value: Any, n: int) -> Any:
    if isinstance(value, dict):
        return {k: (v.replace("{n}", str(n)) if k in ("id", "next_frame") and isinstance(v, str)
                    else _numbered(v, n)) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbered(v, n) for v in value]
    return value


def insert_flow_page(doc: Document, index: int, page: Page, columns: list[str],
                     head_id: str) -> Document:
    """``doc`` with ``page`` inserted at ``index`` and its ``columns`` spliced into the chain of
    ``head_id``: after the chain's last frame on a page before ``index``, before the frame that
    followed it. With no chain frame before ``index``, the page is inserted unlinked."""
    chain = chain_of(doc, head_id)
    before = [f for pi, f in chain if pi < index]
    pages = list(doc.pages)
    if not before or not columns:
        pages.insert(index, page)
        return replace(doc, pages=tuple(pages))
    prev = before[-1]
    frames: list[Frame] = []
    for f in page.frames:
        if isinstance(f, TextFrame) and f.id == columns[-1]:
            f = replace(f, next_frame=prev.next_frame)
        frames.append(f)
    pages.insert(index, replace(page, frames=tuple(frames)))
    doc = replace(doc, pages=tuple(pages))
    return doc.replace_frame(replace(prev, next_frame=columns[0]))


def add_flow_pages(doc: Document, spec: FlowSpec, count: int | None = None) -> Document:
    """``doc`` with ``count`` (default: the spec's step) continuation pages added before its
    back page(s), the text chain running through them."""
    head = chain_head(doc, spec.chain)
    if head is None:
        return doc
    for _ in range(spec.step if count is None else count):
        page, columns = continuation_page(doc, spec)
        index = max(1, len(doc.pages) - spec.insert_before)
        doc = insert_flow_page(doc, index, page, columns, head.id)
    return doc


# ---------------------------------------------------------------------------------------------
# The editor's "add a page": the text goes on through it


@dataclass(frozen=True)
class InsertFlowPage(Command):
    """Insert ``page`` at ``index`` with its ``columns`` spliced into the text chain of
    ``head`` (see :func:`insert_flow_page`); revert takes it out and joins the chain again."""

    index: int
    page: Page
    columns: tuple[str, ...]
    head: str

    def apply(self, doc: Document) -> Document:
        return insert_flow_page(doc, self.index, self.page, list(self.columns), self.head)

    def revert(self, doc: Document) -> Document:
        if not 0 <= self.index < len(doc.pages):
            raise CommandError(f"no page {self.index}")
        inserted = doc.pages[self.index]
        last = inserted.frame(self.columns[-1]) if self.columns else None
        pages = list(doc.pages)
        del pages[self.index]
        out = replace(doc, pages=tuple(pages))
        if last is None or not isinstance(last, TextFrame):
            return out
        for page in out.pages:
            for f in page.frames:
                if isinstance(f, TextFrame) and f.next_frame == self.columns[0]:
                    return out.replace_frame(replace(f, next_frame=last.next_frame))
        return out

    @property
    def text(self) -> str:
        return "Add page"


def flow_page_command(doc: Document, index: int) -> InsertFlowPage | None:
    """The command that adds a page at ``index`` through which the text flowing on the page
    before goes on: the template's continuation page when it has one, else a page with copies
    of that page's linked text frames. None when no text flows there (add a blank page)."""
    from pancarte.model.templates import flow_spec

    spec = flow_spec(doc.template) if doc.template else None
    head = chain_head(doc, spec.chain) if spec is not None else None
    if spec is not None and head is not None and any(
            pi < index for pi, _f in chain_of(doc, head.id)):
        page, columns = continuation_page(doc, spec)
        return InsertFlowPage(index, page, tuple(columns), head.id)
    # no pattern: copy the geometry of the linked frames of the page before
    targets = {f.next_frame: f for p in doc.pages for f in p.frames
               if isinstance(f, TextFrame) and f.next_frame}
    if index < 1:
        return None
    for f in doc.pages[index - 1].frames:
        if isinstance(f, TextFrame) and (f.next_frame or f.id in targets):
            head_frame = f
            while head_frame.id in targets:
                head_frame = targets[head_frame.id]
            from pancarte.model.commands import unique_frame_id

            linked = [g for pi, g in chain_of(doc, head_frame.id) if pi == index - 1]
            work = doc
            frames: list[TextFrame] = []
            for g in linked:
                new_id = unique_frame_id(work, g.id)
                copy = replace(g, id=new_id, paragraphs=(), next_frame=None, name="")
                frames.append(copy)
                work = replace(work, pages=(*work.pages, Page(frames=(copy,))))
            ids = [g.id for g in frames]
            frames = [replace(g, next_frame=ids[i + 1] if i + 1 < len(ids) else None)
                      for i, g in enumerate(frames)]
            page = Page(frames=tuple(frames), background=doc.pages[index - 1].background)
            return InsertFlowPage(index, page, tuple(ids), head_frame.id)
    return None
