"""One call per output: document → layout → checks → bytes from a renderer → a file written
here (renderers never write files). The output kinds (PDF, PNG, .pancarte) are registered in
:data:`OUTPUTS`, the one place that maps a file name to its writer.

A PDF or PNG export runs the preflight (:mod:`pancarte.preflight`) first and refuses a document
with errors; the warnings come back in the result. PDF outputs: the page as it is (with or
without bleed and marks, RGB or CMYK, PDF/X-4: see :data:`pancarte.options.PRESETS`), the page
tiled on A4/A3 sheets (``tile``), copied N times on a sheet (``nup``) or imposed as a booklet
(``imposition="booklet"``). Nothing here imports Qt: the PNG renderer is imported only when a
PNG is made.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pancarte.errors import ExportError, LayoutError, PancarteError
from pancarte.files import os_reason, write_atomic, write_atomic_all
from pancarte.i18n import _
from pancarte.layout.boxes import DocumentLayout, Finding
from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Document, TextFrame
from pancarte.options import DEFAULTS, IMPOSITIONS, MAX_PNG_PIXELS, ExportOptions, pdf_options

Progress = Callable[[int, int], None]


@dataclass
class ExportResult:
    path: Path
    layout: DocumentLayout
    preflight: list[Finding] | None = None
    sheets: int = 0  # pages written (sheets when tiled or N-up)
    paths: list[Path] = field(default_factory=list)  # every file written
    scale: float = 1.0  # N-up copies or booklet pages scaled down to stay printable
    notes: list[str] = field(default_factory=list)  # what the user should know (scale…)

    @property
    def findings(self) -> list[Finding]:
        """The preflight's findings (the layout's own when no preflight ran)."""
        return self.layout.findings if self.preflight is None else self.preflight


def write_output(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` atomically at ``path`` (:func:`pancarte.files.write_atomic`); ExportError
    with the path and the system's reason when the disk refuses."""
    try:
        return write_atomic(path, data)
    except OSError as exc:
        raise ExportError(_("cannot write {path}: {reason}", path=str(path),
                            reason=os_reason(exc))) from exc


def write_outputs(files: list[tuple[Path, bytes]]) -> list[Path]:
    """Write several files all or none (:func:`pancarte.files.write_atomic_all`: the pages of
    a PNG export); ExportError naming the file the disk refused, every previous file as it
    was."""
    try:
        return write_atomic_all(files)
    except OSError as exc:
        where = exc.filename or (str(files[0][0]) if files else "")
        raise ExportError(_("cannot write {path}: {reason}", path=str(where),
                            reason=os_reason(exc))) from exc


# ---------------------------------------------------------------------------------------------
# PDF


def check_exportable(layout: DocumentLayout, allow_overflow: bool) -> None:
    """Raise when the layout must not be written: text that does not fit (unless allowed), a QR
    code whose content cannot be encoded, an image that cannot be read."""
    from pancarte.findings import line

    for f in layout.findings:
        if f.code == "text-overflow" and not allow_overflow:
            raise LayoutError(f.params.get("name") or f.frame)
        if f.severity == "error" and f.code != "text-overflow":
            raise PancarteError(line(f))


def run_preflight(doc: Document, layout: DocumentLayout, engine: LayoutEngine, *,
                  cmyk: bool = False) -> list[Finding]:
    from pancarte.preflight import PreflightOptions, preflight

    return preflight(doc, layout, options=PreflightOptions(cmyk=cmyk), engine=engine)


def check_preflight(findings: list[Finding]) -> None:
    """Raise for an error-severity finding other than text overflow (which
    :func:`check_exportable` already let through or refused)."""
    from pancarte.findings import line

    for f in findings:
        if f.severity == "error" and f.code != "text-overflow":
            raise PancarteError(line(f))


def document_title(doc: Document) -> str:
    """The PDF's title: the document's own, else the text of its ``title`` frame (emphasis marks
    removed), else "Pancarte"."""
    if doc.title.strip():
        return " ".join(doc.title.split())
    for _page, frame in doc.frames_named("title"):
        if isinstance(frame, TextFrame) and frame.paragraphs:
            text = " ".join(p.text for p in frame.paragraphs)
            text = re.sub(r"(?<!\\)\*+", "", text).replace("\\*", "*")
            text = " ".join(text.split())
            if text:
                return text[:200]
    return "Pancarte"


