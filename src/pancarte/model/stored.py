"""How the model's dataclasses go to and from ``document.json``.

The JSON form is derived from the dataclasses' fields: a field declared with :func:`stored`
says how its value is checked when read and how it is written; a field without it is not
stored. Keys are written and read in field order unless the class declares ``json_order``
(the order keys are written in) or ``read_order`` (the order they are checked in, which is the
order errors are found in) — the declared names come first, the other stored fields follow in
field order, so a new field is never forgotten. See docs/ARCHITECTURE.md, "The file format".

:class:`Validator` holds the checks; each failure is a :class:`~pancarte.errors.DocumentError`
naming the field (``pages[0].frames[2].w``).
"""

from __future__ import annotations

import builtins
import math
import re
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Any

from pancarte.errors import DocumentError
from pancarte.i18n import _
from pancarte.model.color import is_color

_SURROGATE = re.compile("[\ud800-\udfff]")
_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")

Reader = Callable[["Validator", Any, str], Any]


def _same(value: Any) -> Any:
    return value


def _never(_value: Any) -> bool:
    return False


@dataclass(frozen=True)
class Stored:
    """How one field goes to and from ``document.json``: ``read(validator, value, where)``
    checks the JSON value (the field's default when the key is missing); ``write`` gives it;
    ``omit(value)`` true leaves the key out of the file."""

    read: Reader
    write: Callable[[Any], Any] = _same
    absent: Any = ()  # (the JSON value read when the key is missing,), else the default
    omit: Callable[[Any], bool] = _never


def stored(read: Reader, default: Any = MISSING, *, factory: Any = MISSING,
           write: Callable[[Any], Any] | None = None, absent: Any = MISSING,
           omit: Callable[[Any], bool] | None = None) -> Any:
    """A dataclass field stored in the file (``default``/``factory`` as :func:`field`)."""
    spec = Stored(read, write or _same, () if absent is MISSING else (absent,), omit or _never)
    if factory is not MISSING:
        return field(default_factory=factory, metadata={"stored": spec})
    return field(default=default, metadata={"stored": spec})


_ORDERED: dict[tuple[type, str], tuple[Field[Any], ...]] = {}


def _ordered(cls: type, order_attr: str) -> tuple[Field[Any], ...]:
    """The stored fields of ``cls``: those ``cls.<order_attr>`` names first, in that order, then
    the others in field order."""
    if (cls, order_attr) not in _ORDERED:
        _ORDERED[cls, order_attr] = _order(cls, order_attr)
    return _ORDERED[cls, order_attr]


def _order(cls: type, order_attr: str) -> tuple[Field[Any], ...]:
    by_name = {f.name: f for f in fields(cls) if "stored" in f.metadata}
    declared: tuple[str, ...] = getattr(cls, order_attr, ())
    unknown = [name for name in declared if name not in by_name]
    if unknown:
        raise TypeError(f"{cls.__name__}.{order_attr} names fields that are not stored: {unknown}")
    return tuple(by_name[name] for name in declared) + tuple(
        f for name, f in by_name.items() if name not in declared)


_READERS: dict[type, tuple[tuple[str, Reader, Callable[[], Any]], ...]] = {}


def _missing_value(f: Field[Any], spec: Stored) -> Callable[[], Any]:
    """What ``f`` reads when its key is missing: ``absent``, else the default (None for a
    required field: its reader names it)."""
    if spec.absent:
        return lambda: spec.absent[0]
    if f.default is not MISSING:
        return lambda: f.default
    if f.default_factory is not MISSING:
        return f.default_factory
    return lambda: None


def read_fields(cls: type, v: Validator, d: dict[str, Any], where: str,
                **known: Any) -> dict[str, Any]:
    """The stored fields of ``cls`` read from ``d`` (``known`` taken as is), checked in
    ``cls.read_order``."""
    plan = _READERS.get(cls)
    if plan is None:
        plan = _READERS[cls] = tuple(
            (f.name, spec.read, _missing_value(f, spec))
            for f in _ordered(cls, "read_order") for spec in (f.metadata["stored"],))
    out = dict(known)
    prefix = f"{where}." if where else ""
    for name, read, missing in plan:
        if name in out:
            continue
        out[name] = read(v, d[name] if name in d else missing(), prefix + name)
    return out


_WRITERS: dict[type, tuple[tuple[str, Callable[[Any], Any] | None,
                                 Callable[[Any], bool] | None], ...]] = {}


