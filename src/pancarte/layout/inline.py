"""Inline emphasis: ``**gras**`` and ``*italique*`` (``\\*`` is a literal asterisk).

A marker opens only before a non-space and closes only after one, so ``5 * 3`` stays as typed;
an unmatched marker is printed as typed. This is our own tiny syntax: nothing here is ever
passed to a markup interpreter.
"""

from __future__ import annotations

import re

_ESC = "\ue000"  # private-use stand-in for an escaped asterisk while parsing
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_ITALIC = re.compile(r"(?<!\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)", re.DOTALL)

Span = tuple[str, bool, bool]  # text, bold, italic


def parse_inline(text: str) -> list[Span]:
    """Split ``text`` into spans of (text, bold, italic), markers removed."""
    if "*" not in text:
        return [(text, False, False)] if text else []
    text = text.replace("\\*", _ESC)
    spans: list[Span] = []
    pos = 0
    for m in _BOLD.finditer(text):
        spans.extend(_italics(text[pos : m.start()], bold=False))
        spans.extend(_italics(m.group(1), bold=True))
        pos = m.end()
    spans.extend(_italics(text[pos:], bold=False))
    return [(t.replace(_ESC, "*"), b, i) for t, b, i in spans if t]


def _italics(text: str, bold: bool) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for m in _ITALIC.finditer(text):
        out.append((text[pos : m.start()], bold, False))
        out.append((m.group(1), bold, True))
        pos = m.end()
    out.append((text[pos:], bold, False))
    return out


def plain_text(text: str) -> str:
    """The characters ``text`` prints, markers removed."""
    return "".join(t for t, _, _ in parse_inline(text))
