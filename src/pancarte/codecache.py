"""The methods Python's ``dataclasses`` writes for each class, compiled once and kept on disk
for the next run (the editor's start, and every ``pancarte`` command).

``@dataclass`` writes the source of ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``
(``__setattr__``/``__delattr__`` when frozen) and compiles each with ``exec``: ~1 ms per class,
half of it compiling, and the editor's first paint needs some thirty classes (model, layout).
While :func:`install` is in effect, ``dataclasses`` compiles through :func:`_exec`, which takes
the code object of an identical source text from the store instead (the same text compiled the
same way: the same code). Keyed by the exact text and by the interpreter's version, so that
another Python, or another class, compiles afresh. The store is an optimisation only: a
missing, damaged or unwritable file means compiling as usual.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
from pathlib import Path
from types import CodeType

#: a store holding more texts than this starts again from the texts of this run
_MAX_ENTRIES = 4000

_codes: dict[str, CodeType] = {}
_used: set[str] = set()  # the texts this run compiled or ran
_new = False
_folder: Path | None = None


def _file(folder: Path) -> Path:
    tag = sys.implementation.cache_tag or "python"
    version = ".".join(map(str, sys.version_info[:3]))
    return folder / f"dataclass-methods-{tag}-{version}.marshal"


def _exec(source, globals=None, locals=None, /):  # noqa: A002 - exec's own signature
    """``exec`` for ``dataclasses``: a source text seen before runs its stored code."""
    global _new
    if isinstance(source, str):
        code = _codes.get(source)
        _used.add(source)
        if code is None:
            # as exec compiles it from dataclasses (which has no __future__ import)
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _codes[source] = code
            _new = True
        source = code
    return builtins.exec(source, globals, locals)


def install(folder: Path) -> None:
    """Read the store in ``folder`` and have ``dataclasses`` compile through it."""
    global _folder
    import dataclasses

    if _folder == folder:  # installed already (the command line, then the editor)
        return
    _folder = folder
    try:
        loaded = marshal.loads(_file(folder).read_bytes())
        if isinstance(loaded, dict):
            _codes.update((k, v) for k, v in loaded.items()
                          if isinstance(k, str) and isinstance(v, CodeType))
    except (OSError, ValueError, EOFError, TypeError):
        pass
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # shadows the builtin there only


def uninstall() -> None:
    """``dataclasses`` compiles with the builtin ``exec`` again."""
    import dataclasses

    dataclasses.__dict__.pop("exec", None)


def save() -> None:
    """Write the store if this run compiled a text it did not hold (atomically)."""
    global _new
    if not _new or _folder is None:
        return
    _new = False
    codes = _codes if len(_codes) <= _MAX_ENTRIES else {k: _codes[k] for k in _used}
    path = _file(_folder)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps(codes))
        os.replace(tmp, path)
    except (OSError, ValueError):
        try:
            tmp.unlink()
        except OSError:
            pass
