"""“Share online”: the document laid out again for phones, the three shapes side by side
(square, portrait, story), each saved as PNG or JPEG with its alt text beside it.

The previews are made by the same steps as the saved image (:func:`pancarte.social.
phone_document`: the block choice for a long text, the legible type), after the dialog is
shown and again whenever the document changes; :attr:`SocialDialog.previewed` says they are
up to date, :attr:`SocialDialog.saved` that an image and its alt text were written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
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

from pancarte.i18n import N_, _, ngettext

PREVIEW_WIDTH = 180
LABELS = {"square": N_("Square (1080 × 1080)"), "portrait": N_("Portrait (1080 × 1350)"),
          "story": N_("Story (1080 × 1920)")}


def preview_image(doc, shape: str, width: int = PREVIEW_WIDTH, engine=None):
    """``doc`` laid out for ``shape`` as the saved image is, painted ``width`` pixels wide;
    returns the image and the :class:`~pancarte.social.PhoneDocument`."""
    from pancarte.layout.engine import LayoutEngine
    from pancarte.render.qt import render_exact_png
    from pancarte.social import SHAPES, phone_document

    engine = engine or LayoutEngine()
    phone = phone_document(doc, shape, engine)
    layout = engine.layout(phone.document)
    w, h = SHAPES[shape]
    image = QImage()
    image.loadFromData(render_exact_png(layout, 0, width, round(h * width / w)))
    return image, phone


class SocialDialog(QDialog):
    previewed = Signal()  # the three previews show the current document
    saved = Signal(object)  # the image's Path, once it and its alt text are written

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
        self.notes: dict[str, QLabel] = {}
        self.save_buttons: dict[str, QPushButton] = {}
        for col, shape in enumerate(SHAPES):
            grid.addWidget(QLabel(_(LABELS[shape])), 0, col)
            label = QLabel(_("Laying out…"))
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            label.setMinimumSize(PREVIEW_WIDTH, PREVIEW_WIDTH)
            grid.addWidget(label, 1, col)
            note = QLabel()
            note.setWordWrap(True)
            note.setMaximumWidth(PREVIEW_WIDTH)
            grid.addWidget(note, 2, col)
            button = QPushButton(_("Save…"))
            button.clicked.connect(lambda _c=False, s=shape: self.save(s))
            grid.addWidget(button, 3, col)
            self.previews[shape] = label
            self.notes[shape] = note
            self.save_buttons[shape] = button
        lay.addLayout(grid)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._timer = QTimer(self)  # the previews follow the document, after the event loop
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        session.changed.connect(self._timer.start)
        self._timer.start()

    def refresh(self) -> None:
        """Lay out and paint the three previews of the current document."""
        from pancarte.errors import PancarteError

        engine = self.session.engine
        for shape, label in self.previews.items():
            try:
                image, phone = preview_image(self.session.document, shape, engine=engine)
            except PancarteError as exc:
                label.setText(str(exc))
                self.notes[shape].setText("")
                continue
            label.setPixmap(QPixmap.fromImage(image))
            n = len(phone.left_out)
            self.notes[shape].setText(
                ngettext("{n} block left out so that it stays legible",
                         "{n} blocks left out so that it stays legible", n) if n else "")
        self.previewed.emit()

    def done(self, result: int) -> None:
        self._timer.stop()
        try:
            self.session.changed.disconnect(self._timer.start)
        except (RuntimeError, TypeError):
            pass
        super().done(result)

    def save(self, shape: str) -> Path | None:
        from pancarte.errors import PancarteError
        from pancarte.social import export_social, left_out_note

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
            result = export_social(doc, path, shape, engine=self.session.engine)
        except PancarteError as exc:
            self.prompter.error(self, _("Share online"), str(exc))
            return None
        self.written += [result.image, result.alt]
        text = _("Saved: {files}", files=f"{result.image.name}, {result.alt.name}")
        note = left_out_note(result)
        if note:
            text += "\n" + note[:1].upper() + note[1:]
        if result.cut:
            text += "\n" + _("Some text does not fit legibly and is cut in the image; the alt "
                             "text holds all of it.")
        self.status.setText(text)
        self.saved.emit(result.image)
        return result.image
