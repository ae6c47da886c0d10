"""Library blocks on the page: the MIME data a dragged block carries, and the edits that put
a block's text into a frame (filling it, appending to it, or as a new frame).

The block's text is *copied* into the document with its tract id and revision
(``Paragraph.source``), through :func:`pancarte.fill.tract.tract_paragraphs`, the same
code ``compose --tract`` uses.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData

from pancarte.i18n import N_
from pancarte.model.document import (
    Document,
    Frame,
    Paragraph,
    QRFrame,
    TextFrame,
    TextStyle,
)

if TYPE_CHECKING:
    from pancarte.model.commands import AddFrame, Command

MIME_BLOCK = "application/x-pancarte-block"


def block_mime(tract: Any, index: int) -> QMimeData:
    """The MIME data of block ``index`` of ``tract``: JSON with the tract's id, revision and
    the block itself, plus its plain text for other programs."""
    block = tract.blocks[index]
    data = {"tract": tract.id, "revision": tract.revision, "title": tract.title,
            "block": block.to_dict()}
    mime = QMimeData()
    mime.setData(MIME_BLOCK, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    mime.setText("\n".join(block.strings()))
    return mime


def mime_paragraphs(mime: QMimeData) -> tuple[Paragraph, ...] | None:
    """The paragraphs a drop brings: a library block, or plain text; None for anything else."""
    if mime.hasFormat(MIME_BLOCK):
        from pancarte.library.tract import Block, Tract

        try:
            data: Any = json.loads(bytes(mime.data(MIME_BLOCK).data()).decode("utf-8"))
            block = Block.from_dict(data["block"])
            tract = Tract(id=str(data["tract"]), title=str(data.get("title", "")),
                          blocks=(block,), revision=int(data.get("revision", 1)))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, Exception):  # noqa: BLE001
            return None
        return block_paragraphs(tract, 0)
    if mime.hasText() and mime.text().strip():
        from pancarte.model.edit import text_to_paragraphs

        return text_to_paragraphs(mime.text()[:200_000])
    return None


def mime_tract_id(mime: QMimeData) -> str:
    """The id of the library tract a dropped block comes from ("" for other drops)."""
    if not mime.hasFormat(MIME_BLOCK):
        return ""
    try:
        data = json.loads(bytes(mime.data(MIME_BLOCK).data()).decode("utf-8"))
        return str(data.get("tract", "")) if isinstance(data, dict) else ""
    except (ValueError, UnicodeDecodeError):
        return ""


def tract_mime(tract: Any) -> QMimeData:
    """What dragging a whole tract carries: its title block (its first block when it has no
    title), the tract's id with it."""
    index = next((i for i, b in enumerate(tract.blocks) if b.kind == "title" and not b.debris),
                 next((i for i, b in enumerate(tract.blocks) if not b.debris), 0))
    return block_mime(tract, index)


def block_paragraphs(tract: Any, index: int) -> tuple[Paragraph, ...]:
    """Block ``index`` of ``tract`` as document paragraphs (with their source)."""
    from pancarte.fill.tract import tract_paragraphs

    one = replace(tract, blocks=(tract.blocks[index],))
    parts = tract_paragraphs(one, programme=False, footer=False)
    return tuple(p for name in ("title", "body", "programme", "footer") for p in parts[name])


