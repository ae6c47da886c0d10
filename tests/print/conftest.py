"""Print tests: English messages unless a test asks for French; helpers on ``sys.path``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("PANCARTE_LANG", "en")
    from pancarte.i18n import set_language

    set_language("en")
    yield
    set_language(None)
