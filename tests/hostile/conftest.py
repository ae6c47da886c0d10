"""The hostile tests check English messages in process (the CLI runs are told PANCARTE_LANG)."""

import pytest

from pancarte.i18n import language, set_language


@pytest.fixture(autouse=True)
def english():
    before = language()
    set_language("en")
    yield
    set_language(before)
