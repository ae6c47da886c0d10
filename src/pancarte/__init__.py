"""Pancarte: offline designer for placards, posters and flyers with print-ready PDF output.

Every module logs through :func:`pancarte.log.logger` (``logging.getLogger(__name__)``, under
the ``pancarte`` logger); nothing is shown unless the application configures it
(``pancarte --verbose``).
"""

__version__ = "0.1.0"
