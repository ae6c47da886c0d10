"""Small pictures of templates and pages, drawn by the same renderer as everything else
(:func:`pancarte.render.qt.render_page_image` at a low resolution).

Template thumbnails are cached in memory and on disk (the user's cache folder), keyed by the
template file's content, so the gallery opens instantly after the first time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtGui import QImage

from pancarte import __version__
from pancarte.layout.boxes import DocumentLayout
from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Document
from pancarte.render.qt import QtPainterRenderer, render_page_image


def page_image(layout: DocumentLayout, index: int, width_px: int,
               renderer: QtPainterRenderer | None = None) -> QImage:
    """Page ``index`` of ``layout`` about ``width_px`` pixels wide."""
    page = layout.pages[index]
    dpi = width_px * 72.0 / page.width
    return render_page_image(layout, index, dpi, renderer)


class ThumbnailCache:
    def __init__(self, folder: Path | None, engine: LayoutEngine | None = None) -> None:
        self.folder = folder
        self.engine = engine or LayoutEngine()
        self.renderer = QtPainterRenderer(self.engine.fonts, exact=True)
        self._memory: dict[str, QImage] = {}

    def _key(self, name: str, content: bytes, width_px: int) -> str:
        digest = hashlib.sha256(content + f"|{__version__}|{width_px}".encode()).hexdigest()
        return f"{name[:40]}-{digest[:16]}"

    def _cached(self, key: str) -> QImage | None:
        image = self._memory.get(key)
        if image is None and self.folder is not None:
            path = self.folder / f"{key}.png"
            if path.is_file():
                loaded = QImage(str(path))
                if not loaded.isNull():
                    image = loaded
                    self._memory[key] = image
        return image

    def _store(self, key: str, image: QImage) -> None:
        self._memory[key] = image
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                tmp = self.folder / f".{key}.tmp.png"
                if image.save(str(tmp)):  # PNG, from the suffix
                    tmp.replace(self.folder / f"{key}.png")
            except OSError:
                pass  # a cache that cannot be written is only slower

    def template(self, template_id: str, width_px: int = 160) -> QImage:
        """The template filled with its sample texts."""
        from pancarte.assets import templates_dir

        try:
            content = (templates_dir() / f"{template_id}.json").read_bytes()
        except OSError:
            content = template_id.encode()
        key = self._key(template_id, content, width_px)
        image = self._cached(key)
        if image is None:
            from pancarte.model.edit import compose

            doc = compose(template_id, sample=True)
            image = self._render(doc, width_px)
            self._store(key, image)
        return image

    def document(self, name: str, path: Path, width_px: int = 160) -> QImage | None:
        """A user template's first page (None when the file cannot be read)."""
        from pancarte.errors import DocumentError
        from pancarte.model.fileformat import load_document

        try:
            stat = path.stat()
        except OSError:
            return None
        key = self._key(name, f"{path}|{stat.st_mtime_ns}|{stat.st_size}".encode(), width_px)
        image = self._cached(key)
        if image is None:
            try:
                doc = load_document(path)
            except DocumentError:
                return None
            image = self._render(doc, width_px)
            self._store(key, image)
        return image

    def _render(self, doc: Document, width_px: int) -> QImage:
        return page_image(self.engine.layout(doc), 0, width_px, self.renderer)
