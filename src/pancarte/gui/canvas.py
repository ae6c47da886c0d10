"""The page canvas: paints the laid-out page with the Qt renderer, draws overlays on top in
device space, and repaints only what an edit changed. Its geometry is
:mod:`pancarte.gui.canvas_view`'s, its mouse, keyboard and drops
:mod:`pancarte.gui.canvas_gestures`'.

Coordinates: the layout is in points from the trim's top-left (y down), the model in mm.
:meth:`Canvas.transform` maps points to viewport pixels; zoom 1.0 is the page at its real
size on the screen. The canvas never measures text: what it paints is what prints.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QPen,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from pancarte.geometry import MM
from pancarte.gui.canvas_gestures import CanvasGestures
from pancarte.gui.session import DocumentSession
from pancarte.i18n import _
from pancarte.layout.boxes import Item, PageLayout
from pancarte.model.document import Frame, ImageFrame, QRFrame, ShapeFrame, TextFrame

PASTEBOARD = QColor("#5b5f66")
SELECTION = QColor("#2f7ae5")
OVERFLOW = QColor("#b0008a")  # magenta: apart from the reds and oranges posters use
MARK_GAP = 4  # px between a frame and its problem outline
WARNING = QColor("#b06000")
GUIDE = QColor("#e535ab")
SAFE = QColor("#19a7c9")
OUTLINE = QColor(120, 130, 140, 170)  # a frame's dotted outline


def frame_label(frame: Frame) -> str:
    """How an empty frame is named on the canvas (its template name, else its kind)."""
    names = {"title": _("Title"), "body": _("Text"), "programme": _("Programme"),
             "event": _("Event"), "qr": _("QR code"), "logo": _("Logo"), "footer": _("Footer")}
    if frame.name in names:
        return names[frame.name]
    kinds = {"text": _("Text"), "qr": _("QR code"), "image": _("Image"), "shape": _("Shape")}
    return kinds.get(frame.kind, frame.id)


def dashed_outline(r: QRectF, width: float, on: float, off: float) -> list[QRectF]:
    """The dashes of a dashed outline of ``r`` (``width`` wide; ``on`` and ``off`` in
    widths, from the top-left corner clockwise) as rectangles that do not overlap, to be
    filled (a shared list: not to be changed).

    Qt's dashed pens shorten their work outside the region being painted, which shifts the
    dashes of a partial repaint from those of a full one; filled rectangles are the same
    pixels whatever the region."""
    return _dashes(r.left(), r.top(), r.right(), r.bottom(), width, on, off)


@lru_cache(maxsize=256)  # the outlines of the page shown, at the zoom shown
def _dashes(x0: float, y0: float, x1: float, y1: float, width: float, on: float,
            off: float) -> list[QRectF]:
    # a thousand dashes for a dotted frame of a poster on screen: the loop is kept lean (no
    # min/max calls), with the same arithmetic, so the same rectangles
    h = width / 2
    # (start, length, direction) of each edge; the corners belong to the horizontal edges
    edges = [((x0 - h, y0), x1 - x0 + width, (1, 0)), ((x1, y0 + h), y1 - y0 - width, (0, 1)),
             ((x1 + h, y1), x1 - x0 + width, (-1, 0)), ((x0, y1 - h), y1 - y0 - width, (0, -1))]
    dash, period = on * width, (on + off) * width
    out: list[QRectF] = []
    add, rect = out.append, QRectF
    offset = 0.0  # where the perimeter walk is when an edge starts
    for (sx, sy), length, (dx, dy) in edges:
        if length <= 0:
            continue
        # the dash under way starts at -(offset % period), in edge coordinates
        spans = _spans(-(offset % period), length, dash, period)
        if dy == 0:
            y = sy - h
            for a, b in spans:
                ax, bx = sx + dx * a, sx + dx * b
                add(rect(ax, y, bx - ax, width) if ax <= bx else rect(bx, y, ax - bx, width))
        else:
            x = sx - h
            for a, b in spans:
                ay, by = sy + dy * a, sy + dy * b
                add(rect(x, ay, width, by - ay) if ay <= by else rect(x, by, width, ay - by))
        offset += length
    return out


def _spans(t: float, length: float, dash: float, period: float) -> list[tuple[float, float]]:
    """(from, to) of the dashes along an edge of ``length``, the first starting at ``t``."""
    out = []
    while t < length:
        a = t if t > 0.0 else 0.0
        b = t + dash
        if b > length:
            b = length
        if b > a:
            out.append((a, b))
        t += period
    return out


def _stroke_dashed(painter: QPainter, r: QRectF, color: QColor, width: float, on: float,
                   off: float) -> None:
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRects(dashed_outline(r, width, on, off))
    painter.restore()


class Canvas(CanvasGestures):
    """The page canvas: the page as it prints, with the editor's chrome on top."""

    painted = Signal()  # the laid-out document was drawn (not the start-up's blank page)

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._renderer = None
        self.show_guides = True
        self.show_frames = True  # outlines, names, marks, selection (the editor's chrome)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        # it paints every pixel it is asked to (pasteboard first): Qt need not paint the
        # window beneath the lines an edit repaints
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.setMinimumSize(200, 200)
        session.changed.connect(self._document_changed)
        session.selection_changed.connect(self._selection_changed)
        # the preflight's markers come after the repaint of an edit, when the typing pauses
        session.checks_changed.connect(self._checks_changed)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    @property
    def renderer(self):
        """The Qt renderer, sharing the engine's fonts, in exact mode at every zoom (the PNG
        export's, within 1 % of the PDF; its glyph images make it about as fast as Qt's own
        glyph cache)."""
        if self._renderer is None:
            from pancarte.render.qt import QtPainterRenderer

            self._renderer = QtPainterRenderer(self.session.engine.fonts)
        return self._renderer

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
        """Repaint what changed on the page shown: nothing when an edit changed another page;
        when only laid-out items did (lines that did not move are the very same objects),
        the pixels those items paint, before and after, and the chrome of the frames whose
        marks changed; everything otherwise."""
        before = self._shown
        if before is None or before[1] != self._view_state() or \
                before[2] != self.session.layout.findings or not self.session.layout_ready:
            self.viewport().update()
            return
        region = self._changed_region(before[0], before[3])
        if region is None:
            self.viewport().update()
        elif not region.isEmpty():
            self.viewport().update(region)

    def _changed_region(self, old: PageLayout, old_marks: dict) -> QRegion | None:
        """The viewport pixels that differ between ``old`` (painted with ``old_marks``) and
        the page shown now; None when the page itself changed."""
        page = self._page_layout()
        items = changed_items(old, page)
        if items is None:
            return None
        region = QRegion()
        t = self.transform()
        renderer = self.renderer
        for item in items:
            region += renderer.device_rect(t, item)
        marks = self._frame_marks()
        doc = self.session.document
        for frame in doc.pages[min(self.session.page, len(doc.pages) - 1)].frames:
            if old_marks.get(frame.id) != marks.get(frame.id):
                region += self.chrome_rect(self.frame_rect(frame))
        return region

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

    # (page layout, view state, findings, frame marks) last painted
    _shown: tuple[PageLayout, tuple, list, dict] | None = None

    def _view_state(self) -> tuple:
        session = self.session
        pages = session.document.pages
        frames = pages[min(session.page, len(pages) - 1)].frames if pages else ()
        return (session.page, self._zoom, session.layout_ready, session.selected,
                self.show_guides, self.show_frames, self.viewport().size(), self.horizontalScrollBar().value(),
                self.verticalScrollBar().value(),
                tuple((f.id, f.x, f.y, f.w, f.h) for f in frames))  # handles, outlines

    def paint_now(self) -> None:
        """Paint the page at once (the start: the document first, the panels after it)."""
        if self._fit:
            self._zoom = self.fit_zoom()
        self.viewport().repaint()

    def _frame_marks(self) -> dict[str, tuple[str, bool]]:
        """What the chrome of each frame of the page shown depends on besides its place:
        the name it shows when empty, and whether its text overflows."""
        doc = self.session.document
        infos = self._page_layout().frames
        marks = {}
        for frame in doc.pages[min(self.session.page, len(doc.pages) - 1)].frames:
            info = infos.get(frame.id)
            empty = self._is_empty(frame) and not (info is not None and info.lines)
            marks[frame.id] = (frame_label(frame) if empty else "",
                               info is not None and info.overflow)
        return marks

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self.viewport())
        self._exposed = e.region()
        try:
            self.paint(painter, e.rect())
        finally:
            self._exposed = None
            painter.end()

    _exposed: QRegion | None = None  # the region of the paint event under way

    def paint(self, painter: QPainter, clip: QRect) -> None:
        """Paint the viewport's ``clip`` (within a paint event, the page items that paint
        nothing in its exposed region are skipped: the pixels are a full paint's)."""
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
                self.renderer.paint(painter, page, region=self._exposed)
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
        self._shown = (page, self._view_state(), self.session.layout.findings,
                       self._frame_marks())
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
        _stroke_dashed(painter, bleed_box.adjusted(0, 0, -1, -1), QColor(200, 30, 30, 200), 1,
                       4, 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 0, 0, 150), 1))
        painter.drawRect(trim)
        m = self.session.document.safe_margin * MM * s
        if m > 0:
            _stroke_dashed(painter, trim.adjusted(m, m, -m, -m), SAFE, 1, 4, 2)

    def _paint_frames(self, painter: QPainter) -> None:
        """The editor's chrome: each frame's outline, name when empty, problem marker; the
        selection and its handles; the snapping guides of a drag."""
        doc = self.session.document
        index = min(self.session.page, len(doc.pages) - 1)
        infos = self._page_layout().frames
        problems = self._problems(index)
        label_font = QFont(self.font())
        label_font.setPointSizeF(max(7.0, label_font.pointSizeF() * 0.9))
        label_font.setItalic(True)
        painter.setFont(label_font)
        for frame in doc.pages[index].frames:
            info = infos.get(frame.id)
            empty = self._is_empty(frame) and not (info is not None and info.lines)
            overflow = info is not None and info.overflow
            self._paint_frame(painter, frame, empty)
            problem = problems.get(frame.id)
            if problem == "overflow" or overflow:
                self._paint_marker(painter, self.frame_rect(frame), OVERFLOW, "+")
            elif problem == "warning":
                self._paint_marker(painter, self.frame_rect(frame), WARNING, "!")
        self._paint_selection(painter, index)
        self._paint_snap_guides(painter)

    def _problems(self, index: int) -> dict[str, str]:
        """The frames of page ``index`` with a finding to mark: "overflow" or "warning"."""
        problems: dict[str, str] = {}
        for f in self.session.shown_checks():
            # an empty frame already says so (its name in grey): no marker for that
            if f.page == index + 1 and f.frame and f.code != "frame-empty":
                if f.code == "text-overflow":
                    problems[f.frame] = "overflow"
                else:
                    problems.setdefault(f.frame, "warning")
        return problems

    def _paint_frame(self, painter: QPainter, frame: Frame, empty: bool) -> None:
        r = self.frame_rect(frame)
        if not isinstance(frame, ShapeFrame) or empty:
            _stroke_dashed(painter, r, OUTLINE, 1, 1, 2)  # dotted
        if empty and r.width() > 30 and r.height() > 12:
            painter.setPen(QColor(110, 118, 128))
            painter.drawText(r.adjusted(4, 2, -4, -2),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                             frame_label(frame))
        if self._drop_target == frame.id:
            painter.fillRect(r, QColor(47, 122, 229, 50))
            _stroke_dashed(painter, r, SELECTION, 2, 4, 2)

    def _paint_selection(self, painter: QPainter, index: int) -> None:
        selected = self.session.selected_frame()
        if selected is None or self.session.frame_page(selected.id) != index:
            return
        r = self.frame_rect(selected)
        painter.setPen(QPen(SELECTION, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(r)
        if self.editor is None:
            painter.setPen(QPen(SELECTION, 1))
            painter.setBrush(Qt.GlobalColor.white)
            for handle_rect in self._handles(r).values():
                painter.drawRect(handle_rect)

    def _paint_snap_guides(self, painter: QPainter) -> None:
        gx, gy = self._guides
        if not (gx or gy):
            return
        painter.setPen(QPen(GUIDE, 1))
        vp = self.viewport().rect()
        for x in gx:
            dx = self.mm_rect(x, 0, 0, 0).x()
            painter.drawLine(QPointF(dx, vp.top()), QPointF(dx, vp.bottom()))
        for y in gy:
            dy = self.mm_rect(0, y, 0, 0).y()
            painter.drawLine(QPointF(vp.left(), dy), QPointF(vp.right(), dy))

    @staticmethod
    def chrome_rect(r: QRectF) -> QRect:
        """The pixels a frame's chrome (outline, name, problem marker and its badge) may
        paint, for frame rectangle ``r``."""
        return Canvas.marker_rect(r).toAlignedRect().adjusted(-3, -3, 20, 20)

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
        _stroke_dashed(painter, outer, color, 3, 3, 2)
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


def changed_items(old: PageLayout, new: PageLayout) -> list[Item] | None:
    """The items of page layout ``new`` that are not in ``old`` and those of ``old`` no
    longer in ``new`` (the layout engine reuses the objects of what it did not lay out
    again; of what it did, the items equal to old ones paint the same pixels); None when the
    page itself changed (its size, or the order in which the other items stack)."""
    if (old.width, old.height, old.bleed) != (new.width, new.height, new.bleed):
        return None
    if len(old.items) == len(new.items) and all(
            a is b for a, b in zip(old.items, new.items, strict=True)):
        return []
    old_ids = {id(it) for it in old.items}
    new_ids = {id(it) for it in new.items}
    gone = [it for it in old.items if id(it) not in new_ids]
    came = [it for it in new.items if id(it) not in old_ids]
    # a line laid out again the same (the lines of an edited paragraph before and after the
    # edited one) is a new object equal to the old one: it paints the same pixels
    left = Counter(gone)
    left.subtract(came)
    changed = [it for it in (*gone, *came) if left[it] != 0]
    ids = {id(it) for it in changed}
    if [it for it in old.items if id(it) not in ids] != \
            [it for it in new.items if id(it) not in ids]:
        return None  # the others in another order: the stacking changed
    return changed
