"""The editor: a thin Qt shell over the model, the layout engine and the Qt renderer.

Every edit is a model command (:mod:`pancarte.model.commands`) wrapped in a QUndoCommand
(:mod:`pancarte.gui.undo`); the canvas paints the layout with
:class:`~pancarte.render.qt.QtPainterRenderer` and never measures text. Only this package and
``render/qt.py`` import PySide6. Start with :func:`pancarte.gui.app.run_editor`.
"""
