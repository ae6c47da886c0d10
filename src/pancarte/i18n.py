"""Messages in the user's language: French by default, English available.

Code writes messages in English (the msgid); ``locale/<lang>.json`` maps them to other
languages. The language comes from ``PANCARTE_LANG``, then ``LC_ALL``, ``LC_MESSAGES``,
``LANG``; anything but English means French.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

_current: str | None = None


def detect_language(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for var in ("PANCARTE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return "en" if value.lower().startswith("en") else "fr"
    return "fr"


def set_language(lang: str | None) -> None:
    global _current
    _current = None if lang is None else ("en" if lang.lower().startswith("en") else "fr")


def language() -> str:
    return _current or detect_language()


@cache
def _catalog(lang: str) -> dict[str, str]:
    """``locale/<lang>.json`` merged with every ``locale/<lang>-<part>.json`` (one per area of
    the program: gui, library…)."""
    merged: dict[str, str] = {}
    try:
        # a plain folder next to this module (importlib.resources costs 13 ms to import)
        folder = Path(__file__).resolve().parent / "locale"
        names = sorted(e.name for e in folder.iterdir()
                       if e.name == f"{lang}.json" or
                       (e.name.startswith(f"{lang}-") and e.name.endswith(".json")))
        for name in names:
            merged.update(json.loads(folder.joinpath(name).read_text("utf-8")))
    except (FileNotFoundError, OSError, ValueError):
        pass
    return merged


def _(msgid: str, **params: object) -> str:
    """Translate ``msgid`` and fill ``{name}`` fields from ``params``."""
    lang = language()
    text = msgid if lang == "en" else _catalog(lang).get(msgid, msgid)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)
    return text
