"""Programme lines (``13h : accueil``, ``• 17h-19h – concert``) and the day they refine."""

from __future__ import annotations

import re
from datetime import time

from pancarte.event.detect.grammar import _fold, _patterns
from pancarte.event.detect.mention import MIN_EVIDENCE, _Mention, _score
from pancarte.event.detect.when import _clock

_END_WORDS = re.compile(r"^(?:fin|cloture|dispersion|rangement|au revoir|fermeture)(?![\w])")


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
