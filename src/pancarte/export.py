"""One call per output: document → layout → PDF (and the compose step the CLI uses).

A PDF export runs the preflight (:mod:`pancarte.preflight`) first and refuses a document with
errors; the warnings come back in the result. Outputs: the page as it is (with or without
bleed and marks, RGB or CMYK, PDF/X-4: see :data:`PRESETS`), the page tiled on A4/A3 sheets
(``tile``) or copied N times on a sheet (``nup``). Nothing here imports Qt: PNG export lives
with the Qt renderer (:func:`export_png` imports it only when called).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pancarte.errors import ExportError, LayoutError, PancarteError
from pancarte.i18n import _
from pancarte.layout.boxes import DocumentLayout, Finding
from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Document, Paragraph, QRFrame, TextFrame
from pancarte.model.templates import derive, load_template, template_info

_BULLET = re.compile(r"^\s*(?:[•\-*–]|\d{1,3}[.)]|\d{1,3} [–-])\s+")


@dataclass
class ExportResult:
    path: Path
    layout: DocumentLayout
    preflight: list[Finding] | None = None
    sheets: int = 0  # pages written (sheets when tiled or N-up)

    @property
    def findings(self) -> list[Finding]:
        """The preflight's findings (the layout's own when no preflight ran)."""
        return self.layout.findings if self.preflight is None else self.preflight


@dataclass(frozen=True)
class Preset:
    """What an output preset sets; explicit options (``--bleed``, ``--no-marks``) win."""

    bleed: bool
    marks: bool
    cmyk: bool
    pdfx: bool


# imprimeur: a print shop's file (bleed, marks, CMYK, PDF/X-4); en-ligne: the same for online
# printers, who want no marks; maison: the home printer's page (RGB, the trim alone)
PRESETS: dict[str, Preset] = {
    "imprimeur": Preset(bleed=True, marks=True, cmyk=True, pdfx=True),
    "en-ligne": Preset(bleed=True, marks=False, cmyk=True, pdfx=True),
    "maison": Preset(bleed=False, marks=False, cmyk=False, pdfx=False),
}
DEFAULT_PRESET = Preset(bleed=True, marks=True, cmyk=False, pdfx=False)


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
    """The whole message for a failed write: the path and the OS's own reason."""
    return _("cannot write {path}: {reason}", path=str(path), reason=exc.strerror or exc)


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


def pdf_options(preset: str | None = None, *, marks: bool | None = None,
                bleed: bool | None = None, title: str = "", invariant: bool = False):
    """The renderer's options for ``preset`` (None: bleed and marks, RGB), with ``marks`` and
    ``bleed`` overriding the preset when given."""
    from pancarte.render.pdf import PdfOptions

    if preset is not None and preset not in PRESETS:
        raise PancarteError(_("unknown preset {name}", name=preset))
    p = PRESETS[preset] if preset else DEFAULT_PRESET
    return PdfOptions(marks=p.marks if marks is None else marks,
                      bleed=p.bleed if bleed is None else bleed,
                      cmyk=p.cmyk, pdfx=p.pdfx, title=title, invariant=invariant)


def run_preflight(doc: Document, layout: DocumentLayout, engine: LayoutEngine, *,
                  cmyk: bool = False) -> list[Finding]:
    from pancarte.preflight import PreflightOptions, preflight

    return preflight(doc, layout, options=PreflightOptions(cmyk=cmyk), engine=engine)


def check_preflight(findings: list[Finding], allow_overflow: bool) -> None:
    """Raise for an error-severity finding (text overflow only unless allowed)."""
    from pancarte.preflight import line

    for f in findings:
        if f.severity == "error" and f.code != "text-overflow":
            raise PancarteError(line(f))


def export_pdf(
    doc: Document,
    path: str | os.PathLike,
    *,
    marks: bool | None = True,
    allow_overflow: bool = False,
    invariant: bool = False,
    engine: LayoutEngine | None = None,
    preset: str | None = None,
    bleed: bool | None = None,
    tile: str | None = None,
    overlap: float = 10.0,
    nup: int | None = None,
    sheet: str = "A4",
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Lay out ``doc``, check it (preflight) and write it as a PDF at ``path``.

    ``preset`` is one of :data:`PRESETS` (``marks``/``bleed`` override it when not None);
    ``tile`` (``"A4"``/``"A3"``) prints the page on sheets with ``overlap`` mm of glue band;
    ``nup`` (2, 4, 8) puts that many copies on each ``sheet``. Raises LayoutError when text
    does not fit (unless ``allow_overflow``), PancarteError for another preflight error and
    ExportError when the file cannot be written; in every case nothing is written.
    """
    from pancarte.render.pdf import render_pdf

    if marks is True and preset is not None:
        marks = None  # the preset decides unless the caller turned marks off
    engine = engine or LayoutEngine()
    layout = engine.layout(doc)
    check_exportable(layout, allow_overflow)
    options = pdf_options(preset, marks=marks, bleed=bleed, title=doc.title,
                          invariant=invariant)
    findings = run_preflight(doc, layout, engine, cmyk=options.cmyk)
    check_preflight(findings, allow_overflow)
    if tile and nup:
        raise PancarteError(_("--tile and --nup cannot be used together"))
    if tile:
        from pancarte.render.imposition import tile_pdf

        data, sheets = tile_pdf(layout, tile, overlap_mm=overlap, options=options,
                                fonts=engine.fonts, progress=progress)
    elif nup:
        from pancarte.render.imposition import nup_pdf

        data, sheets = nup_pdf(layout, nup, sheet, options=options, fonts=engine.fonts)
    else:
        data = render_pdf(layout, options, engine.fonts)
        sheets = len(layout.pages)
    write_atomic(Path(path), data)
    return ExportResult(Path(path), layout, findings, sheets)


# ---------------------------------------------------------------------------------------------
# PNG (Qt only on this path)

MAX_PNG_PIXELS = 100_000_000


def png_dpi_for_width(layout: DocumentLayout, width_px: int) -> float:
    """The resolution at which the first page's trim is ``width_px`` pixels wide."""
    return width_px * 72.0 / layout.pages[0].width


def export_png(
    doc: Document,
    path: str | os.PathLike,
    *,
    dpi: float = 150.0,
    width: int | None = None,
    allow_overflow: bool = False,
    engine: LayoutEngine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Path], ExportResult]:
    """Write every page as PNG (``width`` pixels wide when given, else at ``dpi``); return the
    paths written and the result (with the preflight's findings)."""
    engine = engine or LayoutEngine()
    layout = engine.layout(doc)
    check_exportable(layout, allow_overflow)
    findings = run_preflight(doc, layout, engine)
    check_preflight(findings, allow_overflow)
    if width is not None:
        dpi = png_dpi_for_width(layout, width)
    page = layout.pages[0]
    if (page.width / 72 * dpi) * (page.height / 72 * dpi) > MAX_PNG_PIXELS:
        raise PancarteError(_("the image would be too large (over {n} million pixels)",
                              n=MAX_PNG_PIXELS // 10**6))
    from pancarte.render.qt import export_png as qt_export_png

    paths = qt_export_png(layout, Path(path), dpi, progress=progress)
    return paths, ExportResult(Path(path), layout, findings, len(paths))
