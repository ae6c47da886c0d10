"""The page canvas: paints the laid-out page with the Qt renderer, draws overlays on top in
device space, and turns mouse, keyboard and drops into model commands.

Coordinates: the layout is in points from the trim's top-left (y down), the model in mm.
:meth:`Canvas.transform` maps points to viewport pixels; zoom 1.0 is the page at its real
size on the screen. The canvas never measures text: what it paints is what prints.
"""

from __future__ import annotations

from itertools import count
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QMenu, QWidget

from pancarte.geometry import MM, Rect
from pancarte.gui import snapping
from pancarte.gui.blocks import (
    MIME_BLOCK,
    fill_frame,
    mime_paragraphs,
    mime_tract_id,
    new_text_frame,
)
from pancarte.gui.session import DocumentSession
from pancarte.i18n import N_, _
from pancarte.layout.boxes import GlyphRun, ImageItem
from pancarte.model.commands import RemoveFrame, RestackFrame
from pancarte.model.document import Frame, ImageFrame, QRFrame, ShapeFrame, TextFrame

if TYPE_CHECKING:
    from pancarte.gui.inplace import InPlaceEditor

MARGIN = 32  # px of pasteboard around the bleed box
HANDLE = 7  # px, side of a resize handle
SNAP_PX = 6  # px within which an edge snaps
MIN_ZOOM, MAX_ZOOM = 0.05, 16.0
PASTEBOARD = QColor("#5b5f66")
SELECTION = QColor("#2f7ae5")
OVERFLOW = QColor("#b0008a")  # magenta: apart from the reds and oranges posters use
MARK_GAP = 4  # px between a frame and its problem outline
EDITOR_MIN_WIDTH = 220  # px of pasteboard beside the page for the text editor


def _covered(area: QRectF, rects: list[QRectF]) -> float:
    """The area of ``rects`` that ``area`` hides."""
    total = 0.0
    for rect in rects:
        common = area & rect
        total += max(0.0, common.width()) * max(0.0, common.height())
    return total
WARNING = QColor("#b06000")
GUIDE = QColor("#e535ab")
SAFE = QColor("#19a7c9")
_gestures = count(1)

_CURSORS = {"nw": Qt.CursorShape.SizeFDiagCursor, "se": Qt.CursorShape.SizeFDiagCursor,
            "ne": Qt.CursorShape.SizeBDiagCursor, "sw": Qt.CursorShape.SizeBDiagCursor,
            "n": Qt.CursorShape.SizeVerCursor, "s": Qt.CursorShape.SizeVerCursor,
            "e": Qt.CursorShape.SizeHorCursor, "w": Qt.CursorShape.SizeHorCursor}


def frame_label(frame: Frame) -> str:
    """How an empty frame is named on the canvas (its template name, else its kind)."""
    names = {"title": _("Title"), "body": _("Text"), "programme": _("Programme"),
             "event": _("Event"), "qr": _("QR code"), "logo": _("Logo"), "footer": _("Footer")}
    if frame.name in names:
        return names[frame.name]
    kinds = {"text": _("Text"), "qr": _("QR code"), "image": _("Image"), "shape": _("Shape")}
    return kinds.get(frame.kind, frame.id)


def chain_head(doc, frame_id: str) -> str:
    """The first frame of the text chain ``frame_id`` belongs to (itself when unlinked)."""
    previous = {f.next_frame: f.id for p in doc.pages for f in p.frames
                if isinstance(f, TextFrame) and f.next_frame}
    seen = {frame_id}
    while frame_id in previous and previous[frame_id] not in seen:
        frame_id = previous[frame_id]
        seen.add(frame_id)
    return frame_id


class _Gesture:
    """A mouse drag in progress: moving or resizing one frame, or panning."""

    def __init__(self, kind: str, start: QPointF, frame: Frame | None = None,
                 handle: str = "") -> None:
        self.kind = kind  # "move", "resize", "pan"
        self.start = start
        self.frame = frame
        self.handle = handle
        self.merge = f"drag-{next(_gestures)}"
        self.active = kind != "move"  # a move starts after a few pixels
        self.scroll = (0, 0)


