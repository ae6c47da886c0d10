"""The place (``parc du Thabor``, ``salle des fêtes de Bréquigny``, ``devant la mairie``) and
the city (``à Rennes``, ``35000 Rennes``) a sentence names."""

from __future__ import annotations

import re
from functools import lru_cache

from pancarte.event.detect.grammar import _fold, _names

_PLACE_NOUNS = (
    "parc", "place", "salle", "square", "jardin", "jardins", "esplanade", "parvis", "gare",
    "mairie", "hôtel de ville", "maison", "bourse du travail", "mjc", "quai", "rue", "avenue",
    "boulevard", "bd", "cours", "allée", "allées", "halle", "halles", "marché", "stade",
    "gymnase", "théâtre", "cinéma", "médiathèque", "bibliothèque", "centre", "local",
    "préfecture", "sous-préfecture", "rond-point", "pont", "plage", "port", "champ", "carrefour",
    "campus", "université", "faculté", "lycée", "collège", "école", "église", "chapelle", "bar",
    "café", "librairie", "ferme", "bois", "forêt", "lac", "canal", "terrain", "espace", "foyer",
    "auditorium", "amphithéâtre", "amphi", "palais", "cité", "chapiteau", "prairie", "prairies",
    "butte", "colline", "porte", "impasse", "chemin", "route", "centre social",
    "maison de quartier", "salle des fêtes", "salle polyvalente", "maison des associations",
    "maison du peuple", "parvis de la mairie", "parking", "monument", "rectorat", "hôpital",
    "clinique", "tribunal", "usine", "entrepôt", "siège", "agence", "conseil départemental",
    "hôtel de région", "chu", "kiosque", "lavoir", "inspection académique", "hôtel",
)
# Places named with common words only (no capital): kept when written after "à la", "au",
# "devant"…
_STREETS = {"rue", "avenue", "boulevard", "bd", "quai", "impasse", "chemin", "route", "allee",
            "allees", "place", "cours"}


_COMMON_PLACES = (
    "mairie", "gare", "préfecture", "sous-préfecture", "hôtel de ville", "bourse du travail",
    "salle des fêtes", "maison des associations", "maison du peuple", "place de la mairie",
    "place de la gare", "place du marché", "place de l'église", "salle polyvalente",
    "salle municipale", "maison de quartier", "halle", "halles", "médiathèque",
    "maison des syndicats", "salle communale", "parvis de la mairie", "parvis de la gare",
    "esplanade de la gare", "place de la république", "jardin public", "parc municipal",
    "rectorat", "monument aux morts", "tribunal", "hôpital", "conseil départemental",
    "hôtel de région", "local syndical", "chu", "inspection académique",
)
_PLACE_INTRO = re.compile(
    r"(?:(?<![\w])(?:au|aux|à la|a la|à l'|a l'|sur la|sur le|sur l'|devant la|devant le"
    r"|devant l'|devant les|dans la|dans le|dans les|en face de la|en face du|près de la"
    r"|de la|de l'|du"
    r"|près du|rendez-vous|rdv|départ|depart|arrivée|rassemblement)\s*)$", re.IGNORECASE)


_CAP = r"[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒ]"
_NAME = _CAP + r"[\w]*(?:['’\-][\w]+)*"
_CONNECT = re.compile(r"\s+(?:de la|de l['’]|du|des|de|d['’]|aux|au|la|le|les|l['’])\s*",
                      re.IGNORECASE)


# Places often named with common words: "au local de l'union locale", "au parking du stade"
_LOOSE = {"local", "salle", "maison", "parking", "gymnase", "stade", "foyer", "espace",
          "jardin", "parc", "square", "halle", "monument"}


_CITY = re.compile(
    r"(?<![\w])(?:à|a|À)\s+(?P<city>(?:(?:Le|La|Les|Saint|Sainte)[\s\-])?" + _NAME + r")"
    r"(?!\s+" + _CAP + r")(?![\w'’\-])")


