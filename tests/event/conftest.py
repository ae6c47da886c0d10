"""The event tests read messages in English (the msgids)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """Messages in English (the msgids) unless a test asks otherwise; poster wording follows
    the document's language, not this."""
    from pancarte import i18n

    monkeypatch.setenv("PANCARTE_LANG", "en")
    i18n.set_language(None)
    yield
