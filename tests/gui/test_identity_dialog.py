"""The identity dialog: colours typed (hex or cmyk) or picked, logo and fonts browsed, a live
preview; an existing identity edited (its files kept unless removed); applied as one undo
step; every text in French."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "identity"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import fontmaker  # noqa: E402
from test_no_english import ENGLISH, widget_texts, words_in  # noqa: E402

from pancarte.gui.identity import IdentityDialog  # noqa: E402
from pancarte.identity.store import list_identities, load  # noqa: E402

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
       '<circle cx="50" cy="50" r="45" fill="#ffd400"/></svg>')


def _preview(dialog) -> np.ndarray:
    return np.asarray(Image.fromqimage(dialog.preview.pixmap().toImage()).convert("RGB"))


def test_dialog_browse_pick_preview_save_apply_edit(window, prompter, tmp_path, monkeypatch,
                                                     qtbot):
    monkeypatch.setenv("PANCARTE_IDENTITIES", str(tmp_path / "ids"))
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 300), (255, 212, 0)).save(logo)
    svg = tmp_path / "logo.svg"
    svg.write_text(SVG, encoding="utf-8")
    font = fontmaker.renamed(tmp_path / "titre.ttf", "Jardin Titre")
    menu = window.identity_menu.menu()

    def fill(dialog: QDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.name.setText("Comité des Fêtes du Port")
        dialog.color_fields[0].setText("cmyk(0,100,80,40)")  # typed CMYK, kept exact
        # the preview's band is the main colour, at once
        band = _preview(dialog)[10, 10]
        assert abs(int(band[0]) - 153) < 6 and band[1] < 10 and band[2] < 40, band
        prompter.color = QColor("#ffd400")
        dialog.color_buttons[1].click()  # the colour dialog, its answer written as hex
        assert dialog.color_fields[1].text() == "#ffd400"
        assert dialog.color_buttons[1].styleSheet().startswith("background: #ffd400")
        dialog.color_fields[2].setText("rouge")
        assert "couleur" in dialog.problem.text()  # said at once, in French
        dialog.color_fields[2].clear()
        assert dialog.problem.text() == ""
        prompter.open_path = str(logo)
        dialog.logo_browse.click()
        assert dialog.logo.text() == str(logo)
        img = _preview(dialog)
        yellow = (img[..., 0] > 240) & (img[..., 1] > 200) & (img[..., 2] < 30)
        assert yellow[:60].sum() > 200  # the logo drawn on the band
        hostile = tmp_path / "piege.svg"
        hostile.write_text(SVG.replace("<circle", f'<image href="file://{logo}" width="9" '
                                       'height="9"/><circle'), encoding="utf-8")
        prompter.open_path = str(hostile)
        dialog.logo_browse.click()  # refused at once, said under the preview
        assert "piege.svg" in dialog.problem.text() and "refusé" in dialog.problem.text()
        prompter.open_path = str(svg)
        dialog.logo_browse.click()  # an SVG, drawn safely for the preview
        assert dialog.problem.text() == ""
        img = _preview(dialog)
        yellow = (img[..., 0] > 240) & (img[..., 1] > 200) & (img[..., 2] < 30)
        assert yellow[:60].sum() > 200
        prompter.open_path = str(font)
        dialog.font_add.click()
        assert dialog.fonts.item(0).text() == "titre.ttf — pour les titres"
        dialog.signature.setText("Comité des fêtes — 2 quai Nord — fetes@exemple.org")
        dialog.grab().save(str(tmp_path / "dialog.png"))
        texts = widget_texts(dialog)
        assert words_in(texts, ENGLISH) == {}, texts
        return QDialog.DialogCode.Accepted

    prompter.on_dialog = fill
    made = menu.new_identity()
    assert prompter.errors() == []
    assert made is not None and made.colors == ("cmyk(0,100,80,40)", "#ffd400")
    assert made.logo_svg == svg.read_bytes() and made.logo is not None
    assert [f.family for f in made.fonts] == ["Jardin Titre"]
    assert made.display_face == "Jardin Titre"
    assert load(made.name) == made

    # applied: one undo step, the group's face carried by the document
    stack = window.session.undo_stack
    count, before = stack.count(), window.session.document
    menu.apply(made)
    assert stack.count() == count + 1
    after = window.session.document
    assert after.colors["accent"] == "cmyk(0,100,80,40)" and "Jardin Titre" in after.fonts
    assert "Appliquer" in stack.undoText() or "identité" in stack.undoText()
    stack.undo()
    assert window.session.document == before
    stack.redo()
    assert window.session.document == after

    # edited: shown as it is, the font kept, the logo removed, the signature changed
    def edit(dialog: QDialog) -> int:
        qtbot.addWidget(dialog)
        assert dialog.name.text() == made.name
        assert [f.text() for f in dialog.color_fields[:2]] == list(made.colors)
        assert dialog.fonts.count() == 1 and "gardée" in dialog.fonts.item(0).text()
        assert dialog.logo.placeholderText() == "logo actuel gardé"
        dialog.remove_logo()
        dialog.signature.setText("Comité des fêtes — fetes@exemple.org")
        return QDialog.DialogCode.Accepted

    prompter.on_dialog = edit
    prompter.choice = 0
    edited = menu.edit()
    assert edited is not None and edited.logo is None and edited.logo_svg is None
    assert edited.fonts == made.fonts and edited.display_face == "Jardin Titre"
    assert edited.signature == "Comité des fêtes — fetes@exemple.org"
    assert [i.name for i in list_identities()] == [made.name]


def test_a_name_already_taken_is_refused(window, prompter, tmp_path, monkeypatch, qtbot):
    monkeypatch.setenv("PANCARTE_IDENTITIES", str(tmp_path / "ids"))
    menu = window.identity_menu.menu()
    for name in ("Groupe A", "Groupe B"):
        prompter.on_dialog = lambda d, n=name: (d.name.setText(n), 1)[1]
        assert menu.new_identity() is not None
    prompter.on_dialog = lambda d: (d.name.setText("Groupe B"), 1)[1]
    assert menu.new_identity() is None
    assert any("existe déjà" in e for e in prompter.errors())
    prompter.choice = 0  # edit "Groupe A", renamed "Groupe B": refused, nothing lost
    assert menu.edit() is None
    assert [i.name for i in list_identities()] == ["Groupe A", "Groupe B"]


def test_the_dialog_alone(qtbot, prompter):
    dialog = IdentityDialog(None, prompter=prompter)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Nouvelle identité"
    prompter.color = None  # cancelled: the field is left alone
    dialog.color_fields[0].setText("#123456")
    dialog.pick_color(0)
    assert dialog.color_fields[0].text() == "#123456"
    assert prompter.asked[-1] == ("color", "#123456")
