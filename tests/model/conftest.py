"""Model tests read the core's messages in English (the msgids) unless a test asks for French."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """English even after a test's ``monkeypatch.undo()``: set_language wins over the
    environment until it is reset."""
    from pancarte.i18n import set_language

    monkeypatch.setenv("PANCARTE_LANG", "en")
    set_language("en")
    yield
    set_language(None)
