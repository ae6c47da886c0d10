"""The builder: chunks (runs of lines, maybe hinted by their format) → tract blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pancarte.i18n import _
from pancarte.library.errors import LibraryError
from pancarte.library.importers.shapes import (
    BULLET,
    CONTACT_LABEL,
    DASH,
    NUMBER,
    OPEN_QUOTES,
    RULE,
    SP,
    TIME,
    QuoteScanner,
    attribution_like,
    deliberate_lines,
    ends_sentence,
    heading_like,
    is_contact,
    is_debris,
    join_lines,
)
from pancarte.library.tract import MAX_BLOCKS, MAX_ITEMS, MAX_TEXT, Block, guess_title


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


@dataclass
class Chunk:
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
                     items=tuple(join_lines(lines) for lines in self.items),
                     numbered=self.numbered, attribution=self.attribution, debris=self.debris)


class Builder:
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
                and self._para_first and heading_like(lines[0])):
            self.add_text("heading", lines[0])
            return
        if len(lines) > 1 and deliberate_lines(lines):
            text = "\n".join(lines)  # an address, a short poem, one sentence a line
        else:
            text = join_lines(lines)
        self.add_text("paragraph", text)

    # -- chunks ---------------------------------------------------------------------------

    def feed(self, chunk: Chunk, more_follows: bool) -> None:
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

    def _feed_hinted(self, chunk: Chunk, lines: list[str]) -> None:
        text = join_lines([line.strip(" \t") for line in lines])
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
        end = self._marked_line(raw, line, lines, i, more_follows)
        if end is not None:
            return end
        item = self._continued_item(raw, line)
        if item is not None:
            item.append(line)
            return i + 1
        self._list_in_chunk = False
        end = self._opening_line(line, lines, i)
        if end is not None:
            return end
        if not self._contact_line(line):
            self._paragraph_line(line, i)
        return i + 1

    def _marked_line(self, raw: str, line: str, lines: list[str], i: int,
                     more_follows: bool) -> int | None:
        """A line its start marks: web-page debris, a rule, a bullet, a number, a dash. The
        next index, or None when the line has no such mark."""
        if is_debris(line):
            self._flush(True)
            self.add_text("paragraph", line, debris=True)
            return i + 1
        if RULE.fullmatch(line):
            self._flush(more_follows or i + 1 < len(lines))
            self.removed.append(line)
            return i + 1
        m = BULLET.match(raw)
        if m:
            self._flush(True)
            self.removed.append(m.group(1))
            self.add_item(raw[m.end():].strip(" \t"), numbered=False)
            return i + 1
        m = NUMBER.match(raw)
        if m and self._numbered_item_ok(int(m.group(2)), lines, i):
            self._flush(True)
            self.removed.append(m.group(1))
            self.add_item(raw[m.end():].strip(" \t"), numbered=True, number=int(m.group(2)))
            return i + 1
        m = DASH.match(raw)
        if m:
            return self._dash_line(raw, m, lines, i)
        return None

    def _continued_item(self, raw: str, line: str) -> list[str] | None:
        """The lines of the list item ``line`` continues (indented, or any line after a
        numbered point), or None."""
        lst = self._last()
        if (self._list_in_chunk and not self._para and lst is not None and lst.kind == "list"
                and (raw[:1] in " \t" or lst.numbered) and not CONTACT_LABEL.match(line)):
            return lst.items[-1]
        return None

    def _opening_line(self, line: str, lines: list[str], i: int) -> int | None:
        """The tract's title (its first line, unless hard-wrapped), or a quote starting here:
        the next index, or None."""
        if not self.has_content and not self._para and not is_contact(line):
            nxt = lines[i + 1].strip(" \t") if i + 1 < len(lines) else None
            wrapped = (nxt is not None and not ends_sentence(line) and nxt[:1].islower())
            if len(line) <= 200 and not wrapped:
                self.add_text("title", line)
                return i + 1
        if not self._para and line[:1] in OPEN_QUOTES:
            return self._quote(lines, i)
        return None

    def _contact_line(self, line: str) -> bool:
        """Add ``line`` as a contact line (with the group signing just above it) if it is one."""
        if not (is_contact(line) and (not self._para or CONTACT_LABEL.match(line)
                                      or ends_sentence(self._para[-1]))):
            return False
        if len(self._para) == 1 and heading_like(self._para[0]):
            self.add_text("contact", self._para.pop())  # the group signing, above
        self._flush(True)
        self.add_text("contact", line)
        return True

    def _paragraph_line(self, line: str, i: int) -> None:
        """Add ``line`` to the paragraph being built (after closing a one-line heading above)."""
        if (len(self._para) == 1 and self.implicit_headings and self.has_content
                and heading_like(self._para[0]) and line[:1].isupper()
                and len(self._para[0]) < 0.6 * len(line)):
            self._flush(True)
        if not self._para:
            self._para_first = i == 0
        self._para.append(line)

    def _numbered_item_ok(self, number: int, lines: list[str], i: int) -> bool:
        if number <= 1:
            return True
        lst = self._last()
        if lst is not None and lst.kind == "list" and lst.numbered and not self._para:
            return self._list_in_chunk or lst.last_number == number - 1
        for j in range(i + 1, len(lines)):  # no slice: this runs for every numbered line
            m = NUMBER.match(lines[j])
            if m:
                return int(m.group(2)) == number + 1
        return False

    def _dash_line(self, raw: str, m: re.Match[str], lines: list[str], i: int) -> int:
        dash = m.group(1)
        rest = raw[m.end():].strip(" \t")
        quote = self._quote_waiting()
        if quote is not None and not self._para and (i > 0 or attribution_like(rest)):
            self.removed.append(dash)
            quote.attribution = rest
            quote.open_quote = False
            return i + 1
        self._flush(True)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        in_list = self._list_in_chunk and self._open_list(False) is not None
        next_is_item = bool(DASH.match(nxt) or BULLET.match(nxt))
        if in_list or next_is_item or TIME.search(rest):
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
        scanner = QuoteScanner(lines[i].strip(" \t")[0])
        taken: list[str] = []
        for j in range(i, len(lines)):
            line = lines[j].strip(" \t")
            taken.append(line)
            close = scanner.feed(line, first=j == i)
            if close is None:
                continue
            text = join_lines(taken[:-1] + [line[:close]])
            rest = line[close:].strip(SP)
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


def build(chunks: list[Chunk], fmt: str, text: str, removed: list[str] | None = None,
           implicit_headings: bool = True) -> Parsed:
    builder = Builder(implicit_headings=implicit_headings)
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


def split_chunks(text: str) -> list[Chunk]:
    chunks: list[Chunk] = []
    cur: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line)
        elif cur:
            chunks.append(Chunk(cur))
            cur = []
    if cur:
        chunks.append(Chunk(cur))
    return chunks
