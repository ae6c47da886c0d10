"""The layout engine: a Document in, positioned pages and findings out.

It is the only code that measures text. A :class:`LayoutEngine` keeps caches (shaped words,
prepared paragraphs) so that the editor can lay out again after each keystroke cheaply.

Two frame names are page furniture the engine fills itself, so that they stay right when
pages are added or text changes: an empty text frame named ``folio`` shows the page number
(``2/4``); a text frame named ``continued`` ("suite au verso") shows only on a recto (odd page)
when the text flowing through that page goes on to a later page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import assert_never

from pancarte.geometry import MM, Rect
from pancarte.layout.boxes import (
    DocumentLayout,
    Finding,
    FrameInfo,
    GlyphRun,
    ImageItem,
    PageLayout,
    QRItem,
    RectItem,
)
from pancarte.layout.flow import FlowResult, Placed, autofit_size, flow
from pancarte.layout.fonts import FontLibrary, library
from pancarte.layout.legibility import size_for_distance
from pancarte.layout.qr import QUIET_ZONE, QRTooLong, qr_matrix
from pancarte.layout.reflow import FlowTrace, reflow
from pancarte.layout.runs import emit_runs, missing_findings
from pancarte.layout.text import NO_HYPHENATION_ROLES, ParaSpec, Preparer
from pancarte.model.color import BLACK, WHITE, Color, parse_color
from pancarte.model.document import (
    Document,
    Frame,
    ImageFrame,
    Paragraph,
    QRFrame,
    Settings,
    ShapeFrame,
    TextFrame,
    TextStyle,
)

FOLIO, CONTINUED = "folio", "continued"  # frame names the engine fills (see the module doc)
KEEP_WITH_NEXT_ROLES = {"title", "subtitle", "heading"}

_EDGE_MM = 0.05  # a frame this close to the trim edge runs into the bleed
MAX_TIGHTEN = 30.0  # thousandths of an em: a title is tracked at most 3 % of an em tighter
# what a title may do to reach its reading distance, gentlest first: (break after a
# compound's hyphen, tracking tightened by)
_REACH_STEPS = ((False, 10.0), (False, 20.0), (False, MAX_TIGHTEN), (True, 0.0),
                (True, MAX_TIGHTEN))


@dataclass(slots=True)
class _Memory:
    """What the layout of one text chain keeps for the next one."""

    # glyph runs by line (and by block of lines): key → (prepared, runs, what they share) or
    # (prepared, runs, baselines, lines, what they share)
    runs: dict[tuple, tuple] = field(default_factory=dict)
    # the flow's trace, by the frames' boxes and the size
    traces: dict[tuple, FlowTrace] = field(default_factory=dict)
    # by frame id: (placed lines, rect, shift, colours, items, their entries in ``runs``)
    frames: dict[str, tuple] = field(default_factory=dict)
    # the paragraphs' specs: (what all depend on, {id(paragraph): (paragraph, next one,
    # prepared, balanced)})
    specs: tuple = ((), {})
    used: int = 0  # entries of ``runs`` this layout used


class LayoutEngine:
    def __init__(self, fonts: FontLibrary | None = None) -> None:
        self.fonts = fonts or library()
        self.preparer = Preparer(self.fonts)
        # what the layout of each text chain keeps for the next one (head frame id → memory):
        # after an edit only what it changed is flowed, set and prepared again
        self._memory: dict[str, _Memory] = {}
        self._before = self._now = _Memory()  # the chain being laid out: last time, this time
        self._chains: dict[str, tuple] = {}  # head frame id → (inputs, what they gave)
        self._where: tuple[Document | None, dict] = (None, {})  # see _frames_of

    # -----------------------------------------------------------------------------------------

    def layout(self, doc: Document) -> DocumentLayout:
        """Lay out every page of ``doc``."""
        if doc.fonts:  # the group's own faces the document carries
            self.fonts.add_document_fonts(doc.fonts)
        return self._layout(doc)

    def _runs(self, placed: Placed, left: float, top: float, width: float, color: Color,
              frame_id: str) -> list[GlyphRun]:
        """``emit_runs`` of ``placed``, line by line (runs of different lines never merge),
        each line's runs reused when a line of the same words (shaped alike: the same cache
        entry), in the same style, at the same left, width and size was set before — moved to
        the new baseline when the line moved (the runs are immutable: sharing them is safe). A
        keystroke thus sets one line again, even in the paragraph it changed, and the text it
        pushes down is moved, not set again."""
        p = placed.prepared
        out: list[GlyphRun] = []
        now, before = self._now.runs, self._before.runs
        # fast path: the very same Line objects (line breaks are remembered per paragraph)
        # on the same baselines: the whole block as it was
        lines, ys = placed.lines, [top + b for b in placed.baselines]
        # what all the lines share, hashed once in the keys and compared again on a hit
        where = (p.style, placed.size, placed.width_em, left, width, color, frame_id)
        shared = hash(where)
        block_key = (shared, id(p), placed.first_of_para, len(lines),
                     id(lines[0]) if lines else 0)
        block = now.get(block_key) or before.get(block_key)
        if (block is not None and block[0] is p and block[2] == ys and block[4] == where
                and all(a is b for a, b in zip(block[3], lines, strict=True))):
            now[block_key] = block
            return block[1]
        words = p.words
        for li, (line, base) in enumerate(zip(placed.lines, placed.baselines, strict=True)):
            first = placed.first_of_para and li == 0
            # a word is known by its advances list (one per shaping cache entry: the same text
            # in the same face) and the space after it; the runs entry keeps the paragraph,
            # so the lists stay alive and their ids unique
            key = (shared, (p.marker.text, p.face.key) if first and p.marker else first,
                   tuple((id(words[wi].cum), words[wi].gap, words[wi].forced, lo, hi)
                         for wi, lo, hi in line.pieces),
                   line.width, line.hyphen, line.last, line.too_wide)
            y = top + base
            hit = now.get(key) or before.get(key)
            if hit is not None and hit[2] == where:
                runs = hit[1]
                if runs and runs[0].y != y:
                    runs = [GlyphRun(r.face, r.size, y, r.xs, r.glyphs, r.text, r.color, r.end,
                                     r.frame) for r in runs]
            else:
                runs = emit_runs(Placed(placed.para, p, placed.size, [line], [base], first,
                                        placed.width_em), left, top, width, color, frame_id)
            now[key] = (p, runs, where)
            out.extend(runs)
        now[block_key] = (p, out, ys, list(lines), where)
        return out

    def _layout(self, doc: Document) -> DocumentLayout:
        bleed = doc.bleed * MM
        pages = [PageLayout(doc.width * MM, doc.height * MM, bleed) for _ in doc.pages]
        findings: list[Finding] = []
        for index, page in enumerate(doc.pages):
            out = pages[index]
            if page.background:
                out.items.append(RectItem(Rect(-bleed, -bleed, out.width + 2 * bleed,
                                               out.height + 2 * bleed),
                                          self._color(doc, page.background, WHITE)))
        # text chains are laid out once, from their first frame; items go page by page in
        # frame order so that the stacking order is the model's
        targets = {f.next_frame for p in doc.pages for f in p.frames
                   if isinstance(f, TextFrame) and f.next_frame}
        chain_items: dict[str, list] = {}
        self._text_chains(doc, targets, pages, chain_items, findings)
        for index, page in enumerate(doc.pages):
            out = pages[index]
            for frame in page.frames:
                match frame:
                    case ShapeFrame():
                        self._shape(doc, frame, out)
                    case ImageFrame():
                        self._image(doc, index, frame, out, findings)
                    case QRFrame():
                        self._qr(doc, index, frame, out, findings)
                    case TextFrame():
                        out.items.extend(chain_items.get(frame.id, []))
                    case _:  # a frame kind the engine does not lay out: fail loudly
                        assert_never(frame)  # type: ignore[arg-type]
        return DocumentLayout(pages, findings)

    def _text_chains(self, doc: Document, targets: set, pages: list[PageLayout],
                     chain_items: dict[str, list], findings: list[Finding]) -> None:
        """Lay out every text chain, then the page furniture that depends on them (folios
        are chains of their own; "suite au verso" shows where the text goes on)."""
        chains_now: dict[str, tuple] = {}
        memory: dict[str, _Memory] = {}
        chains: list[list[tuple[int, str]]] = []
        later: list[tuple[int, TextFrame]] = []
        for index, page in enumerate(doc.pages):
            for frame in page.frames:
                if isinstance(frame, TextFrame) and frame.id not in targets:
                    if frame.name == CONTINUED and not frame.next_frame:
                        later.append((index, frame))
                        continue
                    if frame.name == FOLIO and not frame.next_frame and not any(
                            p.text.strip() for p in frame.paragraphs):
                        frame = replace(frame, paragraphs=(
                            Paragraph(f"{index + 1}/{len(doc.pages)}"),))
                    chain = self._chain(doc, index, frame, pages, chain_items, findings,
                                        chains_now)
                    memory[frame.id] = self._now
                    chains.append([(pi, f.id) for pi, f in chain])
        for index, frame in later:
            # "suite au verso": on a recto, when text on this page goes on to a later page
            goes_on = index % 2 == 0 and any(
                any(pi == index and pages[pi].frames[fid].lines for pi, fid in chain)
                and any(pi > index and pages[pi].frames[fid].lines for pi, fid in chain)
                for chain in chains)
            if goes_on:
                self._chain(doc, index, frame, pages, chain_items, findings, chains_now)
                memory[frame.id] = self._now
            else:
                pages[index].frames[frame.id] = FrameInfo(frame.rect.to_pt())
        self._chains, self._memory = chains_now, memory

    # -----------------------------------------------------------------------------------------

    def _color(self, doc: Document, value: str | None, default: Color) -> Color:
        if not value:
            return default
        try:
            return parse_color(value, doc.colors)
        except ValueError:
            return default

    def _bleed_rect(self, doc: Document, frame: Frame) -> Rect:
        """The frame's rectangle in pt, extended into the bleed where it touches the trim."""
        x0, y0, x1, y1 = frame.x, frame.y, frame.x + frame.w, frame.y + frame.h
        b = doc.bleed
        if x0 <= _EDGE_MM:
            x0 = min(x0, -b)
        if y0 <= _EDGE_MM:
            y0 = min(y0, -b)
        if x1 >= doc.width - _EDGE_MM:
            x1 = max(x1, doc.width + b)
        if y1 >= doc.height - _EDGE_MM:
            y1 = max(y1, doc.height + b)
        return Rect(x0 * MM, y0 * MM, (x1 - x0) * MM, (y1 - y0) * MM)

    def _shape(self, doc: Document, frame: ShapeFrame, out: PageLayout) -> None:
        fill = self._color(doc, frame.fill, BLACK) if frame.fill else None
        stroke = self._color(doc, frame.stroke, BLACK) if frame.stroke else None
        if fill is None and (stroke is None or frame.stroke_width <= 0):
            return
        rect = self._bleed_rect(doc, frame) if fill is not None and stroke is None else \
            frame.rect.to_pt()
        out.items.append(RectItem(rect, fill, stroke, frame.stroke_width * MM, frame.id))

    def _image(self, doc: Document, index: int, frame: ImageFrame, out: PageLayout,
               findings: list[Finding]) -> None:
        data = doc.images.get(frame.image)
        if not data:
            return
        from pancarte.images import ImageError, image_size

        try:
            pw, ph = image_size(data)  # after EXIF orientation, bomb guard on
        except ImageError:
            findings.append(Finding("image-unreadable", "error", index + 1, frame.id,
                                    {"name": frame.image.removeprefix("images/")}))
            return
        box = self._bleed_rect(doc, frame)
        if frame.fit == "stretch" or pw <= 0 or ph <= 0:
            rect = box
        else:
            scale = (min if frame.fit == "fit" else max)(box.w / pw, box.h / ph)
            w, h = pw * scale, ph * scale
            rect = Rect(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)
        out.items.append(ImageItem(rect, box, frame.image, data, frame.id))

    def _qr(self, doc: Document, index: int, frame: QRFrame, out: PageLayout,
            findings: list[Finding]) -> None:
        if not frame.content:
            return
        try:
            modules = qr_matrix(frame.content, frame.ecc)
        except QRTooLong as exc:
            findings.append(Finding("qr-too-long", "error", index + 1, frame.id,
                                    {"bytes": str(exc)}))
            return
        box = frame.rect.to_pt()
        side = min(box.w, box.h)
        count = len(modules) + 2 * QUIET_ZONE
        side = side - side % (1e-3)  # keep module size a clean number
        rect = Rect(box.x + (box.w - side) / 2, box.y + (box.h - side) / 2, side, side)
        dark = self._color(doc, frame.dark, BLACK)
        light = self._color(doc, frame.light, WHITE)
        out.items.append(QRItem(rect, modules, QUIET_ZONE, dark, light, frame.content, frame.id))
        # the code's printed width must be at least a tenth of the scan distance
        needed_mm = doc.scan_distance * 1000 / 10
        printed_mm = side / MM * len(modules) / count
        if printed_mm + 1e-6 < needed_mm:
            findings.append(Finding("qr-too-small", "warning", index + 1, frame.id,
                                    {"width_mm": round(printed_mm), "needed_mm": round(needed_mm),
                                     "distance_m": doc.scan_distance}))
        if abs(dark.luminance() - light.luminance()) < 0.4:
            findings.append(Finding("qr-low-contrast", "warning", index + 1, frame.id, {}))

    # -----------------------------------------------------------------------------------------

    def _reach_distance(self, doc: Document, head: TextFrame, specs: list[ParaSpec],
                        prepared: list, roles: list[str], boxes: list[tuple[float, float]],
                        balance: list[bool], size: float) -> tuple[float, list]:
        """A title too small to be read from the document's reading distance (1 cm of
        capitals per 3 m) may break after a compound's hyphen ("MOBILISONS- / NOUS") or be
        tracked a little tighter (at most ``MAX_TIGHTEN``) when that is what it takes to reach
        it; else it stays as it was. Returns the size and the paragraphs to set."""
        need = max(size_for_distance(doc.reading_distance, p.face.cap_height)
                   / max(p.style.scale, 1e-6)
                   for p, role in zip(prepared, roles, strict=True) if role == "title")
        if size + 1e-6 >= need:
            return size, prepared
        settings = doc.settings
        lo, hi = head.min_size, head.max_size
        for compound, tighten in _REACH_STEPS:
            paras = prepared
            if tighten:
                paras = [self.preparer.prepare(
                    replace(s, style=replace(s.style, tracking=s.style.tracking - tighten))
                    if role == "title" else s, settings.french_rules, settings.lang)
                    for s, role in zip(specs, roles, strict=True)]
            new, ok = autofit_size(paras, boxes, lo, hi, balance, compound=compound)
            if ok and new + 1e-6 >= need:
                return new, paras
        return size, prepared

    def _chain_of(self, doc: Document, index: int,
                  head: TextFrame) -> list[tuple[int, TextFrame]]:
        """The frames ``head``'s text flows through, in order, with their page index."""
        chain: list[tuple[int, TextFrame]] = [(index, head)]
        seen = {head.id}
        cur = head
        where = self._frames_of(doc)
        while cur.next_frame and cur.next_frame not in seen:
            found = where.get(cur.next_frame)
            if found is None or not isinstance(found[1], TextFrame):
                break
            chain.append((found[0], found[1]))
            seen.add(found[1].id)
            cur = found[1]
        return chain

    def _frames_of(self, doc: Document) -> dict[str, tuple[int, Frame]]:
        """Every frame of ``doc`` by id, with its page index (the first of a duplicated id, as
        ``Document.find_frame``), for the document last asked about."""
        if self._where[0] is not doc:
            where: dict[str, tuple[int, Frame]] = {}
            for pi, page in enumerate(doc.pages):
                for f in page.frames:
                    where.setdefault(f.id, (pi, f))
            self._where = (doc, where)
        return self._where[1]

    def _chain(self, doc: Document, index: int, head: TextFrame, pages: list[PageLayout],
               chain_items: dict[str, list], findings: list[Finding],
               chains_now: dict[str, tuple]) -> list[tuple[int, TextFrame]]:
        """Lay out the text chain starting at ``head`` — or reuse what the last layout made of
        it when everything it depends on is equal (its frames and pages, the document's size,
        bleed, colours and settings): an edit elsewhere costs this chain nothing."""
        chain = self._chain_of(doc, index, head)
        inputs = (tuple(chain), doc.width, doc.height, doc.bleed, doc.colors, doc.settings,
                  doc.reading_distance)
        cached = self._chains.get(head.id)
        if cached is not None and cached[0] == inputs:
            _, items, infos, found = cached
            for (pi, f), info in zip(chain, infos, strict=True):
                chain_items[f.id] = list(items[f.id])
                pages[pi].frames[f.id] = FrameInfo(info.rect, info.size, info.overflow,
                                                   info.lines)
            findings.extend(found)
            chains_now[head.id] = cached
            self._now = self._memory.get(head.id) or _Memory()  # kept for the next edit
            return chain
        self._before, self._now = self._memory.get(head.id) or _Memory(), _Memory()
        if len(self._before.runs) <= 2 * self._before.used + 1024:
            # the runs set before are carried over as they are; once stale ones (lines no
            # longer laid out) outnumber the rest, only those used this time are kept
            self._now.runs = self._before.runs
        start = len(findings)
        self._layout_chain(doc, chain, pages, chain_items, findings)
        chains_now[head.id] = (
            inputs, {f.id: list(chain_items.get(f.id, [])) for _, f in chain},
            [FrameInfo(i.rect, i.size, i.overflow, i.lines)
             for i in (pages[pi].frames[f.id] for pi, f in chain)],
            findings[start:])
        return chain

    def _chain_specs(self, doc: Document, head: TextFrame,
                     ) -> tuple[list[Paragraph], list[ParaSpec], list[bool]]:
        """The head's printed paragraphs, their specs for flow, and which ones are balanced."""
        paragraphs = [p for p in head.paragraphs if p.text.strip() or p.marker]
        settings = doc.settings
        specs = []
        balance = []
        for i, para in enumerate(paragraphs):
            nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
            specs.append(self._spec(head, settings, para, nxt,
                                    head.style_for(para.role, para.style)))
            balance.append(head.balance or para.role == "title")
        return paragraphs, specs, balance

    @staticmethod
    def _spec(head: TextFrame, settings: Settings, para: Paragraph, nxt: Paragraph | None,
              style: TextStyle) -> ParaSpec:
        """What flow is asked to set of ``para`` (followed by ``nxt``) in ``head``'s chain."""
        hyph = (settings.hyphenate and head.hyphenate and not head.balance
                and para.role not in NO_HYPHENATION_ROLES)
        keep = nxt is not None and not head.balance and (
            para.role in KEEP_WITH_NEXT_ROLES
            or (para.role == "quote" and nxt.role == "attribution")
            or (para.text.rstrip().endswith(":") and nxt.role == "list_item"))
        return ParaSpec(para.text, style, para.marker, hyph, keep_with_next=keep)

    def _prepare_chain(self, doc: Document, head: TextFrame) -> tuple[list, list[bool]]:
        """The head's paragraphs prepared for flow, and which ones are balanced."""
        _, specs, balance = self._chain_specs(doc, head)
        settings = doc.settings
        prepared = [self.preparer.prepare(s, settings.french_rules, settings.lang) for s in specs]
        return prepared, balance

    def _prepare_chain_again(self, doc: Document, head: TextFrame) -> tuple[list, list[bool]]:
        """:meth:`_prepare_chain`, taking an unchanged paragraph's prepared form (same
        paragraph, same next one, same frame styles and settings) from the last layout."""
        settings = doc.settings
        depends = (head.style, head.role_styles, head.balance, head.hyphenate, settings)
        old_depends, old = self._before.specs
        if old_depends != depends:
            old = {}
        paragraphs = [p for p in head.paragraphs if p.text.strip() or p.marker]
        memo: dict[int, tuple] = {}
        prepared: list = []
        balance: list[bool] = []
        styles: dict[str, TextStyle] = {}
        n = len(paragraphs)
        for i, para in enumerate(paragraphs):
            nxt = paragraphs[i + 1] if i + 1 < n else None
            hit = old.get(id(para))
            if hit is not None and hit[0] is para and hit[1] is nxt:
                memo[id(para)] = hit
                prepared.append(hit[2])
                balance.append(hit[3])
                continue
            if para.style:
                style = head.style_for(para.role, para.style)
            else:
                style = styles.get(para.role) or styles.setdefault(
                    para.role, head.style_for(para.role))
            spec = self._spec(head, settings, para, nxt, style)
            prep = self.preparer.prepare(spec, settings.french_rules, settings.lang)
            bal = head.balance or para.role == "title"
            memo[id(para)] = (para, nxt, prep, bal)
            prepared.append(prep)
            balance.append(bal)
        self._now.specs = (depends, memo)
        return prepared, balance

    def chain_flow(self, doc: Document, frame_id: str, size: float | None = None,
                   ) -> FlowResult | None:
        """How the text of the chain starting at frame ``frame_id`` flows through its frames
        at ``size`` (the frame's nominal size when None), autofit aside: which lines of which
        paragraph go in which frame. None when there is no such text frame or no text."""
        found = doc.find_frame(frame_id)
        if found is None or not isinstance(found[1], TextFrame):
            return None
        head = found[1]
        chain = self._chain_of(doc, found[0], head)
        prepared, balance = self._prepare_chain(doc, head)
        if not prepared:
            return None
        boxes = [(r.w, r.h) for r in (f.rect.inset(f.padding).to_pt() for _, f in chain)]
        return flow(prepared, balance, boxes, head.size if size is None else size,
                    measure_only=True)

    def chain_fits(self, doc: Document, frame_id: str, size: float | None = None) -> bool:
        """Whether the text of the chain starting at frame ``frame_id`` fits its frames at
        ``size`` (the frame's nominal size when None), autofit aside."""
        result = self.chain_flow(doc, frame_id, size)
        return result is None or result.complete

    def _layout_chain(self, doc: Document, chain: list[tuple[int, TextFrame]],
                      pages: list[PageLayout], chain_items: dict[str, list],
                      findings: list[Finding]) -> None:
        index, head = chain[0]
        inner = [f.rect.inset(f.padding).to_pt() for _, f in chain]
        for pi, f in chain:
            items = chain_items.setdefault(f.id, [])
            if f.background:
                items.append(RectItem(self._bleed_rect(doc, f),
                                      self._color(doc, f.background, WHITE), frame=f.id))
            pages[pi].frames[f.id] = FrameInfo(f.rect.to_pt())
        prepared, balance = self._prepare_chain_again(doc, head)
        if not prepared:
            return
        boxes = [(r.w, r.h) for r in inner]
        if head.autofit:
            size, ok = autofit_size(prepared, boxes, head.min_size, head.max_size, balance)
            paragraphs, specs, _ = self._chain_specs(doc, head)
            roles = [p.role for p in paragraphs]
            if ok and "title" in roles and doc.reading_distance > 0:
                size, prepared = self._reach_distance(doc, head, specs, prepared, roles, boxes,
                                                      balance, size)
            result = flow(prepared, balance, boxes, size)
        else:
            size = head.size
            result = self._reflow(prepared, balance, boxes, size)
        if result.complete:
            result = _balanced_last_columns(chain, inner, result, prepared, balance, size,
                                            self._reflow)
        colours: dict[str | None, Color] = {}
        for ci, ((pi, f), r) in enumerate(zip(chain, inner, strict=True)):
            placed_list = result.frames[ci]
            room = r.h - result.heights[ci]
            shift = 0.0
            if placed_list and room > 0:
                shift = {"top": 0.0, "middle": room / 2, "bottom": room}[f.valign]
            chain_items[f.id].extend(self._frame_runs(doc, f.id, placed_list, r, shift,
                                                      head.id, colours))
            info = pages[pi].frames[f.id]
            info.size = size
            info.lines = sum(len(placed.lines) for placed in placed_list)
            info.overflow = not result.complete
        if not result.complete:
            findings.append(Finding("text-overflow", "error", index + 1, head.id,
                                    {"size": round(size, 1), "name": head.name or head.id,
                                     "words": result.unplaced_words}))
        for p in prepared:
            if p.missing:
                findings.extend(missing_findings(p, index + 1, head.id))

    def _reflow(self, prepared: list, balance: list[bool], boxes: list[tuple[float, float]],
                size: float) -> FlowResult:
        """``flow``, from where the last layout's flow through the same boxes at the same size
        no longer holds (see :mod:`pancarte.layout.reflow`)."""
        key = (tuple(boxes), size)
        result, trace = reflow(prepared, balance, boxes, size, self._before.traces.get(key))
        self._now.traces[key] = trace
        return result

    def _frame_runs(self, doc: Document, frame_id: str, placed_list: list[Placed], r: Rect,
                    shift: float, head_id: str, colours: dict[str | None, Color],
                    ) -> list[GlyphRun]:
        """The glyph runs of the lines placed in one frame — the very list the last layout
        made when they are the same placed lines at the same place in the same colours."""
        before = self._before.frames.get(frame_id)
        if (before is not None and before[1] == r and before[2] == shift
                and before[3] == doc.colors and len(before[0]) == len(placed_list)
                and all(a is b for a, b in zip(before[0], placed_list, strict=True))):
            now = self._now
            now.frames[frame_id] = before
            if now.runs is not self._before.runs:
                now.runs.update(before[5])
            now.used += len(before[5])
            return before[4]
        shared = self._now.runs
        entries: dict[tuple, tuple] = {}
        self._now.runs = entries
        items: list[GlyphRun] = []
        for placed in placed_list:
            key = placed.prepared.style.color
            color = colours.get(key)
            if color is None:
                color = colours[key] = self._color(doc, key, BLACK)
            items.extend(self._runs(placed, r.x, r.y + shift, r.w, color, head_id))
        shared.update(entries)
        self._now.runs = shared
        self._now.used += len(entries)
        self._now.frames[frame_id] = (list(placed_list), r, shift, doc.colors, items, entries)
        return items


