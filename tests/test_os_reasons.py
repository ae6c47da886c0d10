"""The system's refusals (a folder given as a file, a missing file, a folder one cannot write
in) are said in the user's language, in one line — not in the system's English words."""

from __future__ import annotations

import os
import sys

import pytest

from helpers import run_cli

FR = {"PANCARTE_LANG": "fr"}


def _one_french_line(r) -> str:
    assert r.returncode == 1, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    for english in ("Is a directory", "No such file", "Permission denied", "directory"):
        assert english not in lines[0], lines[0]
    return lines[0]


def test_a_folder_or_a_missing_file_as_the_text(tmp_path):
    line = _one_french_line(run_cli("compose", "poster-a3", "--text-file", tmp_path, "-o",
                                    tmp_path / "x.pdf", env=FR))
    assert "c’est un dossier" in line
    line = _one_french_line(run_cli("compose", "poster-a3", "--text-file",
                                    tmp_path / "absent.txt", "-o", tmp_path / "x.pdf", env=FR))
    assert "ce fichier n’existe pas" in line
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root writes in read-only folders")
def test_a_folder_one_cannot_write_in(tmp_path):
    shut = tmp_path / "shut"
    shut.mkdir()
    shut.chmod(0o500)
    try:
        line = _one_french_line(run_cli("compose", "poster-a3", "--title", "Non !", "-o",
                                        shut / "x.pdf", env=FR))
    finally:
        shut.chmod(0o700)
    assert "permission refusée" in line


def test_the_reasons_in_english_too(tmp_path):
    r = run_cli("compose", "poster-a3", "--text-file", tmp_path, "-o", tmp_path / "x.pdf",
                env={"PANCARTE_LANG": "en"})
    assert r.returncode == 1 and "it is a folder" in r.stderr
