"""Hyphenation points for body text, from Pyphen's patterns (pure Python, no Qt).

Rules (see docs/ARCHITECTURE.md, "French typography"): at least 2 letters before the break and 3 after;
never inside URLs, e-mails, hashtags, numbers or words written in capitals (proper nouns,
acronyms); no extra break in a word that already holds a hard hyphen; after an elided article
(``l’organisation``) only the part after the apostrophe is hyphenated.  Titles and slogans are
the caller's business (it simply does not ask).
"""

from __future__ import annotations

import functools
import unicodedata
from typing import TYPE_CHECKING

from pancarte.log import logger

if TYPE_CHECKING:
    import pyphen


__all__ = ["LEFT_MIN", "RIGHT_MIN", "hyphenation_points"]

LEFT_MIN = 2
"""Minimum number of letters kept before a hyphenation break."""
RIGHT_MIN = 3
"""Minimum number of letters carried over after a hyphenation break."""

_LANG_ALIASES = {"fr": "fr_FR", "en": "en_GB"}
_APOSTROPHES = "'’ʼ"
_HARD_HYPHENS = "-‐‑"  # hyphen-minus, U+2010 hyphen, U+2011 non-breaking hyphen
_FORBIDDEN = frozenset("@/#\\:._=&%+~|<>[](){}*")


@functools.lru_cache(maxsize=64)
def _resolve_language(lang: str) -> str | None:
    """Return Pyphen's name for the dictionary serving ``lang`` ("fr_FR" -> "fr"), or None."""
    norm = lang.strip().replace("-", "_")
    if not norm:
        return None
    candidates = [norm]
    alias = _LANG_ALIASES.get(norm.lower())
    if alias:
        candidates.append(alias)
    import pyphen  # imported when a word first needs hyphenating (12 ms with its dictionary)

    for candidate in candidates:
        try:
            resolved = pyphen.language_fallback(candidate)
        except Exception as exc:  # a bad language code must never break layout
            logger(__name__).debug("no hyphenation language for %r: %s", candidate, exc)
            resolved = None
        if resolved:
            return str(resolved)
    return None


@functools.lru_cache(maxsize=16)
def _pyphen_for(resolved: str) -> pyphen.Pyphen | None:
    """Return the one Pyphen instance for the resolved language, or None if it cannot load."""
    import pyphen

    try:
        _load_patterns(pyphen, resolved)
        return pyphen.Pyphen(lang=resolved, left=LEFT_MIN, right=RIGHT_MIN)
    except Exception:  # unreadable dictionary: no hyphenation, said once per language
        logger(__name__).warning("the hyphenation dictionary %s cannot be loaded: words are not hyphenated",
                    resolved, exc_info=True)
        return None


_PATTERNS_VERSION = 1


def _load_patterns(pyphen, resolved: str) -> None:
    """Put the parsed patterns of ``resolved`` in Pyphen's own cache, from Pancarte's cache
    folder (keyed by the dictionary's content hash) when they are there: parsing the French
    dictionary costs 12 ms a run. Any problem means Pyphen parses the file as usual."""
    import marshal
    import os
    import sys

    from pancarte.layout.fonts import blake2b, cache_dir

    path = pyphen.LANGUAGES.get(resolved)
    if path is None or path in pyphen.hdcache:
        return
    try:
        digest = blake2b(path.read_bytes(), digest_size=20).hexdigest()
    except OSError:
        return
    cached = cache_dir() / "hyphenation" / (
        f"{digest}-{sys.implementation.cache_tag}-{_PATTERNS_VERSION}.marshal")
    try:
        patterns = marshal.loads(cached.read_bytes())
        if isinstance(patterns, dict) and patterns:
            hd = object.__new__(pyphen.HyphDict)
            hd.patterns = patterns
            hd.cache = {}
            hd.maxlen = max(len(key) for key in patterns)
            pyphen.hdcache[path] = hd
            return
    except (OSError, ValueError, EOFError, TypeError):
        pass
    hd = pyphen.HyphDict(path)
    pyphen.hdcache[path] = hd
    if not all(type(v) is int for _, values in hd.patterns.values() for v in values):
        return  # non-standard hyphenation data: not stored
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(hd.patterns))
        os.replace(tmp, cached)
    except OSError:
        pass


