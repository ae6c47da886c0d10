"""Print tests: English messages unless a test asks for French; helpers on ``sys.path``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@pytest.fixture(autouse=True)
def _english(english_messages):
    """English messages for every print test (see ``english_messages``)."""
