"""The event written in a tract's text: ``samedi 25 mai de 13h à 18h au parc du Thabor``.

:func:`find_events` reads French dates, times and places as groups write them and returns the
events it finds, best first; :func:`tract_events` does it for a library tract, with the day
the tract was imported as "today" (the year of ``samedi 25 mai`` is the one in which the 25th
of May is a Saturday, nearest to that day).

It is a small grammar of its own (regular expressions over an accent-free, lower-case copy
of the text, month and day names from Babel's French locale), not a general date parser:
a tract mentions many dates and times that are not the event (``25 mai 1968`` in a history
paragraph, ``3,7 %``, ``le 1er mai est une journée de lutte``), so every candidate is weighed
by the evidence around it — a weekday that matches, a time, a place, a call to come — and
only those with enough evidence are kept. Plain data, no Qt, no file format.

``dateparser`` was measured on the same table of sentences (``search_dates``, French, the
same import day): it returned a date for 50 of the 52 sentences that announce nothing, its
first date was the event's start for 27 of 84 events, it reads no place, no range of days and
no programme, and it takes 0.7 s to import. Hence this grammar.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pancarte.event.model import Event

MAX_TEXT = 400  # characters of the sentence kept in ``FoundEvent.text``
MAX_INPUT = 400_000  # characters read from a text (a long tract is 15,000)
HISTORY = timedelta(days=7)  # an explicit date further in the past is history, not an event
MIN_EVIDENCE = 2
MAX_EVENTS = 20
MAX_SENTENCE = 1_500  # characters read at once: a longer "sentence" is read in chunks
MAX_MENTIONS = 500


@dataclass(frozen=True)
class FoundEvent:
    """An event read in a text: naive local times (the tract's own wall clock).

    All-day events have ``start`` (and ``end``, the last day, inclusive) at midnight.
    ``year_guessed`` is True when the text gave no year."""

    start: datetime
    end: datetime | None
    all_day: bool
    place: str | None
    city: str | None
    year_guessed: bool
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(timespec="seconds"),
            "end": self.end.isoformat(timespec="seconds") if self.end is not None else None,
            "all_day": self.all_day,
            "place": self.place,
            "city": self.city,
            "year_guessed": self.year_guessed,
            "text": self.text,
        }

    def to_event(self, tz: tzinfo | None = None) -> Event:
        """The :class:`~pancarte.event.model.Event` the fill code words: times in ``tz``
        (default: the system's zone), the place as the place and the city as its address."""
        from pancarte.event.model import Event

        if self.all_day:
            start: date | datetime = self.start.date()
            end: date | datetime | None = self.end.date() if self.end is not None else None
        else:
            if tz is None:
                from pancarte.event.zones import system_zone

                tz = system_zone()
            start = self.start.replace(tzinfo=tz)
            end = self.end.replace(tzinfo=tz) if self.end is not None else None
        return Event(start=start, end=end, place=self.place or "", address=self.city or "")

    def describe(self, lang: str = "fr") -> str:
        """One line for a list: ``samedi 25 mai, 13 h – 18 h, parc du Thabor, Rennes``."""
        from pancarte.event.wording import EN_DASH, clock, day, day_range

        if self.all_day and self.end is not None and self.end.date() > self.start.date():
            parts = [day_range(self.start.date(), self.end.date(), lang)]
        else:
            parts = [day(self.start.date(), lang, year=not self.year_guessed)]
        if not self.all_day:
            when = clock(self.start.time(), lang)
            if self.end is not None:
                when += f" {EN_DASH} " + clock(self.end.time(), lang)
            parts.append(when)
        parts += [p for p in (self.place, self.city) if p]
        return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# Vocabulary


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
def _folded_sets() -> tuple[frozenset[str], frozenset[str]]:
    """The common places and the first words of place nouns, folded."""
    return (frozenset(_fold(c) for c in _COMMON_PLACES),
            frozenset({_fold(n).split()[0] for n in _PLACE_NOUNS} | {"hotel"}))


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
        "place": re.compile(r"(?<![\w\-])(?:" + "|".join(
            re.escape(_fold(n)) for n in sorted(_PLACE_NOUNS, key=len, reverse=True))
            + r")(?![\w\-])"),
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
_END_WORDS = re.compile(r"^(?:fin|cloture|dispersion|rangement|au revoir|fermeture)(?![\w])")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[«\"(\[]?\s*[A-ZÀ-ÝŒ0-9])")


# --------------------------------------------------------------------------------------------
# Finding


@dataclass
class _Mention:
    """A date written in the text, before its evidence is weighed."""

    pos: int  # in the whole text
    end_pos: int
    first: date
    last: date | None  # a range of days
    year_guessed: bool
    weekday: bool | None  # True: a weekday that matches; False: one that does not
    explicit_year: bool
    sentence: str
    start_time: time | None = None
    end_time: time | None = None
    place: str | None = None
    city: str | None = None
    evidence: int = 0
    past: bool = False
    programme: list[tuple[time, time | None, str]] = field(default_factory=list)


def find_events(text: str, today: date | None = None) -> list[FoundEvent]:
    """The events ``text`` announces, best first (at most :data:`MAX_EVENTS`)."""
    today = today or date.today()
    text = text[:MAX_INPUT]
    mentions: list[_Mention] = []
    programme: list[tuple[int, time, time | None, str]] = []
    offset = 0
    for block in re.split(r"\n\s*\n", text):
        start = text.find(block, offset)
        offset = start + len(block)
        lines = block.split("\n")
        line_pos = start
        prose: list[tuple[int, str]] = []
        for line in lines:
            item = _programme_line(line)
            if item is not None and len(programme) < MAX_MENTIONS:
                programme.append((line_pos, *item))
            else:
                prose.append((line_pos, line))
            line_pos += len(line) + 1
        if len(mentions) < MAX_MENTIONS:
            mentions += _block_mentions(prose, today)
    _same_day(mentions)
    _attach_programme(mentions, programme)
    kept = [m for m in mentions if not m.past and _score(m) >= MIN_EVIDENCE]
    return [_found(m) for m in _merge(kept)][:MAX_EVENTS]


def tract_events(tract: Any) -> list[FoundEvent]:
    """The events a library tract announces, best first, with the day it was imported as
    today. Quotes are left out (someone else's words, often history); debris too."""
    lines: list[str] = []
    for block in tract.blocks:
        if block.debris or block.kind == "quote":
            continue
        if block.kind == "list":
            lines.append("\n".join(" ".join(item.split()) for item in block.items))
        else:
            lines.append(block.text)
    return find_events("\n\n".join(lines), today=import_day(tract))


_URL = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s<>«»\"]+", re.IGNORECASE)


def text_url(text: str) -> str | None:
    """The first web address of ``text`` (``https://…`` or ``www.…``), without the
    punctuation that ends its sentence; None when there is none."""
    for m in _URL.finditer(text[:MAX_INPUT]):
        url = m.group(0).rstrip(".,;:!?)]}\u2026'’")
        if "." not in url.split("//", 1)[-1]:
            continue
        return url if url.lower().startswith("http") else "https://" + url
    return None


def tract_url(tract: Any) -> str | None:
    """The first web address a tract gives (often in its contact line)."""
    for block in tract.blocks:
        if block.debris:
            continue
        for text in block.strings():
            url = text_url(text)
            if url:
                return url
    return None


def import_day(tract: Any) -> date:
    """The day a tract entered the library (its ``created`` time), else today."""
    created = getattr(tract, "created", "") or ""
    try:
        return datetime.fromisoformat(created.replace("Z", "+00:00")).date()
    except ValueError:
        return date.today()


def _programme_line(line: str) -> tuple[time, time | None, str] | None:
    """``13h : accueil`` → (13:00, None, "accueil"); ``17h-19h – concert`` gives an end."""
    folded = _fold(line)
    m = _patterns()["programme"].match(folded)
    if m is None or len(line) > 300:
        return None
    start = _clock(m, "a")
    if start is None:
        return None
    end = _clock(m, "b") if (m.group("bh") or m.group("bhh") or m.group("bnoon")) else None
    if m.group("sep") == "." and not line.lstrip().startswith(("•", "-", "–", "—", "*", "·")):
        return None
    return start, end, line[m.start("label"):].strip()


def _block_mentions(lines: list[tuple[int, str]], today: date) -> list[_Mention]:
    """The dated mentions of one paragraph, each with the times and place of its sentence
    (or of the next sentence of the paragraph, when that one gives no date of its own)."""
    sentences: list[tuple[int, str]] = []
    for pos, line in lines:
        cursor = 0
        for part in _SENTENCE.split(line):
            at = line.find(part, cursor)
            cursor = at + len(part)
            while len(part) > MAX_SENTENCE:  # no sentence is that long: chunks, at spaces
                cut = part.rfind(" ", 0, MAX_SENTENCE)
                cut = cut if cut > 0 else MAX_SENTENCE
                sentences.append((pos + at, part[:cut]))
                part, at = part[cut:], at + cut
            if part.strip():
                sentences.append((pos + at, part))
    out: list[_Mention] = []
    previous: list[_Mention] = []
    for pos, sentence in sentences:
        folded = _fold(sentence)
        dates = _dates(folded, sentence, pos, today)
        times = _times(folded)
        place, city = _place(sentence, folded)
        if not dates:
            extra = _words(folded)[0] if previous else 0
            # a sentence that follows the date's: "Rendez-vous à 14 h place de la Mairie."
            for m in previous:
                if m.start_time is None and times:
                    m.start_time, m.end_time = times[0][1], times[0][2]
                    m.sentence += " " + sentence.strip()
                if m.place is None and place:
                    m.place = place
                    if sentence.strip() not in m.sentence:
                        m.sentence += " " + sentence.strip()
                if m.city is None and city:
                    m.city = city
                m.evidence += extra
            previous = []
            continue
        call, general, past = _words(folded)
        for i, m in enumerate(dates):
            # the times between this date and the next belong to it (those before the first
            # date, to the first)
            lo = m.pos - pos if i else -1
            hi = dates[i + 1].pos - pos if i + 1 < len(dates) else len(sentence) + 1
            mine = [t for t in times if lo <= t[0] < hi and not (m.pos - pos <= t[0] < m.end_pos - pos)]
            if mine:
                m.start_time, m.end_time = mine[0][1], mine[0][2]
            m.place, m.city = place, city
            m.evidence += call - general
            m.past = m.past or (past and not m.weekday and m.start_time is None)
        out += dates
        previous = dates
    return out


def _words(folded: str) -> tuple[int, int, bool]:
    call = 2 if _CALL.search(folded) else 0
    general = 3 if _GENERAL.search(folded) else 0
    past = bool(_PAST.search(folded))
    return call, general, past


def _dates(folded: str, sentence: str, pos: int, today: date) -> list[_Mention]:
    """The days a sentence writes: ranges first, then single days, then ``samedi prochain``."""
    pats = _patterns()
    taken: list[tuple[int, int]] = []
    found: list[_Mention] = []
    for kind in ("range", "pair", "single", "numeric", "relative"):
        for m in pats[kind].finditer(folded):
            if not all(m.end() <= x or m.start() >= y for x, y in taken):
                continue
            read = _read_days(m, kind, today)
            if read is None:
                continue
            first, last, guessed, weekday, year_text = read
            taken.append((m.start(), m.end()))
            found.append(_mention(m, pos, sentence, first, last, guessed, weekday, year_text,
                                  today))
    found.sort(key=lambda x: x.pos)
    return found


_Days = tuple[date, "date | None", bool, "bool | None", "str | None"]


def _read_days(m: re.Match[str], kind: str, today: date) -> _Days | None:
    """First day, last day (ranges), year guessed, weekday matching, year as written."""
    if kind in ("range", "pair"):
        return _range_days(m, kind, today)
    _months, days = _names()
    if kind == "relative":  # "samedi prochain", "ce samedi"
        weekday = days[m.group("wd") or m.group("wd2")]
        ahead = (weekday - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead), None, True, True, None
    if kind == "numeric" and not (m.group("y") or m.group("wd") or m.group("le")):
        return None  # "3/4", "12.5": only a weekday, a year or "le 8/06" make it a date
    year_text = m.group("y")
    if year_text and len(year_text) == 2:
        year_text = "20" + year_text
    month = _months[m.group("mo")] if kind == "single" else int(m.group("mo"))
    if not 1 <= month <= 12:
        return None
    resolved = _resolve(_day_number(m.group("d")), month, year_text,
                        days.get(m.group("wd") or ""), today)
    if resolved is None:
        return None
    day0, guessed, wd_ok = resolved
    return day0, None, guessed, wd_ok, year_text


def _range_days(m: re.Match[str], kind: str, today: date) -> _Days | None:
    """``du 2 au 6 septembre``, ``les 8 et 9 juin``: at most 60 days."""
    months, days = _names()
    bmo = months[m.group("bmo")]
    amo = months[m.group("amo")] if m.group("amo") else bmo
    year_text = m.group("by") or (m.group("ay") if kind == "range" else None)
    a_day, b_day = _day_number(m.group("ad")), _day_number(m.group("bd"))
    wd = m.group("awd") or m.group("bwd")
    wd_day = (a_day, amo) if m.group("awd") else (b_day, bmo)
    first = _resolve(a_day, amo, year_text, days.get(wd or ""), today,
                     weekday_of=None if wd is None else wd_day, other=(b_day, bmo))
    if first is None:
        return None
    day0, guessed, wd_ok = first
    try:
        last = date(day0.year + (1 if bmo < amo else 0), bmo, b_day)
    except ValueError:
        return None
    if m.group("by") and (kind == "pair" or m.group("ay") is None) and bmo < amo:
        day0 = day0.replace(year=day0.year - 1)  # "du 28 décembre au 3 janvier 2025"
        last = last.replace(year=last.year - 1)
    if not last > day0 or (last - day0).days > 60:
        return None
    return day0, last, guessed, wd_ok, year_text


def _mention(m: re.Match[str], pos: int, sentence: str, first: date, last: date | None,
             guessed: bool, weekday: bool | None, year_text: str | None,
             today: date) -> _Mention:
    tail = _fold(sentence[m.end():m.end() + 12])
    past = (last or first) < today - HISTORY and not guessed
    if re.match(r"\s*(?:dernier|derniere)(?![\w])", tail):
        past = True
    evidence = {True: 2, False: -1, None: 0}[weekday] + (1 if year_text else 0)
    evidence += 1 if first >= today else -2
    return _Mention(pos=pos + m.start(), end_pos=pos + m.end(), first=first, last=last,
                    year_guessed=guessed, weekday=weekday, explicit_year=bool(year_text),
                    sentence=sentence.strip(), evidence=evidence, past=past)


def _day_number(text: str) -> int:
    return 1 if text in ("1er", "1re") else int(text)


def _resolve(day_n: int, month: int, year_text: str | None, weekday: int | None, today: date,
             weekday_of: tuple[int, int] | None = None, other: tuple[int, int] | None = None,
             ) -> tuple[date, bool, bool | None] | None:
    """The date, whether its year is guessed, and whether its weekday matches (None: no
    weekday written). ``weekday_of`` is the (day, month) the weekday was written with, when
    it is not the first day of a range."""
    wd_day, wd_month = weekday_of or (day_n, month)
    if year_text:
        try:
            found = date(int(year_text), month, day_n)
            check = date(int(year_text) + (1 if wd_month < month else 0), wd_month, wd_day)
        except ValueError:
            return None
        return found, False, None if weekday is None else check.weekday() == weekday
    offset = 0 if wd_month >= month else 1
    if weekday is not None:
        best: date | None = None
        for year in range(today.year - 6, today.year + 7):
            try:
                check = date(year + offset, wd_month, wd_day)
                candidate = date(year, month, day_n)
            except ValueError:
                continue
            if check.weekday() != weekday:
                continue
            if best is None or (abs((candidate - today).days), candidate < today) < (
                    abs((best - today).days), best < today):
                best = candidate
        if best is not None:
            return best, True, True
    for year in range(today.year, today.year + 9):  # the next occurrence (29 February…)
        try:
            candidate = date(year, month, day_n)
        except ValueError:
            continue
        end_day = candidate
        if other is not None:
            try:
                end_day = date(year + (1 if other[1] < month else 0), other[1], other[0])
            except ValueError:
                pass
        if end_day >= today:
            return candidate, True, None if weekday is None else False
    return None


def _clock(m: re.Match[str], p: str) -> time | None:
    noon = m.group(p + "noon")
    if noon:
        return time(12) if noon == "midi" else time(0)
    hour = m.group(p + "h") or m.group(p + "hh")
    minute = m.group(p + "m") or m.group(p + "mm") or "0"
    if hour is None:
        return None
    h, mi = int(hour), int(minute)
    if h == 24 and mi == 0:
        return time(0)
    if h > 23 or mi > 59:
        return None
    return time(h, mi)


def _times(folded: str) -> list[tuple[int, time, time | None]]:
    """The times of a sentence: (position, start, end). ``de 13h à 18h``, ``13h-18h``,
    ``dès 13h``, ``à partir de 18 h 30``, ``jusqu'à 18h`` (an end only)."""
    pats = _patterns()
    out: list[tuple[int, time, time | None]] = []
    until: list[time] = []
    taken: list[tuple[int, int]] = []
    for m in pats["time_range"].finditer(folded):
        a, b = _clock(m, "a"), _clock(m, "b")
        if a is None or b is None or a == b:
            continue
        if _duration(folded, m.end()):
            continue
        out.append((m.start(), a, b))
        taken.append((m.start(), m.end()))
    for m in pats["time"].finditer(folded):
        if any(x <= m.start() < y for x, y in taken):
            continue
        a = _clock(m, "a")
        if a is None or _duration(folded, m.end()) or _after_number(folded, m.start()):
            continue
        if m.group("kw") == "jusqu'a":
            until.append(a)
            continue
        out.append((m.start(), a, None))
    out.sort()
    if until and out and out[0][2] is None and until[0] != out[0][1]:
        out[0] = (out[0][0], out[0][1], until[0])
    out.sort()
    return out


def _duration(folded: str, end: int) -> bool:
    """``3 h de marche``, ``2 heures de débat``: a length of time, not a clock time."""
    return bool(re.match(r"\s*(?:de|d')\s*(?:marche|route|trajet|voyage|debat|discussion"
                         r"|greve|travail|attente|bouchon|queue|film|spectacle|concert"
                         r"|musique|lecture|formation|sommeil|repos|retard)", folded[end:]))


def _after_number(folded: str, start: int) -> bool:
    """``3,7 h``: a measure, not a time."""
    return bool(re.search(r"\d[,.]$", folded[:start]))


def _place(sentence: str, folded: str) -> tuple[str | None, str | None]:
    """The place (``parc du Thabor``) and the city (``Rennes``) a sentence names."""
    place = None
    place_end = -1
    for m in _patterns()["place"].finditer(folded):  # in reading order, longest noun first
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


def _same_day(mentions: list[_Mention]) -> None:
    """``le 25 mai`` in a text that says ``samedi 25 mai`` elsewhere is that Saturday: a
    day written without weekday nor year takes the year of the same day written with one."""
    known = {(m.first.month, m.first.day): m.first for m in mentions
             if m.last is None and (m.weekday or m.explicit_year)}
    for m in mentions:
        if m.last is None and m.weekday is None and not m.explicit_year:
            day = known.get((m.first.month, m.first.day))
            if day is not None and day != m.first:
                m.first = day


def _attach_programme(mentions: list[_Mention],
                      programme: list[tuple[int, time, time | None, str]]) -> None:
    """Programme lines (``13h : accueil``) refine the day they follow: the first gives the
    start when the text gave none; a range or a closing line (``18h : fin``) gives the end."""
    if not mentions or not programme:
        return
    for pos, start, end, label in programme:
        # the nearest day written before, unless it is plainly not an event's ("le 1er mai
        # est une journée de lutte")
        before = [m for m in mentions if m.pos < pos and m.last is None and not m.past
                  and _score(m) >= MIN_EVIDENCE - 2]
        if not before:
            continue
        before[-1].programme.append((start, end, label))
    for m in mentions:
        if not m.programme:
            continue
        starts = [s for s, _e, _l in m.programme]
        ends = [e for _s, e, _l in m.programme if e is not None]
        ends += [s for s, _e, label in m.programme if _END_WORDS.match(_fold(label))]
        m.evidence += 1
        if m.start_time is None:
            m.start_time = min(starts)
            m.evidence += 1
        if m.end_time is None and ends and max(ends) > m.start_time:
            m.end_time = max(ends)


def _score(m: _Mention) -> int:
    score = m.evidence
    if m.start_time is not None:
        score += 2
    if m.place:
        score += 1
    if m.city:
        score += 1
    return score


def _merge(mentions: list[_Mention]) -> list[_Mention]:
    """One event per day, the best-evidenced mention first with what the others add (the
    title's ``Samedi 25 mai`` and the paragraph's ``de 13h à 18h au parc du Thabor``)."""
    by_day: dict[tuple[date, date | None], list[_Mention]] = {}
    for m in mentions:
        by_day.setdefault((m.first, m.last), []).append(m)
    merged: list[tuple[int, int, _Mention]] = []
    for group in by_day.values():
        group.sort(key=lambda x: (-_score(x), x.pos))
        best = group[0]
        score = _score(best)
        for other in group[1:]:
            if best.start_time is None and other.start_time is not None:
                best.start_time, best.end_time = other.start_time, other.end_time
            if best.end_time is None and other.end_time is not None and \
                    best.start_time is not None and other.end_time > best.start_time and \
                    other.start_time in (None, best.start_time):
                best.end_time = other.end_time
            if best.place is None and other.place:
                best.place = other.place
            if best.city is None and other.city:
                best.city = other.city
        score = max(score, _score(best)) + len(group) - 1
        merged.append((score, min(x.pos for x in group), best))
    merged.sort(key=lambda x: (-x[0], x[1]))
    return [m for _s, _p, m in merged]


def _found(m: _Mention) -> FoundEvent:
    text = " ".join(m.sentence.split())
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT - 1].rsplit(" ", 1)[0] + "…"
    if m.last is not None and m.start_time is None:
        return FoundEvent(datetime.combine(m.first, time(0)), datetime.combine(m.last, time(0)),
                          True, m.place, m.city, m.year_guessed, text)
    if m.start_time is None:
        return FoundEvent(datetime.combine(m.first, time(0)), None, True, m.place, m.city,
                          m.year_guessed, text)
    start = datetime.combine(m.first, m.start_time)
    end = None
    if m.end_time is not None:
        end = datetime.combine(m.last or m.first, m.end_time)
        if end <= start:
            end += timedelta(days=1)
            if end - start > timedelta(hours=12):
                end = None
    return FoundEvent(start, end, False, m.place, m.city, m.year_guessed, text)


__all__ = ["FoundEvent", "find_events", "import_day", "text_url", "tract_events", "tract_url"]
