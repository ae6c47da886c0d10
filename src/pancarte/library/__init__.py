"""The tract library: texts groups keep and reuse, offline (SQLite + FTS5).

- :mod:`~pancarte.library.tract` — :class:`Tract` and :class:`Block`, plain data;
- :mod:`~pancarte.library.importers` — text, Markdown, .odt, .docx → blocks;
- :mod:`~pancarte.library.store` — :class:`Library`: reading, writing, importing tracts;
- :mod:`~pancarte.library.database` — the SQLite file: schema, migrations, safe opening;
- :mod:`~pancarte.library.ranking` — searching and ranking the matches;
- :mod:`~pancarte.library.search` — user queries → safe FTS5 queries;
- :mod:`~pancarte.library.archive` — sharing a library as a zip;
- :mod:`~pancarte.fill.tract` — a tract's blocks into a template (``compose --tract``);
- :mod:`pancarte.cli.library` — ``pancarte library …`` (in the CLI package).

Names are loaded on first use, so that building the command line stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "LibraryError": "errors",
    "Block": "tract",
    "Tract": "tract",
    "Library": "store",
    "open_library": "store",
    "default_path": "store",
    "SearchHit": "store",
    "TractInfo": "store",
    "Parsed": "importers",
    "read_document": "importers",
    "parse_text": "importers",
    "fill_from_tract": "compose",
    "MergeReport": "archive",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pancarte.library' has no attribute {name!r}")
    return getattr(import_module(f"pancarte.library.{module}"), name)
