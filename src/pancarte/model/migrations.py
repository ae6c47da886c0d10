"""Upgrade an old ``document.json`` dict, one format version at a time, to the current one.

``MIGRATIONS[n]`` takes a version-``n`` dict and returns it as version ``n + 1``; :func:`migrate`
chains them. A format change is one commit: bump ``FORMAT_VERSION`` in
:mod:`pancarte.model.document`, add the step here, and add a ``tests/files/documents/vN``
fixture (see docs/ARCHITECTURE.md, "The file format").

The steps run on raw, not yet validated JSON data: they must not trust its shape beyond what they
need (the loader turns a ``KeyError``/``TypeError`` they raise into a
:class:`~pancarte.errors.DocumentError`), and ``Document.from_dict`` validates the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pancarte.errors import DocumentError
from pancarte.i18n import _
from pancarte.model.document import FORMAT_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]



def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds the optional ``fonts`` list (the group's own faces carried in
    ``fonts/``): a version-1 file has none, and loads unchanged."""
    data.pop("fonts", None)  # a v1 file cannot carry fonts: a stray key is not trusted
    return data


#: version N → function upgrading a version-N dict to version N + 1.
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}

OLDEST_VERSION = 1  # there never was a version 0


def format_version(data: dict[str, Any]) -> int:
    """Return the dict's ``format_version``; raise DocumentError unless this Pancarte reads it."""
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise DocumentError(_("the file format version is missing or not a whole number"))
    if version > FORMAT_VERSION:
        raise DocumentError(_("the file was made by a newer Pancarte (file format {version}, "
                              "this version reads up to {current}); please update Pancarte to "
                              "open it", version=version, current=FORMAT_VERSION))
    if version < OLDEST_VERSION:
        raise DocumentError(_("unknown file format version {version}", version=version))
    return version


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Return ``data`` upgraded to ``FORMAT_VERSION``, with ``format_version`` set to it.

    ``data`` is the caller's own freshly parsed dict: the steps may change it in place. Raises
    DocumentError for a version that is too new, too old, or has no migration step.
    """
    version = format_version(data)
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise DocumentError(_("no migration from file format version {version}",
                                  version=version))
        data = step(data)
        if not isinstance(data, dict):
            raise TypeError(f"migration from version {version} did not return a dict")
        version += 1
        data["format_version"] = version
    return data
