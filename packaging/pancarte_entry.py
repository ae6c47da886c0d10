"""The bundle's entry point (PyInstaller freezes this script): the ``pancarte`` command."""

import sys

from pancarte.cli import main

if __name__ == "__main__":
    sys.exit(main())
