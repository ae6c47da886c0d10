"""Regenerate the README's screenshots of the editor, offscreen.

    python tools/screenshots.py [--lang fr|en] [--out docs]

Writes ``editor.png`` (the main window on the A3 poster with its sample texts, the title
selected), ``editor-typing.png`` (typing in a frame: the autofit size follows live),
``editor-event.png`` (the event panel filled in and applied to the page) and
``editor-first-placard.png`` (a tract dropped on a placard: its event offered in one
click), ``editor-gallery.png`` (File ▸ New) and ``editor-export.png`` (File ▸ Export: the print shop
preset, tiled on A4 sheets, with the CMYK checks). Nothing of the user's is read or written: settings,
library and recovery files live in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _settle(app, rounds: int = 6) -> None:
    for _ in range(rounds):
        app.processEvents()


def _event_shot(app, window, path: Path) -> None:
    """The event panel filled in (as a user types it) and applied to the poster."""
    from PySide6.QtCore import QDate, QTime

    panel = window.event_panel
    window.resize(1280, 900)
    window.pages_dock.hide()  # room for the whole form
    window.event_dock.show()
    window.event_dock.raise_()
    panel.title.setText("Pique-nique au Thabor")
    panel.start_date.setDate(QDate(2024, 5, 25))
    panel.start_time.setTime(QTime(13, 0))
    panel.has_end.setChecked(True)
    panel.end_date.setDate(QDate(2024, 5, 25))
    panel.end_time.setTime(QTime(18, 0))
    panel.zone.setEditText("Europe/Paris")
    panel.url.setText("exemple.org/pique-nique")
    panel.place.setText("Parc du Thabor")
    panel.address.setText("Place Saint-Mélaine, 35000 Rennes")
    panel.lat.setText("48.1147")
    panel.lon.setText("-1.6694")
    for at, label in (("13:00", "accueil et pique-nique partagé"),
                      ("14:30", "jeux pour les enfants"), ("16:00", "concert de la fanfare")):
        panel.add_programme_row(at, label)
    panel.programme.clearSelection()
    for box in (panel.title, panel.place, panel.address, panel.url):
        box.setCursorPosition(0)
    panel.qr_content.setCurrentIndex(panel.qr_content.findData("url"))
    if not panel.apply():
        raise SystemExit("the event could not be applied")
    window.session.select(None)
    window.canvas.zoom_to_fit()
    _settle(app)
    window.grab().save(str(path))
    print(path)
    window.pages_dock.show()
    window.properties_dock.raise_()
    window.resize(1366, 768)


def _first_placard_shot(app, window, path: Path) -> None:
    """A placard from the gallery, a library tract dropped on its slogan: the event found in
    the tract's text is offered in the bar above the page."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDropEvent

    from pancarte.event.detect import tract_events

    window.session.undo_stack.setClean()
    window.new_from("placard-a3")
    panel = window.library
    found = []
    for i in range(panel.tracts.count()):
        tract = panel._tract_of(panel.tracts.item(i))
        if tract is not None and tract_events(tract):
            found.append((len(tract.title), i))
    if not found:
        raise SystemExit("no tract of the sample library announces an event")
    i = min(found)[1]  # the shortest title makes the best slogan
    panel.tracts.setCurrentRow(i)
    window.statusBar().clearMessage()
    slogan = window.session.selected_frame()
    mime = panel.tracts.mimeData([panel.tracts.item(i)])
    at = QPointF(window.canvas.frame_rect(slogan).center())
    window.canvas.dropEvent(QDropEvent(at, Qt.DropAction.CopyAction, mime,
                                       Qt.MouseButton.LeftButton,
                                       Qt.KeyboardModifier.NoModifier))
    window.session.select(None)
    _settle(app)
    window.grab().save(str(path))
    print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parents[1] / "docs")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    from pancarte.gui.app import apply_language, make_application
    from pancarte.gui.context import EditorContext, EditorPaths, EditorSettings
    from pancarte.gui.dialogs.export import ExportDialog
    from pancarte.gui.dialogs.gallery import GalleryDialog
    from pancarte.gui.mainwindow import MainWindow
    from pancarte.model.edit import compose

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = make_application(["pancarte"])
    with tempfile.TemporaryDirectory(prefix="pancarte-shots-") as tmp:
        root = Path(tmp)
        settings = EditorSettings(QSettings(str(root / "s.ini"), QSettings.Format.IniFormat))
        settings.language = args.lang
        ctx = EditorContext(EditorPaths(root / "data", root / "cache"), settings,
                            library_path=root / "library.sqlite3")
        apply_language(app, ctx)
        window = MainWindow(ctx, compose("poster-a3", sample=True))
        window.resize(1366, 768)  # a common laptop screen: everything fits
        window.show()
        window.start()
        _settle(app)
        panel = window.library
        # show a tract with several kinds of blocks
        for i in range(panel.tracts.count()):
            if "Capucines" in panel.tracts.item(i).text():
                panel.tracts.setCurrentRow(i)
                break
        window.session.select("title")
        _settle(app)
        window.grab().save(str(out / "editor.png"))
        print(out / "editor.png")

        window.session.select("body")
        editor = window.canvas.edit_frame("body")
        assert editor is not None
        editor.edit.moveCursor(QTextCursor.MoveOperation.End)
        extra = (" Rendez-vous devant le dépôt : venez nombreuses et nombreux, avec vos "
                 "voisines, vos collègues et vos enfants !")
        for ch in extra:
            QApplication.sendEvent(editor.edit, QKeyEvent(
                QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
        _settle(app)
        window.grab().save(str(out / "editor-typing.png"))
        print(out / "editor-typing.png")
        editor.close_editor()
        while window.session.undo_stack.canUndo():
            window.session.undo_stack.undo()

        _event_shot(app, window, out / "editor-event.png")

        gallery = GalleryDialog(window.thumbnails, ctx.paths.templates, "poster-a3", window)
        gallery.resize(900, 620)
        gallery.show()
        _settle(app)
        gallery.grab().save(str(out / "editor-gallery.png"))
        print(out / "editor-gallery.png")
        gallery.close()

        export = ExportDialog(window.session, ctx.prompter, window)
        export.destination.setCurrentIndex(export.destination.findData("imprimeur"))
        export.tile.setChecked(True)
        export.path.setText("/home/camille/affiche-greve.pdf")
        export.show()
        _settle(app)
        export.grab().save(str(out / "editor-export.png"))
        print(out / "editor-export.png")
        export.close()

        _first_placard_shot(app, window, out / "editor-first-placard.png")
        window.autosaver.shutdown()
        window.session.undo_stack.setClean()
        window.close()
        panel.close_library()
    return 0


if __name__ == "__main__":
    sys.exit(main())
