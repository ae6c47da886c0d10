"""The words of the grammar: text folded to lower case without accents, month and day names
from Babel's French locale, the regular expressions of days and clock times, and the words that
say "come" (a call), "every year" (a general statement) or "it was" (the past)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _fold(text: str) -> str:
    """Lower case without accents, *one character for one*: indexes stay those of ``text``."""
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch == "\u2019":
        return "'"
    base = unicodedata.normalize("NFD", ch)[0] if ch.isalpha() else ch
    low = base.lower()
    return low if len(low) == 1 else base


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """Month names (``janvier``, ``janv``…) → 1–12 and day names → 0–6 (Monday 0), folded."""
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="fr").items():
            months[_fold(str(name)).rstrip(".")] = int(number)
    months.setdefault("sept", 9)
    months.setdefault("fev", 2)
    days = {_fold(str(name)): int(n) for n, name in get_day_names("wide", locale="fr").items()}
    return months, days


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    months, days = _names()
    mon = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    wd = "|".join(sorted(days, key=len, reverse=True))
    num = r"(?:1er|1re|[0-3]?\d)(?!\d)"
    year = r"(?:19|20|21)\d\d(?!\d)"
    side = (r"(?:(?P<{p}wd>" + wd + r")\s+)?(?P<{p}d>" + num + r")")
    month_dot = r"\.?"
    single = (r"(?<![\w,.])(?:(?P<wd>" + wd + r")\s+)?(?P<d>" + num + r")\s+(?P<mo>" + mon
              + r")" + month_dot + r"(?![\w])(?:\s+(?P<y>" + year + r"))?")
    rng = (r"(?<![\w])du\s+" + side.format(p="a") + r"(?:\s+(?P<amo>" + mon + r")" + month_dot
           + r"(?:\s+(?P<ay>" + year + r"))?)?\s+(?:au|jusqu'au)\s+" + side.format(p="b")
           + r"\s+(?P<bmo>" + mon + r")" + month_dot + r"(?![\w])(?:\s+(?P<by>" + year + r"))?")
    pair = (r"(?<![\w])(?:les\s+)?" + side.format(p="a") + r"(?:\s+(?P<amo>" + mon + r"))?"
            + month_dot + r"\s+et\s+" + side.format(p="b") + r"\s+(?P<bmo>" + mon + r")"
            + month_dot + r"(?![\w])(?:\s+(?P<by>" + year + r"))?")
    numeric = (r"(?<![\w/.,])(?:(?P<wd>" + wd + r")\s+)?(?:(?P<le>le)\s+)?(?P<d>[0-3]?\d)[/.](?P<mo>[01]?\d)"
               r"(?:[/.](?P<y>(?:19|20|21)?\d\d))?(?![\w/.,]|\.\d)")
    clock = (r"(?:(?P<{p}h>[0-2]?\d)\s*(?:h|heures?)(?:\s*(?P<{p}m>[0-5]\d))?(?![\w])"
             r"|(?P<{p}hh>[0-2]?\d):(?P<{p}mm>[0-5]\d)(?![\d:])|(?P<{p}noon>midi|minuit)(?![\w]))")
    return {
        "single": re.compile(single),
        "range": re.compile(rng),
        "pair": re.compile(pair),
        "numeric": re.compile(numeric),
        "relative": re.compile(r"(?<![\w])(?:(?P<this>ce|cette)\s+(?P<wd>" + wd + r")"
                               r"|(?P<wd2>" + wd + r")\s+prochain)(?![\w])(?!\s+(?:" + num
                               + r"))"),
        "time_range": re.compile(
            r"(?:(?<![\w])(?P<kw>de|entre)\s+)?" + clock.format(p="a")
            + r"\s*(?:-|\u2013|\u2014|/|>|a|et|jusqu'a)\s*" + clock.format(p="b")),
        "time": re.compile(r"(?:(?<![\w'])(?P<kw>des|a partir de|jusqu'a|vers|a)\s+)?"
                           + clock.format(p="a")),
        "programme": re.compile(r"^\s*(?:[\u2022\-\u2013\u2014*\u00b7>]\s*)?" + clock.format(p="a")
                                + r"(?:\s*(?:-|\u2013|\u2014|/|a)\s*" + clock.format(p="b")
                                + r")?\s*(?P<sep>:|\u2013|\u2014|-|>|\.)\s*(?P<label>\S.*)$"),
    }


# Words that say "come": the date is an event's, not one quoted in passing.
_CALL = re.compile(
    r"(?<![\w])(?:rendez-vous|rdv|rassembl|manifest|marche|greve|mobilis|rejoign|venez|viens"
    r"|aura lieu|auront lieu|se tiendra|se deroulera|organis|reunion|assemblee|fete|festival"
    r"|concert|pique-nique|projection|debat|conference|atelier|permanence|depart|cortege"
    r"|vous attend|retrouv|soiree|portes ouvertes|repas|banquet|braderie|vide-grenier"
    r"|tractage|meeting|veillee|chaine humaine|on compte sur|soyons|venir|inscri|accueil"
    r"|occupation|randonnee|balade|velorution|apero|bal|spectacle|exposition|expo|salon"
    r"|forum|stage|formation|collecte|distribution|journee d'action|nous serons|nous appelons"
    r"|appel)")


# Words that say "this is history or a general statement", not an invitation.
_GENERAL = re.compile(
    r"(?<![\w])(?:chaque annee|chaque|tous les ans|tous les mois|depuis|anniversaire|commemor"
    r"|est une journee|est un jour|ferie|journee internationale|journee mondiale|fete du travail"
    r"|dernier|derniere|l'an passe|il y a|en souvenir|historique|avant le|au plus tard"
    r"|date limite)(?![\w])")


_PAST = re.compile(
    r"(?<![\w])(?:a ete|ont ete|avait|avaient|etait|etaient|fut|furent|avons|ont|eurent"
    r"|\w+erent|\w+aient|(?!(?:fait|parfait|souhait|extrait|portrait|attrait)(?![\w]))\w{2,}ait)"
    r"(?![\w])")


_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[«\"(\[]?\s*[A-ZÀ-ÝŒ0-9])")


def _words(folded: str) -> tuple[int, int, bool]:
    call = 2 if _CALL.search(folded) else 0
    general = 3 if _GENERAL.search(folded) else 0
    past = bool(_PAST.search(folded))
    return call, general, past
