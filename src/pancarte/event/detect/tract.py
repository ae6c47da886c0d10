"""A library tract's events and web address, with the day it was imported as "today"."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pancarte.event.detect.find import MAX_INPUT, find_events
from pancarte.event.detect.found import FoundEvent


def tract_events(tract: Any) -> list[FoundEvent]:
    """The events a library tract announces, best first, with the day it was imported as
    today. Quotes are left out (someone else's words, often history); debris too."""
    lines: list[str] = []
    for block in tract.blocks:
        if block.debris or block.kind == "quote":
            continue
        if block.kind == "list":
            lines.append("\n".join(" ".join(item.split()) for item in block.items))
        else:
            lines.append(block.text)
    return find_events("\n\n".join(lines), today=import_day(tract))


_URL = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s<>«»\"]+", re.IGNORECASE)


def text_url(text: str) -> str | None:
    """The first web address of ``text`` (``https://…`` or ``www.…``), without the
    punctuation that ends its sentence; None when there is none."""
    for m in _URL.finditer(text[:MAX_INPUT]):
        url = m.group(0).rstrip(".,;:!?)]}\u2026'’")
        if "." not in url.split("//", 1)[-1]:
            continue
        return url if url.lower().startswith("http") else "https://" + url
    return None


def tract_url(tract: Any) -> str | None:
    """The first web address a tract gives (often in its contact line)."""
    for block in tract.blocks:
        if block.debris:
            continue
        for text in block.strings():
            url = text_url(text)
            if url:
                return url
    return None


def import_day(tract: Any) -> date:
    """The day a tract entered the library (its ``created`` time), else today."""
    created = getattr(tract, "created", "") or ""
    try:
        return datetime.fromisoformat(created.replace("Z", "+00:00")).date()
    except ValueError:
        return date.today()
