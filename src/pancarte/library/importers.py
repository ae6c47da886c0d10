"""Texts into tract blocks: plain text, Markdown, OpenDocument (.odt) and Word (.docx).

Every importer turns its input into *chunks* (runs of lines, with a hint when the format says
what they are: a heading, a list item…) and hands them to one :class:`_Builder`, which
recognises the shapes tracts take (see docs/ARCHITECTURE.md, "Tracts"): a title on the first line, dash
headings, programme lines, numbered points, a quote and its attribution, contact lines,
web-page debris.

Nothing is lost: every non-space character of the input ends up in some block, except the
structural markers taken off (a list's bullets and numbers, a heading's or an attribution's
dash, Markdown's ``#`` and ``>``); :attr:`Parsed.removed` lists those markers.

Files are read whole (at most 5 MB); .odt and .docx members are read in memory with bounded
sizes (never extracted to disk) and their XML is parsed with defusedxml.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pancarte import files
from pancarte.i18n import _
from pancarte.library.errors import LibraryError
from pancarte.library.tract import MAX_BLOCKS, MAX_ITEMS, MAX_TEXT, Block, guess_title

MAX_FILE = 5_000_000  # bytes: more is not a tract
MAX_XML = 40_000_000  # bytes of one uncompressed member of an .odt or .docx
MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_TOTAL = 200_000_000  # declared uncompressed size of a whole .odt/.docx
ODT_MIME = b"application/vnd.oasis.opendocument.text"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


@dataclass(frozen=True)
class Parsed:
    """What an importer found. ``text`` is the text the blocks come from (for .odt and .docx,
    the text of their paragraphs); ``removed`` the structural markers taken off it."""

    blocks: tuple[Block, ...]
    title: str
    format: str  # "text", "markdown", "odt", "docx"
    removed: tuple[str, ...] = ()
    text: str = ""

    def without_debris(self) -> Parsed:
        return Parsed(tuple(b for b in self.blocks if not b.debris), self.title, self.format,
                      self.removed, self.text)


# ---------------------------------------------------------------------------------------------
# Files


def read_document(path: str | os.PathLike) -> Parsed:
    """Read and parse the file at ``path`` (format detected by content, then by extension).

    Raises LibraryError for a file that cannot be read, is empty, too large, binary, or a
    shared library archive (import those with :meth:`Library.merge_archive`)."""
    p = Path(path)
    data = read_bounded(p)
    return parse_bytes(data, p.name)


def read_bounded(path: Path, limit: int = MAX_FILE) -> bytes:
    """The bytes of ``path``; LibraryError when it cannot be read or holds more than
    ``limit`` bytes."""
    from pancarte.files import TooLarge, read_limited

    try:
        return read_limited(path, limit)
    except TooLarge:
        raise LibraryError(_("{path} is too large to import (over {mb} MB)", path=path,
                             mb=limit // 1_000_000)) from None
    except IsADirectoryError:
        raise LibraryError(_("{path} is a folder, not a file", path=path)) from None
    except OSError as exc:
        raise LibraryError(_("cannot read {path}: {reason}", path=path,
                             reason=exc.strerror or exc)) from None


def sniff(data: bytes) -> str:
    """``"odt"``, ``"docx"``, ``"library"`` (a shared library), ``"zip"`` (another zip),
    ``"badzip"`` (a damaged one) or ``"text"``, judged by content."""
    if not data.startswith(b"PK\x03\x04"):
        return "text"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size <= 200 and read_member(zf, "mimetype", 200).strip() == ODT_MIME:
                    return "odt"
            if "word/document.xml" in names:
                return "docx"
            if "library.json" in names:
                return "library"
    except (zipfile.BadZipFile, LibraryError, OSError, RuntimeError, ValueError, EOFError):
        return "badzip"
    return "zip"


def parse_bytes(data: bytes, name: str) -> Parsed:
    """Parse a file's bytes; ``name`` (the file name) chooses Markdown for ``.md`` files and
    names the file in error messages."""
    if not data.strip():
        raise LibraryError(_("{path} is empty", path=name))
    if len(data) > MAX_FILE:
        raise LibraryError(_("{path} is too large to import (over {mb} MB)", path=name,
                             mb=MAX_FILE // 1_000_000))
    kind = sniff(data)
    if kind == "odt":
        return parse_odt(data, name)
    if kind == "docx":
        return parse_docx(data, name)
    if kind == "library":
        raise LibraryError(_("{path} is a shared library: import it as a .zip file", path=name))
    if kind == "badzip":
        raise LibraryError(_("{path} is damaged: it is not a valid zip archive", path=name))
    if kind == "zip":
        raise LibraryError(_("{path} is an archive, not a text, Markdown, .odt or .docx file",
                             path=name))
    text = decode_text(data, name)
    markdown = name.lower().endswith(MARKDOWN_SUFFIXES) or bool(_MD_FIRST_HEADING.match(text))
    return parse_text(text, markdown=markdown)


_BINARY_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\xd0\xcf\x11\xe0", "Word 97"),
    (b"{\\rtf", "RTF"),
    (b"\x7fELF", "ELF"),
)


def decode_text(data: bytes, name: str = "") -> str:
    """Text from bytes (:func:`pancarte.files.decode_text`: UTF-8 or UTF-16 with or without
    BOM, else Windows-1252, else Latin-1). Line ends become ``\\n``, the text is NFC-normalised, stray control
    characters are dropped; a binary file raises LibraryError."""
    for magic, label in _BINARY_MAGIC:
        if data.startswith(magic):
            raise LibraryError(_("{path} is a {kind} file, not a text: copy its text into a "
                                 ".txt file to import it", path=name, kind=label))
    try:
        text = files.decode_text(data)
    except files.NotText as exc:
        if exc.utf16:
            raise LibraryError(_("{path} is damaged: it is not valid UTF-16", path=name)) from None
        raise LibraryError(_("{path} is a binary file, not a text", path=name)) from None
    return clean_text(text, name)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def clean_text(text: str, name: str = "") -> str:
    """Normalise line ends to ``\\n`` (CRLF, CR, form feed, Unicode separators), NFC-normalise,
    drop a leading BOM and a few stray control characters; many of them mean a binary file."""
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 200):
        raise LibraryError(_("{path} is a binary file, not a text", path=name))
    if controls:
        text = _CONTROL.sub("", text)
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate({0x0B: "\n", 0x0C: "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n"})
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------------------------
# Line shapes

_SP = " \t\u00a0\u202f"  # spaces that may follow a marker
_BULLET = re.compile(r"[ \t]*([•·▪◦‣●○■□➢➤►▸→✓✔*+]|-(?!-))[ \t\u00a0\u202f]+(?=\S)")
_DASH = re.compile(r"[ \t]*(-{2,}|—|–)[ \t\u00a0\u202f]*(?=[^\s—–-])")
_NUMBER = re.compile(
    r"[ \t]*((\d{1,3})(?:[.)]|[ \t\u00a0\u202f]*[–—-](?![–—-])))[ \t\u00a0\u202f]+(?=\S)")
_RULE = re.compile(r"[ \t]*([-=_*~]{3,}|(?:[-*_][ \t]+){2,}[-*_])[ \t]*")
_TIME = re.compile(
    r"\b\d{1,2}[ \u00a0\u202f]?(?:h(?:eures?)?|H)(?:[ \u00a0\u202f]?\d{2})?\b|\b\d{1,2}:\d{2}\b")
_TERMINAL = ".,;:!?…»”\"'’)]"
_OPEN_QUOTES = "«“\"„"
_CLOSE_QUOTES = "»”\""

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_URL = (r"(?:https?://|www\.)[^\s<>«»]+"
        r"|\b[\w-]+(?:\.[\w-]+)*\.(?:org|fr|com|net|info|eu|be|ch|ca|io|coop|asso\.fr)\b(?:/\S*)?")
_PHONE = r"(?:\+\d{2,3}[ .\u00a0]?(?:\(0\)[ .\u00a0]?)?|\b0)[1-9](?:[ .\-\u00a0]?\d{2}){4}\b"
_CONTACT_ANY = re.compile(f"{_EMAIL}|{_URL}|{_PHONE}", re.I)
_CONTACT_LABEL = re.compile(
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
    if _CONTACT_LABEL.match(s):
        return True
    found = _CONTACT_ANY.findall(s)
    if len(s) > 120 or not found:
        return False
    if len(found) >= 2:
        return True
    words = re.findall(r"[^\W\d_]{2,}", _CONTACT_ANY.sub(" ", s))
    return len(words) <= 4 or (len(words) <= 8 and not s.endswith((".", "!", "?", "…")))


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", "…", ":", ";", "»", "”"))


def _heading_like(text: str) -> bool:
    s = text.strip()
    return (0 < len(s) <= 80 and len(s.split()) <= 12 and s[-1] not in _TERMINAL
            and not s[0].islower() and not re.search(r"[#@]\w", s)
            and not _CONTACT_ANY.search(s))


_LINE_END_TOKEN = re.compile(rf"(?:{_EMAIL}|{_URL}|#\w+)\Z", re.I)


def _deliberate_lines(lines: list[str]) -> bool:
    """True when a chunk's line breaks are meant (an address, one sentence a line), not
    the hard wrapping of a paragraph."""
    if any(b[:1].islower() for b in lines[1:]):
        return False
    if all(len(x) <= 45 for x in lines):
        return True
    return all((_ends_sentence(a) or _LINE_END_TOKEN.search(a[-200:])) and b[:1]
               and not b[0].islower()
               for a, b in zip(lines, lines[1:], strict=False))


def _attribution_like(text: str) -> bool:
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


def _join_lines(lines: list[str]) -> str:
    """Hard-wrapped lines as one text (in linear time, whatever their number)."""
    parts: list[str] = []
    for k, line in enumerate(lines):
        if k:
            parts.append(_separator(lines[k - 1], line))
        parts.append(line)
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# The builder: chunks → blocks


@dataclass
class _Chunk:
    """Lines that belong together (a paragraph of a text file, of an .odt/.docx). ``hint``
    says what the format already knows: ``heading``, ``title``, ``item``, ``quote`` or None."""

    lines: list[str]
    hint: str | None = None
    numbered: bool = False
    attribution: str = ""


@dataclass
class _MBlock:
    kind: str
    text: str = ""
    items: list[list[str]] = field(default_factory=list)  # an item's lines
    numbered: bool = False
    attribution: str = ""
    debris: bool = False
    last_number: int = 0
    open_quote: bool = False  # a quote still waiting for its attribution

    def freeze(self) -> Block:
        return Block(kind=self.kind, text=self.text,
                     items=tuple(_join_lines(lines) for lines in self.items),
                     numbered=self.numbered, attribution=self.attribution, debris=self.debris)


class _Builder:
    def __init__(self, implicit_headings: bool = True) -> None:
        self.blocks: list[_MBlock] = []
        self.removed: list[str] = []
        self.implicit_headings = implicit_headings
        self._para: list[str] = []
        self._para_first = False  # the paragraph being built starts its chunk
        self._list_in_chunk = False  # the open list may take continuation lines
        self.has_content = False  # a block other than debris was added

    # -- helpers --------------------------------------------------------------------------

    def _last(self) -> _MBlock | None:
        return self.blocks[-1] if self.blocks else None

    def _open_list(self, numbered: bool) -> _MBlock | None:
        last = self._last()
        if last is not None and last.kind == "list" and last.numbered == numbered:
            return last
        return None

    def _add(self, block: _MBlock) -> _MBlock:
        self.blocks.append(block)
        self.has_content = self.has_content or not block.debris
        return block

    def add_item(self, text: str, numbered: bool, number: int = 0) -> None:
        lst = self._open_list(numbered) or self._add(_MBlock("list", numbered=numbered))
        lst.items.append([text])
        lst.last_number = number or lst.last_number + 1
        self._list_in_chunk = True

    def add_text(self, kind: str, text: str, debris: bool = False) -> None:
        self._add(_MBlock(kind, text=text, debris=debris))
        self._list_in_chunk = False

    def add_quote(self, text: str, attribution: str = "") -> None:
        self._add(_MBlock("quote", text=text, attribution=attribution,
                          open_quote=not attribution))
        self._list_in_chunk = False

    def _quote_waiting(self) -> _MBlock | None:
        last = self._last()
        return last if last is not None and last.kind == "quote" and last.open_quote else None

    # -- paragraphs -----------------------------------------------------------------------

    def _flush(self, more_follows: bool) -> None:
        lines, self._para = self._para, []
        if not lines:
            return
        if (len(lines) == 1 and self.implicit_headings and more_follows and self.has_content
                and self._para_first and _heading_like(lines[0])):
            self.add_text("heading", lines[0])
            return
        if len(lines) > 1 and _deliberate_lines(lines):
            text = "\n".join(lines)  # an address, a short poem, one sentence a line
        else:
            text = _join_lines(lines)
        self.add_text("paragraph", text)

    # -- chunks ---------------------------------------------------------------------------

    def feed(self, chunk: _Chunk, more_follows: bool) -> None:
        lines = [ln.rstrip(" \t") for ln in chunk.lines]
        lines = [ln for ln in lines if ln.strip()]
        if not lines:
            return
        self._list_in_chunk = False
        if chunk.hint is not None:
            self._feed_hinted(chunk, lines)
            return
        i = 0
        while i < len(lines):
            i = self._line(lines, i, more_follows)
        self._flush(more_follows)

    def _feed_hinted(self, chunk: _Chunk, lines: list[str]) -> None:
        text = _join_lines([line.strip(" \t") for line in lines])
        if chunk.hint == "item":
            self.add_item(text, chunk.numbered)
        elif chunk.hint == "quote":
            self.add_quote(text, chunk.attribution)
        elif chunk.hint == "title" or (chunk.hint == "heading" and not self.has_content):
            self.add_text("title", text)
        elif chunk.hint == "heading":
            self.add_text("heading", text)
        else:
            self.add_text("paragraph", text)

    def _line(self, lines: list[str], i: int, more_follows: bool) -> int:
        """Handle ``lines[i]`` (and maybe the lines after it); return the next index."""
        raw = lines[i]
        line = raw.strip(" \t")
        nxt = lines[i + 1].strip(" \t") if i + 1 < len(lines) else None
        after = more_follows or i + 1 < len(lines)

        if is_debris(line):
            self._flush(True)
            self.add_text("paragraph", line, debris=True)
            return i + 1

        if _RULE.fullmatch(line):
            self._flush(after)
            self.removed.append(line)
            return i + 1

        m = _BULLET.match(raw)
        if m:
            self._flush(True)
            self.removed.append(m.group(1))
            self.add_item(raw[m.end():].strip(" \t"), numbered=False)
            return i + 1

        m = _NUMBER.match(raw)
        if m and self._numbered_item_ok(int(m.group(2)), lines, i):
            self._flush(True)
            self.removed.append(m.group(1))
            self.add_item(raw[m.end():].strip(" \t"), numbered=True, number=int(m.group(2)))
            return i + 1

        m = _DASH.match(raw)
        if m:
            return self._dash_line(raw, m, lines, i)

        # continuation of a list item (indented, or any line after a numbered point)
        lst = self._last()
        if (self._list_in_chunk and not self._para and lst is not None and lst.kind == "list"
                and (raw[:1] in " \t" or lst.numbered) and not _CONTACT_LABEL.match(line)):
            lst.items[-1].append(line)
            return i + 1
        self._list_in_chunk = False

        if not self.has_content and not self._para and not is_contact(line):
            wrapped = (nxt is not None and not _ends_sentence(line) and nxt[:1].islower())
            if len(line) <= 200 and not wrapped:
                self.add_text("title", line)
                return i + 1

        if not self._para and line[:1] in _OPEN_QUOTES:
            end = self._quote(lines, i)
            if end is not None:
                return end

        if is_contact(line) and (not self._para or _CONTACT_LABEL.match(line)
                                 or _ends_sentence(self._para[-1])):
            if len(self._para) == 1 and _heading_like(self._para[0]):
                self.add_text("contact", self._para.pop())  # the group signing, above
            self._flush(True)
            self.add_text("contact", line)
            return i + 1

        if (len(self._para) == 1 and self.implicit_headings and self.has_content
                and _heading_like(self._para[0]) and line[:1].isupper()
                and len(self._para[0]) < 0.6 * len(line)):
            self._flush(True)
        if not self._para:
            self._para_first = i == 0
        self._para.append(line)
        return i + 1

    def _numbered_item_ok(self, number: int, lines: list[str], i: int) -> bool:
        if number <= 1:
            return True
        lst = self._last()
        if lst is not None and lst.kind == "list" and lst.numbered and not self._para:
            return self._list_in_chunk or lst.last_number == number - 1
        for j in range(i + 1, len(lines)):  # no slice: this runs for every numbered line
            m = _NUMBER.match(lines[j])
            if m:
                return int(m.group(2)) == number + 1
        return False

    def _dash_line(self, raw: str, m: re.Match[str], lines: list[str], i: int) -> int:
        dash = m.group(1)
        rest = raw[m.end():].strip(" \t")
        quote = self._quote_waiting()
        if quote is not None and not self._para and (i > 0 or _attribution_like(rest)):
            self.removed.append(dash)
            quote.attribution = rest
            quote.open_quote = False
            return i + 1
        self._flush(True)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        in_list = self._list_in_chunk and self._open_list(False) is not None
        next_is_item = bool(_DASH.match(nxt) or _BULLET.match(nxt))
        if in_list or next_is_item or _TIME.search(rest):
            self.removed.append(dash)
            self.add_item(rest, numbered=False)
            return i + 1
        if len(rest) <= 100:
            self.removed.append(dash)
            tail = re.search(r"[ \t\u00a0\u202f]+(-{2,}|—|–)\Z", rest)
            if tail and tail.group(1) == dash:
                self.removed.append(tail.group(1))
                rest = rest[: tail.start()]
            self.add_text("heading" if self.has_content else "title", rest)
            return i + 1
        self._para.append(raw.strip(" \t"))
        return i + 1

    def _quote(self, lines: list[str], i: int) -> int | None:
        """A quote starting at ``lines[i]``: add it (with an attribution after a dash on its
        last line) and return the next index, or None when it is not a quote block."""
        scanner = _QuoteScanner(lines[i].strip(" \t")[0])
        taken: list[str] = []
        for j in range(i, len(lines)):
            line = lines[j].strip(" \t")
            taken.append(line)
            close = scanner.feed(line, first=j == i)
            if close is None:
                continue
            text = _join_lines(taken[:-1] + [line[:close]])
            rest = line[close:].strip(_SP)
            if not rest:
                self.add_quote(text)
                return j + 1
            m = re.match(r"(-{1,2}|—|–)[ \t\u00a0\u202f]*(?=\S)", rest)
            if m:
                self.removed.append(m.group(1))
                self.add_quote(text, rest[m.end():])
                return j + 1
            return None
        return None

    def result(self) -> tuple[list[Block], list[str]]:
        self._flush(False)
        return [b.freeze() for b in self.blocks], self.removed


_CLOSING = {"«": "»", "“": "”", "„": "“", '"': '"'}


class _QuoteScanner:
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


def _check_limits(blocks: list[Block]) -> None:
    """A tract is a poster's text, not a book: refuse what the store would not take back."""
    if len(blocks) > MAX_BLOCKS:
        raise LibraryError(_("this text has too many parts for one tract ({n}, at most {max}): "
                             "split it into several files", n=len(blocks), max=MAX_BLOCKS))
    for b in blocks:
        if len(b.items) > MAX_ITEMS:
            raise LibraryError(_("this text has a list too long for one tract ({n} items, at "
                                 "most {max})", n=len(b.items), max=MAX_ITEMS))
        if any(len(s) > MAX_TEXT for s in b.strings()):
            raise LibraryError(_("this text has a paragraph too long for one tract (over {max} "
                                 "characters)", max=MAX_TEXT))


