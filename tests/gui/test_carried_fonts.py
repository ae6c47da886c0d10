"""The editor's save and its backups carry a group's face chosen for a frame, even when the
identity was never applied to the document (the face known in memory only)."""

from __future__ import annotations

import hashlib
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "identity"))

import fontmaker  # noqa: E402


def test_save_and_backup_carry_a_face_known_in_memory(tmp_path, make_window, monkeypatch):
    from pancarte.gui.recovery import write_recovery

    doc, family, data = fontmaker.poster_in_own_face(tmp_path, monkeypatch)
    member = f"fonts/{hashlib.sha256(data).hexdigest()}.ttf"
    window = make_window(doc)
    path = tmp_path / "choisi.pancarte"
    assert window.files.write(path)
    with zipfile.ZipFile(path) as z:
        assert member in z.namelist()
    backup = write_recovery(tmp_path / "backups", window.session.document, None, "s1")
    with zipfile.ZipFile(backup) as z:
        assert member in z.namelist()
