"""``pancarte FILE``: the glyph images of the first paint are written to Pancarte's cache
folder once the window is built, and the next start on the same file (the window as it was
left, so the same zoom) paints its page from them, reading no glyph outline before the
document is on screen."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from pancarte.model.edit import compose
from pancarte.model.fileformat import save_document


def _start(start_editor, path) -> dict:
    seen: dict = {"outlines": 0}

    def watch(window) -> None:
        renderer = window.canvas.renderer
        glyph_path = renderer.glyph_path

        def counted(*args):
            if "painted" not in seen:
                seen["outlines"] += 1
            return glyph_path(*args)

        renderer.glyph_path = counted

        def painted() -> None:
            seen.setdefault("painted", window.session.layout_ready)

        window.canvas.painted.connect(painted)
        window.ready.connect(lambda: QTimer.singleShot(0, window.close))

    start_editor(path, watch)
    return seen


def test_the_next_start_paints_from_the_glyph_images_kept(start_editor, tmp_path, qapp,
                                                          monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PANCARTE_CACHE", str(cache))
    path = tmp_path / "affiche.pancarte"
    save_document(compose("poster-a3", sample=True), path)

    first = _start(start_editor, path)
    assert first["painted"] is True
    assert first["outlines"] > 20  # the poster's glyphs, made from their outlines
    files = sorted((cache / "glyphs").iterdir())
    assert files and all(f.suffix == ".marshal" for f in files)  # and no temporary file

    # the first start's window had the default size, the next ones the size it was left at
    _start(start_editor, path)
    files = sorted((cache / "glyphs").iterdir())
    again = _start(start_editor, path)
    assert again == {"outlines": 0, "painted": True}
    assert sorted((cache / "glyphs").iterdir()) == files  # nothing new to write
