"""Which blocks of a tract go on a page that cannot hold it all: a designer's choice.

A long tract fits a two-page tract; on a poster, a placard or a flyer it does not. Rather
than squeezing 8,000 characters into a small frame, :func:`plan_tract` keeps what belongs
there: the title in ``title``, the contact in ``footer``, the programme in ``programme`` (or
in the body when the template has no such frame), the lead paragraph — the first that says
what, when and where — in ``body``, cut at a sentence boundary when needed (ending with
"…"), and a short quote when there is room. **Legibility wins over quantity**: a block only
goes in when every frame still sets its text at the legible size (see
:func:`legible_floor`); what is left out is listed in the returned :class:`Plan`.

The decision is made by fitting, never by template name: when the whole text fits legibly
(a tract template), the whole text goes in.

The plan is plain data (frame name → paragraphs, and the block numbers placed, cut and
left out), so that other fillers (the event frame, the QR code) compose with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pancarte.fill.tract import attribution_line
from pancarte.layout.engine import LayoutEngine
from pancarte.layout.growth import fit_pages
from pancarte.layout.legibility import size_for_distance
from pancarte.library.tract import Block, Tract
from pancarte.model.document import Document, Paragraph, TextFrame
from pancarte.model.edit import set_text

MIN_TEXT_PT = 6.0  # the preflight's smallest text on a print job
FILLED = ("title", "body", "programme", "footer")
SHRINK = 0.85  # a picked block never makes its frame's text smaller than this × its size
SHORT_QUOTE = 320  # characters: a longer quote is not a poster's
ELLIPSIS = "…"

# what/when/where: a weekday, a month, a time, a place word
_LEAD_RE = re.compile(
    r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janvier|février|mars|avril|mai|"
    r"juin|juillet|août|septembre|octobre|novembre|décembre|\d{1,2}\s?h(?:\s?\d{2})?\b|"
    r"place|parc|square|salle|rue|avenue|boulevard|devant|mairie|gare|rendez-vous)\b",
    re.IGNORECASE)
# a sentence ends at . ! ? … (closing quotes allowed) before a space and a capital or quote
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»\"”)]?(?=\s+[«\"“(]?[A-ZÀ-ÖØ-Þ0-9])")


@dataclass(frozen=True)
class Plan:
    """What goes where. ``parts``: paragraphs by frame name; ``placed``, ``cut`` and
    ``left_out``: block indexes (0-based, in the tract's order; ``cut`` ⊂ ``placed``);
    ``whole``: the whole text went in."""

    parts: dict[str, tuple[Paragraph, ...]]
    placed: tuple[int, ...] = ()
    cut: tuple[int, ...] = ()
    left_out: tuple[int, ...] = ()
    whole: bool = False
    sizes: dict[str, float] = field(default_factory=dict)  # frame name → size set (pt)


class BlockSpecError(ValueError):
    """``--blocks`` is not a list of block numbers of this tract."""


# ---------------------------------------------------------------------------------------------
# Block lists ("1,3,5-7")


def parse_blocks(spec: str) -> tuple[int, ...]:
    """Block numbers (1-based) from ``1,3,5-7``; raises BlockSpecError on bad syntax."""
    from pancarte.i18n import _

    out: list[int] = []
    parts = [p.strip() for p in spec.split(",")]
    if not spec.strip() or any(not p for p in parts):
        raise BlockSpecError(_("expected block numbers such as 1,3,5-7: {spec}", spec=spec))
    for p in parts:
        m = re.fullmatch(r"(\d{1,5})(?:\s*[-–]\s*(\d{1,5}))?", p)
        if not m:
            raise BlockSpecError(_("expected block numbers such as 1,3,5-7: {spec}", spec=spec))
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        if a < 1 or b < a:
            raise BlockSpecError(_("not a block range: {range}", range=p))
        out.extend(n for n in range(a, b + 1) if n not in out)
    return tuple(out)


def check_blocks(numbers: Iterable[int], tract: Tract) -> tuple[int, ...]:
    """The 0-based indexes of 1-based ``numbers``; BlockSpecError when one is out of range."""
    from pancarte.i18n import _

    n = len(tract.blocks)
    out = []
    for k in numbers:
        if not 1 <= k <= n:
            raise BlockSpecError(_("the tract has blocks 1 to {n}: there is no block {k}",
                                   n=n, k=k))
        out.append(k - 1)
    return tuple(out)


def ranges(numbers: Iterable[int]) -> str:
    """``1, 3, 5–7`` from 1, 3, 5, 6, 7."""
    nums = sorted(set(numbers))
    out: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else
                   f"{nums[i]}, {nums[j]}" if j == i + 1 else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return ", ".join(out)


# ---------------------------------------------------------------------------------------------
# Blocks → paragraphs


def _source(tract: Tract, index: int, cut: bool = False) -> dict:
    src = {"tract": tract.id, "revision": tract.revision, "block": index + 1}
    if cut:
        src["cut"] = True
    return src


def block_paragraphs(tract: Tract, index: int, role: str | None = None,
                     text: str | None = None, items: tuple[str, ...] | None = None,
                     ) -> list[Paragraph]:
    """Block ``index`` as document paragraphs; ``text``/``items`` replace its own (a cut)."""
    b = tract.blocks[index]
    cut = text is not None or items is not None
    src = _source(tract, index, cut)
    if b.kind == "list":
        its = b.items if items is None else items
        return [Paragraph(item, role="list_item", marker=f"{i}." if b.numbered else "•",
                          source=dict(src)) for i, item in enumerate(its, 1)]
    body = b.text if text is None else text
    if b.kind == "quote":
        out = [Paragraph(body, role="quote", source=dict(src))]
        if b.attribution:
            out.append(Paragraph(attribution_line(b.attribution), role="attribution",
                                 source=dict(src)))
        return out
    kind = role or {"title": "title", "heading": "heading", "contact": "contact"}.get(
        b.kind, "paragraph")
    return [Paragraph(body, role=kind, source=dict(src))]


def sentences(text: str) -> list[str]:
    """``text`` split after each sentence (the pieces joined give ``text`` back)."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        out.append(text[start:m.end()])
        start = m.end()
    out.append(text[start:])
    return [s for s in out if s.strip()]


def with_ellipsis(text: str) -> str:
    """``text`` ending with "…" (a final period becomes it), the emphasis a cut left open
    closed after it (``**Le mardi…**``, never a ``**`` shown as characters)."""
    text = text.rstrip()
    if text.endswith(ELLIPSIS):
        return close_emphasis(text)
    if text.endswith(".") and not text.endswith(".."):
        return close_emphasis(text[:-1] + ELLIPSIS)
    if text.endswith((",", ";", ":", "—", "–", "-")):
        text = text[:-1].rstrip()
    return close_emphasis(text + ELLIPSIS)


def close_emphasis(text: str) -> str:
    """``text`` with an inline ``**`` or ``*`` left open closed at its end."""
    marks = [m for m in re.findall(r"\\\*|\*\*|\*", text) if m != "\\*"]
    for mark in ("**", "*"):
        if marks.count(mark) % 2:
            text += mark
    return text


def cuts(text: str) -> list[str]:
    """Shorter versions of ``text``, longest first: whole sentences (ending with "…"), then —
    when the first sentence alone is long — its first clauses."""
    parts = sentences(text)
    out = ["".join(parts[:k]).strip() for k in range(len(parts) - 1, 0, -1)]
    first = parts[0].strip()
    clauses = [m.end() for m in re.finditer(r"[,;:]\s", first) if m.start() >= 30]
    out += [first[:end].strip() for end in reversed(clauses)]
    out = [with_ellipsis(t) for t in out if t]
    # a first sentence with no clause to end on: its first words
    shortest = len(out[-1]) if out else len(first)
    out += [s for n in WORD_CUTS if n + 20 < shortest and (s := shorten(first, n)) not in out]
    return out


WORD_CUTS = (240, 160, 100, 60)  # characters: the last cuts of a lead, at a word


# ---------------------------------------------------------------------------------------------
# Fitting


def legible_floor(doc: Document, frame: TextFrame, engine: LayoutEngine) -> float:
    """The smallest size a body-like frame may set its text at: what the preflight's rule
    asks for the document's reading distance (1 cm of capitals per 3 m), but never more
    than the size the template's designer gave the frame (the headline is read from the
    distance; the body, from nearer); never more than 15 % under that size either, and
    never under the print minimum of 6 pt."""
    style = frame.style_for("paragraph")
    face = engine.fonts.face(style.family, style.bold, style.italic)
    rule = size_for_distance(doc.reading_distance, face.cap_height)
    return max(MIN_TEXT_PT, SHRINK * frame.size, min(rule, frame.size))


def _text_frame(doc: Document, name: str) -> TextFrame | None:
    for _page, f in doc.frames_named(name):
        if isinstance(f, TextFrame):
            return f
    return None


def apply_parts(doc: Document, parts: dict[str, tuple[Paragraph, ...]]) -> Document:
    """``doc`` with each named frame's paragraphs set from ``parts``."""
    for name, paras in parts.items():
        doc = set_text(doc, name, paras)
    return doc


class _Fitter:
    def __init__(self, doc: Document, engine: LayoutEngine) -> None:
        self.doc = doc
        self.engine = engine
        self.floors: dict[str, float] = {}
        for name in ("body", "programme", "footer"):
            f = _text_frame(doc, name)
            if f is not None:
                self.floors[f.id] = legible_floor(doc, f, engine)
        self.sizes: dict[str, float] = {}

    def fits(self, parts: dict[str, tuple[Paragraph, ...]]) -> bool:
        # a template that grows (tract-a4, booklet-a5) gets the pages its text needs first
        doc = fit_pages(apply_parts(self.doc, parts), self.engine).document
        ids = {f.id: name for name in parts if (f := _text_frame(doc, name)) is not None}
        layout = self.engine.layout(doc)
        if any(f.code == "text-overflow" and f.frame in ids for f in layout.findings):
            return False
        sizes = {}
        for page in layout.pages:
            for fid, info in page.frames.items():
                if fid in ids and parts.get(ids[fid]):
                    if fid in self.floors and info.size + 1e-6 < self.floors[fid]:
                        return False
                    sizes[ids[fid]] = info.size
        self.sizes = sizes
        return True


def whole_parts(doc: Document, tract: Tract) -> dict[str, tuple[Paragraph, ...]]:
    """The whole tract by frame name, as :func:`~pancarte.fill.tract.tract_paragraphs`
    puts it."""
    from pancarte.fill.tract import tract_paragraphs

    parts = tract_paragraphs(tract, programme=_text_frame(doc, "programme") is not None,
                             footer=_text_frame(doc, "footer") is not None)
    return {k: v for k, v in parts.items() if v}


def lead_index(tract: Tract) -> int | None:
    """The lead paragraph: the first that says what, when or where, else the first."""
    paras = [i for i, b in enumerate(tract.blocks) if b.kind == "paragraph" and not b.debris]
    for i in paras:
        if _LEAD_RE.search(tract.blocks[i].text):
            return i
    return paras[0] if paras else None


def _grows(doc: Document) -> bool:
    """Whether ``doc``'s template adds pages as its text needs (a ``flow`` in its JSON)."""
    from pancarte.model.templates import flow_spec

    return bool(doc.template) and flow_spec(doc.template) is not None


def plan_tract(doc: Document, tract: Tract, engine: LayoutEngine | None = None,
               title: str | None = None) -> Plan:
    """The whole tract when it fits legibly, else a designer's choice of its blocks (see the
    module's description). ``title`` replaces the tract's own title when given."""
    engine = engine or LayoutEngine()
    fitter = _Fitter(doc, engine)
    live = [i for i, b in enumerate(tract.blocks) if not b.debris]
    whole = whole_parts(doc, tract)
    if title is not None:
        whole["title"] = _title_paras(title)
    if fitter.fits(whole) or _grows(doc):
        # a template made to grow (tract-a4, booklet-a5) takes the whole text: past its last
        # page the export refuses it, naming the words left out, rather than cutting the end
        return Plan(whole, placed=tuple(live), whole=True, sizes=dict(fitter.sizes))
    picker = _Picker(doc, tract, fitter, title)
    picker.title_block()
    picker.contacts("footer")
    picker.programme_and_lead()
    picker.short_quote()
    picker.contacts("body")
    picker.room_left()
    return picker.plan()


class _Picker:
    """A designer's choice, step by step: the blocks chosen so far (block index → paragraphs
    and frame name), those cut, and the frames the template has."""

    def __init__(self, doc: Document, tract: Tract, fitter: _Fitter,
                 title: str | None) -> None:
        self.tract = tract
        self.fitter = fitter
        self.title = title
        self.has = {name: _text_frame(doc, name) is not None for name in FILLED}
        self.body = "body" if self.has["body"] else None
        self.live = [i for i, b in enumerate(tract.blocks) if not b.debris]
        self.lead = lead_index(tract)
        self.chosen: dict[int, list[Paragraph]] = {}  # block index → paragraphs
        self.where: dict[int, str] = {}  # block index → frame name
        self.cut: set[int] = set()

    def parts_of(self, extra: dict[int, tuple[str, list[Paragraph]]] | None = None,
                 ) -> dict[str, tuple[Paragraph, ...]]:
        out: dict[str, list[Paragraph]] = {name: [] for name in FILLED if self.has[name]}
        items = {i: (self.where[i], self.chosen[i]) for i in self.chosen}
        items.update(extra or {})
        for i in sorted(items):
            name, paras = items[i]
            out.setdefault(name, []).extend(paras)
        if self.title is not None and self.has["title"]:
            out["title"] = list(_title_paras(self.title))
        return {k: tuple(v) for k, v in out.items()}

    def try_add(self, index: int, name: str,
                versions: list[tuple[list[Paragraph], bool]]) -> bool:
        """Add block ``index`` to frame ``name`` in the first version that fits legibly."""
        for paras, is_cut in versions:
            if self.fitter.fits(self.parts_of({index: (name, paras)})):
                self.chosen[index] = paras
                self.where[index] = name
                if is_cut:
                    self.cut.add(index)
                else:
                    self.cut.discard(index)
                return True
        return False

    def _first(self, kind: str) -> int | None:
        return next((i for i in self.live if self.tract.blocks[i].kind == kind), None)

    def title_block(self) -> None:
        """The title: the first title block (or the first heading when there is none)."""
        title_i = self._first("title")
        if title_i is None:
            title_i = self._first("heading")
        if title_i is not None and self.has["title"] and self.title is None:
            self.chosen[title_i] = block_paragraphs(self.tract, title_i, role="title")
            self.where[title_i] = "title"

    def contacts(self, name: str) -> None:
        """The contact lines: in the footer when the template has one, else at the body's
        end (asked for last)."""
        if name == "body" and (self.has["footer"] or not self.body):
            return
        if name == "footer" and not self.has["footer"]:
            return
        for i in self.live:
            if self.tract.blocks[i].kind == "contact":
                self.try_add(i, name, [(block_paragraphs(self.tract, i), False)])

    def programme_and_lead(self) -> None:
        """The programme (the first list, with the heading right before it) and the lead
        paragraph, whole or cut at a sentence boundary; when the programme shares the body,
        the lead's first words are kept first, the programme goes in, then the lead grows."""
        list_i = self._first("list")
        lead, body = self.lead, self.body
        prog_frame = "programme" if self.has["programme"] else body
        if list_i is not None and prog_frame == "programme":
            _add_list(self.tract, list_i, prog_frame, self.try_add, self.chosen, self.where)
        lead_versions: list[tuple[list[Paragraph], bool]] = []
        if lead is not None and body:
            lead_versions = [(block_paragraphs(self.tract, lead), False)]
            lead_versions += [(block_paragraphs(self.tract, lead, text=t), True)
                              for t in cuts(self.tract.blocks[lead].text)]
        shared = list_i if list_i is not None and prog_frame == body else None
        if shared is not None and body:
            if lead is not None and lead_versions:
                self.try_add(lead, body, lead_versions[-1:])
            _add_list(self.tract, shared, body, self.try_add, self.chosen, self.where,
                      first_items=False)
        if lead is not None and body and lead_versions:
            _add_longest(lead, body, lead_versions, self.try_add)
        if shared is not None and body and shared not in self.chosen:
            # a list too long even cut: its first items, in the room the lead leaves
            _add_list(self.tract, shared, body, self.try_add, self.chosen, self.where)

    def short_quote(self) -> None:
        """A short quote when there is room."""
        if not self.body:
            return
        for i in self.live:
            b = self.tract.blocks[i]
            if b.kind == "quote" and len(b.text) <= SHORT_QUOTE and self.try_add(
                    i, self.body, [(block_paragraphs(self.tract, i), False)]):
                return

    def room_left(self) -> None:
        """Room left (a two-page tract, a big poster): the text goes on in its own order,
        from the lead on, as long as whole blocks fit; never after a cut, never a heading
        left alone."""
        if self.body and self.lead is not None and self.lead in self.chosen and not self.cut:
            _fill_on(self.tract, self.live, self.lead, self.body, self.chosen, self.where,
                     self.try_add)

    def plan(self) -> Plan:
        parts = self.parts_of()
        self.fitter.fits(parts)
        placed = tuple(sorted(self.chosen))
        left = tuple(i for i in self.live if i not in self.chosen)
        return Plan(parts, placed=placed, cut=tuple(sorted(self.cut)), left_out=left,
                    whole=False, sizes=dict(self.fitter.sizes))


def _fill_on(tract: Tract, live: list[int], lead: int, body: str, chosen, where,
             try_add) -> None:
    """Add the blocks after ``lead`` in order (a heading with the block it introduces) while
    they fit whole; stop at the first that does not."""
    blocks = tract.blocks
    rest = [i for i in live if i > lead and i not in chosen
            and blocks[i].kind not in ("title", "contact")]
    k = 0
    while k < len(rest):
        i = rest[k]
        if blocks[i].kind == "heading" and k + 1 < len(rest):
            nxt = rest[k + 1]
            paras = block_paragraphs(tract, i) + block_paragraphs(tract, nxt)
            if not try_add(nxt, body, [(paras, False)]):
                return
            chosen[i] = []  # placed with the block it introduces
            where[i] = body
            k += 2
            continue
        if blocks[i].kind == "heading" or not try_add(i, body, [(block_paragraphs(tract, i),
                                                                 False)]):
            return
        k += 1


def _title_paras(title: str) -> tuple[Paragraph, ...]:
    return (Paragraph(title.strip(), role="title"),) if title.strip() else ()


def _add_longest(index: int, name: str, versions: list[tuple[list[Paragraph], bool]],
                 try_add) -> bool:
    """Add the longest version of a block that fits, by bisection over ``versions`` (longest
    first; if a version fits, the shorter ones do)."""
    lo, hi = 0, len(versions) - 1
    if try_add(index, name, versions[:1]):
        return True
    if len(versions) == 1 or not try_add(index, name, versions[-1:]):
        return False
    # versions[hi] fits, versions[lo] does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if try_add(index, name, [versions[mid]]):
            hi = mid
        else:
            lo = mid
    return try_add(index, name, [versions[hi]])


def _add_list(tract: Tract, list_i: int, name: str, try_add, chosen, where,
              first_items: bool = True) -> bool:
    """The list (with its heading when it has one), whole, else with each item cut shorter
    and shorter (at a clause, else a word, with "…"), else (``first_items``) its first items
    as many as fit; left out when even that does not fit."""
    b = tract.blocks[list_i]
    versions = [(block_paragraphs(tract, list_i), False)]
    seen = {b.items}
    for limit in ITEM_LIMITS:
        short = tuple(shorten(item, limit) for item in b.items)
        if short not in seen:
            seen.add(short)
            versions.append((block_paragraphs(tract, list_i, items=short), True))
    # last resort on a small page: a timed programme on one line, "10h : accueil · 12h : …"
    timed = not b.numbered and all(_TIME_RE.match(item) for item in b.items)
    if timed:
        inline = " · ".join(_inline_item(item) for item in b.items)
        src = _source(tract, list_i, cut=True)
        versions.append(([Paragraph(inline, role="paragraph", source=src)], True))
    head = list_i - 1
    lead_in: list[Paragraph] = []
    if head >= 0 and tract.blocks[head].kind == "heading" and not tract.blocks[head].debris:
        lead_in = block_paragraphs(tract, head)
        for paras, is_cut in versions[:-1] if timed else versions:
            if try_add(list_i, name, [(lead_in + paras, is_cut)]):
                chosen[head] = []  # placed with the list
                where[head] = name
                return True
    if try_add(list_i, name, versions):
        return True
    if first_items and _add_first_items(tract, list_i, name, lead_in, try_add):
        if lead_in:
            chosen[head] = []
            where[head] = name
        return True
    return False


def _add_first_items(tract: Tract, list_i: int, name: str, lead_in: list[Paragraph],
                     try_add) -> bool:
    """A list too long for the page even with its items cut: its first items, as many as fit
    (a poster of twenty demands shows the first ones, in their order and with their numbers,
    rather than none), whole when at least three fit so, else cut shorter."""
    b = tract.blocks[list_i]
    n = len(b.items)
    levels = [b.items] + [tuple(shorten(item, limit) for item in b.items)
                          for limit in ITEM_LIMITS]
    best: tuple[int, tuple[str, ...]] = (0, ())

    def fits(items: tuple[str, ...], k: int) -> bool:
        paras = lead_in + block_paragraphs(tract, list_i, items=items[:k])
        return try_add(list_i, name, [(paras, True)])

    for items in levels:
        lo, hi = 0, n  # the first lo items fit, the first hi do not (the whole list)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if fits(items, mid):
                lo = mid
            else:
                hi = mid
        if lo > best[0]:
            best = (lo, items)
        if lo >= min(3, n - 1):
            break
    k, items = best
    return k > 0 and fits(items, k)


def _inline_item(item: str, limit: int = 26) -> str:
    """A list item's first words for a one-line programme (no ellipsis between dots)."""
    return shorten(item, limit).removesuffix(ELLIPSIS).removesuffix("\u202f").rstrip(" ,;:")


_TIME_RE = re.compile(r"\s*(?:de |à |dès )?\d{1,2}\s?(?:h|:)\s?\d{0,2}", re.IGNORECASE)
ITEM_LIMITS = (90, 60, 42)  # characters: a list item cut to at most this much


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters: after its last clause or sentence that
    ends in the second half of the limit, else after a word, with "…"; unchanged when
    short."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.start() + 1 for m in re.finditer(r"[,;:.!?](?=\s)", head) if m.start() >= limit // 2]
    if ends:
        return with_ellipsis(head[:ends[-1]])
    words = head.split(" ")[:-1] or [head]
    while len(words) > 2 and (len(words[-1]) <= 3 or words[-1].lower() in _WEAK_ENDS):
        words.pop()  # not "… sous les…", "… avec…"
    return with_ellipsis(" ".join(words))


_WEAK_ENDS = {"avec", "dans", "pour", "sans", "sous", "vers", "chez", "entre", "leur", "leurs",
              "notre", "votre", "nos", "vos", "une", "des", "aux", "qui", "que", "dont", "mais",
              "donc", "puis", "plus", "moins", "très", "trop"}


def block_label(block: Block, limit: int = 40) -> str:
    """A block as the left-out list names it: its first words."""
    text = " ".join((block.strings() or [""])[0].split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + ELLIPSIS


def plan_blocks(doc: Document, tract: Tract, indexes: Iterable[int],
                title: str | None = None) -> Plan:
    """Exactly the blocks ``indexes`` (0-based): the first title block to ``title``, the first
    list to ``programme`` and contacts to ``footer`` when the template has them, the rest to
    ``body`` in the tract's order."""
    has = {name: _text_frame(doc, name) is not None for name in FILLED}
    wanted = sorted(set(indexes))
    out: dict[str, list[Paragraph]] = {name: [] for name in FILLED if has[name]}
    title_done = title is not None
    list_done = False
    body = "body" if has["body"] else None
    for i in wanted:
        b = tract.blocks[i]
        if b.kind == "title" and not title_done and has["title"]:
            out["title"] += block_paragraphs(tract, i, role="title")
            title_done = True
            continue
        if b.kind == "list" and not list_done and has["programme"]:
            out["programme"] += block_paragraphs(tract, i)
            list_done = True
            continue
        if (b.kind == "heading" and has["programme"] and not list_done and i + 1 in wanted
                and tract.blocks[i + 1].kind == "list"):
            out["programme"] += block_paragraphs(tract, i)  # the list's own heading
            continue
        if b.kind == "contact" and has["footer"]:
            out["footer"] += block_paragraphs(tract, i)
            continue
        name = body or next((n for n in FILLED if has[n]), None)
        if name is None:
            continue
        role = "heading" if b.kind == "title" else None
        out[name] += block_paragraphs(tract, i, role=role)
    if title is not None and has["title"]:
        out["title"] = list(_title_paras(title))
    live = [i for i, b in enumerate(tract.blocks) if not b.debris]
    return Plan({k: tuple(v) for k, v in out.items()}, placed=tuple(wanted),
                left_out=tuple(i for i in live if i not in wanted), whole=False)