def _balanced_last_columns(chain: list[tuple[int, TextFrame]], inner: list[Rect],
                           result: FlowResult, prepared: list, balance: list[bool],
                           size: float, flow_through: Callable[..., FlowResult] = flow,
                           ) -> FlowResult:
    """When the text ends on a page of side-by-side columns (frames of the chain with the same
    top and height), shorten those columns alike, as little as needed, so that they end level:
    a last page is not one full column beside two lines."""
    used = [ci for ci, placed in enumerate(result.frames) if placed]
    if not used:
        return result
    last = used[-1]
    page = chain[last][0]
    cols = [ci for ci, (pi, _f) in enumerate(chain) if pi == page]
    if len(cols) < 2 or cols != list(range(cols[0], cols[-1] + 1)):
        return result
    tops = {(round(inner[ci].y, 1), round(inner[ci].h, 1)) for ci in cols}
    full = inner[cols[0]].h
    if len(tops) != 1 or (last == cols[-1] and result.heights[last] > 0.85 * full):
        return result
    boxes = [(r.w, r.h) for r in inner]

    def attempt(h: float) -> FlowResult | None:
        trial = [(w, min(bh, h)) if ci in cols else (w, bh)
                 for ci, (w, bh) in enumerate(boxes)]
        out = flow_through(prepared, balance, trial, size)
        if not out.complete or any(out.frames[ci] for ci in range(cols[-1] + 1, len(chain))):
            return None
        return out

    lo, hi = 0.0, full
    best = result
    for _ in range(8):  # to about a millimetre
        mid = (lo + hi) / 2
        out = attempt(mid)
        if out is None:
            lo = mid
        else:
            hi, best = mid, out
    return best
