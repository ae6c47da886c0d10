"""Typed errors the core raises; the CLI and GUI decide how to tell the user."""

from __future__ import annotations


class PancarteError(Exception):
    """Base of every error Pancarte reports to a user (never a bug)."""


class DocumentError(PancarteError):
    """A .pancarte file cannot be read: corrupt, truncated, hostile or from the future."""


class TemplateError(PancarteError):
    """Unknown template or a template file that does not validate."""


class FontError(PancarteError):
    """A font cannot be found or loaded."""


class ExportError(PancarteError):
    """An output could not be written (the previous file, if any, is untouched)."""


class LayoutError(PancarteError):
    """Text does not fit and overflow was not allowed."""