def _build(chunks: list[_Chunk], fmt: str, text: str, removed: list[str] | None = None,
           implicit_headings: bool = True) -> Parsed:
    builder = _Builder(implicit_headings=implicit_headings)
    if removed:
        builder.removed.extend(removed)
    for k, chunk in enumerate(chunks):
        builder.feed(chunk, more_follows=k + 1 < len(chunks))
    blocks, removed_all = builder.result()
    blocks = [b for b in blocks if any(s.strip() for s in b.strings())]
    if not blocks:
        raise LibraryError(_("no text found to import"))
    _check_limits(blocks)
    return Parsed(tuple(blocks), guess_title(blocks), fmt, tuple(removed_all), text)


# ---------------------------------------------------------------------------------------------
# Plain text and Markdown


def _split_chunks(text: str) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    cur: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line)
        elif cur:
            chunks.append(_Chunk(cur))
            cur = []
    if cur:
        chunks.append(_Chunk(cur))
    return chunks


def parse_text(text: str, markdown: bool = False) -> Parsed:
    """Blocks from plain text (or Markdown). Raises LibraryError when there is no text."""
    text = clean_text(text)
    if not text.strip():
        raise LibraryError(_("no text found to import"))
    if markdown:
        chunks, removed = _markdown_chunks(text)
        return _build(chunks, "markdown", text, removed, implicit_headings=False)
    return _build(_split_chunks(text), "text", text)


