"""Qt renderer (QPainter): paints a laid-out page for the editor and for PNG export.

Like the PDF renderer it never measures or breaks text: glyph runs are drawn with
``QRawFont``/``QGlyphRun`` at the glyph ids and positions the layout engine computed, from
the same font files, so the screen shows what prints. This is the only Qt module outside
``gui/``.
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGlyphRun,
    QGuiApplication,
    QImage,
    QImageReader,
    QPainter,
    QPainterPath,
    QPen,
    QRawFont,
    QRegion,
    QTransform,
)

from pancarte.layout.boxes import (
    DocumentLayout,
    GlyphRun,
    ImageItem,
    Item,
    PageLayout,
    QRItem,
    RectItem,
)
from pancarte.layout.fonts import FontLibrary, library
from pancarte.model.color import Color

if TYPE_CHECKING:
    from pancarte.render.glyphcache import MaskStore

_FONT_CACHE_LIMIT = 256
_GLYPH_CACHE_MAX_PX = 48  # above this device size, glyphs are filled as outlines
_SNAP_WHOLE_PX = 40  # exact mode: text above this device size starts on whole pixels
_PATH_EM = 1000.0
_MASK_CACHE_LIMIT = 20000  # exact mode's glyph images (a long tract page uses ~2,000)
_MASK_MAX_PX = 160  # larger glyphs (few on a page) are filled as outlines: no big images kept
# device pixels an item may paint beyond its box: the glyphs' baselines are floored to whole
# pixels and their pen positions to quarter pixels, rectangles' edges to the nearest pixel
_SPILL_PX = 1
_BOUNDS_CACHE_LIMIT = 8192  # glyph runs whose box is kept (a page has ~50 to ~2,000)


def ensure_gui_app() -> QGuiApplication:
    """A Qt application for headless rendering (offscreen unless a display is set).

    It is a QApplication, not a bare QGuiApplication: the same process may open the editor
    (or a test its widgets) later, and widgets abort the process under a QGuiApplication."""
    app = QGuiApplication.instance()
    if app is None:
        from PySide6.QtWidgets import QApplication

        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["pancarte"])
    return app  # type: ignore[return-value]


def _covers_device(region: QRegion, painter: QPainter) -> bool:
    """Whether ``region`` (device pixels) covers all of the painter's device."""
    device = painter.device()
    return QRegion(0, 0, device.width(), device.height()).subtracted(region).isEmpty()


def _mask_to_bytes(mask: tuple[QImage, int, int] | None):
    """A glyph image as :mod:`pancarte.render.glyphcache` stores it."""
    if mask is None:
        return None
    image, dx, dy = mask
    return image.width(), image.height(), dx, dy, bytes(image.constBits())


def _mask_from_bytes(stored) -> tuple[QImage, int, int] | None:
    if stored is None:
        return None
    w, h, dx, dy, data = stored
    image = QImage(data, w, h, w * 4, QImage.Format.Format_ARGB32_Premultiplied).copy()
    return image, dx, dy


def _qcolor(c: Color) -> QColor:
    return QColor.fromRgbF(c.r, c.g, c.b)


