"""Every message of the program has its French: Babel's own extractor, run over ``src/`` with
the repository's ``babel.cfg`` keywords, finds each msgid; ``po/fr.po`` translates it (not
empty, not fuzzy) with the same ``{fields}``; the template ``po/pancarte.pot`` is up to date;
the French reaches the user through the compiled catalog, plurals included."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import pancarte
from pancarte.i18n import _, compile_po, ngettext, set_language

REPO = Path(__file__).resolve().parents[1]
SOURCE = Path(pancarte.__file__).resolve().parents[1]  # src/, or site-packages when installed
PACKAGE = Path(pancarte.__file__).resolve().parent  # only our own files are scanned
KEYWORDS = {"_": None, "N_": None, "Nn_": (1, 2), "ngettext": (1, 2)}


def _keywords_of_babel_cfg() -> dict:
    """The keywords ``babel.cfg`` documents for ``pybabel extract`` (the same as here)."""
    text = (REPO / "babel.cfg").read_text("utf-8")
    found = set(re.findall(r"-k (\w+)", text))
    return {k: v for k, v in KEYWORDS.items() if k in found or k == "_"}


@cache
def source_messages() -> dict[str, tuple[str, ...]]:
    """msgid → (msgid, plural) for every message Babel extracts from the sources."""
    assert set(_keywords_of_babel_cfg()) == set(KEYWORDS)
    out = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS):
        forms = message if isinstance(message, tuple) else (message,)
        out[forms[0]] = forms
    return out


def _po(name: str):
    with (REPO / "po" / name).open("rb") as fp:
        return read_po(fp)


def fields(text: str) -> list[str]:
    return sorted(set(re.findall(r"\{(\w+)\}", text)))


def test_every_message_has_its_french_with_the_same_fields():
    messages = source_messages()
    assert len(messages) > 600
    catalog = {m.id if isinstance(m.id, str) else m.id[0]: m for m in _po("fr.po") if m.id}
    missing = sorted(set(messages) - set(catalog))
    assert not missing, missing
    problems = []
    for msgid, forms in messages.items():
        entry = catalog[msgid]
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(s.strip() for s in strings):
            problems.append(("untranslated or fuzzy", msgid))
        if len(forms) != (2 if isinstance(entry.id, tuple) else 1):
            problems.append(("plural in the source but not in the catalog, or back", msgid))
        for french in strings:
            # a plural's singular may say "one" rather than {n}
            expected = set().union(*(fields(f) for f in forms))
            if not set(fields(french)) <= expected or (
                    len(forms) == 1 and fields(french) != fields(msgid)):
                problems.append(("fields differ", msgid, french))
            if "'" in french:
                problems.append(("straight apostrophe", french))
    assert not problems, problems


def test_the_template_is_up_to_date():
    """``po/pancarte.pot`` (what Weblate and Poedit update from) holds the sources' messages."""
    template = {m.id if isinstance(m.id, str) else m.id[0] for m in _po("pancarte.pot") if m.id}
    assert template == set(source_messages()), (
        "run pybabel extract as docs/TRANSLATING.md says")


def test_french_plural_forms():
    assert _po("fr.po").plural_forms == "nplurals=2; plural=(n > 1);"
    set_language("fr")
    try:
        assert ngettext("{n} line", "{n} lines", 1) == "1 ligne"
        assert ngettext("{n} line", "{n} lines", 0) == "0 ligne"
        assert ngettext("{n} line", "{n} lines", 12) == "12 lignes"
        assert _("open the editor") == "ouvre l’éditeur"
    finally:
        set_language(None)


def test_the_compiled_catalog_leaves_fuzzy_entries_out():
    po = (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          b'#, fuzzy\nmsgid "open"\nmsgstr "ouvrir"\n\nmsgid "close"\nmsgstr "fermer"\n')
    import gettext
    import io

    t = gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    assert t.gettext("close") == "fermer" and t.gettext("open") == "open"


@pytest.mark.parametrize(("lang", "expected"), [("fr", "ouvre l’éditeur"),
                                                ("en", "open the editor")])
def test_a_fresh_process_reads_the_catalog_without_babel(tmp_path, lang, expected):
    """The normal path (the catalog compiled once, then cached) imports no Babel."""
    code = ("import sys; from pancarte.i18n import _; print(_('open the editor')); "
            "print('babel' in sys.modules)")
    env = {"PANCARTE_LANG": lang, "XDG_CACHE_HOME": str(tmp_path), "HOME": str(tmp_path),
           "PYTHONPATH": str(SOURCE)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, check=True).stdout.split("\n") for _ in range(2)]
    assert runs[0][0] == expected and runs[1][0] == expected
    assert runs[1][1] == "False"
