"""One call per output: document → layout → PDF (and the compose step the CLI uses).

Nothing here imports Qt: PNG export lives with the Qt renderer.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from pancarte.errors import ExportError, LayoutError, PancarteError
from pancarte.layout.boxes import DocumentLayout, Finding
from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Document, Paragraph, QRFrame, TextFrame
from pancarte.model.templates import derive, load_template, template_info

_BULLET = re.compile(r"^\s*(?:[•\-*–]|\d{1,3}[.)]|\d{1,3} [–-])\s+")


@dataclass
class ExportResult:
    path: Path
    layout: DocumentLayout

    @property
    def findings(self) -> list[Finding]:
        return self.layout.findings


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: a failure leaves
    any previous file untouched and no partial file behind."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ExportError(_os_reason(path, exc)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = 0o666 & ~_umask()
        if path.exists():
            mode = path.stat().st_mode & 0o777
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ExportError(_os_reason(path, exc)) from exc
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _os_reason(path: Path, exc: OSError) -> str:
    return f"{path}: {exc.strerror or exc}"


# ---------------------------------------------------------------------------------------------
# Compose


def text_to_paragraphs(text: str, role: str = "paragraph") -> tuple[Paragraph, ...]:
    """Paragraphs from plain text: blank lines separate paragraphs; lines starting with a
    bullet (``•``, ``-``, ``*``, ``–``) or a number (``2.``, ``3)``) are list items; other
    line breaks inside a paragraph are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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
    for _, frame in doc.frames_named(name):
        if isinstance(frame, TextFrame):
            return doc.replace_frame(replace(frame, paragraphs=paragraphs))
    return doc


def set_qr(doc: Document, content: str, name: str = "qr") -> Document:
    for _, frame in doc.frames_named(name):
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
        doc = set_text(doc, "title", (Paragraph(title.strip(), role="title"),) if title.strip()
                       else ())
    if text is not None:
        doc = set_text(doc, "body", text_to_paragraphs(text))
    if qr is not None:
        doc = set_qr(doc, qr)
    if size is not None or landscape:
        w, h = size if size is not None else (doc.width, doc.height)
        doc = derive(doc, w, h, landscape)
    if bleed is not None:
        doc = replace(doc, bleed=bleed)
    return doc


# ---------------------------------------------------------------------------------------------
# PDF


def check_exportable(layout: DocumentLayout, allow_overflow: bool) -> None:
    """Raise when the layout must not be written: text that does not fit (unless allowed), a QR
    code whose content cannot be encoded, an image that cannot be read."""
    from pancarte.findings import message

    for f in layout.findings:
        if f.code == "text-overflow" and not allow_overflow:
            raise LayoutError(f.params.get("name") or f.frame)
        if f.severity == "error" and f.code != "text-overflow":
            raise PancarteError(message(f))


def export_pdf(
    doc: Document,
    path: str | os.PathLike,
    *,
    marks: bool = True,
    allow_overflow: bool = False,
    invariant: bool = False,
    engine: LayoutEngine | None = None,
) -> ExportResult:
    """Lay out ``doc`` and write it as a print-ready PDF at ``path``.

    Raises LayoutError when text does not fit (unless ``allow_overflow``) and ExportError when
    the file cannot be written; in both cases nothing is written.
    """
    from pancarte.render.pdf import PdfOptions, render_pdf

    engine = engine or LayoutEngine()
    layout = engine.layout(doc)
    check_exportable(layout, allow_overflow)
    data = render_pdf(layout, PdfOptions(marks=marks, title=doc.title, invariant=invariant),
                      engine.fonts)
    write_atomic(Path(path), data)
    return ExportResult(Path(path), layout)
