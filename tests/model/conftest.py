"""Model tests read the core's messages in English (the msgids) unless a test asks for French."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(english_messages):
    """English messages for every model test (see ``english_messages``)."""
