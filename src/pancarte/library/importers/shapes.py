"""Line shapes: the patterns tracts are written with (bullets, dashes, numbers, rules, times,
contact lines, web-page debris, quotes) and the tests built on them."""

from __future__ import annotations

import re

SP = " \t\u00a0\u202f"  # spaces that may follow a marker
BULLET = re.compile(r"[ \t]*([•·▪◦‣●○■□➢➤►▸→✓✔*+]|-(?!-))[ \t\u00a0\u202f]+(?=\S)")
DASH = re.compile(r"[ \t]*(-{2,}|—|–)[ \t\u00a0\u202f]*(?=[^\s—–-])")
NUMBER = re.compile(
    r"[ \t]*((\d{1,3})(?:[.)]|[ \t\u00a0\u202f]*[–—-](?![–—-])))[ \t\u00a0\u202f]+(?=\S)")
RULE = re.compile(r"[ \t]*([-=_*~]{3,}|(?:[-*_][ \t]+){2,}[-*_])[ \t]*")
TIME = re.compile(
    r"\b\d{1,2}[ \u00a0\u202f]?(?:h(?:eures?)?|H)(?:[ \u00a0\u202f]?\d{2})?\b|\b\d{1,2}:\d{2}\b")
_TERMINAL = ".,;:!?…»”\"'’)]"
OPEN_QUOTES = "«“\"„"
_CLOSE_QUOTES = "»”\""

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_URL = (r"(?:https?://|www\.)[^\s<>«»]+"
        r"|\b[\w-]+(?:\.[\w-]+)*\.(?:org|fr|com|net|info|eu|be|ch|ca|io|coop|asso\.fr)\b(?:/\S*)?")
_PHONE = r"(?:\+\d{2,3}[ .\u00a0]?(?:\(0\)[ .\u00a0]?)?|\b0)[1-9](?:[ .\-\u00a0]?\d{2}){4}\b"
_CONTACT_ANY = re.compile(f"{_EMAIL}|{_URL}|{_PHONE}", re.I)
CONTACT_LABEL = re.compile(
    r"(?:contacts?|courriel|e-?mail|mail|m[ée]l|t[ée]l(?:[ée]phone)?|portable|site(?: web| internet)?"
    r"|web|internet|facebook|instagram|mastodon|twitter|bluesky|signal|telegram|whatsapp"
    r"|permanences?|adresse|infos?|renseignements|plus d['’]infos?|écrivez-nous|[ée]crire"
    r"|pour nous (?:joindre|contacter|écrire|rejoindre))\.?[ \t\u00a0\u202f]*:", re.I)

_DEBRIS_WORDS = (
    r"retour en haut(?: de (?:la )?page)?|haut de (?:la )?page|remonter|"
    r"partager(?: (?:cet article|cette page|l['’]article|sur [\w ]+))?|"
    r"(?:à )?lire aussi|lire la suite|lire plus|voir aussi|sur le même (?:sujet|thème)|"
    r"articles? similaires|imprimer(?: (?:cet article|cette page|la page|l['’]article))?|"
    r"version imprimable|envoyer (?:à un ami|par (?:e-?mail|courriel))|tweeter|j['’]aime|"
    r"commenter|laisser un commentaire|\d+ commentaires?|s['’]abonner|"
    r"abonnez-vous(?: à (?:la|notre) (?:newsletter|lettre d['’]information))?|"
    r"inscrivez-vous à (?:la|notre) newsletter|newsletter|"
    r"mentions légales|politique de confidentialité|plan du site|tous droits réservés|"
    r"aller au contenu(?: principal)?|passer au contenu|back to top|share|print|read more|"
    r"skip to content"
)
_DEBRIS = re.compile(rf"[\W_]*(?:{_DEBRIS_WORDS})(?:[ \t\u00a0]*[:>›»|].*)?[\W_]*", re.I)
_SHARE_BAR = re.compile(
    r"(?:(?:partager|facebook|twitter|x|linkedin|mastodon|whatsapp|telegram|bluesky|e-?mail"
    r"|imprimer|courriel)[\s|·•/,\u00a0]*){2,}", re.I)
_BREADCRUMB = re.compile(r"(?:accueil|home)[ \t\u00a0]*[>›/»].*", re.I)
_COOKIE = re.compile(r"cookie", re.I)
_COOKIE_CONTEXT = re.compile(
    r"accept|consent|param[èée]tr|traceur|navigat|ce site|notre site|this site|this website",
    re.I)


