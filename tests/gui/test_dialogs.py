"""Every dialog opens in French and in English, with its texts translated."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from pancarte.gui.dialogs.export import ExportDialog
from pancarte.gui.dialogs.gallery import GalleryDialog
from pancarte.gui.dialogs.settings import SettingsDialog
from pancarte.gui.dialogs.tract import TractDialog
from pancarte.gui.prompts import Prompter
from pancarte.gui.thumbnails import ThumbnailCache
from pancarte.i18n import set_language
from pancarte.library.tract import Block, Tract

EXPECTED = {
    "fr": {"gallery": "Nouveau document", "export": "Fond perdu", "settings": "Préférences",
           "tract": "Modifier le tract", "save": "Ne pas enregistrer",
           "recover": "Récupérer votre travail ?", "menu": "&Fichier", "dock": "Bibliothèque"},
    "en": {"gallery": "New document", "export": "Bleed", "settings": "Settings",
           "tract": "Edit tract", "save": "Don’t save", "recover": "Recover your work?",
           "menu": "&File", "dock": "Library"},
}


def texts(widget) -> str:
    out = [widget.windowTitle()]
    out += [w.text() for w in widget.findChildren(QLabel)]
    from PySide6.QtWidgets import QAbstractButton, QGroupBox

    out += [b.text() for b in widget.findChildren(QAbstractButton)]
    out += [g.title() for g in widget.findChildren(QGroupBox)]
    return "\n".join(out)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dialogs_in_both_languages(lang, make_window, context, tmp_path, qtbot):
    set_language(lang)
    want = EXPECTED[lang]
    window = make_window()
    assert window.menuBar().actions()[0].text() == want["menu"]
    assert window.library_dock.windowTitle() == want["dock"]

    gallery = GalleryDialog(ThumbnailCache(tmp_path / "thumbs", window.session.engine), None,
                            "poster-a3", window)
    qtbot.addWidget(gallery)
    gallery.show()
    assert gallery.windowTitle() == want["gallery"]
    assert gallery.list.count() >= 8
    assert gallery.list.currentItem().data(256).template == "poster-a3"
    assert not gallery.list.item(0).icon().isNull()
    # thumbnails are drawn once, then read back from the cache folder
    cached = sorted((tmp_path / "thumbs").glob("*.png"))
    assert len(cached) >= 8
    again = ThumbnailCache(tmp_path / "thumbs", window.session.engine)
    assert again._cached(cached[0].stem) is not None

    export = ExportDialog(window.session, context.prompter, window)
    qtbot.addWidget(export)
    export.show()
    assert want["export"] in texts(export)

    settings = SettingsDialog(context.settings, window)
    qtbot.addWidget(settings)
    settings.show()
    assert settings.windowTitle() == want["settings"]

    tract = Tract(id="abcdef123", title="Essai", blocks=(Block("paragraph", "Bonjour"),))
    dialog = TractDialog(None, tract, context.prompter, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == want["tract"]
    assert "Bonjour" in dialog.text.toPlainText()

    box = Prompter.save_changes_box(window, "affiche")
    qtbot.addWidget(box)
    assert want["save"] in [b.text() for b in box.buttons()]
    assert "affiche" in box.text()
    box = Prompter.recover_box(window, "x")
    qtbot.addWidget(box)
    assert box.windowTitle() == want["recover"]
    assert isinstance(box, QMessageBox)


def test_settings_are_stored(make_window, context, qtbot):
    window = make_window()
    dialog = SettingsDialog(context.settings, window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.template.setCurrentIndex(dialog.template.findData("flyer-a5"))
    dialog.accept()
    assert context.settings.language == "en"
    assert context.settings.default_template == "flyer-a5"


def test_gallery_lists_user_templates(make_window, context, prompter, qtbot):
    window = make_window()
    prompter.text = "Notre affiche du samedi"
    assert window.save_as_template()
    chosen = []

    def pick_user_template(dialog):
        names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        assert "Notre affiche du samedi" in names
        dialog.list.setCurrentRow(names.index("Notre affiche du samedi"))
        dialog.accept()
        chosen.append(dialog.choice)
        return 1

    prompter.on_dialog = pick_user_template
    assert window.new_document()
    assert chosen[0].path is not None
    assert window.session.document.title == "Notre affiche du samedi"
    assert window.session.path is None  # a new document, not the template file itself
