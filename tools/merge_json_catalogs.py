"""Fold stray JSON catalog parts (``src/pancarte/locale/fr-*.json``) into ``po/fr.po``.

Branches written before the gettext catalogs add their French as JSON files
(``{"English msgid": "French text"}``). After merging such a branch, run from the repository:

    python3 tools/merge_json_catalogs.py            # fold every locale/<lang>*.json, delete them
    python3 tools/merge_json_catalogs.py --dry-run  # say what would change

Each translation goes into ``po/<lang>.po`` (the JSON's wins over an existing different one, and
clears a fuzzy flag; a msgid the ``.po`` lacks is added). The JSON files are then deleted. Then
refresh the catalog from the sources as docs/TRANSLATING.md says (extract, update) and run the
test ``tests/test_translations.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "pancarte" / "locale"
PO = ROOT / "po"


def fold(lang: str, parts: list[Path], dry_run: bool = False) -> list[str]:
    """Fold ``parts`` (JSON, in order: a later file wins) into ``po/<lang>.po``; the changes."""
    po_path = PO / f"{lang}.po"
    with po_path.open("rb") as fp:
        catalog = read_po(fp, locale=lang, domain="pancarte")
    changes = []
    for part in parts:
        entries = json.loads(part.read_text("utf-8"))
        for msgid, text in entries.items():
            message = catalog.get(msgid)
            if message is None:
                catalog.add(msgid, text)
                changes.append(f"{part.name}: added {msgid!r}")
            elif message.string != text or message.fuzzy:
                if message.string and message.string != text:
                    changes.append(f"{part.name}: replaced {message.string!r} by {text!r}")
                else:
                    changes.append(f"{part.name}: translated {msgid!r}")
                message.string = text
                message.flags.discard("fuzzy")
    if not dry_run:
        with po_path.open("wb") as fp:
            write_po(fp, catalog, width=100, sort_output=False)
        for part in parts:
            part.unlink()
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="change nothing, say what")
    args = parser.parse_args(argv)
    found = False
    for po_path in sorted(PO.glob("*.po")):
        lang = po_path.stem
        # <lang>.json first, then its parts by name (the order the JSON loader merged them in)
        parts = sorted(LOCALE.glob(f"{lang}*.json"), key=lambda p: (p.stem != lang, p.name))
        parts = [p for p in parts if p.stem == lang or p.stem.startswith(f"{lang}-")]
        if not parts:
            continue
        found = True
        for change in fold(lang, parts, args.dry_run):
            print(change)
        print(f"{po_path.relative_to(ROOT)}: {len(parts)} JSON file(s) folded"
              + (" (dry run)" if args.dry_run else ", deleted"))
    if not found:
        print("no JSON catalog to fold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