class Canvas(QAbstractScrollArea):
    zoom_changed = Signal(float)
    image_requested = Signal(str)  # double-click on an image frame
    qr_requested = Signal(str)  # double-click on a QR frame
    editing_changed = Signal(bool)
    painted = Signal()  # the laid-out document was drawn (not the start-up's blank page)
    tract_dropped = Signal(str)  # a library block was dropped: its tract's id

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._renderer = None
        self._zoom = 1.0
        self._fit = True
        self._gesture: _Gesture | None = None
        self._guides: tuple[list[float], list[float]] = ([], [])
        self._drop_target: str | None = None
        self.editor: InPlaceEditor | None = None
        self.show_guides = True
        self.show_frames = True  # outlines, names, marks, selection (the editor's chrome)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.setMinimumSize(200, 200)
        session.changed.connect(self._document_changed)
        session.selection_changed.connect(self._selection_changed)
        # the preflight's markers come after the repaint of an edit, when the typing pauses
        session.checks_changed.connect(self._checks_changed)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._scroll_timer = QTimer(self)

    @property
    def renderer(self):
        """The Qt renderer, sharing the engine's fonts, in exact mode at every zoom (the PNG
        export's, within 1 % of the PDF; its glyph images make it about as fast as Qt's own
        glyph cache)."""
        if self._renderer is None:
            from pancarte.render.qt import QtPainterRenderer

            self._renderer = QtPainterRenderer(self.session.engine.fonts)
        return self._renderer

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

    # ---- reacting to the session ---------------------------------------------------------

    def _document_changed(self) -> None:
        self._update_scrollbars()
        if self._fit:
            z = self.fit_zoom()
            if abs(z - self._zoom) > 1e-9:
                self._zoom = z
                self._update_scrollbars()
                self.zoom_changed.emit(z)
        self._place_editor()
        self._update_changed()

    def _update_changed(self) -> None:
        """Repaint what changed on the page shown: nothing when an edit changed another page,
        the region of the items that changed when only items did (laid-out lines that did
        not move are the very same objects), everything otherwise."""
        page = self._page_layout()
        before = self._shown
        if before is None or before[1] != self._view_state() or \
                before[2] != self.session.layout.findings:
            self.viewport().update()
            return
        old = before[0]
        region = changed_region(old, page)
        if region is None:
            self.viewport().update()
        elif region.w > 0 and region.h > 0:
            r = self.transform().mapRect(QRectF(region.x, region.y, region.w, region.h))
            self.viewport().update(r.toAlignedRect().adjusted(-4, -4, 4, 4))

    def _checks_changed(self) -> None:
        self.viewport().update()

    def _selection_changed(self) -> None:
        if self.editor is not None and self.session.selected != self.editor.frame_id:
            self.editor.close_editor()
        self._document_changed()

    def _scrolled(self) -> None:
        self._place_editor()
        self.viewport().update()

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(e)
        if self._fit:
            self._zoom = self.fit_zoom()
            self.zoom_changed.emit(self._zoom)
        self._update_scrollbars()
        self._place_editor()

    # ---- painting ----------------------------------------------------------------------

    _shown: tuple | None = None  # (page layout, view state, findings) last painted

    def _view_state(self) -> tuple:
        session = self.session
        pages = session.document.pages
        frames = pages[min(session.page, len(pages) - 1)].frames if pages else ()
        return (session.page, self._zoom, session.layout_ready, session.selected,
                self.show_guides, self.viewport().size(), self.horizontalScrollBar().value(),
                self.verticalScrollBar().value(),
                tuple((f.id, f.x, f.y, f.w, f.h) for f in frames))  # handles, outlines

    def paint_now(self) -> None:
        """Paint the page at once (the start: the document first, the panels after it)."""
        if self._fit:
            self._zoom = self.fit_zoom()
        self.viewport().repaint()

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self.viewport())
        try:
            self.paint(painter, e.rect())
        finally:
            painter.end()

    def paint(self, painter: QPainter, clip: QRect) -> None:
        painter.fillRect(clip, PASTEBOARD)
        page = self._page_layout()
        t = self.transform()
        s = self.px_per_pt()
        bleed_box = t.mapRect(QRectF(-page.bleed, -page.bleed, page.width + 2 * page.bleed,
                                     page.height + 2 * page.bleed))
        trim = t.mapRect(QRectF(0, 0, page.width, page.height))
        painter.fillRect(bleed_box.translated(3, 4), QColor(0, 0, 0, 60))  # shadow
        painter.fillRect(bleed_box, Qt.GlobalColor.white)
        if page.items:
            painter.save()
            painter.setClipRect(bleed_box)
            painter.setTransform(t)
            if self.session.layout_ready:
                self.renderer.exact = True
                self.renderer.paint(painter, page)
            else:  # the start-up's blank layout: backgrounds only, no engine loaded yet
                for item in page.items:
                    fill = getattr(item, "fill", None)
                    if fill is not None:
                        r = item.rect
                        painter.fillRect(QRectF(r.x, r.y, r.w, r.h),
                                         QColor.fromRgbF(fill.r, fill.g, fill.b))
            painter.restore()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if self.show_guides:
            self._paint_guides(painter, bleed_box, trim, s)
        if self.show_frames:
            self._paint_frames(painter)
        self._shown = (page, self._view_state(), self.session.layout.findings)
        if self.session.layout_ready:
            self.painted.emit()

    def _paint_guides(self, painter: QPainter, bleed_box: QRectF, trim: QRectF,
                      s: float) -> None:
        # what the trim cuts off is veiled, so the bleed reads as "beyond the page"
        veil = QColor(255, 255, 255, 70)
        painter.fillRect(QRectF(bleed_box.left(), bleed_box.top(), bleed_box.width(),
                                trim.top() - bleed_box.top()), veil)
        painter.fillRect(QRectF(bleed_box.left(), trim.bottom(), bleed_box.width(),
                                bleed_box.bottom() - trim.bottom()), veil)
        painter.fillRect(QRectF(bleed_box.left(), trim.top(), trim.left() - bleed_box.left(),
                                trim.height()), veil)
        painter.fillRect(QRectF(trim.right(), trim.top(), bleed_box.right() - trim.right(),
                                trim.height()), veil)
        pen = QPen(QColor(200, 30, 30, 200), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(bleed_box.adjusted(0, 0, -1, -1))
        painter.setPen(QPen(QColor(0, 0, 0, 150), 1))
        painter.drawRect(trim)
        m = self.session.document.safe_margin * MM * s
        if m > 0:
            painter.setPen(QPen(SAFE, 1, Qt.PenStyle.DashLine))
            painter.drawRect(trim.adjusted(m, m, -m, -m))

    def _paint_frames(self, painter: QPainter) -> None:
        doc = self.session.document
        index = min(self.session.page, len(doc.pages) - 1)
        page = doc.pages[index]
        infos = self._page_layout().frames
        problems: dict[str, str] = {}
        for f in self.session.shown_checks():
            # an empty frame already says so (its name in grey): no marker for that
            if f.page == index + 1 and f.frame and f.code != "frame-empty":
                if f.code == "text-overflow":
                    problems[f.frame] = "overflow"
                else:
                    problems.setdefault(f.frame, "warning")
        label_font = QFont(self.font())
        label_font.setPointSizeF(max(7.0, label_font.pointSizeF() * 0.9))
        label_font.setItalic(True)
        painter.setFont(label_font)
        outline = QPen(QColor(120, 130, 140, 170), 1, Qt.PenStyle.DotLine)
        for frame in page.frames:
            r = self.frame_rect(frame)
            info = infos.get(frame.id)
            empty = self._is_empty(frame) and not (info is not None and info.lines)
            if not isinstance(frame, ShapeFrame) or empty:
                painter.setPen(outline)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(r)
            if empty and r.width() > 30 and r.height() > 12:
                painter.setPen(QColor(110, 118, 128))
                painter.drawText(r.adjusted(4, 2, -4, -2),
                                 int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                                 frame_label(frame))
            if self._drop_target == frame.id:
                painter.fillRect(r, QColor(47, 122, 229, 50))
                painter.setPen(QPen(SELECTION, 2, Qt.PenStyle.DashLine))
                painter.drawRect(r)
            problem = problems.get(frame.id)
            if problem == "overflow" or (frame.id in infos and infos[frame.id].overflow):
                self._paint_marker(painter, r, OVERFLOW, "+")
            elif problem == "warning":
                self._paint_marker(painter, r, WARNING, "!")
        selected = self.session.selected_frame()
        if selected is not None and self.session.frame_page(selected.id) == index:
            r = self.frame_rect(selected)
            painter.setPen(QPen(SELECTION, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(r)
            if self.editor is None:
                painter.setPen(QPen(SELECTION, 1))
                painter.setBrush(Qt.GlobalColor.white)
                for handle_rect in self._handles(r).values():
                    painter.drawRect(handle_rect)
        gx, gy = self._guides
        if gx or gy:
            painter.setPen(QPen(GUIDE, 1))
            vp = self.viewport().rect()
            for x in gx:
                dx = self.mm_rect(x, 0, 0, 0).x()
                painter.drawLine(QPointF(dx, vp.top()), QPointF(dx, vp.bottom()))
            for y in gy:
                dy = self.mm_rect(0, y, 0, 0).y()
                painter.drawLine(QPointF(vp.left(), dy), QPointF(vp.right(), dy))

    @staticmethod
    def marker_rect(r: QRectF) -> QRectF:
        """Where a frame's problem outline runs: just outside the frame, never over its
        letters."""
        return r.adjusted(-MARK_GAP, -MARK_GAP, MARK_GAP, MARK_GAP)

    def _paint_marker(self, painter: QPainter, r: QRectF, color: QColor, sign: str) -> None:
        """A dashed outline in two contrasting tones (white under ``color``) outside the
        frame, and a badge on its corner, outside too: visible on any colour of page."""
        outer = self.marker_rect(r)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(Qt.GlobalColor.white, 3))
        painter.drawRect(outer)
        dashed = QPen(color, 3, Qt.PenStyle.CustomDashLine)
        dashed.setDashPattern([3, 2])
        painter.setPen(dashed)
        painter.drawRect(outer)
        box = QRectF(outer.right() - 1, outer.bottom() - 1, 16, 16)
        painter.setPen(QPen(Qt.GlobalColor.white, 2))
        painter.setBrush(color)
        painter.drawRect(box)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        c = box.center()
        if sign == "+":
            painter.drawLine(QPointF(c.x() - 4, c.y()), QPointF(c.x() + 4, c.y()))
            painter.drawLine(QPointF(c.x(), c.y() - 4), QPointF(c.x(), c.y() + 4))
        else:
            painter.drawLine(QPointF(c.x(), c.y() - 4), QPointF(c.x(), c.y() + 1))
            painter.drawPoint(QPointF(c.x(), c.y() + 4))

    def _is_empty(self, frame: Frame) -> bool:
        if isinstance(frame, TextFrame):
            return not any(p.text.strip() or p.marker for p in frame.paragraphs)
        if isinstance(frame, QRFrame):
            return not frame.content
        if isinstance(frame, ImageFrame):
            return not frame.image
        if isinstance(frame, ShapeFrame):
            return frame.fill is None and (frame.stroke is None or frame.stroke_width <= 0)
        return False

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

    # ---- mouse -------------------------------------------------------------------------

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = e.position()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.editor is not None:
            self.editor.close_editor()
        if e.button() == Qt.MouseButton.MiddleButton:
            self._start_pan(pos)
            return
        if e.button() != Qt.MouseButton.LeftButton:
            return
        handle = self.handle_at(pos)
        if handle is not None:
            self._gesture = _Gesture("resize", pos, self.session.selected_frame(), handle)
            return
        frame = self.frame_at(pos)
        if frame is not None:
            self.session.select(frame.id)
            self._gesture = _Gesture("move", pos, frame)
            return
        self.session.select(None)
        self._start_pan(pos)

    def _start_pan(self, pos: QPointF) -> None:
        self._gesture = _Gesture("pan", pos)
        self._gesture.scroll = (self.horizontalScrollBar().value(),
                                self.verticalScrollBar().value())
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = e.position()
        g = self._gesture
        if g is None:
            self._hover(pos)
            return
        delta = pos - g.start
        if g.kind == "pan":
            self.horizontalScrollBar().setValue(round(g.scroll[0] - delta.x()))
            self.verticalScrollBar().setValue(round(g.scroll[1] - delta.y()))
            return
        if not g.active:
            if abs(delta.x()) + abs(delta.y()) < 4:
                return
            g.active = True
        scale = self.px_per_pt() * MM
        dx, dy = delta.x() / scale, delta.y() / scale
        snap = not (e.modifiers() & Qt.KeyboardModifier.AltModifier)
        if g.kind == "move" and e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            if abs(dx) > abs(dy):
                dy = 0.0
            else:
                dx = 0.0
        self.drag_frame(g, dx, dy, snap)

    def drag_frame(self, g: _Gesture, dx: float, dy: float, snap: bool = True) -> None:
        """Move or resize ``g.frame`` by (dx, dy) mm from where the gesture started, snapped
        to guides and other frames; one undo step per gesture."""
        frame = self.session.selected_frame()
        start = g.frame
        if frame is None or start is None or frame.id != start.id:
            return
        doc = self.session.document
        index = self.session.frame_page(frame.id)
        if index is None:
            return
        targets = snapping.targets_for(doc, doc.pages[index], frame.id) if snap else None
        tol = SNAP_PX / (self.px_per_pt() * MM)
        if g.kind == "move":
            x, y = start.x + dx, start.y + dy
            result = (snapping.snap_move(x, y, start.w, start.h, targets, tol) if targets
                      else snapping.Snap(x, y, start.w, start.h))
            label = N_("Move frame")
        else:
            result = snapping.resize(start.x, start.y, start.w, start.h, g.handle, dx, dy,
                                     targets, tol)
            label = N_("Resize frame")
        self._guides = (result.guides_x, result.guides_y)
        new = frame.moved(round(result.x, 2), round(result.y, 2), round(result.w, 2),
                          round(result.h, 2))
        if new != frame:
            self.session.replace_frame(frame, new, label=label, merge=g.merge)
        self.viewport().update()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._gesture = None
        self._guides = ([], [])
        self._hover(e.position())
        self.viewport().update()

    def mouseDoubleClickEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        frame = self.frame_at(e.position())
        if frame is None:
            return
        self.session.select(frame.id)
        if isinstance(frame, TextFrame):
            self.edit_frame(frame.id)
        elif isinstance(frame, ImageFrame):
            self.image_requested.emit(frame.id)
        elif isinstance(frame, QRFrame):
            self.qr_requested.emit(frame.id)

    def _hover(self, pos: QPointF) -> None:
        handle = self.handle_at(pos)
        if handle is not None:
            self.viewport().setCursor(_CURSORS[handle])
        elif self.frame_at(pos) is not None:
            self.viewport().setCursor(Qt.CursorShape.SizeAllCursor
                                      if self.frame_at(pos) == self.session.selected_frame()
                                      else Qt.CursorShape.PointingHandCursor)
        else:
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)

    def wheelEvent(self, e: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = e.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(1.15 ** steps, e.position())
            e.accept()
            return
        super().wheelEvent(e)

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        frame = self.frame_at(QPointF(e.pos()))
        if frame is None:
            return
        self.session.select(frame.id)
        menu = QMenu(self)
        if isinstance(frame, TextFrame):
            menu.addAction(_("Edit text"), lambda: self.edit_frame(frame.id))
        menu.addAction(_("Bring forward"), lambda: self.restack(+1))
        menu.addAction(_("Send backward"), lambda: self.restack(-1))
        menu.addSeparator()
        menu.addAction(_("Delete frame"), self.delete_selected)
        menu.exec(e.globalPos())

    # ---- keyboard ----------------------------------------------------------------------

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = e.key()
        arrows: dict[int, tuple[int, int]] = {
            Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        frame = self.session.selected_frame()
        if key in arrows and frame is not None:
            step = 1.0
            if e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                step = 10.0
            elif e.modifiers() & Qt.KeyboardModifier.AltModifier:
                step = 0.1
            ux, uy = arrows[key]
            self.nudge(ux * step, uy * step)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and frame is not None:
            self.delete_selected()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and \
                isinstance(frame, TextFrame):
            self.edit_frame(frame.id)
            return
        if key == Qt.Key.Key_Escape:
            self.session.select(None)
            return
        text = e.text()
        if isinstance(frame, TextFrame) and text and text.isprintable() and not (
                e.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                 | Qt.KeyboardModifier.AltModifier)):
            # typing on a selected text frame replaces its text (the slogan, ready to type)
            fresh = self.editor is None
            editor = self.edit_frame(frame.id)
            if editor is not None:
                if fresh:
                    editor.edit.selectAll()
                editor.edit.insertPlainText(text)
            return
        if key == Qt.Key.Key_Tab:
            self.select_next(+1)
            return
        if key == Qt.Key.Key_Backtab:
            self.select_next(-1)
            return
        super().keyPressEvent(e)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt override
        return False  # Tab walks through the frames instead

    def nudge(self, dx: float, dy: float) -> None:
        frame = self.session.selected_frame()
        if frame is None:
            return
        new = frame.moved(round(frame.x + dx, 2), round(frame.y + dy, 2))
        self.session.replace_frame(frame, new, label=N_("Nudge frame"), merge="nudge")

    def select_next(self, step: int) -> None:
        frames = self.session.document.pages[self.session.page].frames
        if not frames:
            return
        ids = [f.id for f in frames]
        cur = self.session.selected
        i = ids.index(cur) + step if cur in ids else (0 if step > 0 else -1)
        self.session.select(ids[i % len(ids)])

    def delete_selected(self) -> None:
        frame = self.session.selected_frame()
        if frame is None:
            return
        page = self.session.frame_page(frame.id)
        assert page is not None
        index = [f.id for f in self.session.document.pages[page].frames].index(frame.id)
        self.session.push(RemoveFrame(page, frame, index))

    def restack(self, step: int) -> None:
        frame = self.session.selected_frame()
        if frame is None:
            return
        page = self.session.frame_page(frame.id)
        assert page is not None
        ids = [f.id for f in self.session.document.pages[page].frames]
        old = ids.index(frame.id)
        new = max(0, min(len(ids) - 1, old + step))
        if new != old:
            self.session.push(RestackFrame(page, old, new))

    # ---- in-place text editing ------------------------------------------------------------

    def edit_frame(self, frame_id: str) -> InPlaceEditor | None:
        """Open the in-place editor on ``frame_id`` (on the first frame of its text chain:
        the text of linked frames is edited where it starts)."""
        frame_id = chain_head(self.session.document, frame_id)
        found = self.session.document.find_frame(frame_id)
        if found is None or not isinstance(found[1], TextFrame):
            return None
        if self.editor is not None:
            if self.editor.frame_id == frame_id:
                return self.editor
            self.editor.close_editor()
        self.session.select(frame_id)
        from pancarte.gui.inplace import InPlaceEditor  # loaded when first editing

        editor = InPlaceEditor(self.session, frame_id, self.viewport())
        editor.closed.connect(self._editor_closed)
        self.editor = editor
        self._place_editor()
        editor.show()
        editor.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.viewport().update()
        self.editing_changed.emit(True)
        return editor

    def _editor_closed(self) -> None:
        self.editor = None
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.viewport().update()
        self.editing_changed.emit(False)

    def _place_editor(self) -> None:
        """Where it hides nothing: beside the page when there is room, else in a gap of the
        page, else over its own frame (and the background behind it); never over another
        frame when some place avoids them. When it has to cover something it lets the page show through."""
        editor = self.editor
        if editor is None:
            return
        found = self.session.document.find_frame(editor.frame_id)
        if found is None:
            return
        r = self.frame_rect(found[1])
        vp = QRectF(self.viewport().rect())
        # the other frames, but not the background behind this one (a band, a strip)
        others = [o for o in (self.frame_rect(f) for f in
                              self.session.document.pages[found[0]].frames
                              if f.id != found[1].id) if not o.contains(r)]
        best: tuple[float, QRectF] | None = None
        for widest in (420, 320, EDITOR_MIN_WIDTH):
            w = min(widest, vp.width() - 16)
            for h in (int(min(max(120, min(r.height(), 220)), vp.height() // 2)), 96, 64):
                xs = {8, vp.right() - w - 8, r.left(), r.right() - w, r.right() + 8,
                      r.left() - 8 - w, *(o.right() + 6 for o in others),
                      *(o.left() - 6 - w for o in others)}
                ys = {8, vp.bottom() - h - 8, r.top(), r.bottom() + 8, r.top() - 8 - h,
                      *(o.bottom() + 6 for o in others), *(o.top() - 6 - h for o in others)}
                for x in xs:
                    for y in ys:
                        area = QRectF(round(x), round(y), w, h)
                        if not vp.contains(area):
                            continue
                        score = _covered(area, others) * 1e3 + _covered(area, [r]) \
                            + (abs(area.center().y() - r.center().y())
                               + abs(area.center().x() - r.center().x())) * 1e-3 \
                            - w * 1e-2
                        if best is None or score < best[0]:
                            best = (score, area)
        if best is None:  # a tiny viewport: below the frame
            best = (1.0, QRectF(8, max(0.0, r.bottom() + 8), vp.width() - 16, 96))
        area = best[1]
        editor.setGeometry(area.toAlignedRect())
        editor.set_covering(_covered(area, [r, *others]) > 0)

    # ---- drag and drop -----------------------------------------------------------------

    @staticmethod
    def _accepts(mime: QMimeData) -> bool:
        return mime.hasFormat(MIME_BLOCK) or mime.hasText()

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._accepts(e.mimeData()):
            e.acceptProposedAction()

    def dragMoveEvent(self, e: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        pos = e.position()
        target = self.frame_at(pos, (TextFrame, QRFrame))
        new = target.id if target is not None else None
        if new != self._drop_target:
            self._drop_target = new
            self.viewport().update()
        if target is not None or self._in_page(pos):
            e.acceptProposedAction()
        else:
            e.ignore()

    def dragLeaveEvent(self, e: QDragLeaveEvent) -> None:  # noqa: N802 - Qt override
        self._drop_target = None
        self.viewport().update()

    def dropEvent(self, e: QDropEvent) -> None:  # noqa: N802 - Qt override
        self._drop_target = None
        if self.drop_mime(e.mimeData(), e.position()):
            e.acceptProposedAction()
        else:
            e.ignore()
        self.viewport().update()

    def drop_mime(self, mime: QMimeData, pos: QPointF) -> bool:
        """What a drop does: a block dropped on a text (or QR) frame fills it; dropped on the
        page elsewhere, it becomes a new text frame there. Returns whether it was taken."""
        paragraphs = mime_paragraphs(mime)
        if not paragraphs:
            return False
        doc = self.session.document
        target = self.frame_at(pos, (TextFrame, QRFrame))
        if target is not None:
            command = fill_frame(doc, target, paragraphs)
            if command is not None:
                self.session.push(command)
            self.session.select(target.id)
        elif not self._in_page(pos):
            return False
        else:
            x, y = self.to_mm(pos)
            command = new_text_frame(doc, self.session.page, x, y, paragraphs)
            self.session.push(command, N_("Insert block"))
            self.session.select(command.frame.id)
        tract = mime_tract_id(mime)
        if tract:
            self.tract_dropped.emit(tract)
        return True

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


def changed_region(old, new) -> Rect | None:
    """The bounding box (pt) of the items of page layout ``new`` that are not in ``old`` and
    of those of ``old`` no longer in ``new`` (items are compared as objects: the layout engine
    reuses what did not change); an empty Rect when nothing changed; None when the page itself
    changed (size, frames)."""
    if (old.width, old.height, old.bleed) != (new.width, new.height, new.bleed) or \
            old.frames != new.frames:
        return None
    if len(old.items) == len(new.items) and all(
            a is b for a, b in zip(old.items, new.items, strict=True)):
        return Rect(0, 0, 0, 0)
    kept = {id(it) for it in old.items} & {id(it) for it in new.items}
    boxes = [_item_box(it) for it in (*old.items, *new.items) if id(it) not in kept]
    if not boxes:  # the same items in another order (the stacking changed)
        return None
    x0 = min(b.x for b in boxes)
    y0 = min(b.y for b in boxes)
    x1 = max(b.x + b.w for b in boxes)
    y1 = max(b.y + b.h for b in boxes)
    return Rect(x0, y0, x1 - x0, y1 - y0)


def _item_box(item) -> Rect:
    """Where ``item`` paints (pt), generously for glyphs (accents, descenders)."""
    if isinstance(item, GlyphRun):
        x0 = min(item.xs) if item.xs else item.end
        return Rect(x0 - item.size * 0.2, item.y - item.size * 1.2,
                    max(item.end, x0) - x0 + item.size * 0.6, item.size * 1.7)
    if isinstance(item, ImageItem):
        return item.clip
    return item.rect

