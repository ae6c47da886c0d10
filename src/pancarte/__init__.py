"""Pancarte: offline designer for placards, posters and flyers with print-ready PDF output.

Every module logs through ``logging.getLogger(__name__)`` (under the ``pancarte`` logger);
nothing is shown unless the application configures it (``pancarte --verbose``).
"""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