def is_debris(line: str) -> bool:
    """A line left over from a web page: ``Retour en haut``, ``Partager``, ``Lire aussi : …``,
    a share bar, a breadcrumb, a cookie notice, a copyright line."""
    s = line.strip()
    if not s or len(s) > 400:
        return False
    if _DEBRIS.fullmatch(s) or _SHARE_BAR.fullmatch(s) or _BREADCRUMB.fullmatch(s):
        return True
    if s.startswith("©") or s.lower().startswith("copyright"):
        return True
    return bool(_COOKIE.search(s) and _COOKIE_CONTEXT.search(s))


def is_contact(line: str) -> bool:
    """A contact line: ``Contact : …`` (or Tél., Site…), or a short line that is mostly an
    e-mail address, a URL or a phone number."""
    s = line.strip()
    if not s or len(s) > 160:
        return False
    if CONTACT_LABEL.match(s):
        return True
    found = _CONTACT_ANY.findall(s)
    if len(s) > 120 or not found:
        return False
    if len(found) >= 2:
        return True
    words = re.findall(r"[^\W\d_]{2,}", _CONTACT_ANY.sub(" ", s))
    return len(words) <= 4 or (len(words) <= 8 and not s.endswith((".", "!", "?", "…")))


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", "…", ":", ";", "»", "”"))


def heading_like(text: str) -> bool:
    s = text.strip()
    return (0 < len(s) <= 80 and len(s.split()) <= 12 and s[-1] not in _TERMINAL
            and not s[0].islower() and not re.search(r"[#@]\w", s)
            and not _CONTACT_ANY.search(s))


_LINE_END_TOKEN = re.compile(rf"(?:{_EMAIL}|{_URL}|#\w+)\Z", re.I)


def deliberate_lines(lines: list[str]) -> bool:
    """True when a chunk's line breaks are meant (an address, one sentence a line), not
    the hard wrapping of a paragraph."""
    if any(b[:1].islower() for b in lines[1:]):
        return False
    if all(len(x) <= 45 for x in lines):
        return True
    return all((ends_sentence(a) or _LINE_END_TOKEN.search(a[-200:])) and b[:1]
               and not b[0].islower()
               for a, b in zip(lines, lines[1:], strict=False))


def attribution_like(text: str) -> bool:
    """A dash line after a blank line is a quote's attribution when it reads like one: a
    name, a work, a year — not an exclaimed heading."""
    s = text.strip()
    return (bool(s) and len(s) <= 150 and s[-1] not in "!?"
            and ("," in s or bool(re.search(r"\b1[5-9]\d\d\b|\b20\d\d\b", s))
                 or len(s.split()) <= 4))


def _separator(prev: str, line: str) -> str:
    """What joins a hard-wrapped line to the line before it: nothing after a no-break space
    or a hyphen (``mobili-`` + ``sées``), else a space."""
    if prev.endswith(("\u00a0", "\u202f")):
        return ""
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and line[:1].islower():
        return ""
    return " "


def join_lines(lines: list[str]) -> str:
    """Hard-wrapped lines as one text (in linear time, whatever their number)."""
    parts: list[str] = []
    for k, line in enumerate(lines):
        if k:
            parts.append(_separator(lines[k - 1], line))
        parts.append(line)
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# The builder: chunks → blocks


_CLOSING = {"«": "»", "“": "”", "„": "“", '"': '"'}


class QuoteScanner:
    """Follows a quote's opening and closing marks line by line (nested guillemets count)."""

    def __init__(self, opening: str) -> None:
        self.opening = opening
        self.closing = _CLOSING[opening]
        self.depth = 0

    def feed(self, line: str, first: bool) -> int | None:
        """Index in ``line`` just after the quote's end (and a final ``.``), or None."""
        for k, ch in enumerate(line):
            if first and k == 0:
                self.depth = 1
                continue
            if ch == self.opening and self.opening != self.closing:
                self.depth += 1
            elif ch == self.closing or (self.opening == "„" and ch == "”"):
                self.depth -= 1
                if self.depth == 0:
                    end = k + 1
                    while end < len(line) and line[end] in ".,!?…":
                        end += 1
                    return end
        return None
