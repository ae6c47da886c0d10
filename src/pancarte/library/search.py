"""User queries into safe FTS5 queries.

Whatever the user types — quotes, ``-``, ``AND``, ``NEAR(``, a lone ``*`` — becomes a query
that FTS5 accepts: every word is quoted, so no operator survives. What we keep of the usual
search habits: ``"a phrase"``, ``-word`` to exclude, ``word*`` for a prefix; the last word is a
prefix anyway (the user may still be typing it) when it has two letters or more. Accents and
case are the tokenizer's business (``unicode61 remove_diacritics 2``).

French stop words (``le``, ``des``, ``à``…) are left out of a query that has other words:
they match nearly every tract, so they would only slow the search down and blur its ranking.
Inside a ``"phrase"`` they stay.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TERMS = 16
MAX_QUERY = 500  # characters of a query that are looked at

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")

STOP_WORDS = frozenset("""
a à au aux avec c ce ces cet cette d dans de des du elle elles en est et il ils j je l la le
les leur leurs lui m ma mais me mes mon n ne nos notre nous on ou où par pas pour qu que qui s
sa se ses son sont sur t ta te tes toi ton tu un une vos votre vous y
""".split())


def _key(word: str) -> str:
    """``word`` as the tokenizer sees it: lower case, without accents."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _phrase(words: list[str], prefix: bool = False) -> str:
    quoted = '"' + " ".join(words).replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression for ``query``, or None when it holds no word to look for
    (``*``, ``"``, ``-``, only excluded words…)."""
    text = unicodedata.normalize("NFC", query[:MAX_QUERY])
    positive: list[str] = []
    negative: list[str] = []
    stop: list[bool] = []  # positive[i] is a lone stop word
    last_plain: int | None = None  # index in positive of the last bare word
    for m in _TOKEN.finditer(text):
        if m.group(2) is not None:  # "a phrase"
            words = _WORD.findall(m.group(2))
            if words:
                (negative if m.group(1) else positive).append(_phrase(words))
                if not m.group(1):
                    stop.append(False)
                    last_plain = None
            continue
        token = m.group(4)
        words = _WORD.findall(token)
        if not words:
            continue
        star = token.endswith("*")
        if m.group(3):  # -word: exclude
            negative.append(_phrase(words, prefix=star))
            continue
        positive.append(_phrase(words, prefix=star))
        stop.append(len(words) == 1 and _key(words[0]) in STOP_WORDS)
        last_plain = len(positive) - 1
    if last_plain is not None and last_plain == len(positive) - 1:
        term = positive[last_plain]
        if not term.endswith("*") and len(term) >= 4 and not stop[last_plain]:  # 2+ letters
            positive[last_plain] = term + "*"
    if not all(stop):
        positive = [t for t, is_stop in zip(positive, stop, strict=True) if not is_stop]
    positive = positive[:MAX_TERMS]
    negative = negative[:MAX_TERMS]
    if not positive:
        return None
    expr = " ".join(positive)
    for neg in negative:
        expr += " NOT " + neg
    return expr
