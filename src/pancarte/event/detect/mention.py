"""A date written in the text, before its evidence is weighed, and its score."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

MIN_EVIDENCE = 2


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


def _score(m: _Mention) -> int:
    score = m.evidence
    if m.start_time is not None:
        score += 2
    if m.place:
        score += 1
    if m.city:
        score += 1
    return score
