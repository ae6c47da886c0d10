"""End to end: the ``pancarte`` command line, run as a subprocess (exit codes, messages, files
left behind or not)."""

from __future__ import annotations

import random
import re
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import MM, pdfinfo_boxes, pdftotext, run_cli  # noqa: E402
from pancarte import __version__  # noqa: E402
from pancarte.model.templates import template_ids  # noqa: E402

TEMPLATES = template_ids()
PLACARD = "placard-a3" if "placard-a3" in TEMPLATES else TEMPLATES[0]
EN = {"PANCARTE_LANG": "en"}
ACCENTS = "Fête à l’école, œuvre « déjà » — été"


def _one_line_error(r, code: int = 1) -> None:
    assert r.returncode == code, f"exit {r.returncode}, expected {code}\n{r.stderr}"
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{r.stderr}"


def _leftovers(folder: Path) -> list[str]:
    """Temporary files an interrupted or failed write would leave."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or
                  p.name.endswith(".tmp"))


def _squash(text: str) -> str:
    return "".join(text.split()).casefold().replace("-", "")


# ---------------------------------------------------------------------------------------------
# Information


def test_version():
    r = run_cli("--version")
    assert r.returncode == 0, r.stderr
    assert re.fullmatch(r"pancarte \d+\.\d+\.\d+\S*\n", r.stdout), r.stdout
    assert r.stdout.strip() == f"pancarte {__version__}"


def test_templates_one_a_line_starting_with_the_id():
    r = run_cli("templates", env=EN)
    assert r.returncode == 0, r.stderr
    lines = [line for line in r.stdout.splitlines() if line.strip()]
    ids = [line.split()[0] for line in lines]
    assert sorted(ids) == sorted(TEMPLATES), r.stdout
    for tid in TEMPLATES:
        assert any(re.match(rf"{re.escape(tid)}\s", line) for line in lines), tid


def test_no_command_is_a_usage_error():
    r = run_cli("compose", env=EN)
    _one_line_error(r, 2)


# ---------------------------------------------------------------------------------------------
# Errors: exit code, one line, nothing written


def test_unknown_template(tmp_path):
    out = tmp_path / "x.pdf"
    r = run_cli("compose", "no-such-template", "--sample", "-o", out, env=EN)
    _one_line_error(r, 1)
    assert "no-such-template" in r.stderr and "error" in r.stderr
    assert not out.exists()
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["../placard-a3", "placard-a3/../placard-a3", "/etc/passwd",
                                  "", "PLACARD-A3 ", "a" * 300],
                         ids=["parent", "dotdot", "absolute", "empty", "spaces", "300-chars"])
def test_odd_template_names_are_unknown(tmp_path, name):
    out = tmp_path / "x.pdf"
    r = run_cli("compose", name, "-o", out, env=EN)
    _one_line_error(r, 1)
    assert not out.exists()


@pytest.mark.parametrize("args", [
    ("compose", PLACARD, "--frobnicate", "-o", "x.pdf"),
    ("compose", PLACARD),  # no -o
    ("frobnicate",),
    ("compose", PLACARD, "--text", "a", "--text-file", "b.txt", "-o", "x.pdf"),
])
def test_bad_arguments_are_usage_errors(tmp_path, args):
    r = run_cli(*args, env=EN, cwd=tmp_path)
    _one_line_error(r, 2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["x.svg", "x.jpg", "x", "x.pdf.txt", "x.pancarte.zip"])
def test_output_with_another_extension(tmp_path, name):
    out = tmp_path / name
    r = run_cli("compose", PLACARD, "--sample", "-o", out, env=EN)
    _one_line_error(r, 2)
    assert list(tmp_path.iterdir()) == []


def test_export_to_a_pancarte_is_a_usage_error(tmp_path):
    doc = tmp_path / "a.pancarte"
    assert run_cli("compose", PLACARD, "--sample", "-o", doc).returncode == 0
    r = run_cli("export", doc, "-o", tmp_path / "b.pancarte", env=EN)
    _one_line_error(r, 2)
    assert not (tmp_path / "b.pancarte").exists()


@pytest.mark.parametrize("flags", [
    ("--size", "12x"), ("--size", "x12"), ("--size", "5x5"), ("--size", "6000x100"),
    ("--size", "axb"), ("--bleed", "-1"), ("--bleed", "abc"), ("--bleed", "50"),
    ("--bleed", "nan"),
])
def test_bad_values_are_usage_errors(tmp_path, flags):
    out = tmp_path / "x.pdf"
    r = run_cli("compose", PLACARD, "--sample", *flags, "-o", out, env=EN)
    _one_line_error(r, 2)
    assert not out.exists()


def test_output_in_a_missing_directory(tmp_path):
    out = tmp_path / "no" / "such" / "dir" / "x.pdf"
    r = run_cli("compose", PLACARD, "--sample", "-o", out, env=EN)
    _one_line_error(r, 1)
    assert not (tmp_path / "no").exists()


def test_output_under_a_file(tmp_path):
    (tmp_path / "file.txt").write_text("not a folder")
    r = run_cli("compose", PLACARD, "--sample", "-o", tmp_path / "file.txt" / "x.pdf", env=EN)
    _one_line_error(r, 1)
    assert (tmp_path / "file.txt").read_text() == "not a folder"


def test_output_is_an_existing_directory(tmp_path):
    out = tmp_path / "out.pdf"
    out.mkdir()
    r = run_cli("compose", PLACARD, "--sample", "-o", out, env=EN)
    _one_line_error(r, 1)
    assert out.is_dir() and list(out.iterdir()) == []
    assert _leftovers(tmp_path) == []


# ---------------------------------------------------------------------------------------------
# Overflow


LONG_TITLE = " ".join(f"mot{i % 7}" for i in range(3000))


def test_overflow_is_an_error_and_writes_nothing(tmp_path):
    out = tmp_path / "x.pdf"
    r = run_cli("compose", PLACARD, "--title", LONG_TITLE, "-o", out, env=EN)
    _one_line_error(r, 1)
    assert "allow-overflow" in r.stderr
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_overflow_leaves_an_existing_file_untouched(tmp_path):
    out = tmp_path / "x.pdf"
    before = b"%PDF-1.4 previous poster, not to be lost\n" + bytes(range(256))
    out.write_bytes(before)
    r = run_cli("compose", PLACARD, "--title", LONG_TITLE, "-o", out, env=EN)
    _one_line_error(r, 1)
    assert out.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_allow_overflow_writes_with_a_warning(tmp_path):
    out = tmp_path / "x.pdf"
    r = run_cli("compose", PLACARD, "--title", LONG_TITLE, "--allow-overflow", "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    assert "warning" in r.stderr and "Traceback" not in r.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert "mot0" in pdftotext(out).casefold()


# ---------------------------------------------------------------------------------------------
# Documents


def test_compose_a_document_then_export_it(tmp_path):
    doc, out = tmp_path / "a.pancarte", tmp_path / "b.pdf"
    title = "Réunion publique à l’école"
    r = run_cli("compose", PLACARD, "--sample", "--title", title, "-o", doc, env=EN)
    assert r.returncode == 0, r.stderr
    assert zipfile.is_zipfile(doc)
    r = run_cli("export", doc, "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    assert _squash(title) in _squash(pdftotext(out))


def _bleed_mm(path: Path) -> float:
    boxes = pdfinfo_boxes(path)[0]
    return (boxes["TrimBox"][0] - boxes["BleedBox"][0]) / MM


def test_export_keeps_the_document_bleed_unless_told(tmp_path):
    doc = tmp_path / "a.pancarte"
    assert run_cli("compose", PLACARD, "--sample", "--bleed", "4", "-o", doc).returncode == 0
    r = run_cli("export", doc, "-o", tmp_path / "b.pdf", env=EN)
    assert r.returncode == 0, r.stderr
    assert abs(_bleed_mm(tmp_path / "b.pdf") - 4) <= 0.05
    r = run_cli("export", doc, "--bleed", "5", "-o", tmp_path / "c.pdf", env=EN)
    assert r.returncode == 0, r.stderr
    assert abs(_bleed_mm(tmp_path / "c.pdf") - 5) <= 0.05


def test_qr_content_too_long_is_reported(tmp_path):
    out = tmp_path / "x.pdf"
    r = run_cli("compose", PLACARD, "--sample", "--qr", "https://exemple.org/" + "a" * 5000,
                "-o", out, env=EN)
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    assert "QR" in r.stderr and "too long" in r.stderr, r.stderr


def _corrupt(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.pancarte"
    if kind == "random":
        path.write_bytes(random.Random(33733).randbytes(20_000))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        good = folder / "good.pancarte"
        assert run_cli("compose", PLACARD, "--sample", "-o", good).returncode == 0
        data = good.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        good.unlink()
    elif kind == "zip-of-junk":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("mimetype", "application/x-pancarte+zip")
            z.writestr("document.json", "{not json")
    elif kind == "missing":
        pass
    elif kind == "directory":
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["random", "empty", "truncated", "zip-of-junk", "missing",
                                  "directory"])
def test_export_of_a_corrupt_document(tmp_path, kind):
    doc = _corrupt(kind, tmp_path)
    out = tmp_path / "y.pdf"
    r = run_cli("export", doc, "-o", out, env=EN)
    _one_line_error(r, 1)
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# --text-file


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-be-bom"])
def test_text_file_encodings(tmp_path, encoding):
    src = tmp_path / "appel.txt"
    if encoding == "utf-16-be-bom":
        src.write_bytes(b"\xfe\xff" + ACCENTS.encode("utf-16-be"))
    else:
        src.write_bytes(ACCENTS.encode(encoding))
    out = tmp_path / "x.pdf"
    r = run_cli("compose", PLACARD, "--title", "Appel", "--text-file", src, "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    assert _squash(ACCENTS) in _squash(pdftotext(out)), pdftotext(out)


def test_text_file_crlf_paragraphs(tmp_path):
    src = tmp_path / "appel.txt"
    src.write_bytes("Première ligne\r\n\r\nDeuxième ligne\r\n".encode("cp1252"))
    out = tmp_path / "x.pdf"
    r = run_cli("compose", PLACARD, "--title", "Appel", "--text-file", src, "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    text = _squash(pdftotext(out))
    assert "premièreligne" in text and "deuxièmeligne" in text


@pytest.mark.parametrize("kind", ["binary", "png", "missing", "directory"])
def test_text_file_that_is_not_text(tmp_path, kind):
    src = tmp_path / "data.bin"
    if kind == "binary":
        src.write_bytes(bytes(range(256)) * 40)
    elif kind == "png":
        src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    elif kind == "directory":
        src.mkdir()
    out = tmp_path / "x.pdf"
    r = run_cli("compose", PLACARD, "--title", "Appel", "--text-file", src, "-o", out, env=EN)
    _one_line_error(r, 1)
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# Language


NO_LANG = {"PANCARTE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANGUAGE": None}


def test_messages_in_french_by_default(tmp_path):
    r = run_cli("compose", "no-such-template", "-o", tmp_path / "x.pdf",
                env={**NO_LANG, "LANG": "C"})
    _one_line_error(r, 1)
    assert "erreur" in r.stderr


def test_messages_in_english_with_pancarte_lang(tmp_path):
    r = run_cli("compose", "no-such-template", "-o", tmp_path / "x.pdf",
                env={**NO_LANG, "LANG": "C", "PANCARTE_LANG": "en"})
    _one_line_error(r, 1)
    assert "error" in r.stderr and "erreur" not in r.stderr


def test_messages_in_english_with_lang(tmp_path):
    r = run_cli("compose", "no-such-template", "-o", tmp_path / "x.pdf",
                env={**NO_LANG, "LANG": "en_GB.UTF-8"})
    _one_line_error(r, 1)
    assert "error" in r.stderr and "erreur" not in r.stderr


def test_pancarte_lang_wins_over_lang(tmp_path):
    r = run_cli("compose", "no-such-template", "-o", tmp_path / "x.pdf",
                env={**NO_LANG, "LANG": "en_US.UTF-8", "PANCARTE_LANG": "fr"})
    _one_line_error(r, 1)
    assert "erreur" in r.stderr


def test_usage_errors_in_french(tmp_path):
    r = run_cli("compose", PLACARD, "--sample", "--size", "12x", "-o", tmp_path / "x.pdf",
                env={**NO_LANG, "LANG": "C"})
    _one_line_error(r, 2)
    assert "LARGEUR" in r.stderr


# ---------------------------------------------------------------------------------------------
# Sizes


def _trim_mm(path: Path) -> tuple[float, float]:
    t = pdfinfo_boxes(path)[0]["TrimBox"]
    return (t[2] - t[0]) / MM, (t[3] - t[1]) / MM


@pytest.mark.parametrize(("flags", "expected"), [
    (("--size", "1000x500", "--landscape"), (1000, 500)),
    (("--size", "500x1000", "--landscape"), (1000, 500)),
    (("--size", "500x700"), (500, 700)),
    (("--size", "420,5 x 594mm"), (420.5, 594)),
])
def test_size_and_landscape(tmp_path, flags, expected):
    out = tmp_path / "x.pdf"
    r = run_cli("compose", PLACARD, "--sample", *flags, "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    w, h = _trim_mm(out)
    assert abs(w - expected[0]) <= 0.05 and abs(h - expected[1]) <= 0.05, (w, h)


def test_text_file_that_never_ends_is_refused_quickly(tmp_path):
    """/dev/urandom (or any endless stream) is read only up to the 5 MB limit."""
    r = run_cli("compose", "placard-a3", "--text-file", "/dev/urandom", "-o",
                str(tmp_path / "x.pdf"))
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_verbose_says_what_happens_on_stderr_and_quiet_says_nothing(tmp_path, capsys):
    from pancarte.cli import main

    out = tmp_path / "affiche.pancarte"
    assert main(["compose", "poster-a3", "--sample", "-o", str(out)]) == 0
    assert "INFO" not in capsys.readouterr().err
    assert main(["-v", "compose", "poster-a3", "--sample", "-o", str(out)]) == 0
    assert f"pancarte: INFO: pancarte.files: wrote {out}" in capsys.readouterr().err.splitlines()


def test_the_editor_says_which_system_library_is_missing(monkeypatch):
    from pancarte.cli.edit import why_no_editor
    from pancarte.i18n import set_language

    set_language("en")
    try:
        error = ImportError("libEGL.so.1: cannot open shared object file: No such file or "
                            "directory", name="PySide6.QtGui")
        assert "the system library libEGL.so.1 is missing" in why_no_editor(error)
        assert "the Python package PySide6 is missing" in why_no_editor(
            ImportError("No module named 'PySide6'", name="PySide6"))
    finally:
        set_language(None)


def test_the_editor_import_error_reaches_the_user_in_one_line(monkeypatch, capsys):
    import sys

    from pancarte.cli import main
    from pancarte.i18n import set_language

    monkeypatch.setitem(sys.modules, "pancarte.gui.app", None)  # import fails: ImportError
    set_language("fr")
    try:
        assert main(["edit"]) == 1
    finally:
        set_language(None)
    err = capsys.readouterr().err
    assert err.startswith("pancarte : erreur : l’éditeur ne peut pas démarrer") and err.count("\n") == 1
