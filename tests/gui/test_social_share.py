"""“Partager en ligne…” in the export dialog: a preview of the three phone shapes made by the
same steps as the saved image (a long tract shows a legible choice of its blocks), that
follows the document when it changes, and a saved image with its alt text under the CLI's
rules (exact pixels, under 1 MB, no metadata, the whole text in the alt text)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageChops, ImageStat
from PySide6.QtWidgets import QDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "social"))

from phone_checks import check_alt_whole, check_image, long_tract  # noqa: E402

from pancarte.fill.tract import compose_tract  # noqa: E402
from pancarte.model.document import Paragraph, TextFrame  # noqa: E402
from pancarte.model.edit import compose, set_qr  # noqa: E402

URL = "https://cantine.example.org/17-mars"


def _pil(label) -> Image.Image:
    """A preview label's picture as a Pillow image."""
    from PySide6.QtGui import QImage

    image = label.pixmap().toImage().convertToFormat(QImage.Format.Format_RGB888)
    buf = bytes(image.constBits())[: image.bytesPerLine() * image.height()]
    return Image.frombytes("RGB", (image.width(), image.height()), buf, "raw", "RGB",
                           image.bytesPerLine())


def test_share_online_previews_follow_the_document_and_save(make_window, prompter, qtbot,
                                                            tmp_path):
    from pancarte.gui.dialogs.export import ExportDialog
    from pancarte.gui.social import SocialDialog

    tract = long_tract("social2-cantine-greve.md")
    doc, _plan = compose_tract(compose("poster-a3"), tract, whole_text=True, grow=False)
    window = make_window(set_qr(doc, URL))
    export = ExportDialog(window.session, prompter, window)
    assert export.share_button.text() == "Partager en ligne…"
    seen: list[SocialDialog] = []
    shot = tmp_path / "share.png"

    def in_social(dialog: QDialog) -> int:
        assert isinstance(dialog, SocialDialog)
        seen.append(dialog)
        with qtbot.waitSignal(dialog.previewed, timeout=30000):
            pass  # the previews are laid out once the event loop runs
        sizes = {s: (lab.pixmap().width(), lab.pixmap().height())
                 for s, lab in dialog.previews.items()}
        assert sizes == {"square": (180, 180), "portrait": (180, 225), "story": (180, 320)}
        # each shape says that the long text was chosen from, in French
        for note in dialog.notes.values():
            assert "laissés de côté pour rester lisible" in note.text(), note.text()
        dialog.grab().save(str(shot))
        before = _pil(dialog.previews["story"])

        # saved with the CLI's rules; the preview is the saved image, smaller
        prompter.save_path = str(tmp_path / "partage.jpg")
        with qtbot.waitSignal(dialog.saved, timeout=30000) as saved:
            dialog.save_buttons["story"].click()
        assert saved.args == [tmp_path / "partage.jpg"]
        check_image(tmp_path / "partage.jpg", "story")
        check_alt_whole((tmp_path / "partage.txt").read_text("utf-8"), tract)
        assert "laisse de côté" in dialog.status.text()
        with Image.open(tmp_path / "partage.jpg") as im:
            small = im.convert("RGB").resize(before.size, Image.Resampling.BOX)
        diff = ImageStat.Stat(ImageChops.difference(small, before)).mean
        assert max(diff) < 12, diff

        # live: the document changes, the previews follow
        title = next(f for _i, f in window.session.document.frames_named("title")
                     if isinstance(f, TextFrame))
        with qtbot.waitSignal(dialog.previewed, timeout=30000):
            window.session.replace_frame(title, replace(
                title, paragraphs=(Paragraph("Cantine : on garde !", role="title"),)))
        after = _pil(dialog.previews["story"])
        assert max(ImageStat.Stat(ImageChops.difference(after, before)).mean) > 1
        return 0

    prompter.on_dialog = in_social
    export.share_online()
    assert seen and export.written == [tmp_path / "partage.jpg", tmp_path / "partage.txt"]
    assert prompter.errors() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["partage.jpg", "partage.txt",
                                                         "share.png"]
    assert shot.exists()
