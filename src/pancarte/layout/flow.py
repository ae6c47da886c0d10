"""Flowing paragraphs through one or more frames, and autofit: the largest size at which
everything fits.

Line breaks come from :mod:`pancarte.layout.text`; sizes are in pt here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pancarte.layout.text import (
    Line,
    Prepared,
    balanced_lines,
    break_lines,
    break_lines_again,
)
from pancarte.model.document import TextStyle


@dataclass(slots=True)
class Placed:
    """Lines of one paragraph placed in one frame (baselines in pt from the frame's top)."""

    para: int
    prepared: Prepared
    size: float
    lines: list[Line]
    baselines: list[float]
    first_of_para: bool
    width_em: float


@dataclass(slots=True)
class FlowResult:
    frames: list[list[Placed]]
    heights: list[float]  # content height used in each frame (pt)
    complete: bool  # every paragraph placed and no word wider than its frame
    total_paras: int = 0
    unplaced_words: int = 0  # words (of the text, not lines) left out when not complete


def _metrics(p: Prepared, size: float) -> tuple[float, float, float]:
    """(ascent, descent, leading) in pt for paragraph ``p`` at ``size``."""
    return p.face.ascent * size, p.face.descent * size, size * p.style.line_spacing


_BREAKS: dict[int, tuple[Prepared, dict]] = {}
_BREAKS_LIMIT = 4000  # prepared paragraphs remembered
# by width: the paragraph last broken at that width and its lines — after a keystroke, most
# likely the edited paragraph's previous version, whose lines ``break_lines_again`` reuses
_LAST_AT: dict[float, tuple[Prepared, list[Line]]] = {}


def _breaks(p: Prepared, width: float, start: tuple[int, int]) -> tuple[list[Line],
                                                                         tuple[int, int]]:
    """``break_lines(p, width, start)``, remembered for the prepared paragraph (the same
    object while its text and style are unchanged): after a keystroke in a long text only the
    edited paragraph is broken again — from its previous version's lines where it can. Callers
    never modify the lines."""
    memo = _BREAKS.get(id(p))
    if memo is None or memo[0] is not p:
        if len(_BREAKS) >= _BREAKS_LIMIT:
            _BREAKS.clear()
        memo = (p, {})
        _BREAKS[id(p)] = memo
    key = (width, start)
    hit = memo[1].get(key)
    if hit is None:
        if start == (0, 0):
            donor = _LAST_AT.get(width)
            lines = None
            if donor is not None and donor[0] is not p:
                lines = break_lines_again(p, width, donor[0], donor[1])
            hit = (lines, (len(p.words), 0)) if lines is not None else break_lines(p, width)
            if len(_LAST_AT) >= _BREAKS_LIMIT:
                _LAST_AT.clear()
            _LAST_AT[width] = (p, hit[0])
        else:
            hit = break_lines(p, width, start)
        memo[1][key] = hit
    return hit


def forget_breaks() -> None:
    """Forget every line break remembered (a true full layout follows: tests, benchmarks)."""
    _BREAKS.clear()
    _LAST_AT.clear()


def _first_baseline(last_base: float | None, last_desc: float, pending_space: float,
                    style: TextStyle, size: float, asc: float, lead: float,
                    para_start: bool) -> float:
    """Baseline (pt from the frame's top) of the next line, after what is already there."""
    if last_base is None:
        return asc
    if not para_start:
        return last_base + max(lead, pending_space + last_desc + asc)
    b = last_base + last_desc + pending_space + style.space_before * size + asc
    return max(b, last_base + lead + style.space_before * size)


def _kept(lines: list[Line], k: int, more_frames: bool, at_top: bool) -> int:
    """How many of ``lines`` to set here when ``k`` fit: no word hyphenated across frames, no
    widow (a last line alone at the top of the next frame), no orphan (a first line alone at
    the bottom of this one), when another frame follows."""
    n = len(lines)
    if 0 < k < n and more_frames:
        if lines[k - 1].hyphen and k > 1:
            k -= 1
        if n - k == 1 and k >= 2:
            k -= 1
        if k == 1 and n > 1 and not at_top:
            k = 0
    return k


def _next_starts_here(q: Prepared, base_size: float, fw: float, fh: float, last_base: float,
                      last_desc: float, pending_space: float) -> bool:
    """Whether paragraph ``q`` can start below ``last_base`` in a frame ``fw`` × ``fh`` pt as
    :func:`flow` would set it there (no orphan, no widow, no hyphen across frames), with all
    its lines when it must itself stay with what follows."""
    size = max(0.1, base_size * q.style.scale)
    asc, desc, lead = _metrics(q, size)
    lines, _ = _breaks(q, max(0.0, fw / size - q.style.indent), (0, 0))
    if not lines:
        return True
    b = _first_baseline(last_base, last_desc, pending_space, q.style, size, asc, lead, True)
    room = int((fh + 1e-6 - desc - b) // lead) + 1 if b + desc <= fh + 1e-6 else 0
    k = _kept(lines, min(room, len(lines)), True, False)
    return k == len(lines) or (k > 0 and not q.keep_with_next)


def flow(
    paras: list[Prepared],
    balance: list[bool],
    boxes: list[tuple[float, float]],
    base_size: float,
    measure_only: bool = False,
) -> FlowResult:
    """Place ``paras`` at ``base_size`` through frames of (width, height) pt, in order.

    Lines never cross a frame's bottom; widows and orphans are avoided at frame breaks when
    another frame follows, and a paragraph that must stay with the next one (a heading) is not
    the last thing of a frame. ``complete`` says whether everything fitted; ``unplaced_words``
    how many words did not.
    """
    return _Flow(paras, balance, boxes, base_size, measure_only).run()


class _Flow:
    """One run of :func:`flow`: where it is (paragraph ``pi`` from word position ``pos``, in
    frame ``fi`` below ``last_base``) and what it has placed so far."""

    __slots__ = ("paras", "balance", "boxes", "base_size", "measure_only", "out", "heights",
                 "complete", "fi", "pi", "pos", "last_base", "last_desc", "pending_space")

    def __init__(self, paras: list[Prepared], balance: list[bool],
                 boxes: list[tuple[float, float]], base_size: float,
                 measure_only: bool) -> None:
        self.paras = paras
        self.balance = balance
        self.boxes = boxes
        self.base_size = base_size
        self.measure_only = measure_only
        self.out: list[list[Placed]] = [[] for _ in boxes]
        self.heights = [0.0 for _ in boxes]
        self.complete = True
        self.fi = 0
        self.pi = 0
        self.pos = (0, 0)
        self.last_base: float | None = None  # baseline of the last line placed in the frame
        self.last_desc = 0.0
        self.pending_space = 0.0

    def run(self) -> FlowResult:
        while self.pi < len(self.paras):
            if self.fi >= len(self.boxes):
                self.complete = False
                break
            if not self._step():
                break
        return self._result()

    def _step(self) -> bool:
        """Set what fits of the current paragraph in the current frame, or move on to the
        next frame; False when the flow must stop here (the last frame is full)."""
        p = self.paras[self.pi]
        size = self.base_size * p.style.scale
        if size <= 0:
            size = 0.1
        width_em = max(0.0, self.boxes[self.fi][0] / size - p.style.indent)
        lines = self._lines(p, width_em)
        if not lines:  # nothing printable (e.g. only characters no font has)
            self.pi += 1
            self.pos = (0, 0)
            return True
        asc, desc, lead = _metrics(p, size)
        baselines = self._baselines(p, lines, size, asc, desc, lead)
        more_frames = self.fi + 1 < len(self.boxes)
        k = self._lines_here(p, lines, baselines, size, desc, more_frames)
        n = len(lines)
        if k == 0 and self.last_base is None:
            # not even one line fits in an empty frame: nothing can be done here
            if more_frames:
                self.fi += 1
                return True
            self.complete = False
            return False
        if k < n and not more_frames:
            self.complete = False
        if k > 0:
            self._place(p, lines, k, baselines, size, desc, width_em)
            return True
        # k == 0 with lines already in this frame: go to the next frame
        if not more_frames:
            self.complete = False
            return False
        self._next_frame()
        return True

    def _lines(self, p: Prepared, width_em: float) -> list[Line]:
        """The paragraph's lines from the current position, balanced when it asks to be (and
        starts here); a line wider than the frame makes the flow incomplete."""
        lines, _ = _breaks(p, width_em, self.pos)
        if lines and self.balance[self.pi] and self.pos == (0, 0) and not self.measure_only:
            lines = balanced_lines(p, width_em) or lines
        if any(line.too_wide for line in lines):
            self.complete = False
        return lines

    def _baselines(self, p: Prepared, lines: list[Line], size: float, asc: float, desc: float,
                   lead: float) -> list[float]:
        """The baselines of those of ``lines`` that fit in the current frame."""
        fh = self.boxes[self.fi][1]
        baselines: list[float] = []
        b = _first_baseline(self.last_base, self.last_desc, self.pending_space, p.style, size,
                            asc, lead, self.pos == (0, 0))
        for _i in range(len(lines)):
            if b + desc > fh + 1e-6:
                break
            baselines.append(b)
            b += lead
        return baselines

    def _lines_here(self, p: Prepared, lines: list[Line], baselines: list[float], size: float,
                    desc: float, more_frames: bool) -> int:
        """How many of the lines that fit to set in this frame: no widow, no orphan, no
        hyphen across frames, and a paragraph kept with the next one not left alone at the
        bottom."""
        k = _kept(lines, len(baselines), more_frames, self.last_base is None)
        n = len(lines)
        if (k == n and p.keep_with_next and more_frames and self.pi + 1 < len(self.paras)
                and not self._next_fits_below(p, baselines[k - 1], size, desc)):
            # a heading (or an intro line, a quote) stays with what follows: it goes to the
            # next frame, or a long paragraph leaves its last two lines to go along
            if n >= 4:
                k = n - 2 - (1 if lines[n - 3].hyphen else 0)
            elif self.last_base is not None:
                k = 0
        return k

    def _next_fits_below(self, p: Prepared, base: float, size: float, desc: float) -> bool:
        fw, fh = self.boxes[self.fi]
        return _next_starts_here(self.paras[self.pi + 1], self.base_size, fw, fh, base, desc,
                                 p.style.space_after * size)

    def _place(self, p: Prepared, lines: list[Line], k: int, baselines: list[float],
               size: float, desc: float, width_em: float) -> None:
        """Set the first ``k`` of ``lines``; the rest goes on in the next frame."""
        placed = lines[:k]
        self.out[self.fi].append(Placed(self.pi, p, size, placed, baselines[:k],
                                        self.pos == (0, 0), width_em))
        self.last_base = baselines[k - 1]
        self.last_desc = desc
        self.heights[self.fi] = self.last_base + desc
        if k < len(lines):
            # re-break the rest in the next frame (its width may differ)
            self.pos = _resume_at(p, placed[-1])
            self._next_frame()
            return
        self.pos = (0, 0)
        self.pending_space = p.style.space_after * size
        self.pi += 1

    def _next_frame(self) -> None:
        self.fi += 1
        self.last_base = None
        self.pending_space = 0.0

    def _result(self) -> FlowResult:
        pi, paras = self.pi, self.paras
        unplaced = 0
        if pi < len(paras):
            unplaced = (len(paras[pi].words) - self.pos[0]
                        + sum(len(q.words) for q in paras[pi + 1:]))
        return FlowResult(self.out, self.heights, self.complete and pi >= len(paras),
                          total_paras=len(paras), unplaced_words=unplaced)


def _resume_at(p: Prepared, line: Line) -> tuple[int, int]:
    """The position (word, character) just after ``line``'s end."""
    wi, lo = line.pieces[-1][0], line.pieces[-1][2]
    if lo >= len(p.words[wi].text):
        wi, lo = wi + 1, 0
    return wi, lo


def fits(paras: list[Prepared], boxes: list[tuple[float, float]], size: float,
         balance: list[bool] | None = None, compound: bool = False) -> bool:
    """Whether everything fits at ``size``; with ``balance``, balanced paragraphs must also
    break without a runt (a line holding one short word) — nor after a compound's hyphen,
    unless ``compound``."""
    if not flow(paras, [False] * len(paras), boxes, size, measure_only=True).complete:
        return False
    if balance:
        for p, bal in zip(paras, balance, strict=True):
            if bal and _has_runt(p, size, boxes[0][0], compound):
                return False
    return True


def _has_runt(p: Prepared, base_size: float, frame_width: float, compound: bool = False,
              ) -> bool:
    """Whether the title breaks badly at this size: a line of one short word, or a line
    ending inside a hyphenated compound. With ``compound`` (a title that must grow to reach
    its reading distance), a compound may break after its hyphen and only a line of one
    word of one or two letters is a runt."""
    size = base_size * p.style.scale
    width = max(0.0, frame_width / size - p.style.indent)
    lines = balanced_lines(p, width)
    if lines is None:
        lines, _ = break_lines(p, width)
    if len(lines) < 2:
        return False
    for line in lines[:-1]:
        wi, _lo, hi = line.pieces[-1]
        if not compound and p.words[wi].text[:hi].endswith(("-", "\u2010")):
            return True  # "PIQUE- / NIQUE": a title is not split at a compound's hyphen
    for line in lines:
        if len(line.pieces) == 1:
            wi, lo, hi = line.pieces[0]
            letters = sum(ch.isalnum() for ch in p.words[wi].text[lo:hi])
            if letters <= (RUNT_LETTERS_REACH if compound else RUNT_LETTERS):
                return True
    return False


RUNT_LETTERS = 4  # a title line of one word this short is a runt
RUNT_LETTERS_REACH = 2  # … when the title must grow to be read from afar: "à", "le" alone
AUTOFIT_STEP = 0.1  # pt: autofit answers on this grid, so every run gives the same size


def autofit_size(
    paras: list[Prepared], boxes: list[tuple[float, float]], lo: float, hi: float,
    balance: list[bool] | None = None, compound: bool = False,
) -> tuple[float, bool]:
    """The largest size ``lo + k·AUTOFIT_STEP`` ≤ ``hi`` at which everything fits, and whether
    it does. The search is a plain bisection from the frame's range alone: the result depends
    only on the document, never on what was laid out before (the editor and the PDF agree).
    Titles (``balance``) first look for the largest size that sets them without a runt."""
    if balance and any(balance):
        size, ok = _search(paras, boxes, lo, hi, balance, compound)
        if ok:
            return size, ok
    return _search(paras, boxes, lo, hi, None)


def _search(paras: list[Prepared], boxes: list[tuple[float, float]], lo: float, hi: float,
            balance: list[bool] | None, compound: bool = False) -> tuple[float, bool]:
    if fits(paras, boxes, hi, balance, compound):
        return hi, True
    if not fits(paras, boxes, lo, balance, compound):
        return lo, False
    good, bad = 0, max(1, int((hi - lo) / AUTOFIT_STEP + 1e-9))  # fits(good), not fits(bad)
    if lo + bad * AUTOFIT_STEP < hi - 1e-9:
        bad += 1
    while bad - good > 1:
        mid = (good + bad) // 2
        if fits(paras, boxes, min(hi, lo + mid * AUTOFIT_STEP), balance, compound):
            good = mid
        else:
            bad = mid
    return round(min(hi, lo + good * AUTOFIT_STEP), 4), True


# ---------------------------------------------------------------------------------------------
