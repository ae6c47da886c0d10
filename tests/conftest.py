"""Shared test set-up: Qt offscreen, reproducible PDFs; the installed package is tested (CI
installs the wheel), a bare checkout falls back to ``src/``."""

import importlib.util
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PANCARTE_REPRODUCIBLE"] = "1"
if not os.environ.get("PANCARTE_CACHE"):  # the font metrics cache: never the user's own
    import tempfile

    os.environ["PANCARTE_CACHE"] = tempfile.mkdtemp(prefix="pancarte-test-cache-")

if importlib.util.find_spec("pancarte") is None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

# The network guard (tests/netguard/): any attempt to reach the network fails the run, in this
# process and in every Python process the tests start.
sys.path.insert(0, str(Path(__file__).resolve().parent))
pytest_plugins = ["netguard.plugin"]


import pytest  # noqa: E402 - after the environment above is set


@pytest.fixture
def english_messages(monkeypatch):
    """Pancarte's messages in English for the test (the CLI runs it starts too), even after
    a test's ``monkeypatch.undo()``: set_language wins over the environment until reset."""
    from pancarte.i18n import set_language

    monkeypatch.setenv("PANCARTE_LANG", "en")
    set_language("en")
    yield
    set_language(None)
