"""The canvas shows what prints: the editor's canvas, painted on screen at 100 % and at the zooms a page fits a window at (grabbed from
the widget, offscreen), against the exported PDF rasterised by pdftoppm at the same resolution,
in colour, for every template and for a document with a photo. The bound is the export's: at
most 1 % of the pixels differ by more than a quarter of the range in some channel. A failing
comparison writes the canvas image, the PDF image and their difference next to the test's
temporary files."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF

np = pytest.importorskip("numpy")
from PIL import Image, ImageDraw  # noqa: E402

from pancarte.export import export_pdf  # noqa: E402
from pancarte.gui.canvas import Canvas  # noqa: E402
from pancarte.gui.canvas_view import MARGIN  # noqa: E402
from pancarte.gui.session import DocumentSession  # noqa: E402
from pancarte.layout.engine import LayoutEngine  # noqa: E402
from pancarte.model.commands import AddFrame  # noqa: E402
from pancarte.model.document import ImageFrame  # noqa: E402
from pancarte.model.edit import compose  # noqa: E402
from pancarte.model.templates import template_ids  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm")

BOUND = 0.01  # share of pixels allowed to differ
QUARTER = 64  # a quarter of the 0–255 range
RESULTS: dict[str, float] = {}


@pytest.fixture(scope="module")
def engine() -> LayoutEngine:
    return LayoutEngine()


def photo_png(path: Path, w: int = 900, h: int = 600) -> bytes:
    """A photo-like picture: a colourful gradient, a sun, hills and stripes."""
    x = np.linspace(0, 1, w)[None, :]
    y = np.linspace(0, 1, h)[:, None]
    rgb = np.stack([255 * (0.2 + 0.8 * x) * (1 - 0.5 * y),
                    255 * (0.3 + 0.6 * y) * np.ones_like(x),
                    255 * (1 - 0.7 * x * y)], axis=-1)
    image = Image.fromarray(np.clip(rgb, 0, 255).astype("uint8"), "RGB")
    draw = ImageDraw.Draw(image)
    draw.ellipse((600, 60, 780, 240), fill=(255, 210, 40))
    draw.polygon([(0, 600), (0, 380), (250, 300), (520, 420), (900, 330), (900, 600)],
                 fill=(40, 120, 60))
    for i in range(0, w, 60):
        draw.rectangle((i, 520, i + 25, 560), fill=(200, 30, 60))
    image.save(path)
    return path.read_bytes()


def documents(tmp: Path):
    for template in template_ids():
        yield template, compose(template, sample=True, bleed=0)
    doc = compose("poster-a3", sample=True, bleed=0)
    name = "images/photo.png"
    frame = ImageFrame(id="photo", x=20, y=230, w=180, h=120, image=name, fit="fill")
    yield "poster-a3+photo", AddFrame(0, frame, images={name: photo_png(tmp / "photo.png")}) \
        .apply(replace(doc))


def canvas_image(qtbot, engine, doc, index: int, zoom: float = 1.0):
    """The canvas at ``zoom``, without the editor's chrome (guides, frame outlines): the trim
    area as an RGB array, and the resolution it was painted at."""
    session = DocumentSession(doc, engine)
    session.set_page(index)
    canvas = Canvas(session)
    qtbot.addWidget(canvas)
    canvas.show_guides = False
    canvas.show_frames = False
    canvas.set_zoom(zoom)
    s = canvas.px_per_pt()
    page = session.layout.pages[index]
    canvas.resize(int(page.width * s + 2 * MARGIN + 40), int(page.height * s + 2 * MARGIN + 40))
    canvas.show()
    qtbot.waitExposed(canvas)
    assert canvas.zoom() == zoom
    grabbed = canvas.viewport().grab().toImage()
    trim = canvas.transform().mapRect(QRectF(0, 0, page.width, page.height)).toAlignedRect()
    grabbed = grabbed.copy(trim).convertToFormat(grabbed.Format.Format_RGB888)
    w, h = grabbed.width(), grabbed.height()
    bits = np.frombuffer(grabbed.constBits(), dtype=np.uint8, count=grabbed.bytesPerLine() * h)
    rgb = bits.reshape(h, grabbed.bytesPerLine())[:, : w * 3].reshape(h, w, 3).astype(np.int16)
    canvas.close()
    return rgb, s * 72


# 100 %, and the zooms a page is seen at when it fits the window (an A3 poster on a laptop
# screen is seen at about 35 %, an A4 tract at about 60 %)
ZOOMS = [1.0, 0.6, 0.35]


@pytest.mark.parametrize("zoom", ZOOMS, ids=[f"{z:.0%}" for z in ZOOMS])
@pytest.mark.parametrize("name", [*template_ids(), "poster-a3+photo"])
def test_canvas_matches_the_pdf(name, zoom, qtbot, engine, tmp_path):
    doc = dict(documents(tmp_path))[name]
    pdf = tmp_path / "page.pdf"
    # the screen's colours: the RGB PDF (the default PDF is the print shop's CMYK PDF/X-4)
    export_pdf(doc, pdf, preset="maison", bleed=True, marks=False, allow_overflow=True,
               engine=engine)
    for index in range(len(doc.pages)):
        got, dpi = canvas_image(qtbot, engine, doc, index, zoom)
        prefix = tmp_path / f"pdf-{index}"
        subprocess.run(["pdftoppm", "-r", f"{dpi:g}", "-png", "-singlefile", "-f",
                        str(index + 1), "-l", str(index + 1), str(pdf), str(prefix)],
                       check=True)
        want = np.asarray(Image.open(f"{prefix}.png").convert("RGB"), dtype=np.int16)
        h, w = min(got.shape[0], want.shape[0]), min(got.shape[1], want.shape[1])
        assert abs(got.shape[0] - want.shape[0]) <= 1 and abs(got.shape[1] - want.shape[1]) <= 1
        a, b = got[:h, :w], want[:h, :w]
        diff = np.abs(a - b).max(axis=2)
        share = float((diff > QUARTER).mean())
        RESULTS[f"{name} p{index + 1} {zoom:.0%}"] = share
        print(f"WYSIWYG {name} page {index + 1} at {zoom:.0%}: {share:.3%} of pixels differ "
              f"at {dpi:g} dpi")
        if share >= BOUND:  # keep the evidence
            Image.fromarray(a.astype("uint8")).save(tmp_path / f"canvas-{index}.png")
            Image.fromarray((255 - np.clip(diff * 3, 0, 255)).astype("uint8")).save(
                tmp_path / f"diff-{index}.png")
        assert share < BOUND, (f"{name} page {index + 1} at {zoom:.0%}: {share:.2%} of pixels differ; "
                               f"canvas image in {tmp_path}")


class Hologram:
    """An item kind neither renderer knows."""


def test_both_renderers_refuse_an_unknown_item(engine):
    from PySide6.QtGui import QImage, QPainter

    from pancarte.layout.boxes import DocumentLayout, PageLayout
    from pancarte.render.pdf import PdfOptions, render_pdf
    from pancarte.render.qt import QtPainterRenderer

    page = PageLayout(100, 100, 0, items=[Hologram()])  # type: ignore[list-item]
    image = QImage(50, 50, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        with pytest.raises(TypeError, match="Hologram"):
            QtPainterRenderer(engine.fonts).paint(painter, page)
    finally:
        painter.end()
    with pytest.raises(TypeError, match="Hologram"):
        render_pdf(DocumentLayout([page], []), PdfOptions(), fonts=engine.fonts)