_MD_FIRST_HEADING = re.compile(r"\s*#{1,6}[ \t]+\S")
_MD_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+(#+))?[ \t]*")
_MD_QUOTE = re.compile(r"[ ]{0,3}(>)[ \t]?")
_MD_SETEXT = re.compile(r"[ ]{0,3}(=+|-{2,})[ \t]*")
_MD_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(([^()\s]+)\)")
_MD_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")


def _markdown_chunks(text: str) -> tuple[list[_Chunk], list[str]]:
    """Markdown's explicit structure (headings, quotes, rules, links) as hinted chunks; the
    rest (paragraphs and lists) goes to the builder as plain text."""
    removed: list[str] = []
    chunks: list[_Chunk] = []
    cur: list[str] = []
    lines = text.split("\n")

    def flush() -> None:
        nonlocal cur
        if cur:
            chunks.append(_Chunk(cur))
            cur = []

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _MD_FENCE.match(line)
        if fence:  # code: kept as typed, as one paragraph
            flush()
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith(fence.group(1)):
                j += 1
            block = [ln for ln in lines[i:j + 1] if ln.strip()]
            chunks.append(_Chunk(["\n".join(block)], hint="para"))
            i = j + 1
            continue
        if not line.strip():
            flush()
            i += 1
            continue
        line = _md_links(line, removed)
        m = (_MD_HEADING.fullmatch(line) if line.lstrip(" ")[:1] == "#" and len(line) < 2000
             else None)
        if m:
            flush()
            removed.append(m.group(1))
            if m.group(3):
                removed.append(m.group(3))
            chunks.append(_Chunk([m.group(2)], hint="heading"))
            i += 1
            continue
        if _MD_QUOTE.match(line):
            flush()
            quote_lines: list[str] = []
            while i < len(lines) and _MD_QUOTE.match(lines[i]):
                q = _MD_QUOTE.match(lines[i])
                assert q is not None
                removed.append(">")
                quote_lines.append(_md_links(lines[i][q.end():], removed))
                i += 1
            chunks.extend(_quote_chunks(quote_lines, removed))
            continue
        if (cur and len(cur) == 1 and _MD_SETEXT.fullmatch(line)
                and not _BULLET.match(cur[0]) and not _NUMBER.match(cur[0])):
            removed.append(line.strip())
            chunks.append(_Chunk([cur[0]], hint="heading"))
            cur = []
            i += 1
            continue
        if not cur and _RULE.fullmatch(line):
            removed.append(line.strip())
            i += 1
            continue
        cur.append(line)
        i += 1
    flush()
    return chunks, removed


def _md_links(line: str, removed: list[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        removed.extend(ch for ch in (m.group(1), "[", "]") if ch)
        label, url = m.group(2), m.group(3)
        return f"{label} ({url})" if label else url

    return _MD_LINK.sub(repl, line)


def _quote_chunks(quote_lines: list[str], removed: list[str]) -> list[_Chunk]:
    """A Markdown blockquote as a quote chunk; a last line starting with a dash is its
    attribution."""
    paras: list[list[str]] = [[]]
    for ln in quote_lines:
        if ln.strip():
            paras[-1].append(ln.strip(" \t"))
        elif paras[-1]:
            paras.append([])
    paras = [p for p in paras if p]
    if not paras:
        return []
    attribution = ""
    last = paras[-1][-1]
    m = re.match(r"(-{1,2}|—|–)[ \t\u00a0\u202f]*(?=\S)", last)
    if m:
        removed.append(m.group(1))
        attribution = last[m.end():]
        paras[-1].pop()
        paras = [p for p in paras if p]
    texts = [_join_lines(p) for p in paras]
    if not texts:  # a quote made only of an attribution
        return [_Chunk([attribution], hint="para")]
    return [_Chunk(["\n".join(texts)], hint="quote", attribution=attribution)]


# ---------------------------------------------------------------------------------------------
# Zip-based documents (.odt, .docx)


def open_zip(data: bytes, name: str, *, members: int = MAX_ZIP_MEMBERS,
             member_size: int = MAX_XML, total: int = MAX_ZIP_TOTAL,
             not_zip: str | None = None) -> zipfile.ZipFile:
    """The zip archive in ``data``, its central directory checked (members, declared sizes,
    compression ratios); LibraryError otherwise (``not_zip``: the message when it is no zip
    archive at all)."""
    try:
        return files.open_zip(io.BytesIO(data), len(data), files.ZipLimits(
            members=members, member_size=member_size, total=total))
    except files.ArchiveError as exc:
        if exc.kind == "not-zip" and not_zip is not None:
            raise LibraryError(not_zip) from None
        raise LibraryError(_zip_refusal(exc, name)) from None


def read_member(zf: zipfile.ZipFile, member: str, limit: int = MAX_XML,
                name: str = "") -> bytes:
    """A zip member's bytes, read in memory; LibraryError past ``limit`` bytes, whatever
    the archive's directory claims, or when its data are corrupt."""
    try:
        return files.read_member(zf, member, limit)
    except files.ArchiveError as exc:
        raise LibraryError(_zip_refusal(exc, name)) from None


def _zip_refusal(exc: files.ArchiveError, name: str) -> str:
    if exc.kind == "not-zip":
        return _("{path} is damaged: it is not a valid zip archive", path=name)
    if exc.kind == "missing":
        return _("{path} is damaged: {member} is missing", path=name, member=exc.member)
    if exc.kind == "damaged":
        return _("{path} is damaged: {member} cannot be decompressed", path=name,
                 member=exc.member)
    return _("{path} is too large once uncompressed", path=name)


def _parse_xml(data: bytes, name: str):
    try:
        from defusedxml import ElementTree as SafeET
        from defusedxml.common import DefusedXmlException
    except ImportError:  # pragma: no cover - a declared dependency
        raise LibraryError(_("reading .odt and .docx files needs the defusedxml package")) from None
    import xml.etree.ElementTree as ET

    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        raise LibraryError(_("{path} holds forbidden XML constructs (entities, DTD)",
                             path=name)) from None
    except ET.ParseError as exc:
        raise LibraryError(_("{path} is damaged: {reason}", path=name, reason=exc)) from None
    _check_depth(root, name)
    return root


MAX_XML_DEPTH = 200  # word processors nest tables in tables a few levels, never hundreds


def _check_depth(root, name: str) -> None:
    """Refuse XML nested deeper than :data:`MAX_XML_DEPTH` (measured without recursion), so
    that the readers below, which walk it recursively, never run out of stack."""
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_XML_DEPTH:
            raise LibraryError(_("{path} is nested too deeply to be a real document (over "
                                 "{limit} levels)", path=name, limit=MAX_XML_DEPTH))
        stack.extend((child, depth + 1) for child in el)


def _xml_text(lines: list[_Chunk]) -> str:
    return "\n\n".join("\n".join(c.lines) for c in lines)


# -- OpenDocument ------------------------------------------------------------------------------

_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODF_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def _t(tag: str) -> str:
    return f"{{{_ODF_TEXT}}}{tag}"


def parse_odt(data: bytes, name: str = "document.odt") -> Parsed:
    """Blocks from an OpenDocument text: headings (``text:h``, a paragraph in the Title
    style), lists (numbered when their list style numbers), paragraphs."""
    with open_zip(data, name) as zf:
        content = _parse_xml(read_member(zf, "content.xml", name=name), name)
        styles = None
        if "styles.xml" in zf.namelist():
            styles = _parse_xml(read_member(zf, "styles.xml", name=name), name)
    para_parent: dict[str, str] = {}
    numbered_styles: dict[str, bool] = {}
    for root in (styles, content):
        if root is None:
            continue
        for st in root.iter(f"{{{_ODF_STYLE}}}style"):
            para_parent[st.get(f"{{{_ODF_STYLE}}}name", "")] = st.get(
                f"{{{_ODF_STYLE}}}parent-style-name", "")
        for ls in root.iter(_t("list-style")):
            first = next(iter(ls), None)
            numbered_styles[ls.get(f"{{{_ODF_STYLE}}}name", "")] = (
                first is not None and first.tag == _t("list-level-style-number"))

    def style_chain(style: str) -> list[str]:
        chain: list[str] = []
        while style and style not in chain and len(chain) < 20:
            chain.append(style)
            style = para_parent.get(style, "")
        return chain

    chunks: list[_Chunk] = []

    def walk(el, list_numbered: bool | None) -> None:
        for child in el:
            tag = child.tag
            if tag == _t("h"):
                chunks.append(_Chunk(_odf_lines(child), hint="heading"))
            elif tag == _t("p"):
                chain = [s.lower() for s in style_chain(child.get(_t("style-name"), ""))]
                hint = None
                if list_numbered is not None:
                    hint = "item"
                elif any(s in ("title", "titre") for s in chain):
                    hint = "title"
                elif any(s.startswith(("heading", "titre")) for s in chain):
                    hint = "heading"
                chunks.append(_Chunk(_odf_lines(child), hint=hint,
                                     numbered=bool(list_numbered)))
            elif tag == _t("list"):
                style = child.get(_t("style-name"))
                numbered = (numbered_styles.get(style, False) if style is not None
                            else bool(list_numbered))
                walk(child, numbered)
            elif tag in (_t("tracked-changes"), _t("note"), _t("sequence-decls"),
                         f"{{{_ODF_OFFICE}}}forms"):
                continue
            else:
                walk(child, list_numbered)

    body = content.find(f"{{{_ODF_OFFICE}}}body")
    if body is None:
        raise LibraryError(_("{path} is damaged: it has no text body", path=name))
    walk(body, None)
    chunks = [c for c in chunks if any(ln.strip() for ln in c.lines)]
    if not chunks:
        raise LibraryError(_("{path} is empty", path=name))
    return _build(chunks, "odt", _xml_text(chunks))


def _odf_lines(el) -> list[str]:
    parts: list[str] = []

    def rec(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            if tag == _t("s"):
                try:
                    n = int(child.get(_t("c"), "1"))
                except ValueError:
                    n = 1
                parts.append(" " * max(1, min(n, 100)))
            elif tag == _t("tab"):
                parts.append("\t")
            elif tag == _t("line-break"):
                parts.append("\n")
            elif tag in (_t("note"), _t("bookmark-ref"), _t("change")):
                pass
            else:
                rec(child)
            if child.tail:
                parts.append(child.tail)

    rec(el)
    return clean_text("".join(parts)).split("\n")


# -- Word -------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def parse_docx(data: bytes, name: str = "document.docx") -> Parsed:
    """Blocks from a Word document: Title and Heading styles, numbered and bulleted lists
    (from ``numbering.xml``), paragraphs, tables read cell by cell."""
    with open_zip(data, name) as zf:
        names = set(zf.namelist())
        document = _parse_xml(read_member(zf, "word/document.xml", name=name), name)
        numbering = (_parse_xml(read_member(zf, "word/numbering.xml", name=name), name)
                     if "word/numbering.xml" in names else None)
        styles = (_parse_xml(read_member(zf, "word/styles.xml", name=name), name)
                  if "word/styles.xml" in names else None)

    num_formats: dict[tuple[str, str], str] = {}
    if numbering is not None:
        abstract: dict[str, dict[str, str]] = {}
        for an in numbering.iter(_w("abstractNum")):
            levels = {}
            for lvl in an.iter(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                levels[lvl.get(_w("ilvl"), "0")] = fmt.get(_w("val"), "") if fmt is not None else ""
            abstract[an.get(_w("abstractNumId"), "")] = levels
        for num in numbering.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is not None:
                for ilvl, fmt in abstract.get(ref.get(_w("val"), ""), {}).items():
                    num_formats[(num.get(_w("numId"), ""), ilvl)] = fmt

    style_info: dict[str, tuple[str, str | None]] = {}  # id → (name, numId)
    if styles is not None:
        for st in styles.iter(_w("style")):
            nm = st.find(_w("name"))
            num_id = st.find(f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")
            style_info[st.get(_w("styleId"), "")] = (
                (nm.get(_w("val"), "") if nm is not None else "").lower(),
                num_id.get(_w("val")) if num_id is not None else None)

    chunks: list[_Chunk] = []

    def paragraph(p) -> None:
        ppr = p.find(_w("pPr"))
        style_id = ""
        num_id: str | None = None
        ilvl = "0"
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            style_id = ps.get(_w("val"), "") if ps is not None else ""
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                nid, lvl = numpr.find(_w("numId")), numpr.find(_w("ilvl"))
                num_id = nid.get(_w("val")) if nid is not None else None
                ilvl = lvl.get(_w("val"), "0") if lvl is not None else "0"
        sname, style_num = style_info.get(style_id, (style_id.lower(), None))
        if num_id is None:
            num_id = style_num
        keys = (style_id.lower(), sname)
        hint = None
        numbered = False
        if num_id not in (None, "0"):
            hint = "item"
            numbered = num_formats.get((num_id, ilvl), "decimal") not in ("bullet", "none", "")
        elif any(k in ("title", "titre") for k in keys):
            hint = "title"
        elif any(re.fullmatch(r"(heading|titre) ?\d", k) for k in keys):
            hint = "heading"
        elif any(k in ("listbullet", "list bullet") for k in keys):
            hint = "item"
        elif any(k in ("listnumber", "list number") for k in keys):
            hint, numbered = "item", True
        chunks.append(_Chunk(_docx_lines(p), hint=hint, numbered=numbered))

    def walk(el) -> None:
        for child in el:
            if child.tag == _w("p"):
                paragraph(child)
            elif child.tag in (_w("del"), _w("sectPr")):
                continue
            else:
                walk(child)

    body = document.find(_w("body"))
    if body is None:
        raise LibraryError(_("{path} is damaged: it has no text body", path=name))
    walk(body)
    chunks = [c for c in chunks if any(ln.strip() for ln in c.lines)]
    if not chunks:
        raise LibraryError(_("{path} is empty", path=name))
    return _build(chunks, "docx", _xml_text(chunks))


def _docx_lines(p) -> list[str]:
    parts: list[str] = []

    def rec(node) -> None:
        for child in node:
            tag = child.tag
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag == _w("tab"):
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("\u2011")
            elif tag == _w("softHyphen"):
                parts.append("\u00ad")
            elif tag in (_w("del"), _w("delText"), _w("instrText"), _w("pPr"), _w("rPr"),
                         _w("footnoteReference"), _w("endnoteReference")):
                continue
            else:
                rec(child)

    rec(p)
    return clean_text("".join(parts)).split("\n")
