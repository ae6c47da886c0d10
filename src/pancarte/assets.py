"""The one place that knows where bundled assets (fonts, templates) live.

An installed wheel carries them as ``pancarte/assets`` (see ``setup.py``); a source checkout
keeps them at the repository's top level. Nothing else builds asset paths from the current
directory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def assets_dir() -> Path:
    """Return the folder holding ``fonts/`` and ``templates/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "assets", here.parent.parent / "assets"):
        if (candidate / "templates").is_dir() and (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("Pancarte's bundled assets (fonts, templates) are missing")


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def templates_dir() -> Path:
    return assets_dir() / "templates"
