"""The template gallery shown by File ▸ New: the bundled templates with their sample texts
and the user's own templates, as thumbnails drawn by the renderer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pancarte.gui import icons
from pancarte.gui.thumbnails import ThumbnailCache
from pancarte.gui.usertemplates import list_user_templates
from pancarte.gui.widgets import ok_cancel
from pancarte.i18n import _, language
from pancarte.model.templates import list_templates

ICON = 170


@dataclass(frozen=True)
class Choice:
    """What the user picked: a bundled template id, a user template's file, or a recent
    document to open."""

    template: str = ""
    path: Path | None = None
    document: Path | None = None


def _framed(image, size: int = ICON) -> QPixmap:
    """The thumbnail centred on a square with a thin border and a shadow."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    if image is None or image.isNull():
        return pm
    scaled = QPixmap.fromImage(image).scaled(size - 8, size - 8,
                                             Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation)
    x = (size - scaled.width()) // 2
    y = (size - scaled.height()) // 2
    p = QPainter(pm)
    p.fillRect(x + 2, y + 3, scaled.width(), scaled.height(), QColor(0, 0, 0, 50))
    p.drawPixmap(x, y, scaled)
    p.setPen(QColor(0, 0, 0, 70))
    p.drawRect(x, y, scaled.width() - 1, scaled.height() - 1)
    p.end()
    return pm


class GalleryDialog(QDialog):
    def __init__(self, thumbnails: ThumbnailCache, user_folder: Path | None,
                 default_template: str = "", parent: QWidget | None = None,
                 recent: list[Path] | tuple[Path, ...] = ()) -> None:
        """``recent``: documents listed first (the editor's recent files), to open again."""
        super().__init__(parent)
        self.setWindowTitle(_("New document"))
        self.resize(900, 620)
        self.choice: Choice | None = None
        lay = QVBoxLayout(self)
        intro = QLabel(_("Choose a template. Its frames are ready for your texts: drag blocks "
                         "from the library onto them."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setGridSize(QSize(ICON + 60, ICON + 62))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(True)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        lay.addWidget(self.list, 1)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(36)
        lay.addWidget(self.description)
        buttons = ok_cancel(self, _("Create"))
        lay.addWidget(buttons)
        self.list.currentItemChanged.connect(self._describe)

        lang = language()
        chosen = None
        for path in recent:
            if not path.is_file():
                continue
            image = thumbnails.document("recent-" + path.stem, path)
            item = QListWidgetItem(icons.thumbnail_icon(_framed(image)), path.stem)
            item.setData(Qt.ItemDataRole.UserRole, Choice(document=path))
            item.setData(Qt.ItemDataRole.UserRole + 1, _("Open again: {file}", file=str(path)))
            item.setToolTip(str(path))
            self.list.addItem(item)
        for info in list_templates():
            item = QListWidgetItem(icons.thumbnail_icon(_framed(thumbnails.template(info.id))),
                                   info.label(lang))
            size = f"{info.width:g} × {info.height:g} mm"
            pages = _(", {n} pages", n=info.pages) if info.pages > 1 else ""
            desc = info.description.get(lang) or info.description.get("fr", "")
            item.setData(Qt.ItemDataRole.UserRole, Choice(template=info.id))
            item.setData(Qt.ItemDataRole.UserRole + 1, f"{desc}  ({size}{pages})")
            item.setToolTip(f"{desc}\n{size}{pages}")
            self.list.addItem(item)
            if info.id == default_template:
                chosen = item
        for user in list_user_templates(user_folder) if user_folder else []:
            image = thumbnails.document(user.path.stem, user.path)
            item = QListWidgetItem(icons.thumbnail_icon(_framed(image)), user.name)
            item.setData(Qt.ItemDataRole.UserRole, Choice(path=user.path))
            item.setData(Qt.ItemDataRole.UserRole + 1, _("Your template ({file})",
                                                         file=user.path.name))
            self.list.addItem(item)
        self.list.setCurrentItem(chosen or self.list.item(0))

    def _describe(self, item: QListWidgetItem | None, _prev=None) -> None:
        self.description.setText(item.data(Qt.ItemDataRole.UserRole + 1) if item else "")

    def select(self, template_id: str = "", path: Path | None = None) -> bool:
        for i in range(self.list.count()):
            c = self.list.item(i).data(Qt.ItemDataRole.UserRole)
            if (template_id and c.template == template_id) or (path and c.path == path):
                self.list.setCurrentRow(i)
                return True
        return False

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.choice = item.data(Qt.ItemDataRole.UserRole)
        super().accept()
