"""Every library test gets its own database and data folder: the real ones are never used."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def _private_library(tmp_path, monkeypatch, english_messages):
    """A library of the test's own, and English messages (see ``english_messages``)."""
    monkeypatch.setenv("PANCARTE_LIBRARY", str(tmp_path / "library.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def lib_path(tmp_path) -> Path:
    return tmp_path / "library.sqlite3"
