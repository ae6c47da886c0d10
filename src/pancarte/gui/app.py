"""Starting the editor: ``pancarte`` or ``pancarte FILE.pancarte`` call :func:`run_editor`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

from pancarte import codecache
from pancarte.errors import PancarteError
from pancarte.layout.fonts import cache_dir

# before the model's and the layout's dataclasses are made (see pancarte.codecache)
codecache.install(cache_dir() / "code")

from pancarte.gui.context import EditorContext  # noqa: E402
from pancarte.i18n import _, detect_language, language, set_language  # noqa: E402


def make_application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication (created on first call), named for settings and desktop."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or ["pancarte"])
    app.setApplicationName("Pancarte")
    app.setOrganizationName("Pancarte")
    app.setApplicationDisplayName("Pancarte")
    app.setDesktopFileName("org.pancarte.Pancarte")
    return app


def apply_language(app: QApplication, context: EditorContext, qt_catalogs: bool = True) -> str:
    """Pick the language (the setting, else the system's) for our texts and Qt's own
    (``qt_catalogs`` False: Qt's, for its dialogs' buttons, later with
    :func:`install_qt_catalogs`)."""
    lang = context.settings.language or detect_language()
    set_language(lang)
    lang = language()  # the setting's or the system's, as Pancarte speaks it
    QLocale.setDefault(QLocale(lang))
    if qt_catalogs:
        install_qt_catalogs(app, lang)
    return lang


def install_qt_catalogs(app: QApplication, lang: str) -> None:
    """Qt's own widgets (buttons of dialogs…) in ``lang``, from Qt's catalogs."""
    if lang == "fr":
        from pancarte.gui.qtfrench import install_qt_french

        install_qt_french(app)


def _install_excepthook(window) -> None:
    """An unexpected error is reported, the work is backed up, and the editor keeps going."""
    previous = sys.excepthook
    busy = False

    def hook(kind, value, tb) -> None:
        nonlocal busy
        import traceback

        traceback.print_exception(kind, value, tb)
        if busy or issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        busy = True
        try:
            autosaver = getattr(window, "autosaver", None)  # none before the first paint
            if autosaver is not None:
                autosaver.save_now()
            window.prompter.error(window, _("Unexpected error"),
                                  _("Something went wrong ({error}). Your work has been backed "
                                    "up; you can keep working and save it.",
                                    error=f"{kind.__name__}: {value}"))
        except Exception:  # noqa: BLE001 - never recurse from the hook
            pass
        finally:
            busy = False

    sys.excepthook = hook


def _check_display() -> None:
    """Qt aborts the process when it finds no display: say so in words instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise PancarteError(_("the editor needs a graphical session (no DISPLAY or "
                              "WAYLAND_DISPLAY); “pancarte compose” works without one"))


def run_editor(path: str | None = None, context: EditorContext | None = None) -> int:
    """Open the editor (on ``path`` when given) and run until it is closed; exit status."""
    if QApplication.instance() is None:
        _check_display()
    app = make_application(sys.argv[:1])
    context = context or EditorContext.default()
    lang = apply_language(app, context, qt_catalogs=False)  # Qt's: before the first dialog
    from pancarte.gui.file_actions import read_start_document
    from pancarte.gui.mainwindow import MainWindow

    document, error = read_start_document(context.settings, path) if path else (None, None)
    # the document laid out in a window that holds only the canvas: what the user sees first
    # is the page, whole; the panels, menus, backups and the library follow it
    window = MainWindow(context, document, staged=True,
                        path=Path(path).resolve() if path and document is not None else None)
    window.restore_state()
    _keep_glyph_images(window)
    _install_excepthook(window)
    if os.environ.get(STARTUP_PROBE):
        _probe_startup(app, window)
    started = False

    def rest() -> None:  # once: after the first paint (or, never painted, a moment later)
        nonlocal started
        if not started:
            started = True
            install_qt_catalogs(app, lang)
            window.start(error=error)
            # for the next start's first paint: its glyph images and its words' shapes
            window.canvas.renderer.save_masks()
            window.session.engine.fonts.save_shapes()
            codecache.save()  # the dataclasses' methods, compiled

    def painted() -> None:
        window.canvas.painted.disconnect(painted)
        QTimer.singleShot(0, rest)

    window.canvas.painted.connect(painted)
    QTimer.singleShot(START_FALLBACK_MS, rest)
    window.show()
    return int(app.exec())


def _keep_glyph_images(window) -> None:
    """The first paint reads the glyph images an earlier start made (most of a first paint's
    work), and those it makes are written after it: see :mod:`pancarte.render.glyphcache`."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from pancarte.render.glyphcache import MaskStore

    window.canvas.renderer.mask_store = MaskStore(
        cache_dir() / "glyphs", f"qt{qVersion()}-pyside{pyside_version}")


#: when the window is not painted at once (hidden, not exposed), it is built this much later
START_FALLBACK_MS = 300


STARTUP_PROBE = "PANCARTE_STARTUP_PROBE"


def _probe_startup(app: QApplication, window) -> None:
    """For ``bench/bench_editor.py``: at the document's first complete paint, print the time
    and the process's CPU time as JSON, then quit."""
    import json
    import time

    def painted() -> None:
        window.canvas.painted.disconnect(painted)
        print(json.dumps({"painted": time.time(), "cpu": time.process_time()}), flush=True)
        QTimer.singleShot(0, finish)

    def finish() -> None:  # once the start is over: no backup left behind
        autosaver = getattr(window, "autosaver", None)
        if autosaver is not None:
            autosaver.shutdown()
        app.quit()

    window.canvas.painted.connect(painted)
