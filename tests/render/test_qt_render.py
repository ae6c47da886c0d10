"""The Qt renderer paints what the PDF prints: rasterise both and compare pixels."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

np = pytest.importorskip("numpy")
from PIL import Image  # noqa: E402

from pancarte.export import export_pdf  # noqa: E402
from pancarte.layout.engine import LayoutEngine  # noqa: E402
from pancarte.model.edit import compose  # noqa: E402
from pancarte.model.templates import template_ids  # noqa: E402
from pancarte.render.qt import ensure_gui_app, render_page_image  # noqa: E402

DPI = 100


def _gray(path: Path):
    return np.asarray(Image.open(path).convert("L"), dtype=np.int16)


@pytest.mark.parametrize("template", template_ids())
def test_editor_render_matches_pdf_render(template, tmp_path):
    doc = compose(template, sample=True, bleed=0)
    pdf = tmp_path / "page.pdf"
    export_pdf(doc, pdf, marks=False, allow_overflow=True)
    layout = LayoutEngine().layout(doc)
    for index in range(len(layout.pages)):
        qt_png = tmp_path / f"qt-{index}.png"
        render_page_image(layout, index, DPI).save(str(qt_png))
        prefix = tmp_path / f"pdf-{index}"
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-f", str(index + 1),
                        "-l", str(index + 1), str(pdf), str(prefix)], check=True)
        a, b = _gray(qt_png), _gray(Path(f"{prefix}.png"))
        assert a.shape == b.shape
        diff = np.abs(a - b)
        share = float((diff > 64).mean())
        if share >= 0.01:  # keep the evidence
            Image.fromarray((255 - np.clip(diff * 3, 0, 255)).astype("uint8")).save(
                Path("/tmp") / f"pancarte-diff-{template}-{index}.png")
        assert share < 0.01, f"{template} page {index + 1}: {share:.2%} of pixels differ"


def test_png_export_names_pages_and_uses_the_dpi(tmp_path):
    doc_path = tmp_path / "tract.pancarte"
    env = {**os.environ, "PANCARTE_REPRODUCIBLE": "1"}
    tract = "tract-a4" if "tract-a4" in template_ids() else template_ids()[0]
    subprocess.run([sys.executable, "-m", "pancarte", "compose", tract, "--sample", "-o",
                    str(doc_path)], check=True, env=env, capture_output=True)
    out = tmp_path / "page.png"
    r = subprocess.run([sys.executable, "-m", "pancarte", "export", str(doc_path), "-o", str(out),
                        "--dpi", "50"], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    pages = len(LayoutEngine().layout(compose(tract, sample=True)).pages)
    files = [out] if pages == 1 else [tmp_path / f"page-{i}.png" for i in range(1, pages + 1)]
    for f in files:
        with Image.open(f) as im:
            assert im.size[0] == pytest.approx(210 / 25.4 * 50, abs=1)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_painter_calls_do_not_eat_references_to_none():
    """PySide6 6.12.0 returned None from void methods without a reference; on Python 3.11 the
    editor aborted after a few thousand paints. Guard against any such release."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QTransform

    ensure_gui_app()
    image = QImage(10, 10, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    path = QPainterPath()
    before = sys.getrefcount(None)
    for _ in range(500):
        path.addRect(QRectF(0, 0, 1, 1))
        painter.setTransform(QTransform())
        painter.fillRect(QRectF(0, 0, 1, 1), QColor(0, 0, 0))
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 50
