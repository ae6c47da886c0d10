"""What the editor needs from the outside world, in one injectable object: user folders,
settings (QSettings) and the questions it asks the user (:class:`Prompter`).

Tests build an :class:`EditorContext` on a temporary folder with a scripted prompter, so no
test ever blocks on a modal dialog or touches the real user's files. ``PANCARTE_GUI_HOME``
puts every file of the editor (settings, user templates, recovery, thumbnails) in one folder
(a portable install, a demo).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings

from pancarte.gui.prompts import Prompter

MAX_RECENT = 8


@dataclass
class EditorPaths:
    """The user's folders: ``data`` holds user templates and the recovery file; ``cache``
    the gallery thumbnails."""

    data: Path
    cache: Path

    @classmethod
    def default(cls) -> EditorPaths:
        base = os.environ.get("PANCARTE_GUI_HOME", "").strip()
        if base:
            root = Path(base).expanduser()
            return cls(root / "data", root / "cache")
        import platformdirs

        return cls(Path(platformdirs.user_data_dir("pancarte", appauthor=False)),
                   Path(platformdirs.user_cache_dir("pancarte", appauthor=False)))

    @property
    def templates(self) -> Path:
        return self.data / "templates"

    @property
    def recovery(self) -> Path:
        return self.data / "recovery"

    @property
    def thumbnails(self) -> Path:
        return self.cache / "thumbnails"


class EditorSettings:
    """Typed access to the editor's QSettings: language, default template, recent files."""

    def __init__(self, qsettings: QSettings) -> None:
        self.q = qsettings

    @classmethod
    def default(cls, paths: EditorPaths | None = None) -> EditorSettings:
        if os.environ.get("PANCARTE_GUI_HOME", "").strip() and paths is not None:
            return cls(QSettings(str(paths.data / "pancarte.ini"), QSettings.Format.IniFormat))
        return cls(QSettings("Pancarte", "pancarte"))

    def _str(self, key: str, default: str = "") -> str:
        value = self.q.value(key, default)
        return value if isinstance(value, str) else default

    @property
    def language(self) -> str:
        """A code of :data:`pancarte.i18n.LANGUAGES` or ``""`` (follow the system)."""
        from pancarte.i18n import LANGUAGES

        value = self._str("language")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        from pancarte.i18n import LANGUAGES

        self.q.setValue("language", value if value in LANGUAGES else "")

    @property
    def default_template(self) -> str:
        return self._str("default_template", "poster-a3") or "poster-a3"

    @default_template.setter
    def default_template(self, value: str) -> None:
        self.q.setValue("default_template", value)

    def recent_files(self) -> list[str]:
        value = self.q.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [v for v in value if isinstance(v, str) and v][:MAX_RECENT]

    def add_recent(self, path: str | os.PathLike) -> None:
        p = str(Path(path).resolve())
        files = [p] + [f for f in self.recent_files() if f != p]
        self.q.setValue("recent_files", files[:MAX_RECENT])

    def remove_recent(self, path: str) -> None:
        self.q.setValue("recent_files", [f for f in self.recent_files() if f != path])

    def sync(self) -> None:
        self.q.sync()


@dataclass
class EditorContext:
    paths: EditorPaths
    settings: EditorSettings
    prompter: Prompter = field(default_factory=Prompter)
    library_path: Path | None = None  # None: the library's default (PANCARTE_LIBRARY or data)

    @classmethod
    def default(cls) -> EditorContext:
        paths = EditorPaths.default()
        return cls(paths, EditorSettings.default(paths))