_CITY_AFTER = re.compile(r"^\s*(?:,|\(|\u2013|\u2014|-)\s*(?:à\s+)?(?:\d{5}\s+)?"
                         r"(?P<city>(?:(?:Le|La|Les)\s+)?" + _NAME + r")(?=\s*(?:[.,;:!?)\n]|$))")


_POSTCODE = re.compile(r"(?<!\d)\d{5}\s+(?P<city>" + _NAME + r")")
_NOT_CITY = {
    "noel", "paques", "toussaint", "pentecote", "midi", "minuit", "bientot", "demain", "nous",
    "vous", "tous", "toutes", "partir", "la", "le", "les", "l", "il", "elle", "on", "ce",
    "cette", "celles", "ceux", "chacun", "chacune", "propos", "travers", "savoir", "noter",
    "suivre", "lire", "voir", "macron", "dieu", "marie", "paul", "jean", "pierre",
}


@lru_cache(maxsize=1)
def _folded_sets() -> tuple[frozenset[str], frozenset[str]]:
    """The common places and the first words of place nouns, folded."""
    return (frozenset(_fold(c) for c in _COMMON_PLACES),
            frozenset({_fold(n).split()[0] for n in _PLACE_NOUNS} | {"hotel"}))


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern[str]:
    """A place noun (``parc``, ``salle des fêtes``…), folded, the longest first."""
    return re.compile(r"(?<![\w\-])(?:" + "|".join(
        re.escape(_fold(n)) for n in sorted(_PLACE_NOUNS, key=len, reverse=True))
        + r")(?![\w\-])")


def _place(sentence: str, folded: str) -> tuple[str | None, str | None]:
    """The place (``parc du Thabor``) and the city (``Rennes``) a sentence names."""
    place = None
    place_end = -1
    for m in _place_pattern().finditer(folded):  # in reading order, longest noun first
        found = _place_at(sentence, m.start(), m.end())
        if found is not None:
            place, place_end = found
            break
    city = None
    if place is not None:
        after = _CITY_AFTER.match(sentence[place_end:])
        if after and _city_ok(after.group("city")):
            city = after.group("city")
    if city is None:
        for m in _CITY.finditer(sentence):
            name = m.group("city")
            if _city_ok(name) and (place is None or name not in place):
                city = name
                break
    if city is None:
        code = _POSTCODE.search(sentence)
        if code and _city_ok(code.group("city")):
            city = code.group("city")
    return place, city


def _not_a_place(sentence: str, start: int, end: int) -> bool:
    """``sur place``, ``mise en place``, ``à la place de``: the word, not a square."""
    if _fold(sentence[start:end]) != "place":
        return False
    folded_before = _fold(sentence[max(0, start - 30):start])
    if re.search(r"(?:a la|en)\s*$", folded_before):
        return True
    return bool(re.search(r"(?:sur|prendre|sur la)\s*$", folded_before)) and not re.match(
        r"\s+(?:de la|du|des|de l')\s*\w", sentence[end:])


def _place_extent(sentence: str, pos: int) -> tuple[int, bool, int]:
    """Where the name after a place noun ends (``du Thabor``, ``Jean-Vilar``, ``des fêtes de
    Bréquigny``), whether it holds a capitalised name, and how many common words it took."""
    has_name = False
    lower_words = 0
    while True:
        rest = sentence[pos:]
        name = re.match(r"[\s\-]*(" + _NAME + r")", rest)
        if name and not _stop_name(name.group(1)):
            pos += name.end()
            has_name = True
            continue
        conn = _CONNECT.match(rest)
        if conn:
            after = rest[conn.end():]
            name = re.match(_NAME, after)
            if name and not _stop_name(name.group(0)):
                pos += conn.end() + name.end()
                has_name = True
                continue
            word = re.match(r"[a-zàâäçéèêëîïôöùûüœ][\w\-]*", after)
            if word and lower_words == 0 and not has_name and not _stop_word(word.group(0)):
                pos += conn.end() + word.end()
                lower_words += 1
                continue
        break
    return pos, has_name, lower_words


