"""Time zones by IANA name (``zoneinfo``), and the system's own zone."""

from __future__ import annotations

import os
import re
from datetime import tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FALLBACK_ZONE = "Europe/Paris"
_KEY = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+){0,3}")


@cache
def zone(name: str) -> ZoneInfo | None:
    """The zone called ``name`` (``Europe/Paris``), or None when there is no such zone."""
    name = name.strip()
    if not _KEY.fullmatch(name) or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_name(tz: tzinfo | None) -> str:
    """The IANA name of ``tz`` when it has one (``""`` for fixed offsets and foreign zones)."""
    return tz.key if isinstance(tz, ZoneInfo) and tz.key else ""


def system_zone(environ: dict[str, str] | None = None, etc: str | os.PathLike = "/etc") -> ZoneInfo:
    """The system's zone: ``TZ``, then ``/etc/timezone``, then the ``/etc/localtime`` link,
    then Europe/Paris (Pancarte's users mostly live there)."""
    env = os.environ if environ is None else environ
    candidates = []
    tz = env.get("TZ", "").strip().lstrip(":")
    if tz:
        candidates.append(_after_zoneinfo(tz) or tz)
    etc = Path(etc)
    try:
        candidates.append((etc / "timezone").read_text("utf-8", "replace").strip())
    except OSError:
        pass
    try:
        candidates.append(_after_zoneinfo(os.readlink(etc / "localtime")))
    except OSError:
        pass
    for name in candidates:
        found = zone(name) if name else None
        if found is not None:
            return found
    return ZoneInfo(FALLBACK_ZONE)


def _after_zoneinfo(path: str) -> str:
    """``Europe/Paris`` from ``/usr/share/zoneinfo/Europe/Paris`` (``""`` without the folder)."""
    _, sep, rest = path.partition("zoneinfo/")
    return rest if sep else ""
