"""“Share online”: the document laid out again for phones, the three shapes side by side
(square, portrait, story), each saved as PNG or JPEG with its alt text beside it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pancarte.i18n import _

PREVIEW_WIDTH = 180
LABELS = {"square": "Square (1080 × 1080)", "portrait": "Portrait (1080 × 1350)",
          "story": "Story (1080 × 1920)"}


def preview_image(doc, shape: str, width: int = PREVIEW_WIDTH) -> QImage:
    """``doc`` laid out for ``shape`` and painted ``width`` pixels wide."""
    from pancarte.layout.engine import LayoutEngine
    from pancarte.render.qt import render_exact_png
    from pancarte.social import SHAPES, social_document

    engine = LayoutEngine()
    social, _scale = social_document(doc, shape, engine.fonts)
    layout = engine.layout(social)
    w, h = SHAPES[shape]
    image = QImage()
    image.loadFromData(render_exact_png(layout, 0, width, round(h * width / w)))
    return image


class SocialDialog(QDialog):
    def __init__(self, session, prompter, parent: QWidget | None = None) -> None:
        from pancarte.social import SHAPES

        super().__init__(parent)
        self.session = session
        self.prompter = prompter
        self.written: list[Path] = []
        self.setWindowTitle(_("Share online"))
        lay = QVBoxLayout(self)
        intro = QLabel(_("The poster laid out again for phones and social networks. The alt "
                         "text (the poster's text, for screen readers) is saved beside each "
                         "image."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        grid = QGridLayout()
        self.previews: dict[str, QLabel] = {}
        self.save_buttons: dict[str, QPushButton] = {}
        for col, shape in enumerate(SHAPES):
            grid.addWidget(QLabel(_(LABELS[shape])), 0, col)
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            label.setPixmap(QPixmap.fromImage(preview_image(session.document, shape)))
            grid.addWidget(label, 1, col)
            button = QPushButton(_("Save…"))
            button.clicked.connect(lambda _c=False, s=shape: self.save(s))
            grid.addWidget(button, 2, col)
            self.previews[shape] = label
            self.save_buttons[shape] = button
        lay.addLayout(grid)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def save(self, shape: str) -> Path | None:
        from pancarte.errors import PancarteError
        from pancarte.social import export_social

        doc = self.session.document
        stem = (self.session.path.stem if self.session.path else
                (doc.title or doc.template or "pancarte"))
        base = self.session.path.parent if self.session.path else Path.home()
        path = self.prompter.save_file(self, _("Share online"),
                                       str(base / f"{stem}-{shape}.png"),
                                       _("Images (*.png *.jpg)"))
        if not path:
            return None
        if not path.lower().endswith((".png", ".jpg", ".jpeg")):
            path += ".png"
        try:
            result = export_social(doc, path, shape)
        except PancarteError as exc:
            self.prompter.error(self, _("Share online"), str(exc))
            return None
        self.written += [result.image, result.alt]
        text = _("Saved: {files}", files=f"{result.image.name}, {result.alt.name}")
        if result.cut:
            text += "\n" + _("Some text does not fit legibly and is cut in the image; the alt "
                             "text holds all of it.")
        self.status.setText(text)
        return result.image
