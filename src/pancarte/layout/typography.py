"""French typographic rules applied to text at layout time.

Everything here is pure Python (no Qt, no ReportLab) and works on plain strings that may
contain the lightweight inline emphasis markers ``**bold**`` / ``*italic*`` and the escape
``\\*``: asterisks and backslashes are never added, removed or moved, and are looked through
("transparent") when a rule needs to know what precedes or follows a punctuation mark.

The rules never change letters or digits, only spaces, quotes, apostrophes, dots and dashes, and
:func:`apply_french_rules` is idempotent.  URLs, e-mail addresses and ``#hashtags`` are found
first and left exactly as typed.

The rules are those of Imprimerie nationale's *Lexique* as commonly practised (see
docs/ARCHITECTURE.md, "French typography").
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["NBSP", "NNBSP", "apply_french_rules", "protected_spans", "upper_fr"]

NBSP = "\u00a0"
"""No-break space (before ``:``, inside guillemets, after numbers)."""
NNBSP = "\u202f"
"""Narrow no-break space (before ``! ? ;``)."""

ELLIPSIS = "\u2026"
EN_DASH = "\u2013"
RIGHT_SINGLE_QUOTE = "\u2019"

# Private-use characters standing for a protected span while the rules run.  A protected
# address (URL, e-mail) is not a word: no space is inserted right after it, because a ``?`` or
# ``!`` glued to it may belong to it.  A hashtag behaves like a word.  Occurrences of these
# characters in the input are themselves protected, so the masking is always reversible.
_SENT_ADDR = "\ue000"
_SENT_TAG = "\ue001"
_SENTINELS = _SENT_ADDR + _SENT_TAG

# --------------------------------------------------------------------------------------------
# Protected spans: URLs, bare domains, e-mail addresses, hashtags.
# --------------------------------------------------------------------------------------------

_URL_CHARS = r"[^\s\"<>«»“”{}|^`\u00a0\u202f]"
_TLDS = "fr|org|com|net|eu|info|be|ch|ca|lu|io|coop|bzh|paris"
# Each kind of protected span is found from a literal anchor ("@", "://", "www.", ".fr"…,
# "#") and then matched at the only position where it can start, so that a paragraph costs a
# few substring searches rather than a regex attempt at every character.
_EMAIL_RE = re.compile(r"(?<![\w.+-])(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(rf"(?<![\w.@/-])(?:(?:https?|ftp)://|www\.){_URL_CHARS}+")
_DOMAIN_RE = re.compile(
    rf"(?<![\w.@/-])(?:[\w-]{{2,}}\.)+(?:{_TLDS})(?![\w@-])"  # exemple.org
    rf"(?:/{_URL_CHARS}*)?"  # /chemin?requete
)
_DOMAIN_HINT_RE = re.compile(rf"\.(?:{_TLDS})(?![\w@-])")
_TAG_RE = re.compile(r"#(?<![\w&#/].)\w+")  # the lookbehind checks the character before "#"
_SCHEMES = ("https", "http", "ftp")
_KIND_PRIORITY = {"sentinel": 0, "email": 1, "url": 2, "tag": 3, "entity": 4}
# Markup-like character references (`&amp;`, `&#38;`) are printed exactly as typed.
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,15}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def _run_start(text: str, i: int, extra: str) -> int:
    """Return the start of the run of word characters and ``extra`` ending just before ``i``."""
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_" or text[i - 1] in extra):
        i -= 1
    return i


def _emails(text: str) -> list[tuple[int, int, str]]:
    found = []
    at = text.find("@")
    while at >= 0:
        start = _run_start(text, at, ".+-")
        if text.startswith("mailto:", start - 7):
            start -= 7
        m = _EMAIL_RE.match(text, start)
        if m is None and start != at and text.startswith("mailto:", start):
            m = _EMAIL_RE.match(text, start + 7)
        if m is not None:
            found.append((m.start(), m.end(), "email"))
        at = text.find("@", at + 1)
    return found


def _urls(text: str) -> list[tuple[int, int, str]]:
    """Addresses starting with a scheme (``https://``) or ``www.``."""
    found = []
    for anchor in ("://", "www."):
        i = text.find(anchor)
        while i >= 0:
            start = i
            if anchor == "://":
                start = next((i - len(s) for s in _SCHEMES if text.startswith(s, i - len(s))),
                             -1)
            m = _URL_RE.match(text, start) if start >= 0 else None
            if m is not None:
                found.append((m.start(), m.end(), "url"))
            i = text.find(anchor, i + 1)
    return found


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """Return every ``(start, end, kind)`` protected candidate, possibly overlapping."""
    found: list[tuple[int, int, str]] = []
    if _SENT_ADDR in text or _SENT_TAG in text:
        found.extend((m.start(), m.end(), "sentinel") for m in _SENTINEL_RE.finditer(text))
    if "@" in text:
        found.extend(_emails(text))
    found.extend(_urls(text))
    for hint in _DOMAIN_HINT_RE.finditer(text):
        m = _DOMAIN_RE.match(text, _run_start(text, hint.start(), ".-"))
        if m is not None:
            found.append((m.start(), m.end(), "url"))
    if "#" in text:
        found.extend((m.start(), m.end(), "tag") for m in _TAG_RE.finditer(text))
    if "&" in text:
        found.extend((m.start(), m.end(), "entity") for m in _ENTITY_RE.finditer(text))
    return found


# Characters that end a sentence rather than an address when they close a URL.
_URL_TRAILING = frozenset(".,;:!?…'’)]}*\\")


def _trim_url(url: str) -> str:
    """Return ``url`` without trailing punctuation that belongs to the sentence."""
    end = len(url)
    while end > 0 and url[end - 1] in _URL_TRAILING:
        ch = url[end - 1]
        if ch == ")" and url.count("(", 0, end) >= url.count(")", 0, end):
            break  # balanced parentheses, as in Wikipedia URLs: part of the address
        if ch == "]" and url.count("[", 0, end) >= url.count("]", 0, end):
            break
        end -= 1
    return url[:end]


def _scan(text: str) -> list[tuple[int, int, str]]:
    """Return the sorted, non-overlapping ``(start, end, kind)`` protected spans of ``text``.

    ``kind`` is ``url``, ``email``, ``tag`` or ``sentinel`` (a private-use character of ours
    already in the text).  Where candidates overlap, the one starting first wins (then, at the
    same start: sentinel, e-mail, URL, hashtag), as in one left-to-right regex scan.
    """
    found = _candidates(text)
    if not found:
        return found
    found.sort(key=lambda c: (c[0], _KIND_PRIORITY[c[2]]))
    spans: list[tuple[int, int, str]] = []
    last_end = 0
    for start, end, kind in found:
        if start < last_end:
            continue
        if kind == "url":
            trimmed = start + len(_trim_url(text[start:end]))
            if trimmed - start <= len("www."):
                continue  # a bare "www." is not an address; keep scanning inside it
            spans.append((start, trimmed, kind))
        else:
            spans.append((start, end, kind))
        last_end = end
    return spans


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping ``(start, end)`` ranges of URLs, e-mails and hashtags.

    URLs are ``http://``, ``https://``, ``ftp://``, ``www.`` addresses and bare domains with a
    common top-level domain (``exemple.org/tract``); trailing sentence punctuation is not part
    of an URL.  ``text[start:end]`` is the protected substring.
    """
    return [(s, e) for s, e, kind in _scan(text) if kind != "sentinel"]


def _mask(text: str) -> tuple[str, list[str]]:
    """Return ``text`` with each protected span replaced by one sentinel, and the spans' texts."""
    if not text:
        return text, []
    parts: list[str] = []
    saved: list[str] = []
    pos = 0
    for start, end, kind in _scan(text):
        parts.append(text[pos:start])
        parts.append(_SENT_TAG if kind == "tag" else _SENT_ADDR)
        saved.append(text[start:end])
        pos = end
    if not saved:
        return text, saved
    parts.append(text[pos:])
    return "".join(parts), saved


_SENTINEL_RE = re.compile(f"[{_SENTINELS}]")


def _unmask(text: str, saved: list[str]) -> str:
    """Return ``text`` with the sentinels replaced, in order, by the saved spans."""
    if not saved:
        return text
    it = iter(saved)
    return _SENTINEL_RE.sub(lambda _m: next(it), text)


# --------------------------------------------------------------------------------------------
# Character classes and helpers
# --------------------------------------------------------------------------------------------

_MARKERS = "*\\"  # emphasis markers and escape: transparent for the rules
_OPENING = frozenset("([{«“‘¿¡")
# After these (and letters/digits) a glued ``! ? ;`` gets a narrow no-break space.
_BEFORE_HIGH_PUNCT = frozenset(")]}»”’%€$£°" + _SENT_TAG)
# After these (and letters) a glued ``:`` followed by a space gets a no-break space.
_BEFORE_COLON = frozenset(")]»”" + _SENT_TAG)
_QUOTE_OPENERS = frozenset("([{«“‘—–")


def _prev_index(s: str, i: int) -> int:
    """Return the index of the last visible character before ``i`` (``-1`` if none).

    Emphasis asterisks and backslashes are skipped; an escaped asterisk (``\\*``) is a visible
    character and its index is returned.
    """
    j = i - 1
    while j >= 0 and s[j] in _MARKERS:
        if s[j] == "*" and j > 0 and s[j - 1] == "\\":
            return j
        j -= 1
    return j


def _next_index(s: str, i: int) -> int:
    """Return the index of the first visible character at or after ``i`` (``len(s)`` if none).

    Emphasis asterisks are skipped; an escape ``\\*`` counts as a visible character.
    """
    n = len(s)
    while i < n and s[i] in _MARKERS:
        if s[i] == "\\" and i + 1 < n and s[i + 1] == "*":
            return i
        i += 1
    return i


def _spaced_ok(s: str, i: int) -> bool:
    """Return True if the spaces starting at ``i`` follow a token on the same line.

    That token must not be an opening bracket or quote.
    """
    j = _prev_index(s, i)
    return j >= 0 and not s[j].isspace() and s[j] not in _OPENING


# --------------------------------------------------------------------------------------------
# Rules (each a precompiled regex and, where context matters, a callback)
# --------------------------------------------------------------------------------------------


def _respace(
    t: str, rx: re.Pattern[str], decide: Callable[[str, int, re.Match[str]], str | None]
) -> str:
    """Return ``t`` where, for each match of ``rx``, the spaces/tabs just before it and the
    match itself are replaced by ``decide(t, spaces_start, match)`` unless that returns None.

    ``rx`` should start with a literal or a small class so that the scan is fast.
    """
    parts: list[str] = []
    pos = 0
    for m in rx.finditer(t):
        k = m.start()
        while k > pos and t[k - 1] in " \t":
            k -= 1
        replacement = decide(t, k, m)
        if replacement is None:
            continue
        parts.append(t[pos:k])
        parts.append(replacement)
        pos = m.end()
    if not parts:
        return t
    parts.append(t[pos:])
    return "".join(parts)


_ELLIPSIS_RE = re.compile(r"\.\.\.")

_APOSTROPHE_RE = re.compile("'")


def _apostrophe(m: re.Match[str]) -> str:
    s = m.string
    j = m.start() - 1
    while j >= 0 and s[j] in _MARKERS:
        j -= 1
    return RIGHT_SINGLE_QUOTE if j >= 0 and s[j].isalpha() else "'"


_STRAIGHT_QUOTE_RE = re.compile('"')


def _convert_straight_quotes(t: str) -> str:
    """Return ``t`` with each ``"`` turned into ``«`` or ``»``, decided by position.

    After the start, a space or an opening bracket a quote opens, after anything else it
    closes (unless no quote is open and a word follows: then it opens); a quote with spaces (or the text's ends) on both sides takes the role that
    alternates with the previous quote.
    """
    is_open = False

    def repl(m: re.Match[str]) -> str:
        nonlocal is_open
        j = _prev_index(t, m.start())
        opening_context = j < 0 or t[j].isspace() or t[j] in _QUOTE_OPENERS
        if opening_context:
            k = _next_index(t, m.end())
            if (k >= len(t) or t[k].isspace()) and is_open:
                opening_context = False  # ' " citation " ': the second one closes
        elif not is_open:
            k = _next_index(t, m.end())
            if k < len(t) and not t[k].isspace():
                opening_context = True  # 'color="red"': nothing is open, so this one opens
        is_open = opening_context
        return "«" if opening_context else "»"

    return _STRAIGHT_QUOTE_RE.sub(repl, t)


_GUILLEMET_OPEN_RE = re.compile(r"«([ \t]*)")


def _guillemet_open(m: re.Match[str]) -> str:
    s = m.string
    end = m.end()
    if end >= len(s) or s[end] in "\r\n":
        return m.group()  # at end of text or line: nothing to bind
    if not m.group(1) and s[end].isspace():
        return m.group()  # an existing NBSP/NNBSP (or other special space) is kept
    return "«" + NBSP


_GUILLEMET_CLOSE_RE = re.compile("»")


def _guillemet_close(s: str, k: int, m: re.Match[str]) -> str | None:
    if k == 0 or s[k - 1] in "\r\n":
        return None  # at the start of the text or of a line
    if k == m.start() and s[k - 1].isspace():
        return None  # an existing NBSP/NNBSP (or other special space) is kept
    return NBSP + "»"


_SP = r"[ \t\u00a0\u202f]*"
_TIME = rf"(?:\d{{1,2}}:\d{{2}}|\d{{1,4}}(?:[.,]\d+)?(?:{_SP}[hH](?:{_SP}\d{{2}})?)?)"
# A range is "number-or-time, spaces, hyphen, spaces, number-or-time", with no word character,
# slash, dash, or decimal/time continuation glued on either side (so ISO dates, phone numbers
# and codes like COVID-19 are left alone).  Each candidate hyphen is checked on both sides.
_RANGE_HYPHEN_RE = re.compile(r"-(?=[ \t\u00a0\u202f]*\d)")
_RANGE_LEFT_RE = re.compile(rf"(?<![\w.,:/+\-–]){_TIME}{_SP}\Z")
_RANGE_RIGHT_RE = re.compile(rf"{_SP}{_TIME}(?![\w/\-–]|[.,:]\d)")
_RANGE_LOOKBACK = 32  # longest left-hand side looked at, in characters


def _convert_ranges(t: str) -> str:
    """Return ``t`` with the hyphen of each numeric or time range replaced by an en dash."""
    hyphens = [
        h.start()
        for h in _RANGE_HYPHEN_RE.finditer(t)
        if _RANGE_RIGHT_RE.match(t, h.end())
        and _RANGE_LEFT_RE.search(t, max(0, h.start() - _RANGE_LOOKBACK), h.start())
    ]
    if not hyphens:
        return t
    parts: list[str] = []
    pos = 0
    for i in hyphens:
        parts.append(t[pos:i])
        parts.append(EN_DASH)
        pos = i + 1
    parts.append(t[pos:])
    return "".join(parts)


_SPACED_HYPHEN_RE = re.compile(r"-(?<=[ \t]-)(?=[ \t])")
_DASHES = "-–—"


def _spaced_hyphen(s: str, k: int, m: re.Match[str]) -> str | None:
    if k == 0 or s[k - 1].isspace() or s[k - 1] in _DASHES:
        return None
    e = m.end()
    n = len(s)
    while e < n and s[e] in " \t":
        e += 1
    if e >= n or s[e].isspace() or s[e] in _DASHES:
        return None
    return s[k : m.start()] + EN_DASH


_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
# The lookbehind after the first digit checks the character before the number.
_NUMBER_UNIT_RE = re.compile(
    r"(?P<num>\d(?<![\w.,/\-]\d)\d*(?:[.,]\d+)*(?:er|re|ère|ème|e|ᵉ|ᵉʳ|ʳᵉ)?)(?P<mk>\**)[ \t]+"
    rf"(?=\**(?:(?i:{_MONTHS})|[^\W\d_]{{1,4}}|[€%$£‰°])(?![^\W\d_]))"
)
_NUMERO_RE = re.compile(r"[°º.][ \t]+(?=\**\d)")


def _numero(m: re.Match[str]) -> str:
    """Bind ``n° 3``, ``N° 3``, ``p. 3``, ``pp. 3`` (not ``top. 3``) with a no-break space."""
    s = m.string
    i = m.start()
    if s[i] == ".":
        j = i - 1
        if j >= 1 and s[j] == "p" and s[j - 1] == "p":
            j -= 1
        ok = j >= 0 and s[j] == "p" and (j == 0 or not s[j - 1].isalpha())
    else:
        ok = i >= 1 and s[i - 1] in "nN" and (i == 1 or not s[i - 2].isalpha())
    return s[i] + NBSP if ok else m.group()


_HOUR_MINUTES_RE = re.compile(r"(?<![\w.,])(?P<h>\d{1,2}[ \u00a0\u202f]?h)[ \t]+(?=\d{2}(?!\d))")
_HOUR_HINT_RE = re.compile(r"h[ \t]+\d\d")  # necessary for _HOUR_MINUTES_RE


def _bind_after_groups(m: re.Match[str]) -> str:
    """Return the match's groups followed by a no-break space (the matched spaces dropped)."""
    return "".join(g or "" for g in m.groups()) + NBSP


# A French phone number: ``06 12 34 56 78``, ``02.99.12.34.56``, ``+33 6 12 34 56 78``. Its
# spaces become no-break spaces so that it never breaks across lines (dots and hyphens do not
# break a line anyway). Not a longer run of numbers (a list of figures, a code).
_PHONE_RE = re.compile(
    r"(?<![\w+.,/\-])(?:0\d|\+\d{2,3}[ \t\u00a0\u202f]?(?:\(0\)[ \t\u00a0\u202f]?)?\d)"
    r"(?:[ \t\u00a0\u202f.\-]\d\d){4}(?![\w]|[.,:/\-]\d|[ \t\u00a0\u202f]\d)")
_PHONE_SPACES_RE = re.compile(r"[ \t]")


def _phone(m: re.Match[str]) -> str:
    return _PHONE_SPACES_RE.sub(NBSP, m.group())


_COLON_RE = re.compile(":")


def _colon(s: str, k: int, m: re.Match[str]) -> str | None:
    if k < m.start():  # spaces before the colon
        return NBSP + ":" if _spaced_ok(s, k) else None
    j = _prev_index(s, k)
    if j < 0:
        return None
    c = s[j]
    if not (c.isalpha() or c in _BEFORE_COLON):
        return None
    after = _next_index(s, m.end())
    if after < len(s) and not s[after].isspace():
        return None  # 13:00, mailto:x, a:b
    return NBSP + ":"


_HIGH_PUNCT_RE = re.compile("[!?;][!?;]*")


def _high_punct(s: str, k: int, m: re.Match[str]) -> str | None:
    run = m.group()
    if k < m.start():  # spaces before the run
        return NNBSP + run if _spaced_ok(s, k) else None
    j = _prev_index(s, k)
    if j < 0:
        return None
    c = s[j]
    if c.isalnum() or c in _BEFORE_HIGH_PUNCT or c == "*":  # "*" here is an escaped one
        return NNBSP + run
    return None


def _apply_rules(t: str) -> str:
    """Return the masked text ``t`` with every rule applied once, in a fixed order."""
    if "..." in t:
        t = _ELLIPSIS_RE.sub(ELLIPSIS, t)
    if "'" in t:
        t = _APOSTROPHE_RE.sub(_apostrophe, t)
    if '"' in t:
        t = _convert_straight_quotes(t)
    if "«" in t:
        t = _GUILLEMET_OPEN_RE.sub(_guillemet_open, t)
    if "»" in t:
        t = _respace(t, _GUILLEMET_CLOSE_RE, _guillemet_close)
    if "-" in t:
        t = _convert_ranges(t)
        t = _respace(t, _SPACED_HYPHEN_RE, _spaced_hyphen)
    t = _NUMBER_UNIT_RE.sub(_bind_after_groups, t)
    if "0" in t or "+" in t:
        t = _PHONE_RE.sub(_phone, t)
    if "°" in t or "º" in t or "p." in t:
        t = _NUMERO_RE.sub(_numero, t)
    if _HOUR_HINT_RE.search(t):
        t = _HOUR_MINUTES_RE.sub(_bind_after_groups, t)
    if ":" in t:
        t = _respace(t, _COLON_RE, _colon)
    return _respace(t, _HIGH_PUNCT_RE, _high_punct)


def apply_french_rules(text: str) -> str:
    """Return ``text`` with French typographic spacing and punctuation applied.

    * ``! ? ;`` get a narrow no-break space (U+202F) before them (replacing spaces, or inserted
      after a word); ``:`` gets a no-break space (U+00A0);
    * straight double quotes become ``« … »`` with no-break spaces inside, and existing
      guillemets get them too;
    * ``'`` after a letter becomes ``’``; ``...`` becomes ``…``;
    * a hyphen between two numbers or times becomes an en dash (not in ISO dates or phone
      numbers), as does a spaced hyphen between words;
    * the space after a number followed by a short word, unit or month, after ``n°`` / ``p.``,
      and between ``14 h`` and ``30`` becomes a no-break space;
    * the spaces of a phone number (``06 12 34 56 78``, ``+33 6 12 34 56 78``) become no-break
      spaces: it is never broken across lines.

    URLs, e-mails and hashtags are returned unchanged; existing U+00A0 / U+202F are kept; the
    letters and digits are never changed; ``apply_french_rules(apply_french_rules(t))`` equals
    ``apply_french_rules(t)``.  Intended for layout only, never for rewriting stored text.
    """
    if not text:
        return text
    masked, saved = _mask(text)
    return _unmask(_apply_rules(masked), saved)


# --------------------------------------------------------------------------------------------
# Case
# --------------------------------------------------------------------------------------------


def _upper_same_length(text: str) -> str:
    """Return ``text`` upper-cased character by character, keeping any character whose
    upper-case form is not a single character (``ß``, ``ﬁ``, ``ŉ``…) unchanged."""
    up = text.upper()
    if len(up) == len(text):
        return up
    out = []
    for ch in text:
        u = ch.upper()
        out.append(u if len(u) == 1 else ch)
    return "".join(out)


def upper_fr(text: str) -> str:
    """Return ``text`` in capitals for display, with exactly the same length as ``text``.

    Accents are kept (``é`` → ``É``, ``à`` → ``À``, ``œ`` → ``Œ``, ``æ`` → ``Æ``); ``ß`` stays
    ``ß`` (never ``SS``); any character whose capital would take several characters is kept as
    is, so indexes into the result match indexes into ``text``.  URLs, e-mail addresses and
    hashtags are left exactly as typed.
    """
    spans = protected_spans(text)
    if not spans:
        return _upper_same_length(text)
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(_upper_same_length(text[pos:start]))
        parts.append(text[start:end])
        pos = end
    parts.append(_upper_same_length(text[pos:]))
    return "".join(parts)
