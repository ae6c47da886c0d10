"""Editing a document from plain inputs: text into paragraphs, a frame's text or QR content
replaced by name, a template filled in one call (what ``compose``, the library, the event
panel and the editor share). Pure model: no layout, no renderer, no file written."""

from __future__ import annotations

import re
from dataclasses import replace

from pancarte.model.document import Document, Paragraph, QRFrame, TextFrame, check_document
from pancarte.model.templates import derive, load_template, template_info

# C0 controls but tab and line ends, DEL and C1 controls: terminal escapes, form feeds and
# backspaces pasted with a text print as nothing meaningful (or as boxes); a terminal's escape
# sequence goes whole ("\x1b[31m", not only its ESC)
_CONTROLS = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BULLET = re.compile(r"^\s*(?:[•\-*–]|\d{1,3}[.)]|\d{1,3} [–-])\s+")



def text_to_paragraphs(text: str, role: str = "paragraph") -> tuple[Paragraph, ...]:
    """Paragraphs from plain text: blank lines separate paragraphs; lines starting with a
    bullet (``•``, ``-``, ``*``, ``–``) or a number (``2.``, ``3)``) are list items; other
    line breaks inside a paragraph are joined; control characters (escapes, backspaces, form
    feeds) are left out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _CONTROLS.sub("", text)
    out: list[Paragraph] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        buf: list[str] = []
        for line in lines:
            m = _BULLET.match(line)
            if m:
                if buf:
                    out.append(Paragraph(" ".join(buf), role=role))
                    buf = []
                marker = m.group(0).strip()
                marker = "•" if marker in ("-", "*", "–", "•") else marker
                out.append(Paragraph(line[m.end():], role="list_item", marker=marker))
            else:
                buf.append(line)
        if buf:
            out.append(Paragraph(" ".join(buf), role=role))
    return tuple(out)


def set_text(doc: Document, name: str, paragraphs: tuple[Paragraph, ...]) -> Document:
    """Put ``paragraphs`` in the first text frame called ``name`` (no such frame: unchanged,
    returns the same document)."""
    for _page, frame in doc.frames_named(name):
        if isinstance(frame, TextFrame):
            return doc.replace_frame(replace(frame, paragraphs=paragraphs))
    return doc


def set_qr(doc: Document, content: str, name: str = "qr") -> Document:
    for _page, frame in doc.frames_named(name):
        if isinstance(frame, QRFrame):
            return doc.replace_frame(replace(frame, content=content))
    return doc


def compose(
    template: str,
    *,
    title: str | None = None,
    text: str | None = None,
    qr: str | None = None,
    size: tuple[float, float] | None = None,
    landscape: bool = False,
    bleed: float | None = None,
    sample: bool = False,
) -> Document:
    """A document from ``template`` filled with the given title, body text and QR content."""
    doc = load_template(template)
    if sample:
        s = template_info(template).sample
        for name, value in s.items():
            if name == "qr":
                doc = set_qr(doc, str(value))
            elif isinstance(value, str):
                role = "title" if name == "title" else "paragraph"
                doc = set_text(doc, name, text_to_paragraphs(value, role))
    if title is not None:
        title = _CONTROLS.sub("", title).strip()
        doc = set_text(doc, "title", (Paragraph(title, role="title"),) if title else ())
    if text is not None:
        doc = set_text(doc, "body", text_to_paragraphs(text))
    if qr is not None:
        doc = set_qr(doc, qr)
    if size is not None or landscape:
        w, h = size if size is not None else (doc.width, doc.height)
        doc = derive(doc, w, h, landscape)
    if bleed is not None:
        doc = replace(doc, bleed=bleed)
    check_document(doc)  # the user's text within the document's limits, whatever the output
    return doc
