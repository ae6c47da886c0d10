"""Toolbar icons: Qt's standard icons where they exist, small drawn ones elsewhere (no image
files to ship, crisp at any scale)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QStyle

INK = QColor("#3c4043")
ACCENT = QColor("#d7191c")
SIZE = 64


def _draw(paint: Callable[[QPainter], None]) -> QIcon:
    pm = QPixmap(SIZE, SIZE)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint(p)
    p.end()
    return QIcon(pm)


def _pen(width: float = 5, color: QColor = INK) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def standard(style: QStyle, pixmap: QStyle.StandardPixmap) -> QIcon:
    return style.standardIcon(pixmap)


def app_icon() -> QIcon:
    def paint(p: QPainter) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#5a4630"))
        p.drawRoundedRect(QRectF(28, 34, 8, 28), 2, 2)  # the stick
        p.setBrush(ACCENT)
        p.drawRoundedRect(QRectF(6, 4, 52, 36), 5, 5)  # the sign
        p.setPen(_pen(4, QColor("white")))
        p.drawLine(QPointF(16, 16), QPointF(48, 16))
        p.drawLine(QPointF(16, 27), QPointF(40, 27))
    return _draw(paint)


def letter_icon(text: str, point_size: float = 0) -> QIcon:
    def paint(p: QPainter) -> None:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(point_size * 4) if point_size else 44)
        p.setFont(font)
        p.setPen(INK)
        p.drawText(QRectF(0, 0, SIZE, SIZE), Qt.AlignmentFlag.AlignCenter, text)
    return _draw(paint)


def qr_icon() -> QIcon:
    def paint(p: QPainter) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(INK)
        for x, y in ((6, 6), (38, 6), (6, 38)):
            p.drawRect(QRectF(x, y, 20, 20))
            p.setBrush(QColor("white"))
            p.drawRect(QRectF(x + 5, y + 5, 10, 10))
            p.setBrush(INK)
            p.drawRect(QRectF(x + 8, y + 8, 4, 4))
        for x, y in ((40, 40), (50, 40), (40, 50), (52, 52), (30, 30), (30, 44)):
            p.drawRect(QRectF(x, y, 7, 7))
    return _draw(paint)


def image_icon() -> QIcon:
    def paint(p: QPainter) -> None:
        p.setPen(_pen(5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(QRectF(6, 10, 52, 44), 5, 5)
        path = QPainterPath(QPointF(10, 50))
        path.lineTo(26, 30)
        path.lineTo(36, 42)
        path.lineTo(44, 34)
        path.lineTo(56, 50)
        p.drawPath(path)
        p.setBrush(ACCENT)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(QPointF(44, 22), 5, 5)
    return _draw(paint)


def shape_icon() -> QIcon:
    def paint(p: QPainter) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ACCENT)
        p.drawRect(QRectF(6, 18, 52, 28))
    return _draw(paint)


def export_icon() -> QIcon:
    def paint(p: QPainter) -> None:
        p.setPen(_pen(5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPolyline([QPointF(14, 30), QPointF(14, 56), QPointF(50, 56), QPointF(50, 30)])
        p.setPen(_pen(5, ACCENT))
        p.drawLine(QPointF(32, 42), QPointF(32, 8))
        p.drawPolyline([QPointF(20, 20), QPointF(32, 8), QPointF(44, 20)])
    return _draw(paint)


def print_icon() -> QIcon:
    def paint(p: QPainter) -> None:
        p.setPen(_pen(5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(18, 6, 28, 16))
        p.drawRoundedRect(QRectF(6, 22, 52, 24), 4, 4)
        p.setBrush(QColor("white"))
        p.drawRect(QRectF(18, 38, 28, 20))
    return _draw(paint)


def _arrow(flip: bool) -> QIcon:
    def paint(p: QPainter) -> None:
        if flip:
            p.translate(SIZE, 0)
            p.scale(-1, 1)
        p.setPen(_pen(6))
        p.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(QPointF(14, 26))
        path.cubicTo(QPointF(30, 12), QPointF(58, 18), QPointF(52, 46))
        p.drawPath(path)
        p.drawPolyline([QPointF(12, 10), QPointF(14, 27), QPointF(30, 29)])
    return _draw(paint)


def undo_icon() -> QIcon:
    return _arrow(False)


def redo_icon() -> QIcon:
    return _arrow(True)


def align_icon(align: str) -> QIcon:
    """Four lines of text set left, centred, right or justified."""
    def paint(p: QPainter) -> None:
        p.setPen(_pen(6))
        for i, length in enumerate((48, 32, 44, 26)):
            if align == "justify":
                length = 48 if i < 3 else 26
            y = 12 + i * 13
            x: float
            if align in ("left", "justify"):
                x = 8
            elif align == "right":
                x = 56 - length
            else:
                x = 32 - length / 2
            p.drawLine(QPointF(x, y), QPointF(x + length, y))
    return _draw(paint)


def thumbnail_icon(pixmap: QPixmap) -> QIcon:
    """An icon showing ``pixmap`` as it is in every state: a selected thumbnail keeps its
    colours (the list marks the selection around it) instead of being tinted."""
    icon = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
        icon.addPixmap(pixmap, mode)
    return icon
