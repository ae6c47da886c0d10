"""Small widgets shared by the panels and dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QMenu, QToolButton, QWidget

from pancarte.gui.prompts import Prompter
from pancarte.i18n import _
from pancarte.model.color import parse_color


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """A dialog's OK and Cancel buttons, OK worded ``ok_text`` (translated), wired to
    accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def role_name(name: str) -> str:
    """A template colour's name as the user reads it (“paper” → “Papier”); a name of the
    user's own stays as they wrote it."""
    names = {"paper": _("Paper"), "text": _("Text colour"), "ink": _("Ink"),
             "light": _("Light"), "dark": _("Dark"), "deep": _("Deep"),
             "accent": _("Accent"), "tint": _("Tint")}
    return names.get(name, name)


def resolve(value: str | None, scheme: dict[str, str]) -> QColor | None:
    """The QColor of a model colour (``#rrggbb``, ``cmyk(…)``, ``$name``); None if unset."""
    if not value:
        return None
    try:
        c = parse_color(value, scheme)
    except ValueError:
        return None
    return QColor.fromRgbF(c.r, c.g, c.b)


_swatches: dict[tuple[str, int], QIcon] = {}


def swatch(color: QColor | None, size: int = 16) -> QIcon:
    """A square of ``color`` (struck through for none), cached."""
    key = (color.name(QColor.NameFormat.HexArgb) if color is not None else "none", size)
    icon = _swatches.get(key)
    if icon is None:
        icon = _swatches[key] = _draw_swatch(color, size)
    return icon


def _draw_swatch(color: QColor | None, size: int) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setPen(QColor(90, 90, 90))
    if color is None:  # "none": a white square struck through
        p.setBrush(Qt.GlobalColor.white)
        p.drawRect(0, 0, size - 1, size - 1)
        p.setPen(QColor(200, 40, 40))
        p.drawLine(1, size - 2, size - 2, 1)
    else:
        p.setBrush(color)
        p.drawRect(0, 0, size - 1, size - 1)
    p.end()
    return QIcon(pm)


class ColorButton(QToolButton):
    """Picks a colour: one of the document's scheme colours (``$name``), none (when
    ``allow_none``), or any colour through the prompter's colour dialog."""

    chosen = Signal(object)  # str | None

    def __init__(self, prompter: Prompter, allow_none: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompter = prompter
        self.allow_none = allow_none
        self._value: str | None = None
        self._scheme: dict[str, str] = {}
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(16, 16))
        self.setMinimumWidth(120)
        self.setMenu(QMenu(self))
        self.menu().aboutToShow.connect(self._fill_menu)

    def set_value(self, value: str | None, scheme: dict[str, str]) -> None:
        self._value = value
        self._scheme = dict(scheme)
        self.setIcon(swatch(resolve(value, scheme)))
        self.setText(self.describe(value))

    def value(self) -> str | None:
        return self._value

    @staticmethod
    def describe(value: str | None) -> str:
        if value is None:
            return _("None")
        if value.startswith("$"):
            return role_name(value[1:])
        return value

    def _fill_menu(self) -> None:
        menu = self.menu()
        menu.clear()
        if self.allow_none:
            menu.addAction(swatch(None), _("None"), lambda: self.pick(None))
        for name in self._scheme:
            ref = "$" + name
            menu.addAction(swatch(resolve(ref, self._scheme)), role_name(name),
                           self._picker(ref))
        menu.addSeparator()
        menu.addAction(_("Other colour…"), self.pick_custom)

    def _picker(self, value: str) -> Callable[[], None]:
        return lambda: self.pick(value)

    def pick_custom(self) -> None:
        initial = resolve(self._value, self._scheme) or QColor(0, 0, 0)
        color = self.prompter.choose_color(self, initial)
        if color is not None:
            self.pick(color.name(QColor.NameFormat.HexRgb))

    def pick(self, value: str | None) -> None:
        self.set_value(value, self._scheme)
        self.chosen.emit(value)


def spin(minimum: float, maximum: float, decimals: int = 1, suffix: str = "",
         step: float = 1.0) -> QDoubleSpinBox:
    """A spin box that reports only finished values (no command per typed digit)."""
    box = QDoubleSpinBox()
    box.setRange(minimum, maximum)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setKeyboardTracking(False)
    box.setAccelerated(True)
    if suffix:
        box.setSuffix(suffix)
    return box
