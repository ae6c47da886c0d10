"""A text frame's paragraphs as editable lines, and back.

The in-place editor shows one line per paragraph, inline ``**gras**``/``*italique*`` markers
as they are stored, and a list item's marker in front of its text (``• item``, ``2. item``).
Going back, lines are matched to the paragraphs they came from (difflib), so each keeps its
role, style and source; a new line takes the role of the line before it (a heading is
followed by a paragraph). Plain Python, no Qt.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pancarte.model.document import Paragraph

BULLET = "•"
_NUMBER = re.compile(r"(\d{1,3})([.)])\s")
_AFTER_HEADING = {"title": "title", "subtitle": "paragraph", "heading": "paragraph",
                  "attribution": "paragraph", "caption": "caption"}


def paragraph_line(p: Paragraph) -> str:
    return f"{p.marker} {p.text}" if p.marker else p.text


def paragraphs_to_lines(paragraphs: tuple[Paragraph, ...] | list[Paragraph]) -> list[str]:
    return [paragraph_line(p) for p in paragraphs]


def _split_marker(line: str, old: Paragraph | None) -> tuple[str, str]:
    """(marker, text) of a line: the marker the paragraph had, or a typed ``• ``."""
    if old is not None and old.marker and line.startswith(old.marker + " "):
        return old.marker, line[len(old.marker) + 1:]
    if line.startswith(BULLET + " "):
        return BULLET, line[2:]
    if old is not None and old.role == "list_item":
        m = _NUMBER.match(line)
        if m:
            return m.group(1) + m.group(2), line[m.end():]
    return "", line


def _line_paragraph(line: str, old: Paragraph | None, role: str) -> Paragraph:
    marker, text = _split_marker(line, old)
    if marker:
        role = "list_item"
    elif role == "list_item":
        role = "paragraph"
    if old is None:
        return Paragraph(text=text, role=role, marker=marker)
    return replace(old, text=text, role=role, marker=marker)


def next_marker(marker: str) -> str:
    """The marker of the list item after one marked ``marker`` (``2.`` → ``3.``)."""
    m = re.fullmatch(r"(\d{1,3})([.)])", marker)
    return f"{int(m.group(1)) + 1}{m.group(2)}" if m else marker


def line_marker(line: str) -> str:
    """The list marker a line starts with (``•``, ``2.``), or ``""``."""
    if line.startswith(BULLET + " "):
        return BULLET
    m = _NUMBER.match(line)
    return m.group(1) + m.group(2) if m else ""


def lines_to_paragraphs(old_lines: list[str], new_lines: list[str],
                        old: tuple[Paragraph, ...], default_role: str = "paragraph",
                        ) -> tuple[Paragraph, ...]:
    """The paragraphs for ``new_lines``, given that ``old_lines`` showed ``old``."""
    if len(old_lines) != len(old):
        old_lines = paragraphs_to_lines(old)
    if len(new_lines) == len(old_lines):  # a keystroke: one line changed (what difflib says)
        changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True))
                   if a != b]
        if len(changed) <= 1:
            return old if not changed else (
                *old[:changed[0]], _line_paragraph(new_lines[changed[0]], old[changed[0]],
                                                   old[changed[0]].role), *old[changed[0] + 1:])
    import difflib  # here: not needed to show the window

    out: list[Paragraph] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(old[i1:i2])
            continue
        for k, line in enumerate(new_lines[j1:j2]):
            source = old[i1 + k] if i1 + k < i2 else None
            if source is not None:
                out.append(_line_paragraph(line, source, source.role))
                continue
            prev = out[-1] if out else None
            if prev is None:
                out.append(_line_paragraph(line, None, default_role))
                continue
            role = _AFTER_HEADING.get(prev.role, prev.role)
            hint = prev if prev.role == "list_item" else None  # numbers continue a list
            para = _line_paragraph(line, hint, role)
            if hint is not None and para.role == "list_item":
                para = replace(para, source=None, style=dict(prev.style))
            elif hint is not None:
                para = replace(para, source=None, style={})
            out.append(para)
    return tuple(out)
