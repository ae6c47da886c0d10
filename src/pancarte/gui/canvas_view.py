"""The canvas's coordinate system: where the page sits in the viewport at the zoom shown,
the scroll bars, the zoom, and which frame or handle lies under a point.

Coordinates: the layout is in points from the trim's top-left (y down), the model in mm.
:meth:`CanvasView.transform` maps points to viewport pixels; zoom 1.0 is the page at its real
size on the screen. :class:`pancarte.gui.canvas_gestures.CanvasGestures` adds the mouse,
keyboard and drops on top, :class:`pancarte.gui.canvas.Canvas` the painting.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Signal
from PySide6.QtGui import (
    QTransform,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from pancarte.geometry import MM
from pancarte.gui import snapping
from pancarte.gui.session import DocumentSession
from pancarte.model.document import Frame

MARGIN = 32  # px of pasteboard around the bleed box
HANDLE = 7  # px, side of a resize handle
MIN_ZOOM, MAX_ZOOM = 0.05, 16.0


class CanvasView(QAbstractScrollArea):
    """A scroll area showing the current page of ``session`` at a zoom (fit or chosen)."""

    zoom_changed = Signal(float)

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # a viewport made here, whose Python class is known: the one Qt made is a QWidget
        # Python has never seen, and finding its class loads every widget class (~15 ms of
        # the editor's start)
        viewport = QWidget()
        viewport.setObjectName("qt_scrollarea_viewport")
        self.setViewport(viewport)
        self.session = session
        self._zoom = 1.0
        self._fit = True

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(800, 700)

    # ---- geometry ----------------------------------------------------------------------

    def _page_layout(self):
        layout = self.session.layout
        return layout.pages[min(self.session.page, len(layout.pages) - 1)]

    def px_per_pt(self) -> float:
        return self._zoom * self.logicalDpiX() / 72.0

    def zoom(self) -> float:
        return self._zoom

    def _bleed_size(self) -> tuple[float, float, float]:
        page = self._page_layout()
        return page.width + 2 * page.bleed, page.height + 2 * page.bleed, page.bleed

    def origin(self) -> QPointF:
        """Device position of the trim's top-left corner."""
        bw, bh, bleed = self._bleed_size()
        s = self.px_per_pt()
        vw, vh = self.viewport().width(), self.viewport().height()
        sw, sh = bw * s + 2 * MARGIN, bh * s + 2 * MARGIN
        ox = MARGIN - self.horizontalScrollBar().value() if sw > vw else (vw - bw * s) / 2
        oy = MARGIN - self.verticalScrollBar().value() if sh > vh else (vh - bh * s) / 2
        # on whole pixels: edges and baselines fall where the printed page's do
        return QPointF(round(ox + bleed * s), round(oy + bleed * s))

    def transform(self) -> QTransform:
        """Points (trim origin) to viewport pixels."""
        s = self.px_per_pt()
        o = self.origin()
        return QTransform(s, 0, 0, s, o.x(), o.y())

    def to_mm(self, pos: QPointF) -> tuple[float, float]:
        o = self.origin()
        s = self.px_per_pt() * MM
        return (pos.x() - o.x()) / s, (pos.y() - o.y()) / s

    def mm_rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        o = self.origin()
        s = self.px_per_pt() * MM
        return QRectF(o.x() + x * s, o.y() + y * s, w * s, h * s)

    def frame_rect(self, frame: Frame) -> QRectF:
        return self.mm_rect(frame.x, frame.y, frame.w, frame.h)

    def _update_scrollbars(self) -> None:
        bw, bh, _bleed = self._bleed_size()
        s = self.px_per_pt()
        hbar, vbar = self.horizontalScrollBar(), self.verticalScrollBar()
        vw, vh = self.viewport().width(), self.viewport().height()
        sw, sh = int(bw * s + 2 * MARGIN), int(bh * s + 2 * MARGIN)
        # what fits once the scroll bars are gone needs none (else they would keep each other)
        full_w = vw + (vbar.width() if vbar.isVisible() else 0)
        full_h = vh + (hbar.height() if hbar.isVisible() else 0)
        if sw <= full_w and sh <= full_h:
            vw, vh = full_w, full_h
        for bar, total, view in ((hbar, sw, vw), (vbar, sh, vh)):
            # not blocking signals: the scroll area shows or hides its bars on rangeChanged
            bar.setRange(0, max(0, total - view))
            bar.setPageStep(view)
            bar.setSingleStep(max(1, view // 20))

    # ---- zoom --------------------------------------------------------------------------

    def fit_zoom(self) -> float:
        bw, bh, _bleed = self._bleed_size()
        # the whole viewport, scroll bars included: at "fit" they must not be needed
        vw = self.viewport().width()
        vh = self.viewport().height()
        if self.verticalScrollBar().isVisible():
            vw += self.verticalScrollBar().width()
        if self.horizontalScrollBar().isVisible():
            vh += self.horizontalScrollBar().height()
        vw = max(50, vw - 2 * MARGIN - 2)
        vh = max(50, vh - 2 * MARGIN - 2)
        s = min(vw / bw, vh / bh)
        return max(MIN_ZOOM, min(MAX_ZOOM, s * 72.0 / self.logicalDpiX()))

    def zoom_to_fit(self) -> None:
        self._fit = True
        self._set_zoom(self.fit_zoom(), None)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        self._fit = False
        self._set_zoom(zoom, anchor)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.set_zoom(self._zoom * factor, anchor)

    def _set_zoom(self, zoom: float, anchor: QPointF | None) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if anchor is None:
            anchor = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        mx, my = self.to_mm(anchor)
        self._zoom = zoom
        self._update_scrollbars()
        # keep the point under the anchor where it was
        o = self.origin()
        s = self.px_per_pt() * MM
        nx, ny = o.x() + mx * s, o.y() + my * s
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(round(h.value() + nx - anchor.x()))
        v.setValue(round(v.value() + ny - anchor.y()))
        self._place_editor()
        self.viewport().update()
        self.zoom_changed.emit(self._zoom)

    def _place_editor(self) -> None:
        """Keep the in-place editor (if any) where it belongs after the view moved."""

    @staticmethod
    def _handles(r: QRectF) -> dict[str, QRectF]:
        h = HANDLE
        xs = {"w": r.left(), "c": r.center().x(), "e": r.right()}
        ys = {"n": r.top(), "c": r.center().y(), "s": r.bottom()}
        out = {}
        for name in snapping.HANDLES:
            vy = name[0] if name[0] in "ns" else "c"
            vx = name[-1] if name[-1] in "we" else "c"
            out[name] = QRectF(xs[vx] - h / 2, ys[vy] - h / 2, h, h)
        return out

    # ---- hit testing -------------------------------------------------------------------

    def frame_at(self, pos: QPointF, kinds: tuple[type, ...] = (Frame,)) -> Frame | None:
        """The topmost frame of the current page under ``pos`` (viewport pixels)."""
        doc = self.session.document
        page = doc.pages[min(self.session.page, len(doc.pages) - 1)]
        for frame in reversed(page.frames):
            if isinstance(frame, kinds) and self.frame_rect(frame).adjusted(-2, -2, 2, 2) \
                    .contains(pos):
                return frame
        return None

    def handle_at(self, pos: QPointF) -> str | None:
        frame = self.session.selected_frame()
        if frame is None or self.session.frame_page(frame.id) != self.session.page:
            return None
        for name, r in self._handles(self.frame_rect(frame)).items():
            if r.adjusted(-3, -3, 3, 3).contains(pos):
                return name
        return None

    def _in_page(self, pos: QPointF) -> bool:
        page = self._page_layout()
        box = self.transform().mapRect(QRectF(-page.bleed, -page.bleed,
                                              page.width + 2 * page.bleed,
                                              page.height + 2 * page.bleed))
        return box.contains(pos)

    # ---- helpers for the window -------------------------------------------------------------

    def center_on(self, frame_id: str) -> None:
        """Show ``frame_id``'s page and scroll so the frame is in view."""
        self.session.select(frame_id)
        frame = self.session.selected_frame()
        if frame is None:
            return
        r = self.frame_rect(frame)
        vp = self.viewport().rect()
        if not QRectF(vp).contains(r):
            h, v = self.horizontalScrollBar(), self.verticalScrollBar()
            h.setValue(round(h.value() + r.center().x() - vp.center().x()))
            v.setValue(round(v.value() + r.center().y() - vp.center().y()))

