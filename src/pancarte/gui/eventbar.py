"""The bar above the canvas that offers, in one click, the event found in a tract's text:
"Event found in the text: Saturday 25 May, 1 PM – 6 PM, Parc du Thabor [Add]". It asks
nothing: the user may ignore it, close it, or add the event (one undo step)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from pancarte.i18n import _, language

if TYPE_CHECKING:
    from pancarte.event.detect import FoundEvent


class EventBar(QFrame):
    add_requested = Signal(object)  # FoundEvent

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventBar")
        self.setStyleSheet("#eventBar { background: #fff4d6; border-bottom: 1px solid #d9b44a; }"
                           "#eventBar QLabel { color: #3b2f00; }")
        self.found: FoundEvent | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 6, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        lay.addWidget(self.label, 1)
        self.add_button = QPushButton(_("Add"))
        self.add_button.setToolTip(_("Put this event on the page: date, time and place (one "
                                     "step to undo)"))
        self.add_button.clicked.connect(self._add)
        lay.addWidget(self.add_button)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(_("Hide"))
        self.close_button.clicked.connect(self.dismiss)
        lay.addWidget(self.close_button)
        self.hide()

    def offer(self, found: FoundEvent) -> None:
        self.found = found
        text = found.describe(language())
        self.label.setText(_("Event found in the text: {event}", event=text))
        self.label.setToolTip(found.text)
        self.show()

    def dismiss(self) -> None:
        self.found = None
        self.hide()

    def _add(self) -> None:
        if self.found is not None:
            found = self.found
            self.dismiss()
            self.add_requested.emit(found)
