"""The glyph images the editor's first paint makes are kept on disk (render/glyphcache.py)
and read back at the next start: the page painted from them is pixel for pixel the page
painted from the font's outlines, no outline is read then, and a damaged, foreign or
unwritable cache only means making the images again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Document, Page, Paragraph, ShapeFrame, TextFrame, TextStyle
from pancarte.model.edit import text_to_paragraphs
from pancarte.render.glyphcache import MaskStore
from pancarte.render.qt import QtPainterRenderer, ensure_gui_app

TRACT = Path(__file__).resolve().parents[1] / "files" / "tracts" / "startup2-marche-couvert.txt"
TAG = "qt-test"


def _document() -> Document:
    title, body = TRACT.read_text(encoding="utf-8").split("\n\n", 1)
    paragraphs = text_to_paragraphs(body)
    half = len(paragraphs) // 2
    column = TextStyle(family="Vollkorn", align="justify", color="#1a3d6b")
    frames = (
        ShapeFrame(id="band", name="band", x=0, y=0, w=297, h=62, fill="#c0121f"),
        TextFrame(id="title", name="title", x=14, y=8, w=269, h=48, size=40, autofit=True,
                  min_size=12, max_size=60, style=TextStyle(family="Lato", color="#ffffff"),
                  paragraphs=(Paragraph(title),)),
        TextFrame(id="a", name="body", x=14, y=70, w=130, h=330, size=10, autofit=True,
                  min_size=6, max_size=14, style=column, paragraphs=paragraphs[:half]),
        TextFrame(id="b", name="more", x=153, y=70, w=130, h=330, size=10, autofit=True,
                  min_size=6, max_size=14, style=column, paragraphs=paragraphs[half:]),
    )
    return Document(width=297, height=420, bleed=3, pages=(Page(frames=frames),))


@pytest.fixture(scope="module")
def page():
    ensure_gui_app()
    engine = LayoutEngine()
    return engine, engine.layout(_document()).pages[0]


def _paint(renderer: QtPainterRenderer, page, scale: float, region: bool = False) -> QImage:
    w, h = round(page.width * scale) + 40, round(page.height * scale) + 40
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        painter.translate(20.3, 20.6)  # the canvas's page is rarely on whole pixels
        painter.scale(scale, scale)
        renderer.paint(painter, page, region=QRegion(0, 0, w, h) if region else None)
    finally:
        painter.end()
    return image


def _no_outlines(renderer: QtPainterRenderer) -> None:
    def fail(*_args):
        raise AssertionError("a glyph outline was read: the cache was not used")

    renderer.glyph_path = fail  # type: ignore[method-assign]
    renderer.raw_font = fail  # type: ignore[method-assign]


@pytest.mark.parametrize("scale", [0.9, 1.7])
def test_a_page_from_the_cache_is_the_page_from_the_outlines(page, tmp_path, scale):
    engine, laid = page
    reference = _paint(QtPainterRenderer(engine.fonts, exact=True), laid, scale)

    first = QtPainterRenderer(engine.fonts, exact=True)
    first.mask_store = MaskStore(tmp_path, TAG)
    made = _paint(first, laid, scale, region=True)
    first.save_masks()
    assert first.mask_store is None  # used for the start only
    files = sorted(tmp_path.iterdir())
    assert files and all(f.suffix == ".marshal" for f in files)  # no temporary file left
    assert made == reference

    second = QtPainterRenderer(engine.fonts, exact=True)
    second.mask_store = MaskStore(tmp_path, TAG)
    _no_outlines(second)
    # the start's paint event covers the whole viewport: no item's box is needed either
    again = _paint(second, laid, scale, region=True)
    assert again == reference
    # text was painted (the comparison is not between two blank pages): white letters on
    # the red band, blue ones in the columns
    band = [again.pixelColor(x, y) for x in range(40, again.width() - 40, 3)
            for y in range(round(20 + 40 * scale), round(20 + 150 * scale), 3)]
    assert sum(c == QColor(255, 255, 255) for c in band) > 50
    body = [again.pixelColor(x, y) for x in range(40, again.width() - 40, 3)
            for y in range(round(20 + 220 * scale), round(20 + 600 * scale), 5)]
    assert sum(c.blue() > c.red() + 40 for c in body) > 50


def test_a_damaged_or_foreign_cache_is_made_again(page, tmp_path):
    engine, laid = page
    reference = _paint(QtPainterRenderer(engine.fonts, exact=True), laid, 1.2)
    first = QtPainterRenderer(engine.fonts, exact=True)
    first.mask_store = MaskStore(tmp_path, TAG)
    _paint(first, laid, 1.2)
    first.save_masks()
    files = sorted(tmp_path.iterdir(), key=lambda f: f.stat().st_size)
    files[-1].write_bytes(files[-1].read_bytes()[: files[-1].stat().st_size // 2])  # cut
    files[0].write_bytes(b"not marshal at all")
    renderer = QtPainterRenderer(engine.fonts, exact=True)
    renderer.mask_store = MaskStore(tmp_path, TAG)
    assert _paint(renderer, laid, 1.2) == reference
    renderer.save_masks()  # what was damaged is written whole again
    reread = QtPainterRenderer(engine.fonts, exact=True)
    reread.mask_store = MaskStore(tmp_path, TAG)
    _no_outlines(reread)
    assert _paint(reread, laid, 1.2) == reference

    # another Qt (another tag) reads none of these images
    other = MaskStore(tmp_path, "another-qt")
    face = engine.fonts.face_by_key(next(i.face for i in laid.items if hasattr(i, "face")))
    assert all(not other.strike((face.digest, s, 1.2, 1.2, c))
               for s, c in ((10.0, 0), (40.0, 0xFFFFFFFF)))


def test_an_unwritable_cache_changes_nothing(page, tmp_path):
    engine, laid = page
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    renderer = QtPainterRenderer(engine.fonts, exact=True)
    renderer.mask_store = MaskStore(blocker / "glyphs", TAG)
    image = _paint(renderer, laid, 0.9)
    renderer.save_masks()  # no error, nothing written
    assert image == _paint(QtPainterRenderer(engine.fonts, exact=True), laid, 0.9)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_the_folder_keeps_the_strikes_written_last(tmp_path, monkeypatch):
    import os

    from pancarte.render import glyphcache

    image = (3, 2, 0, -2, bytes(range(24)))
    old = MaskStore(tmp_path, TAG)
    for i in range(6):
        old.add(("digest", 10.0 + i, 1.0, 1.0, 0), (i, 0.0), image)
    old.save()
    files = sorted(tmp_path.iterdir())
    assert len(files) == 6
    for age, f in enumerate(files):  # written an hour ago and earlier
        os.utime(f, ns=(1_000_000_000 * (10_000 - age),) * 2)
    size = files[0].stat().st_size
    monkeypatch.setattr(glyphcache, "FOLDER_MAX_BYTES", 3 * size + size // 2)
    new = MaskStore(tmp_path, TAG)
    new.add(("digest", 99.0, 1.0, 1.0, 0), (7, 0.25), None)
    new.save()
    kept = sorted(tmp_path.iterdir())
    assert len(kept) == 3 and new._path(("digest", 99.0, 1.0, 1.0, 0)) in kept
    assert set(kept) - {new._path(("digest", 99.0, 1.0, 1.0, 0))} == set(files[:2])
    reread = MaskStore(tmp_path, TAG)
    assert reread.strike(("digest", 99.0, 1.0, 1.0, 0)) == {(7, 0.25): None}
    assert reread.strike(("digest", 10.0, 1.0, 1.0, 0)) == {(0, 0.0): image}
