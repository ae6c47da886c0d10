"""At 1366 × 768 (a common laptop screen) the right-hand panels need no scrolling: the event
panel with its notes shown, and the properties of every kind of frame and of the page."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QScrollArea

from pancarte.model.document import ImageFrame, QRFrame, ShapeFrame, TextFrame
from pancarte.model.edit import compose

KINDS = (TextFrame, QRFrame, ImageFrame, ShapeFrame)


def laptop_window(make_window, qtbot, template: str = "poster-a3"):
    window = make_window(compose(template, sample=True))
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.canvas.viewport().width() > 400, timeout=3000)
    return window


def assert_no_scrolling(scroll: QScrollArea, what: str) -> None:
    scroll.widget().adjustSize() if not scroll.widgetResizable() else None
    needed = scroll.widget().minimumSizeHint().height()
    room = scroll.viewport().height()
    assert scroll.verticalScrollBar().maximum() == 0 and needed <= room, \
        f"{what}: needs {needed} px, has {room}"


@pytest.mark.parametrize("kind", [k.__name__ for k in KINDS] + ["page"])
def test_properties_fit_at_1366_by_768(kind, make_window, qtbot):
    window = laptop_window(make_window, qtbot)
    window.properties_dock.raise_()
    frames = window.session.document.pages[0].frames
    if kind == "page":
        window.session.select(None)
    else:
        frame = next(f for f in frames if type(f).__name__ == kind)
        window.session.select(frame.id)
    qtbot.waitUntil(lambda: window.properties.isVisible(), timeout=3000)
    window.properties.widget().layout().activate()
    assert_no_scrolling(window.properties, f"properties of {kind}")


def test_event_panel_fits_at_1366_by_768_with_its_notes(make_window, qtbot):
    window = laptop_window(make_window, qtbot)
    window.event_dock.raise_()
    panel = window.event_panel
    qtbot.waitUntil(lambda: panel.isVisible(), timeout=3000)
    # the longest state: an event found in the text offered, notes and a QR warning shown
    panel.detected_box.show()
    panel.notes.setText("La date de fin précède le début. " * 4)
    panel.qr_info.setText("Le code QR est trop petit pour être lu à 2 m. " * 2)
    scroll = panel.findChild(QScrollArea)
    scroll.widget().layout().activate()
    assert_no_scrolling(scroll, "event panel")