def percent(scale: float) -> str:
    """A scale as a whole percentage, rounded down (0.957 → "95"): never more than it is."""
    return str(int(scale * 100 + 1e-9))


def export_pdf(
    doc: Document,
    path: str | os.PathLike,
    *,
    marks: bool | None = None,
    allow_overflow: bool = False,
    invariant: bool = False,
    engine: LayoutEngine | None = None,
    preset: str | None = None,
    bleed: bool | None = None,
    tile: str | None = None,
    overlap: float = DEFAULTS.overlap,
    nup: int | None = None,
    sheet: str = DEFAULTS.sheet,
    imposition: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Lay out ``doc``, check it (preflight) and write it as a PDF at ``path``.

    ``preset`` is one of :data:`pancarte.options.PRESETS` (None:
    :func:`pancarte.options.default_preset`); ``marks``/``bleed`` override it when not None.
    ``tile`` (``"A4"``/``"A3"``) prints the page on sheets with ``overlap`` mm of glue band;
    ``nup`` (2, 4, 8) puts that many copies on each ``sheet``; ``imposition="booklet"`` makes
    a saddle-stitched booklet of half-``sheet`` pages. Raises LayoutError when text does not fit
    (unless ``allow_overflow``), PancarteError for another preflight error and ExportError when
    the file cannot be written; in every case nothing is written.
    """
    from pancarte.render.pdf import render_pdf

    if sum(1 for x in (tile, nup, imposition) if x) > 1:
        raise PancarteError(_("--tile, --nup and --imposition cannot be used together"))
    if imposition is not None and imposition not in IMPOSITIONS:
        raise PancarteError(_("unknown imposition {name}", name=imposition))
    engine = engine or LayoutEngine()
    layout = engine.layout(doc)
    check_exportable(layout, allow_overflow)
    options = pdf_options(preset, marks=marks, bleed=bleed, title=document_title(doc),
                          invariant=invariant, sheets=bool(tile or nup or imposition))
    # the notes on RGB colours converted to CMYK are for who chose a CMYK preset: by default
    # Pancarte converts them through its profile, as a print shop would, and says nothing
    findings = run_preflight(doc, layout, engine, cmyk=options.cmyk and preset is not None)
    check_preflight(findings)
    scale, notes = 1.0, []
    if tile:
        from pancarte.render.imposition import tile_pdf

        data, sheets = tile_pdf(layout, tile, overlap_mm=overlap, options=options,
                                fonts=engine.fonts, progress=progress)
    elif nup:
        from pancarte.render.imposition import nup_pdf, nup_plan_for

        scale = min(nup_plan_for(p, nup, sheet, options).scale for p in layout.pages)
        data, sheets = nup_pdf(layout, nup, sheet, options=options, fonts=engine.fonts)
        if scale < 1:
            notes.append(_("the copies are printed at {pct} % of their size to stay clear of "
                           "the edges a home printer cannot print", pct=percent(scale)))
    elif imposition == "booklet":
        from pancarte.render.imposition import booklet_pdf

        data, plan = booklet_pdf(layout, sheet, options=options, fonts=engine.fonts)
        sheets, scale = len(plan.sides), plan.scale
        notes.append(_("booklet of {pages} pages on {sheets} sheets: print double-sided, flipped "
                       "on the short edge, then fold and staple", pages=plan.sheets * 4,
                       sheets=plan.sheets) if plan.sheets > 1 else
                     _("booklet of 4 pages on 1 sheet: print double-sided, flipped on the short "
                       "edge, then fold"))
        if plan.blanks == 1:
            notes.append(_("1 blank page added to make a multiple of 4"))
        elif plan.blanks:
            notes.append(_("{n} blank pages added to make a multiple of 4", n=plan.blanks))
        if scale < 1:
            notes.append(_("the pages are printed at {pct} % of their size to stay clear of "
                           "the edges a home printer cannot print", pct=percent(scale)))
    else:
        data = render_pdf(layout, options, engine.fonts)
        sheets = len(layout.pages)
    write_output(path, data)
    return ExportResult(Path(path), layout, findings, sheets, [Path(path)], scale=scale,
                        notes=notes)


# ---------------------------------------------------------------------------------------------
# PNG (Qt only on this path)


def png_dpi_for_width(layout: DocumentLayout, width_px: int) -> float:
    """The resolution at which the first page's trim is ``width_px`` pixels wide."""
    return width_px * 72.0 / layout.pages[0].width


def export_png(
    doc: Document,
    path: str | os.PathLike,
    *,
    dpi: float = DEFAULTS.dpi,
    width: int | None = None,
    allow_overflow: bool = False,
    engine: LayoutEngine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Path], ExportResult]:
    """Write every page as PNG (``width`` pixels wide when given, else at ``dpi``): ``OUT.png``
    for one page, ``OUT-1.png``, ``OUT-2.png``… for several, all rendered before any is
    written, and written all or none. Return the paths written and the result (with the preflight's findings)."""
    engine = engine or LayoutEngine()
    layout = engine.layout(doc)
    check_exportable(layout, allow_overflow)
    findings = run_preflight(doc, layout, engine)
    check_preflight(findings)
    if width is not None:
        dpi = png_dpi_for_width(layout, width)
    page = layout.pages[0]
    if (page.width / 72 * dpi) * (page.height / 72 * dpi) > MAX_PNG_PIXELS:
        raise PancarteError(_("the image would be too large (over {n} million pixels)",
                              n=MAX_PNG_PIXELS // 10**6))
    from pancarte.render.qt import render_pngs

    images = render_pngs(layout, dpi, progress=progress)
    paths = png_paths(Path(path), len(images))
    write_outputs(list(zip(paths, images, strict=True)))  # all pages or none
    return paths, ExportResult(Path(path), layout, findings, len(paths), paths)


def png_paths(out: Path, count: int) -> list[Path]:
    """``OUT.png`` for one page; ``OUT-1.png``, ``OUT-2.png``… for several."""
    if count == 1:
        return [out]
    return [out.with_name(f"{out.stem}-{i}{out.suffix}") for i in range(1, count + 1)]


# ---------------------------------------------------------------------------------------------
# .pancarte (the document itself: no preflight, the layout's findings)


def save_pancarte(doc: Document, path: str | os.PathLike, *,
                  engine: LayoutEngine | None = None) -> ExportResult:
    """Save ``doc`` as a ``.pancarte`` document; the result holds the layout's findings."""
    from pancarte.model.fileformat import save_document

    layout = (engine or LayoutEngine()).layout(doc)
    save_document(doc, path)
    return ExportResult(Path(path), layout, None, len(layout.pages), [Path(path)])


# ---------------------------------------------------------------------------------------------
# Output kinds


@dataclass(frozen=True)
class OutputKind:
    """One kind of output: its name, the file suffix that chooses it and its writer ``write(doc, path, options, engine, progress)``.
    ``exported`` kinds are offered by ``pancarte export`` and the editor's export dialog;
    ``lists_paths``: the files written are named after the output (``OUT-1.png``…) and the
    command line lists them."""

    name: str
    suffix: str
    write: Callable[[Document, Path, ExportOptions, LayoutEngine | None, Progress | None],
                    ExportResult]
    exported: bool = True
    lists_paths: bool = False


def _write_pdf(doc: Document, path: Path, o: ExportOptions, engine: LayoutEngine | None,
               progress: Progress | None) -> ExportResult:
    return export_pdf(doc, path, marks=o.marks, bleed=o.bleed, preset=o.preset,
                      allow_overflow=o.allow_overflow, invariant=o.invariant, tile=o.tile,
                      overlap=o.overlap, nup=o.nup, sheet=o.sheet, imposition=o.imposition,
                      engine=engine, progress=progress)


def _write_png(doc: Document, path: Path, o: ExportOptions, engine: LayoutEngine | None,
               progress: Progress | None) -> ExportResult:
    return export_png(doc, path, dpi=o.dpi, width=o.width, allow_overflow=o.allow_overflow,
                      engine=engine, progress=progress)[1]


def _write_pancarte(doc: Document, path: Path, _options: ExportOptions,
                    engine: LayoutEngine | None, _progress: Progress | None) -> ExportResult:
    return save_pancarte(doc, path, engine=engine)


OUTPUTS: dict[str, OutputKind] = {k.name: k for k in (
    OutputKind("pdf", ".pdf", _write_pdf),
    OutputKind("png", ".png", _write_png, lists_paths=True),
    OutputKind("pancarte", ".pancarte", _write_pancarte, exported=False),
)}


def output_kind(path: str | os.PathLike) -> OutputKind | None:
    """The output kind a file name asks for (by its suffix, any case); None for another."""
    name = os.fspath(path).lower()
    return next((k for k in OUTPUTS.values() if name.endswith(k.suffix)), None)
