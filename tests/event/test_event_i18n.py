"""Every message of the event package has its French translation, with the same fields."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import pancarte.event
from helpers import french_catalog

SOURCE = Path(pancarte.event.__file__).resolve().parent


def msgids() -> set[str]:
    out = set()
    for path in SOURCE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "_" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                out.add(node.args[0].value)
    return out


def fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_every_message_is_translated_with_the_same_fields():
    catalog = french_catalog()
    ids = msgids()
    assert len(ids) > 50
    missing = sorted(ids - catalog.keys())
    assert not missing, missing
    for msgid in ids:
        french = catalog[msgid]
        assert fields(french) == fields(msgid), msgid
        assert french.strip() and "'" not in french, french  # typographic apostrophes


def test_french_messages_reach_the_user():
    from pancarte.event.errors import EventError
    from pancarte.event.typed import parse_geo
    from pancarte.i18n import set_language

    set_language("fr")
    try:
        with pytest.raises(EventError, match="^--geo : attendu LATITUDE,LONGITUDE en degrés"):
            parse_geo("nord")
    finally:
        set_language(None)
