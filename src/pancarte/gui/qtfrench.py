"""Qt's own dialogs in French: Qt's ``qtbase_fr`` translations, plus the few labels that
catalogue misses (their source text gained a shortcut letter, "&Look in:", since it was
translated): ``locale/qt_extra_fr.ts``, compiled to ``qt_extra_fr.qm`` with
``pyside6-lrelease``."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

_BUFFERS: list[bytes] = []


def install_qt_french(app: QCoreApplication) -> list[QTranslator]:
    """Install Qt's French catalogue and the missing labels on ``app``; the translators
    installed (Qt's catalogue first, when it was found)."""
    installed: list[QTranslator] = []
    qt = QTranslator(app)
    if qt.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        installed.append(qt)
    extra = QTranslator(app)
    data = resources.files("pancarte").joinpath("locale", "qt_extra_fr.qm").read_bytes()
    _BUFFERS.append(data)  # Qt reads from this buffer for as long as the translator lives
    if extra.load(data):
        installed.append(extra)
    for t in installed:  # the last installed is asked first
        app.installTranslator(t)
    return installed