def write_fields(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The stored fields of ``obj`` as JSON values, in ``json_order``."""
    cls = type(obj)
    plan = _WRITERS.get(cls)
    if plan is None:  # (name, write, omit) of each field; None for "as is" and "never"
        plan = _WRITERS[cls] = tuple(
            (f.name, None if spec.write is _same else spec.write,
             None if spec.omit is _never else spec.omit)
            for f in _ordered(cls, "json_order") for spec in (f.metadata["stored"],))
    out = {}
    for name, write, omit in plan:
        if name in skip:
            continue
        value = getattr(obj, name)
        if omit is not None and omit(value):
            continue
        out[name] = value if write is None else write(value)
    return out


# --------------------------------------------------------------------------------------------
# Readers for stored(...)


def length(minimum: float, maximum: float) -> Reader:
    return lambda v, value, where: v.length(value, where, minimum=minimum, maximum=maximum)


def text(max_len: int) -> Reader:
    return lambda v, value, where: v.str(value, where, max_len=max_len)


def one_of(options: tuple[str, ...]) -> Reader:
    return lambda v, value, where: v.choice(value, where, options)


def flag(v: Validator, value: Any, where: str) -> bool:
    return v.bool(value, where)


def colour(v: Validator, value: Any, where: str) -> str:
    return v.color(value, where)


def colour_or_none(v: Validator, value: Any, where: str) -> str | None:
    return None if value is None else v.color(value, where)


def ident(v: Validator, value: Any, where: str) -> str:
    return v.ident(value, where)


def ident_or_none(v: Validator, value: Any, where: str) -> str | None:
    return None if value is None else v.ident(value, where)


class Validator:
    """Type checks with messages that name the field; every failure is a DocumentError.

    The field path (``pages[0].frames[2].w``) is technical and stays as is; the rest of the
    message is in the user's language.
    """

    def obj(self, value: Any, where: builtins.str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise DocumentError(_("{where}: expected an object", where=where))
        return value

    def list(self, value: Any, where: builtins.str, max_len: int) -> builtins.list[Any]:
        if not isinstance(value, list):
            raise DocumentError(_("{where}: expected a list", where=where))
        if len(value) > max_len:
            raise DocumentError(_("{where}: too many entries (at most {limit})", where=where,
                                  limit=max_len))
        return value

    def str(self, value: Any, where: builtins.str, max_len: int) -> builtins.str:
        if not isinstance(value, str):
            raise DocumentError(_("{where}: expected text", where=where))
        if len(value) > max_len:
            raise DocumentError(_("{where}: text too long (at most {limit} characters)",
                                  where=where, limit=max_len))
        if "\x00" in value:
            raise DocumentError(_("{where}: text holds a NUL character", where=where))
        if _SURROGATE.search(value):
            raise DocumentError(_("{where}: text holds a character that is not text (a lone "
                                  "surrogate)", where=where))
        return value

    def bool(self, value: Any, where: builtins.str) -> builtins.bool:
        if not isinstance(value, bool):
            raise DocumentError(_("{where}: expected true or false", where=where))
        return value

    def length(self, value: Any, where: builtins.str, minimum: float, maximum: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DocumentError(_("{where}: expected a number", where=where))
        try:
            value = float(value)
        except OverflowError:
            raise DocumentError(_("{where}: number too large", where=where)) from None
        if not math.isfinite(value) or value < minimum or value > maximum:
            raise DocumentError(_("{where}: must be between {minimum} and {maximum}",
                                  where=where, minimum=format(minimum, "g"),
                                  maximum=format(maximum, "g")))
        return value

    def choice(self, value: Any, where: builtins.str, options: tuple[builtins.str, ...]) -> builtins.str:
        if value not in options:
            raise DocumentError(_("{where}: must be one of {options}", where=where,
                                  options=", ".join(options)))
        return value

    def ident(self, value: Any, where: builtins.str) -> builtins.str:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise DocumentError(_("{where}: not a valid identifier", where=where))
        return value

    def color(self, value: Any, where: builtins.str, allow_ref: builtins.bool = True) -> builtins.str:
        if not isinstance(value, str) or not is_color(value):
            raise DocumentError(_("{where}: not a colour (#rrggbb, cmyk(c,m,y,k) or $name)",
                                  where=where))
        if value.startswith("$") and not allow_ref:
            raise DocumentError(_("{where}: a scheme colour cannot refer to another",
                                  where=where))
        return value


def shown(value: Any, limit: int = 60) -> str:
    """``value`` fit for a one-line message (the message puts the quotes): control characters
    become '?', cut to ``limit`` characters."""
    line = value if isinstance(value, str) else repr(value)
    line = re.sub(r"[\x00-\x1f\x7f]", "?", line)
    return line if len(line) <= limit else f"{line[: limit - 1]}…"
