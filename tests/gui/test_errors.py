"""Errors are told in the user's language; nothing crashes, nothing typed is lost."""

from __future__ import annotations

import os
import sys
from dataclasses import replace

import pytest

from pancarte.gui.prompts import CANCEL, SAVE
from pancarte.i18n import set_language


def test_corrupt_file_shows_an_error_and_keeps_the_document(window, prompter, tmp_path):
    bad = tmp_path / "abîmé.pancarte"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    before = window.session.document
    assert not window.open_path(bad)
    assert window.session.document == before
    [error] = prompter.errors()
    assert error.startswith("Impossible d’ouvrir le document: Le fichier « abîmé.pancarte » "
                            "ne peut pas être ouvert")


def test_corrupt_file_in_english(window, prompter, tmp_path):
    set_language("en")
    bad = tmp_path / "bad.pancarte"
    bad.write_text("hello")
    assert not window.open_path(bad)
    assert prompter.errors()[0].startswith("Cannot open the document: The file “bad.pancarte” "
                                           "cannot be opened")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root writes in read-only folders")
def test_read_only_folder(window, prompter, tmp_path):
    folder = tmp_path / "lecture-seule"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        frame = window.session.document.find_frame("title")[1]
        window.session.replace_frame(frame, replace(frame, x=frame.x + 1))
        prompter.save_path = str(folder / "affiche.pancarte")
        assert not window.save()
        assert "n’a pas pu être enregistré" in prompter.errors()[0]
        assert window.session.dirty  # nothing lost: still there, still unsaved
        assert window.autosaver.path.exists()  # and backed up
    finally:
        folder.chmod(0o700)


def test_unwritable_target_as_root_too(window, prompter, tmp_path):
    """A path whose folder does not exist fails the same way, even for root."""
    frame = window.session.document.find_frame("title")[1]
    window.session.replace_frame(frame, replace(frame, x=frame.x + 1))
    prompter.save_path = str(tmp_path / "pas-de-dossier" / "affiche.pancarte")
    assert not window.save()
    [error] = prompter.errors()
    assert error.startswith("Enregistrement impossible: « affiche.pancarte » n’a pas pu être "
                            "enregistré dans")
    assert window.session.dirty
    assert window.autosaver.path.exists()


def test_unsaved_changes_prompt(window, prompter, tmp_path):
    frame = window.session.document.find_frame("title")[1]
    window.session.replace_frame(frame, replace(frame, x=frame.x + 1))
    prompter.save_changes = CANCEL
    assert not window.close()  # cancelled: the window stays
    assert window.isVisible()
    prompter.save_changes = SAVE
    prompter.save_path = str(tmp_path / "gardé.pancarte")
    assert window.close()
    assert (tmp_path / "gardé.pancarte").exists()


def test_unexpected_exception_is_reported_not_fatal(window, prompter):
    from pancarte.gui.app import _install_excepthook

    previous = sys.excepthook
    _install_excepthook(window)
    try:
        try:
            raise RuntimeError("boum")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert "boum" in prompter.errors()[0]
