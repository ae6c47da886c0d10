"""Frame-wide edits the properties panel makes, as pure functions on frames (no Qt).

Role styles override the frame's style (a title is Roboto Condensed by default): a property
set on the frame must reach every paragraph, so each role whose effective value would differ
gets an explicit override, and per-paragraph overrides of that property are dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pancarte.model.document import TextFrame, TextStyle


def main_role(frame: TextFrame) -> str:
    """The role whose style the panel shows: the first non-empty paragraph's."""
    for p in frame.paragraphs:
        if p.text.strip():
            return p.role
    return frame.paragraphs[0].role if frame.paragraphs else "paragraph"


def effective_style(frame: TextFrame) -> TextStyle:
    return frame.style_for(main_role(frame))


def with_style(frame: TextFrame, **changes: Any) -> TextFrame:
    """``frame`` with ``changes`` applied to the style of all its paragraphs."""
    base = replace(frame.style, **changes)
    role_styles = {k: dict(v) for k, v in frame.role_styles.items()}
    roles = {p.role for p in frame.paragraphs} | set(role_styles) | {"paragraph"}
    probe = replace(frame, style=base, role_styles=role_styles)
    for role in sorted(roles):
        eff = probe.style_for(role)
        for key, value in changes.items():
            if getattr(eff, key) != value:
                role_styles.setdefault(role, {})[key] = value
    paragraphs = tuple(
        replace(p, style={k: v for k, v in p.style.items() if k not in changes})
        if any(k in p.style for k in changes) else p
        for p in frame.paragraphs)
    return replace(frame, style=base, role_styles=role_styles, paragraphs=paragraphs)