def _for_frame(frame: TextFrame, paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """A title frame shows titles: its paragraphs take the title role."""
    if frame.name == "title":
        return tuple(replace(p, role="title", marker="") if p.role != "title" else p
                     for p in paragraphs)
    return paragraphs


def fill_frame(doc: Document, frame: Frame, paragraphs: tuple[Paragraph, ...],
               append: bool = False) -> Command | None:
    """The command putting ``paragraphs`` into ``frame`` (replacing its text, or after it
    with ``append``); a QR frame takes the text as its content. None when nothing changes."""
    from pancarte.model.commands import ReplaceFrame  # the editing commands: at the first edit

    found = doc.find_frame(frame.id)
    if found is None:
        return None
    page, frame = found
    if isinstance(frame, TextFrame):
        paras = _for_frame(frame, paragraphs)
        if append:
            kept = tuple(p for p in frame.paragraphs if p.text.strip() or p.marker)
            paras = kept + paras
        new: Frame = replace(frame, paragraphs=paras)
        label = N_("Insert block")
    elif isinstance(frame, QRFrame):
        content = " ".join(p.text for p in paragraphs).strip()[:4000]
        new = replace(frame, content=content)
        label = N_("QR code content")
    else:
        return None
    if new == frame:
        return None
    return ReplaceFrame(page, frame, new, label=label)


def new_text_frame(doc: Document, page: int, x: float, y: float,
                   paragraphs: tuple[Paragraph, ...]) -> AddFrame:
    """A new autofit text frame centred on (x, y) mm, kept inside the safe zone."""
    from pancarte.model.commands import AddFrame, unique_frame_id

    m = doc.safe_margin
    w = min(120.0, max(20.0, doc.width - 2 * m))
    h = min(50.0, max(15.0, doc.height / 5))
    left = min(max(x - w / 2, m), max(m, doc.width - m - w))
    top = min(max(y - h / 2, m), max(m, doc.height - m - h))
    color = "$text" if "text" in doc.colors else "#000000"
    frame = TextFrame(id=unique_frame_id(doc, "text"), x=round(left, 2), y=round(top, 2),
                      w=w, h=h, paragraphs=paragraphs, size=18, autofit=True, min_size=6,
                      max_size=96, style=TextStyle(color=color))
    return AddFrame(page, frame)


# ---- a block that overflows its frame: shorten it, or let it continue in another frame ------


def overflows(layout: Any, frame_id: str) -> bool:
    """Whether the text of ``frame_id`` overflows in ``layout`` (the canvas' red mark)."""
    return any(f.code == "text-overflow" and f.frame == frame_id for f in layout.findings)


def _text_frame(doc: Document, frame_id: str) -> tuple[int, TextFrame] | None:
    """The page index and text frame ``frame_id`` (None when it is not a text frame)."""
    found = doc.find_frame(frame_id)
    if found is None or not isinstance(found[1], TextFrame):
        return None
    return found[0], found[1]


def shorten_command(doc: Document, frame_id: str, engine: Any) -> Command | None:
    """The edit cutting the frame's last paragraph at a sentence boundary (ending with "…")
    — the longest cut that fits, dropping whole paragraphs from the end when even its first
    clause does not. None when the text fits already or nothing can be cut."""
    from pancarte.fill.pick import cuts
    from pancarte.model.commands import ReplaceFrame

    found = _text_frame(doc, frame_id)
    if found is None:
        return None
    page, frame = found
    paras = [p for p in frame.paragraphs if p.text.strip() or p.marker]

    def fits(candidate: list[Paragraph]) -> bool:
        trial = doc.replace_frame(replace(frame, paragraphs=tuple(candidate)))
        return not overflows(engine.layout(trial), frame_id)

    if not paras or fits(paras):
        return None
    while paras:
        last = paras[-1]
        source = dict(last.source or {})
        if source:
            source["cut"] = True
        versions = [replace(last, text=t, source=source or None) for t in cuts(last.text)]
        if versions and fits(paras[:-1] + [versions[-1]]):
            a, b = -1, len(versions) - 1  # versions[b] fits; a = -1 is the whole paragraph
            while b - a > 1:
                mid = (a + b) // 2
                if fits(paras[:-1] + [versions[mid]]):
                    b = mid
                else:
                    a = mid
            new = replace(frame, paragraphs=tuple(paras[:-1] + [versions[b]]))
            return ReplaceFrame(page, frame, new, label=N_("Shorten the block"))
        paras = paras[:-1]
        if paras and fits(paras):
            return ReplaceFrame(page, frame, replace(frame, paragraphs=tuple(paras)),
                                label=N_("Shorten the block"))
    return None


def continue_command(doc: Document, frame_id: str) -> Command | None:
    """The edit adding a new frame of the same size and style where the text continues (linked
    after ``frame_id``): below it when there is room on the page, else beside it, else over
    it a little lower (to be moved)."""
    from pancarte.model.commands import AddFrame, Composite, ReplaceFrame, unique_frame_id

    found = _text_frame(doc, frame_id)
    if found is None:
        return None
    page, frame = found
    m = doc.safe_margin
    gap = 4.0
    x, y = frame.x, frame.y + frame.h + gap
    if y + frame.h > doc.height - m:
        x, y = frame.x + frame.w + gap, frame.y
        if x + frame.w > doc.width - m:
            x, y = frame.x + 10, frame.y + 10
    new = replace(frame, id=unique_frame_id(doc, f"{frame.name or frame.id}-suite"), name="",
                  x=round(x, 2), y=round(y, 2), paragraphs=(), next_frame=frame.next_frame)
    linked = replace(frame, next_frame=new.id)
    return Composite((AddFrame(page, new), ReplaceFrame(page, frame, linked)),
                     label=N_("Continue in another frame"))