def _dictionary(lang: str) -> pyphen.Pyphen | None:
    """Return the Pyphen instance serving ``lang``, or None if there is none."""
    resolved = _resolve_language(lang)
    return None if resolved is None else _pyphen_for(resolved)


def _is_letter(ch: str) -> bool:
    """Return True for letters and combining marks."""
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


def _all_caps(letters: str) -> bool:
    """Return True if ``letters`` holds at least 2 letters and none in lower case (but ß)."""
    cased = [c for c in letters if c.isalpha()]
    return (
        len(cased) >= 2
        and all(not c.islower() or c == "ß" for c in cased)
        and any(c.isupper() for c in cased)
    )


def hyphenation_points(word: str, lang: str = "fr_FR") -> tuple[int, ...]:
    """Return the sorted indexes ``i`` where ``word`` may be broken as ``word[:i] + "-"`` /
    ``word[i:]``.

    Indexes are relative to ``word`` as given (leading/trailing punctuation such as ``«``,
    ``(``, ``,``, ``!``, quotes included), always inside its letters, with at least
    :data:`LEFT_MIN` letters before and :data:`RIGHT_MIN` after.  Returns an empty tuple for
    words with digits or ``@ / # .`` inside, URLs, e-mails, hashtags, words in capitals, words
    with a hard hyphen, and for languages Pyphen does not know.  ``lang`` may be ``"fr"``,
    ``"fr_FR"``, ``"en"``, ``"en_GB"``…  Results are cached per ``(word, lang)``.
    """
    if not isinstance(word, str) or not isinstance(lang, str):
        return ()
    return _points(word, lang)


def _segment(word: str) -> tuple[int, str] | None:
    """The part of ``word`` a dictionary may hyphenate, and where it starts: its letters
    without the punctuation around them, after an elision (l’, qu’, d’, jusqu’…); None for
    a word never hyphenated (numbers, addresses, hyphenated words, capitals)."""
    n = len(word)
    if n < LEFT_MIN + RIGHT_MIN:
        return None
    if any(c.isdigit() or c in "@#/" for c in word) or "://" in word:
        return None
    start = 0
    while start < n and not _is_letter(word[start]):
        start += 1
    end = n
    while end > start and not _is_letter(word[end - 1]):
        end -= 1
    core = word[start:end]
    if len(core) < LEFT_MIN + RIGHT_MIN:
        return None
    if any(c in _HARD_HYPHENS or c in _FORBIDDEN or c.isspace() for c in core):
        return None  # after an existing hyphen the caller breaks itself
    seg_start = start
    for i in range(end - 1, start - 1, -1):
        if word[i] in _APOSTROPHES:
            seg_start = i + 1
            break
    segment = word[seg_start:end]
    if (len(segment) < LEFT_MIN + RIGHT_MIN or not all(_is_letter(c) for c in segment)
            or _all_caps(segment)):  # capitals: a proper noun or an acronym
        return None
    return seg_start, segment


@functools.lru_cache(maxsize=65536)
def _points(word: str, lang: str) -> tuple[int, ...]:
    """Return :func:`hyphenation_points` for ``(word, lang)`` (cached)."""
    found = _segment(word)
    if found is None:
        return ()
    seg_start, segment = found
    dic = _dictionary(lang)
    if dic is None:
        return ()
    try:
        positions = dic.positions(segment)
    except Exception:  # never let a dictionary quirk break layout
        logger(__name__).debug("hyphenation of %r failed", segment, exc_info=True)
        return ()
    m = len(segment)
    points = []
    for p in positions:
        if getattr(p, "data", None) is not None:
            continue  # non-standard hyphenation (letters change): not a plain split
        i = int(p)
        if i < LEFT_MIN or m - i < RIGHT_MIN:
            continue
        if unicodedata.combining(segment[i]):
            continue  # never between a letter and its accent
        points.append(seg_start + i)
    return tuple(sorted(set(points)))
