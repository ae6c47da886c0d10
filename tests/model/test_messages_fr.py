"""The core's error messages (file format, document checks, templates, fonts, writes) are in the
user's language: every msgid has its French translation, with the same fields, and a French user
reads one French line, with no English in it."""

from __future__ import annotations

import ast
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

import pancarte
from helpers import french_catalog
from pancarte.errors import DocumentError
from pancarte.i18n import set_language
from pancarte.model.fileformat import load_document, loads_document
from pancarte.model.templates import template_ids

SOURCE = Path(pancarte.__file__).resolve().parent
MODULES = ("model/fileformat.py", "model/migrations.py", "model/document.py",
           "model/frames.py", "model/stored.py", "model/templates.py", "export.py", "layout/fonts.py")
# errors whose message must come from _(…) in those modules (a TemplateError may carry a bare id)
TRANSLATED_ERRORS = {"DocumentError", "ExportError", "FontError"}
FIXTURE = Path(__file__).resolve().parents[1] / "files" / "documents" / "v1-placard.pancarte"


def _trees() -> dict[str, ast.AST]:
    return {name: ast.parse((SOURCE / name).read_text("utf-8")) for name in MODULES}


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name) and node.func.id == name]


def msgids() -> set[str]:
    out = set()
    for name, tree in _trees().items():
        for call in _calls(tree, "_"):
            first = call.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                f"{name}:{call.lineno}: the msgid must be a plain string literal")
            out.add(first.value)
    return out


def fields(text: str) -> list[str]:
    return sorted(re.findall(r"\{(\w+)\}", text))


def test_every_message_has_a_french_translation():
    ids = msgids()
    assert len(ids) > 80
    missing = sorted(ids - french_catalog().keys())
    assert not missing, missing


def test_translations_keep_the_fields_and_french_typography():
    catalog = french_catalog()
    for msgid in msgids():
        french = catalog[msgid]
        assert fields(french) == fields(msgid), msgid
        assert french.strip() == french and french, msgid
        assert "'" not in french and '"' not in french, french  # ’ and « »
        assert not re.search(r"\S[:;!?]", french), french  # a space before : ; ! ?
        assert not french[0].isupper(), french  # a clause, after "pancarte : erreur :"


def test_errors_are_raised_with_translated_messages():
    """No English left: DocumentError/ExportError/FontError get their message from _(…)."""
    for name, tree in _trees().items():
        for error in TRANSLATED_ERRORS:
            for call in _calls(tree, error):
                assert call.args, f"{name}:{call.lineno}: {error} without a message"
                first = call.args[0]
                ok = (isinstance(first, ast.Call) and isinstance(first.func, ast.Name)
                      and first.func.id in ("_", "_refusal", "_os_reason"))
                assert ok, f"{name}:{call.lineno}: {error}'s message is not translated"


def _corrupt(tmp_path: Path) -> Path:
    """The released fixture with a byte of its compressed document.json flipped."""
    data = bytearray(FIXTURE.read_bytes())
    start = data.index(b"document.json") + len("document.json")  # the local header's name
    data[start + 40] ^= 0xFF
    path = tmp_path / "abîmé.pancarte"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", "impossible d’ouvrir {path} : le fichier est abîmé ou tronqué"),
    ("en", "cannot open {path}: the file is damaged or truncated"),
])
def test_corrupt_file_message_in_the_users_language(tmp_path, monkeypatch, lang, expected):
    path = _corrupt(tmp_path)
    monkeypatch.setenv("PANCARTE_LANG", lang)
    set_language(None)
    with pytest.raises(DocumentError) as info:
        load_document(path)
    assert str(info.value) == expected.format(path=path)


def test_field_errors_in_french_keep_the_field_path(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(FIXTURE) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = src.read(info)
            if info.filename == "document.json":
                doc = json.loads(member)
                doc["pages"][0]["frames"][0]["w"] = "large"
                member = json.dumps(doc).encode()
            dst.writestr(info, member)
    monkeypatch.setenv("PANCARTE_LANG", "fr")
    set_language(None)
    with pytest.raises(DocumentError) as info:
        loads_document(out.getvalue(), name="affiche.pancarte")
    assert str(info.value) == ("impossible d’ouvrir affiche.pancarte : pages[0].frames[0].w : "
                               "nombre attendu")


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", "pancarte : erreur : impossible d’ouvrir {path} : le fichier est abîmé ou tronqué"),
    ("en", "pancarte: error: cannot open {path}: the file is damaged or truncated"),
])
def test_cli_says_it_once(tmp_path, monkeypatch, capsys, lang, expected):
    from pancarte.cli import main
    from pancarte.cli.common import EXIT_ERROR

    path = _corrupt(tmp_path)
    monkeypatch.setenv("PANCARTE_LANG", lang)
    set_language(None)
    assert main(["export", str(path), "-o", str(tmp_path / "out.pdf")]) == EXIT_ERROR
    assert capsys.readouterr().err == expected.format(path=path) + "\n"
    assert not (tmp_path / "out.pdf").exists()


def test_cli_write_error_in_french(tmp_path, monkeypatch, capsys):
    from pancarte.cli import main
    from pancarte.cli.common import EXIT_ERROR

    monkeypatch.setenv("PANCARTE_LANG", "fr")
    set_language(None)
    out = tmp_path / "absent" / "affiche.pancarte"
    assert main(["compose", template_ids()[0], "--sample", "-o", str(out)]) == EXIT_ERROR
    assert capsys.readouterr().err == (f"pancarte : erreur : impossible d’enregistrer {out} : "
                                       "le dossier n’existe pas\n")
