"""The Identity menu: make an identity in its dialog, apply it (one undo step), export it,
import it in another user's folder."""

from __future__ import annotations

from PIL import Image
from PySide6.QtWidgets import QDialog

from pancarte.model.document import ImageFrame, TextFrame


def _footer(doc) -> str:
    return " ".join(p.text for _i, f in doc.frames_named("footer") if isinstance(f, TextFrame)
                    for p in f.paragraphs)


def test_create_apply_undo_export_import(window, prompter, tmp_path, monkeypatch):
    monkeypatch.setenv("PANCARTE_IDENTITIES", str(tmp_path / "alice"))
    monkeypatch.setenv("PANCARTE_CACHE", str(tmp_path / "cache"))
    logo = tmp_path / "logo.png"
    Image.new("RGB", (500, 500), (10, 90, 40)).save(logo)
    menu = window.identity_menu.menu()

    def fill(dialog: QDialog) -> int:
        dialog.name.setText("Union des locataires")
        dialog.color_fields[0].setText("cmyk(0,100,80,5)")
        dialog.color_fields[1].setText("#1d3557")
        dialog.logo.setText(str(logo))
        dialog.signature.setText("Union des locataires — 06 00 00 00 00")
        dialog.url.setText("https://union-locataires.example")
        return QDialog.DialogCode.Accepted

    prompter.on_dialog = fill
    made = menu.new_identity()
    assert made is not None and made.colors == ("cmyk(0,100,80,5)", "#1d3557")
    assert any(a.text() == "Appliquer «\u00a0Union des locataires\u00a0»" for a in menu.actions())

    before = window.session.document
    menu.apply(made)
    after = window.session.document
    assert after.colors["accent"] == "cmyk(0,100,80,5)"
    assert "06 00 00 00 00" in _footer(after)
    logos = [f for _i, f in after.frames_named("logo") if isinstance(f, ImageFrame)]
    assert logos and all(f.image in after.images for f in logos)
    window.session.undo_stack.undo()  # one step back: the document as it was
    assert window.session.document == before
    window.session.undo_stack.redo()
    assert window.session.document == after

    shared = tmp_path / "union.pancarte-identite"
    prompter.choice = 0
    prompter.save_path = str(shared)
    assert menu.export_file() == str(shared) and shared.stat().st_size > 0

    monkeypatch.setenv("PANCARTE_IDENTITIES", str(tmp_path / "bob"))
    menu.rebuild()
    assert not any(a.text().startswith("Appliquer") for a in menu.actions())
    prompter.open_path = str(shared)
    imported = menu.import_file()
    assert imported == made
    assert prompter.errors() == []


def test_bad_values_are_reported(window, prompter, tmp_path, monkeypatch):
    monkeypatch.setenv("PANCARTE_IDENTITIES", str(tmp_path / "ids"))
    menu = window.identity_menu.menu()

    def fill(dialog: QDialog) -> int:
        dialog.name.setText("Groupe")
        dialog.color_fields[0].setText("vert pomme")
        return QDialog.DialogCode.Accepted

    prompter.on_dialog = fill
    assert menu.new_identity() is None
    assert any("couleur" in e for e in prompter.errors())
