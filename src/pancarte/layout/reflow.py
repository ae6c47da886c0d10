"""Incremental flow: after an edit, flow the text again from the edited paragraph and stop as
soon as the flow is where the last one was at the same paragraph.

:func:`reflow` gives exactly what :func:`pancarte.layout.flow.flow` gives, plus a
:class:`FlowTrace` of the run — where the flow stood when it began each paragraph, what each
paragraph placed in which frame, which paragraphs left it incomplete. Handed the trace of the
last run (same frames, same size), it

1. keeps what the paragraphs before the first changed one placed (they are the same objects:
   the preparer hands back the same prepared paragraph for an unchanged one), starting one
   paragraph early because a paragraph kept with the next looks at it;
2. flows from there;
3. at the start of each paragraph of the unchanged tail, compares where it stands (frame,
   last baseline, its descent, the space pending) with where the last run stood at that
   paragraph: when they are equal, everything after is what the last run placed, and it is
   taken as it was.

A keystroke in a 20-page tract thus sets one paragraph, not 250.
"""

from __future__ import annotations

from dataclasses import dataclass

from pancarte.layout.flow import FlowResult, Placed, _Flow
from pancarte.layout.text import Prepared

State = tuple[int, float | None, float, float]  # frame, last baseline, its descent, pending space


@dataclass(slots=True)
class FlowTrace:
    """What one run of the flow did, paragraph by paragraph (see the module doc)."""

    paras: list[Prepared]
    balance: list[bool]
    boxes: list[tuple[float, float]]
    base_size: float
    entries: list[State]  # per paragraph reached: where the flow stood when it began it
    placed: list[list[tuple[int, Placed]]]  # per paragraph reached: (frame index, placed)
    spoils: list[int]  # paragraphs (ascending) whose setting left the flow incomplete
    end: tuple[int, tuple[int, int]] = (0, (0, 0))  # paragraph and position where it ended
    heights: tuple[float, ...] = ()


def reflow(paras: list[Prepared], balance: list[bool], boxes: list[tuple[float, float]],
           base_size: float, before: FlowTrace | None = None,
           ) -> tuple[FlowResult, FlowTrace]:
    """``flow(paras, balance, boxes, base_size)`` and its trace, reusing ``before`` (the
    trace of an earlier run) for what the edit did not change."""
    run = _TracedFlow(paras, balance, boxes, base_size)
    if before is not None and before.boxes == boxes and before.base_size == base_size:
        run.resume(before)
    result = run.run()
    trace = run.trace
    trace.end = (run.pi, run.pos)
    trace.heights = tuple(run.heights)
    return result, trace


class _TracedFlow(_Flow):
    __slots__ = ("trace", "before", "offset", "tail")

    def __init__(self, paras: list[Prepared], balance: list[bool],
                 boxes: list[tuple[float, float]], base_size: float) -> None:
        super().__init__(paras, balance, boxes, base_size, False)
        self.trace = FlowTrace(paras, balance, boxes, base_size, [], [], [])
        self.before: FlowTrace | None = None
        self.offset = 0  # paragraphs added by the edit (negative: removed)
        self.tail = len(paras)  # from this paragraph on, the text is the last run's

    def resume(self, before: FlowTrace) -> None:
        """Start where ``before`` stood one paragraph ahead of the first change."""
        paras, old = self.paras, before.paras
        bal, old_bal = self.balance, before.balance
        n, m = len(paras), len(old)
        a = 0
        while a < n and a < m and paras[a] is old[a] and bal[a] == old_bal[a]:
            a += 1
        b = n
        while b > a and b - n + m > a and paras[b - 1] is old[b - 1 - n + m] \
                and bal[b - 1] == old_bal[b - 1 - n + m]:
            b -= 1
        self.before, self.offset, self.tail = before, n - m, b
        start = min(max(0, a - 1), len(before.entries) - 1)
        if start <= 0:
            return
        fi, last_base, last_desc, pending = before.entries[start]
        self.fi, self.last_base, self.last_desc, self.pending_space = (
            fi, last_base, last_desc, pending)
        self.pi = start
        for placed in before.placed[:start]:
            for f, pl in placed:
                self.out[f].append(pl)
        self.heights[:fi] = before.heights[:fi]
        self.heights[fi] = last_base + last_desc if last_base is not None else 0.0
        trace = self.trace
        trace.entries = before.entries[:start]
        trace.placed = before.placed[:start]
        trace.spoils = [sp for sp in before.spoils if sp < start]
        self.complete = not trace.spoils

    def run(self) -> FlowResult:
        trace = self.trace
        entries, placed, spoils = trace.entries, trace.placed, trace.spoils
        while self.pi < len(self.paras):
            pi = self.pi
            if self.fi >= len(self.boxes):
                self.complete = False
                if not spoils or spoils[-1] != pi:
                    spoils.append(pi)
                break
            if len(entries) == pi:  # the flow begins paragraph pi
                state = (self.fi, self.last_base, self.last_desc, self.pending_space)
                if pi >= self.tail and self._join(state):
                    break
                entries.append(state)
                placed.append([])
            was = self.complete
            self.complete = True
            go_on = self._step()
            if not self.complete and (not spoils or spoils[-1] != pi):
                spoils.append(pi)
            self.complete = self.complete and was
            if not go_on:
                break
        return self._result()

    def _place(self, p: Prepared, lines: list, k: int, baselines: list[float], size: float,
               desc: float, width_em: float) -> None:
        fi = self.fi
        super()._place(p, lines, k, baselines, size, desc, width_em)
        self.trace.placed[-1].append((fi, self.out[fi][-1]))

    def _join(self, state: State) -> bool:
        """When the last run stood here too at this paragraph, take the rest of it as it was."""
        before = self.before
        if before is None:
            return False
        old = self.pi - self.offset
        if not 0 <= old < len(before.entries) or before.entries[old] != state:
            return False
        offset, trace, out = self.offset, self.trace, self.out
        for placed in before.placed[old:]:
            if offset:
                placed = [(f, Placed(pl.para + offset, pl.prepared, pl.size, pl.lines,
                                     pl.baselines, pl.first_of_para, pl.width_em))
                          for f, pl in placed]
            for f, pl in placed:
                out[f].append(pl)
            trace.placed.append(placed)
        trace.entries.extend(before.entries[old:])
        tail_spoils = [sp + offset for sp in before.spoils if sp >= old]
        trace.spoils.extend(tail_spoils)
        if tail_spoils:
            self.complete = False
        self.heights[self.fi:] = before.heights[self.fi:]
        end_pi, end_pos = before.end
        self.pi, self.pos = end_pi + offset, end_pos
        return True