class QtPainterRenderer:
    """Paints PageLayouts with a QPainter whose user space is in points (trim top-left at 0,0)."""

    def __init__(self, fonts: FontLibrary | None = None, exact: bool = False) -> None:
        """``exact``: every glyph where pdftoppm puts it (PNG export, editor); otherwise
        small text goes through Qt's glyph cache, faster for the screen but with baselines
        snapped to whole device pixels."""
        self.fonts = fonts or library()
        self.exact = exact
        self._raw: OrderedDict[tuple[str, float], QRawFont] = OrderedDict()
        self._data: dict[str, QByteArray] = {}
        self._images: OrderedDict[int, QImage] = OrderedDict()
        self._paths: dict[tuple[str, int], QPainterPath] = {}
        self._masks: dict[tuple, tuple[QImage, int, int] | None] = {}
        # exact mode: each run's glyph images and device positions, for the transform they
        # were placed with (an unchanged run repainted — typing, a partial repaint — costs
        # only its images' copies)
        self._placed: dict[int, tuple[GlyphRun, tuple, list[tuple[int, int, QImage]]]] = {}
        # … and by what they are, whatever their baseline (see _placements)
        self._shapes: dict[tuple, tuple[int, list[tuple[int, int, QImage]]]] = {}
        # each face's glyph outline extents at _PATH_EM: left, top, right, bottom by glyph id
        self._extents: dict[str, tuple[dict[int, float], ...]] = {}
        self._bounds: dict[int, tuple[GlyphRun, QRectF]] = {}
        #: glyph images kept on disk between runs (the editor's start), see
        #: :mod:`pancarte.render.glyphcache`: images read from it, and made ones added to it
        self.mask_store: MaskStore | None = None

    def raw_font(self, key: str, size: float) -> QRawFont:
        k = (key, size)
        font = self._raw.get(k)
        if font is None:
            data = self._data.get(key)
            if data is None:
                data = QByteArray(self.fonts.face_by_key(key).data)
                self._data[key] = data
            font = QRawFont(data, size, QFont.HintingPreference.PreferNoHinting)
            self._raw[k] = font
            if len(self._raw) > _FONT_CACHE_LIMIT:
                self._raw.popitem(last=False)
        else:
            self._raw.move_to_end(k)
        return font

    def item_bounds(self, item: Item) -> QRectF:
        """Where ``item`` paints (pt, trim origin): nothing it draws falls outside this box
        but for :data:`_SPILL_PX` device pixels of antialiasing and pixel snapping."""
        if isinstance(item, GlyphRun):
            cached = self._bounds.get(id(item))
            if cached is not None and cached[0] is item:
                return cached[1]
            box = self._run_bounds(item)
            if len(self._bounds) > _BOUNDS_CACHE_LIMIT:
                self._bounds.clear()
            self._bounds[id(item)] = (item, box)
            return box
        if isinstance(item, ImageItem):
            c = item.clip
            return QRectF(c.x, c.y, c.w, c.h)
        if isinstance(item, RectItem):
            r = item.rect
            half = item.stroke_width / 2 if item.stroke is not None else 0.0
            return QRectF(r.x - half, r.y - half, r.w + 2 * half, r.h + 2 * half)
        if isinstance(item, QRItem):
            r = item.rect
            return QRectF(r.x, r.y, r.w, r.h)
        raise TypeError(f"the Qt renderer cannot paint {type(item).__name__}")

    def _run_bounds(self, run: GlyphRun) -> QRectF:
        """A box (pt) around the outlines of the glyphs of ``run``: from its leftmost pen
        position plus the least left edge of its glyphs to its rightmost plus the greatest
        right edge, from the highest top to the lowest bottom."""
        ext = self._extents.get(run.face)
        if ext is None:
            ext = self._extents[run.face] = ({}, {}, {}, {})
        x0s, y0s, x1s, y1s = ext
        for gid in set(run.glyphs).difference(x0s):
            r = self.glyph_path(run.face, gid).boundingRect() if gid >= 0 else QRectF()
            if r.isEmpty():  # a space, or no glyph: nothing drawn
                x0s[gid], y0s[gid], x1s[gid], y1s[gid] = math.inf, math.inf, -math.inf, -math.inf
            else:
                x0s[gid], y0s[gid], x1s[gid], y1s[gid] = r.left(), r.top(), r.right(), r.bottom()
        if not run.glyphs:
            return QRectF()
        top = min(map(y0s.__getitem__, run.glyphs))
        if top == math.inf:
            return QRectF()
        k = run.size / _PATH_EM
        left = min(run.xs) + min(map(x0s.__getitem__, run.glyphs)) * k
        right = max(run.xs) + max(map(x1s.__getitem__, run.glyphs)) * k
        bottom = max(map(y1s.__getitem__, run.glyphs))
        return QRectF(left, run.y + top * k, right - left, (bottom - top) * k)

    def device_rect(self, t: QTransform, item: Item) -> QRect:
        """The device pixels ``item`` may touch under transform ``t``."""
        return t.mapRect(self.item_bounds(item)).toAlignedRect().adjusted(
            -_SPILL_PX, -_SPILL_PX, _SPILL_PX, _SPILL_PX)

    def paint(self, painter: QPainter, page: PageLayout, clip_to_trim: bool = False,
              region: QRegion | None = None) -> None:
        """Paint ``page``; the painter's user unit must be the point, origin at the trim.
        ``region`` (device pixels): what is to be repainted; items that paint nothing in it
        are skipped, so that a small region costs little (the pixels are those of a full
        paint: the caller clips the painter to it)."""
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            if clip_to_trim:
                painter.setClipRect(QRectF(0, 0, page.width, page.height))
            t = painter.worldTransform()
            if region is not None and _covers_device(region, painter):
                region = None  # every item is to be painted: no need for their boxes
            for item in page.items:
                if region is None or region.intersects(self.device_rect(t, item)):
                    self._item(painter, item)
        finally:
            painter.restore()

    def _item(self, painter: QPainter, item: Item) -> None:
        if isinstance(item, GlyphRun):
            self._run(painter, item)
        elif isinstance(item, RectItem):
            self._rect(painter, item)
        elif isinstance(item, QRItem):
            self._qr(painter, item)
        elif isinstance(item, ImageItem):
            self._image(painter, item)
        else:  # a new kind of item must be painted here, never silently left out
            raise TypeError(f"the Qt renderer cannot paint {type(item).__name__}")

    def glyph_path(self, key: str, gid: int) -> QPainterPath:
        """The outline of glyph ``gid`` at 1000 px per em (cached)."""
        k = (key, gid)
        path = self._paths.get(k)
        if path is None:
            path = self.raw_font(key, _PATH_EM).pathForGlyph(gid)
            self._paths[k] = path
        return path

    def _run(self, painter: QPainter, run: GlyphRun) -> None:
        t = painter.worldTransform()
        device_size = run.size * max(abs(t.m11()), abs(t.m22()), abs(t.m12()), abs(t.m21()))
        if self.exact or device_size > _GLYPH_CACHE_MAX_PX:
            # Qt's glyph cache does not draw very large raw-font glyphs: fill their outlines.
            # Baselines sit on whole device pixels, as PDF rasterisers (and screens) put them.
            # Each glyph's pen position goes where pdftoppm's glyph cache puts it: a quarter
            # of a pixel for text up to _SNAP_WHOLE_PX, a whole pixel above.
            y = run.y
            upright = self.exact and t.m12() == 0 and t.m21() == 0 and t.m11() != 0
            if upright and t.m22() != 0:
                y = (math.floor(run.y * t.m22() + t.dy() + 1e-6) - t.dy()) / t.m22()
            q = 1 if device_size > _SNAP_WHOLE_PX else 4
            if (upright and t.m22() > 0 and device_size <= _MASK_MAX_PX
                    and painter.device().devicePixelRatioF() == 1):
                self._run_masks(painter, run, t, q)
                return
            k = run.size / _PATH_EM
            path = QPainterPath()
            for gid, x in zip(run.glyphs, run.xs, strict=True):
                if gid >= 0:
                    if upright:
                        x = (math.floor((x * t.m11() + t.dx()) * q + 1e-6) / q - t.dx()) / t.m11()
                    path.addPath(QTransform(k, 0, 0, k, x, y).map(self.glyph_path(run.face, gid)))
            painter.fillPath(path, _qcolor(run.color))
            return
        raw = self.raw_font(run.face, run.size)
        x0 = run.xs[0]
        indexes = []
        positions = []
        for gid, x in zip(run.glyphs, run.xs, strict=True):
            if gid < 0:
                continue
            indexes.append(gid)
            positions.append(QPointF(x - x0, 0.0))
        if not indexes:
            return
        glyphs = QGlyphRun()
        glyphs.setRawFont(raw)
        glyphs.setGlyphIndexes(indexes)
        glyphs.setPositions(positions)
        painter.setPen(_qcolor(run.color))
        painter.drawGlyphRun(QPointF(x0, run.y), glyphs)

    def _snap(self, painter: QPainter, r: QRectF) -> QRectF:
        """In exact mode, a filled rectangle's edges go to whole device pixels, as PDF
        rasterisers put axis-aligned fills."""
        t = painter.worldTransform()
        if not self.exact or t.m12() != 0 or t.m21() != 0:
            return r
        dev = t.mapRect(r)
        snapped = QRectF(round(dev.left()), round(dev.top()), 0, 0)
        snapped.setRight(round(dev.right()))
        snapped.setBottom(round(dev.bottom()))
        inverted, ok = t.inverted()
        return inverted.mapRect(snapped) if ok else r

    def _run_masks(self, painter: QPainter, run: GlyphRun, t: QTransform, q: int) -> None:
        """Exact mode on an upright, unrotated page: each glyph filled once per size, colour
        and quarter-pixel offset into a small image, then copied at its device position
        (the same pixels as filling the outlines at that position, ten times faster)."""
        where = (t.m11(), t.m22(), t.dx(), t.dy(), q)
        placed = self._placed.get(id(run))
        if placed is None or placed[0] is not run or placed[1] != where:
            if len(self._placed) > _MASK_CACHE_LIMIT:
                self._placed.clear()
                self._shapes.clear()
            placed = (run, where, self._placements(run, t, q, where))
            self._placed[id(run)] = placed
        painter.save()
        painter.resetTransform()
        draw = painter.drawImage
        for x, y, image in placed[2]:
            draw(x, y, image)
        painter.restore()

    def _placements(self, run: GlyphRun, t: QTransform, q: int,
                    where: tuple) -> list[tuple[int, int, QImage]]:
        """:meth:`_place_masks`, or those of a run of the same glyphs at the same x that was
        placed on another baseline (a line an edit pushed down), moved by whole pixels: the
        baseline sits on a whole device pixel, so nothing else changes."""
        baseline = math.floor(run.y * t.m22() + t.dy() + 1e-6)
        key = (run.face, run.size, run.glyphs, run.xs, run.color, where)
        same = self._shapes.get(key)
        if same is not None:
            shift = baseline - same[0]
            return same[1] if not shift else [(x, y + shift, image)
                                               for x, y, image in same[1]]
        placements = self._place_masks(run, t, q)
        self._shapes[key] = (baseline, placements)
        return placements

    def _place_masks(self, run: GlyphRun, t: QTransform,
                     q: int) -> list[tuple[int, int, QImage]]:
        """The glyph images of ``run`` and their device positions under ``t``."""
        sx, sy = t.m11(), t.m22()
        baseline = math.floor(run.y * sy + t.dy() + 1e-6)
        color = _qcolor(run.color)
        key0 = (run.face, run.size, sx, sy, color.rgba())
        k = run.size / _PATH_EM
        store = self.mask_store
        if store is not None:
            strike = (self.fonts.face_by_key(run.face).digest, run.size, sx, sy, color.rgba())
            stored = store.strike(strike)
        out: list[tuple[int, int, QImage]] = []
        for gid, x in zip(run.glyphs, run.xs, strict=True):
            if gid < 0:
                continue
            pen = math.floor((x * sx + t.dx()) * q + 1e-6) / q
            left = math.floor(pen)
            frac = pen - left
            key = (*key0, gid, frac)
            if key in self._masks:
                mask = self._masks[key]
            else:
                if store is not None and (gid, frac) in stored:  # made by an earlier run
                    mask = _mask_from_bytes(stored[(gid, frac)])
                else:
                    mask = self._mask(self.glyph_path(run.face, gid), k * sx, k * sy, frac,
                                      color)
                    if store is not None:
                        store.add(strike, (gid, frac), _mask_to_bytes(mask))
                if len(self._masks) > _MASK_CACHE_LIMIT:
                    self._masks.clear()
                self._masks[key] = mask
            if mask is not None:
                image, dx, dy = mask
                out.append((left + dx, baseline + dy, image))
        return out

    def save_masks(self) -> None:
        """Write the glyph images made since the mask store was read, and stop using it (the
        editor's start: the page opened first is what the next start paints first)."""
        if self.mask_store is not None:
            self.mask_store.save()
            self.mask_store = None

    @staticmethod
    def _mask(path: QPainterPath, kx: float, ky: float, frac: float,
              color: QColor) -> tuple[QImage, int, int] | None:
        shape = QTransform(kx, 0, 0, ky, frac, 0).map(path)
        box = shape.boundingRect()
        if box.isEmpty():
            return None
        dx, dy = math.floor(box.left()), math.floor(box.top())
        w, h = math.ceil(box.right()) - dx + 1, math.ceil(box.bottom()) - dy + 1
        image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.translate(-dx, -dy)
        p.fillPath(shape, color)
        p.end()
        return image, dx, dy

    def _rect(self, painter: QPainter, item: RectItem) -> None:
        r = self._snap(painter, QRectF(item.rect.x, item.rect.y, item.rect.w, item.rect.h))
        if item.fill is not None:
            painter.fillRect(r, _qcolor(item.fill))
        if item.stroke is not None and item.stroke_width > 0:
            painter.setPen(QPen(_qcolor(item.stroke), item.stroke_width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(r)

    def _qr(self, painter: QPainter, item: QRItem) -> None:
        r = item.rect
        painter.fillRect(self._snap(painter, QRectF(r.x, r.y, r.w, r.h)), _qcolor(item.light))
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        for m in item.dark_rects():
            path.addRect(QRectF(m.x, m.y, m.w, m.h))
        painter.fillPath(path, _qcolor(item.dark))

    def _image(self, painter: QPainter, item: ImageItem) -> None:
        key = id(item.data)
        image = self._images.get(key)
        if image is None:
            buf = QBuffer()
            buf.setData(QByteArray(item.data))
            buf.open(QIODevice.OpenModeFlag.ReadOnly)
            reader = QImageReader(buf)
            reader.setAutoTransform(True)  # EXIF orientation, as the PDF renderer does
            image = reader.read()
            self._images[key] = image
            if len(self._images) > 16:
                self._images.popitem(last=False)
        if image.isNull():
            return
        painter.save()
        c = item.clip
        painter.setClipRect(QRectF(c.x, c.y, c.w, c.h), Qt.ClipOperation.IntersectClip)
        r = item.rect
        painter.drawImage(QRectF(r.x, r.y, r.w, r.h), image)
        painter.restore()


def render_page_image(layout: DocumentLayout, index: int, dpi: float,
                      renderer: QtPainterRenderer | None = None) -> QImage:
    """The trim area of page ``index`` as an RGB image at ``dpi``, white paper underneath."""
    ensure_gui_app()
    renderer = renderer or QtPainterRenderer(exact=True)
    page = layout.pages[index]
    scale = dpi / 72.0
    # like pdftoppm: the exact scale, the image rounded up to whole pixels
    w = max(1, math.ceil(page.width * scale - 1e-6))
    h = max(1, math.ceil(page.height * scale - 1e-6))
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        renderer.paint(painter, page, clip_to_trim=True)
    finally:
        painter.end()
    return image


def render_pngs(layout: DocumentLayout, dpi: float = 150,
                progress: Callable[[int, int], None] | None = None) -> list[bytes]:
    """Every page as PNG bytes at ``dpi`` (the resolution recorded in the file); the caller
    writes them."""
    renderer = QtPainterRenderer(exact=True)
    out: list[bytes] = []
    count = len(layout.pages)
    for i in range(count):
        image = render_page_image(layout, i, dpi, renderer)
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        out.append(_png_bytes(image))
        if progress:
            progress(i + 1, count)
    return out


def _png_bytes(image: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(buf.data())


def iter_pages(layout: DocumentLayout) -> Iterator[PageLayout]:
    yield from layout.pages


def render_exact_png(layout: DocumentLayout, index: int, width_px: int, height_px: int) -> bytes:
    """Page ``index`` painted on exactly ``width_px`` × ``height_px`` pixels (the page's
    proportions must be those of the image), as PNG bytes with no resolution recorded."""
    ensure_gui_app()
    renderer = QtPainterRenderer(exact=True)
    page = layout.pages[index]
    image = QImage(width_px, height_px, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        painter.scale(width_px / page.width, height_px / page.height)
        renderer.paint(painter, page, clip_to_trim=True)
    finally:
        painter.end()
    return _png_bytes(image)