def _place_at(sentence: str, start: int, end: int) -> tuple[str, int] | None:
    """The place named from ``start`` (where a place noun is), and where it ends."""
    before = sentence[max(0, start - 30):start]
    if _not_a_place(sentence, start, end):
        return None
    number = None
    if _fold(sentence[start:end]) in _STREETS:
        number = re.search(r"(?<![hH]\s)(?<![\d,.:hH])(\d{1,4}(?:\s?(?:bis|ter))?,?\s+)$",
                           before)
    begin = start - len(number.group(1)) if number else start
    pos, has_name, lower_words = _place_extent(sentence, end)
    noun_folded = _fold(sentence[start:end])
    intro = _PLACE_INTRO.search(sentence[max(0, start - 30):start]) is not None
    if not has_name and lower_words == 0 and intro and sentence[start].isupper() and \
            not sentence[start:end].isupper():
        # a venue's name: "au Jardin moderne", "à la Maison bleue"
        adjective = re.match(r"\s+([a-zàâäçéèêëîïôöùûüœ][\w\-]{3,})(?=\s*(?:[.,;:!?)]|$))",
                             sentence[pos:])
        if adjective and not _stop_word(adjective.group(1)):
            pos += adjective.end()
            has_name = True
    loose = (not has_name and lower_words == 1 and noun_folded in _LOOSE and intro)
    if loose:  # one adjective that ends the phrase: "de l'union locale."
        adjective = re.match(r"\s+([a-zàâäçéèêëîïôöùûüœ][\w\-]{3,})(?=\s*(?:[.,;:!?)]|$))",
                             sentence[pos:])
        if adjective and not _stop_word(adjective.group(1)):
            pos += adjective.end()
        has_name = True
    text = " ".join(sentence[begin:pos].split())
    noun = text[len(text) - len(" ".join(sentence[start:pos].split())):]
    if not has_name:
        common = _fold(noun)
        if common not in _folded_sets()[0]:
            return None
        if " " not in common and not _PLACE_INTRO.search(sentence[max(0, start - 30):start]):
            return None  # "la gare", "la mairie" alone: only after "devant", "à la"…
    if not has_name and number is None and lower_words == 0 and \
            _fold(noun) in ("place", "salle", "rue", "parc", "centre", "local"):
        return None
    words = text.split(" ")
    # the place noun in lower case: "au Parc du Thabor" gives "parc du Thabor"
    first = words[0] if not number else None
    if first is not None and not first.isupper() and \
            _fold(first) in _folded_sets()[1]:
        words[0] = first.lower()
    text = " ".join(words)
    front = re.search(r"devant\s+(?:la|le|l['’]|les)\s*$", sentence[max(0, start - 20):start],
                      re.IGNORECASE)
    if front:  # "devant la mairie": the place is in front of it
        text = front.group(0).lower() + text
    return text.strip(" ,-"), pos


def _stop_name(word: str) -> bool:
    """Capitalised words that do not continue a place's name (days, months, ``Rendez-vous``)."""
    folded = _fold(word)
    months, days = _names()
    return folded in months or folded in days or folded in {"rendez-vous", "rdv", "a", "et",
                                                                "ou", "puis", "pour", "avec"}


def _stop_word(word: str) -> bool:
    return _fold(word) in {"ville", "journee", "manifestation", "marche", "lutte", "greve",
                           "samedi", "dimanche", "matin", "soir", "apres-midi"}


def _city_ok(name: str) -> bool:
    folded = _fold(name)
    months, days = _names()
    return not (folded in _NOT_CITY or folded in months or folded in days
                or folded.split("-")[0] in _NOT_CITY or len(folded) < 2)
