"""Messages in the user's language: French by default, English available.

Code writes messages in English (the msgid) wrapped in :func:`_` (or :func:`ngettext` when a
number decides the wording; :func:`N_` marks a message kept in a table and translated later).
The translations are gettext catalogs: ``po/<lang>.po`` in the source tree, compiled to
``pancarte/locale/<lang>/LC_MESSAGES/pancarte.mo`` when the wheel is built (a source checkout
compiles its ``.po`` on first use, into the cache folder). See docs/TRANSLATING.md.

The language comes from ``PANCARTE_LANG``, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; a
language Pancarte does not have means French. :data:`LANGUAGES` is the one list of them.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache
from pathlib import Path

from pancarte.log import logger

DOMAIN = "pancarte"
#: The languages Pancarte speaks, by code, each named in itself; the first is the default.
LANGUAGES: dict[str, str] = {"fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = next(iter(LANGUAGES))
SOURCE_LANGUAGE = "en"  # the msgids' language: it needs no catalog
# a source checkout: the .po files beside src/
_PO_DIR = Path(__file__).resolve().parents[2] / "po"

_current: str | None = None


def normalise(lang: str | None) -> str:
    """The code of the language Pancarte speaks for ``lang`` (``"en_GB.UTF-8"`` → ``"en"``);
    the default language for anything else."""
    value = (lang or "").strip().lower()
    for code in LANGUAGES:
        if value.startswith(code):
            return code
    return DEFAULT_LANGUAGE


def detect_language(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for var in ("PANCARTE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return normalise(value)
    return DEFAULT_LANGUAGE


def set_language(lang: str | None) -> None:
    global _current
    _current = None if lang is None else normalise(lang)


def language() -> str:
    return _current or detect_language()


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pancarte" / "locale"


def compile_po(po: bytes) -> bytes:
    """A ``.po`` file's text compiled to ``.mo`` bytes (with Babel: build time and a source
    checkout's first run only). Fuzzy entries are left out, as msgfmt does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(po), domain=DOMAIN))
    return out.getvalue()


def _source_mo(lang: str) -> bytes | None:
    """A source checkout's ``po/<lang>.po`` compiled, from the cache when it is up to date."""
    po_path = _PO_DIR / f"{lang}.po"
    try:
        st = po_path.stat()
    except OSError:
        return None
    # named after the .po's size and time: an edit (or a checkout) compiles it again
    cached = _cache_dir() / f"{lang}-{st.st_size}-{st.st_mtime_ns}.mo"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    mo = compile_po(po_path.read_bytes())
    try:
        from pancarte.files import write_atomic

        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, mo)
    except OSError as exc:  # a read-only home: compiled again next time
        logger(__name__).debug("cannot cache the compiled catalog %s: %s", cached, exc)
    return mo


def _packaged_mo(lang: str) -> bytes | None:
    # a plain folder next to this module (importlib.resources costs 13 ms to import)
    path = Path(__file__).resolve().parent / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        return path.read_bytes()
    except OSError:
        return None


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang``: the source checkout's ``.po`` if there is one, else the
    installed ``.mo``; none (the msgids) for English or when both are missing."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    mo = _source_mo(lang) or _packaged_mo(lang)
    if mo is None:
        logger(__name__).warning("no message catalog for language %s: messages stay in English", lang)
        return gettext.NullTranslations()
    logger(__name__).debug("messages in %s from %s", lang, "po/" if _PO_DIR.is_dir() else "the package")
    return gettext.GNUTranslations(io.BytesIO(mo))


def _fill(text: str, fallback: str, params: dict[str, object]) -> str:
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        logger(__name__).warning("translation of %r does not fit its fields", fallback)
        return fallback.format(**params)


def _(msgid: str, **params: object) -> str:
    """Translate ``msgid`` and fill ``{name}`` fields from ``params``."""
    return _fill(translations(language()).gettext(msgid), msgid, params)


def ngettext(singular: str, plural: str, n: int, **params: object) -> str:
    """The singular or plural form for ``n`` in the user's language, with ``{n}`` and the
    other ``{name}`` fields filled."""
    text = translations(language()).ngettext(singular, plural, n)
    return _fill(text, singular if n == 1 else plural, {"n": n, **params})


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a message with a plural for the catalog (a table's entry, given to
    :func:`ngettext` where it is shown)."""
    return singular, plural


def N_(msgid: str) -> str:  # noqa: N802 (gettext's name)
    """Mark ``msgid`` for the catalog without translating it (tables of messages, translated
    with :func:`_` where they are shown)."""
    return msgid
