"""One behaviour for every file Pancarte reads or writes (pancarte.files): outputs written the
same way whatever their kind (symlink followed, mode from the umask, stale temporaries of a
killed save removed), inputs refused the same way (named pipes, corrupt zip data), text
decoded the same way."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "library"))

from library_support import docx_bytes, docx_p, odt_bytes, odt_p  # noqa: E402

from helpers import cli_env, run_cli  # noqa: E402
from pancarte import files  # noqa: E402
from pancarte.files import NotRegularFile, NotText, decode_text, read_limited  # noqa: E402
from pancarte.model.edit import compose  # noqa: E402
from pancarte.model.fileformat import dumps_document, save_document  # noqa: E402

EN = {"PANCARTE_LANG": "en"}
TRACT = (
    "Grève générale le 12 : tous et toutes dans la rue !\n\n"
    "Depuis trois mois, la direction refuse d’ouvrir les négociations sur les salaires ; "
    "l’inflation, elle, n’attend pas. « On ne lâchera rien », disait Mireille — déléguée "
    "depuis 1998.\n\n"
    "• Hausse de 300 € pour toutes et tous\n• Embauche des intérimaires\n"
    "• Retrait du projet de réorganisation\n\n"
    "1. Rassemblement à 10 h devant la mairie\n2. Cortège jusqu’à la préfecture\n\n"
    "— Contact : intersyndicale@example.org, 06 00 00 00 00\n"
)


def _one_line_error(r: subprocess.CompletedProcess, code: int = 1) -> None:
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr and "zlib" not in r.stderr


# ---------------------------------------------------------------------------------------------
# Outputs: one atomic write


@pytest.mark.parametrize("suffix", [".pdf", ".pancarte", ".png"])
def test_a_symlinked_output_is_followed_for_every_kind(tmp_path, suffix):
    real = tmp_path / "real" / f"affiche{suffix}"
    real.parent.mkdir()
    real.write_bytes(b"old")
    real.chmod(0o600)
    link = tmp_path / f"lien{suffix}"
    link.symlink_to(real)
    extra = ("--dpi", "20") if suffix == ".png" else ()
    r = run_cli("compose", "flyer-a6", "--sample", "-o", link, *extra, env=EN)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    data = real.read_bytes()
    magic = {".pdf": b"%PDF-", ".pancarte": b"PK\x03\x04", ".png": b"\x89PNG"}[suffix]
    assert data.startswith(magic)
    assert stat.S_IMODE(real.stat().st_mode) == 0o600  # an existing file keeps its mode
    assert sorted(p.name for p in real.parent.iterdir()) == [real.name]


def _run_with_umask(mask: int, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pancarte", *map(str, args)],
                          capture_output=True, text=True, env=cli_env(EN), timeout=120,
                          preexec_fn=lambda: os.umask(mask))


def test_every_output_gets_the_same_mode_from_the_umask(tmp_path):
    outs = [tmp_path / "a.pdf", tmp_path / "a.pancarte", tmp_path / "a.png"]
    for out in outs:
        extra = ("--dpi", "20") if out.suffix == ".png" else ()
        r = _run_with_umask(0o027, "compose", "flyer-a6", "--sample", "-o", out, *extra)
        assert r.returncode == 0, r.stderr
    library = tmp_path / "lib.sqlite3"
    (tmp_path / "tract.txt").write_text(TRACT, "utf-8")
    r = _run_with_umask(0o027, "library", "--library", library, "import", tmp_path / "tract.txt")
    assert r.returncode == 0, r.stderr
    shared = tmp_path / "partage.zip"
    r = _run_with_umask(0o027, "library", "--library", library, "export", shared)
    assert r.returncode == 0, r.stderr
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in [*outs, shared]}
    assert set(modes.values()) == {oct(0o640)}, modes


def test_umask_is_read_without_changing_it():
    before = os.umask(0o022)
    os.umask(before)
    assert files.umask() == before
    assert os.umask(before) == before  # unchanged by the read


def _stale(folder: Path, name: str, age: float) -> Path:
    p = folder / name
    p.write_bytes(b"half a file")
    t = time.time() - age
    os.utime(p, (t, t))
    return p


def test_the_next_save_removes_stale_temporaries_of_a_killed_save(tmp_path):
    old = _stale(tmp_path, ".affiche.pdf.k3j_9zq1.tmp", 3600)
    old_doc = _stale(tmp_path, ".tract.pancarte.a1b2c3d4.tmp", 3600)
    fresh = _stale(tmp_path, ".affiche.pdf.x7y8z9w0.tmp", 5)  # a save running now
    other = _stale(tmp_path, "notes.tmp", 3600)  # not ours
    r = run_cli("compose", "flyer-a6", "--sample", "-o", tmp_path / "autre.pdf", env=EN)
    assert r.returncode == 0, r.stderr
    assert not old.exists() and not old_doc.exists()
    assert fresh.exists() and other.exists()
    _stale(tmp_path, ".x.pancarte.q1w2e3r4.tmp", 3600)
    save_document(compose("flyer-a6", sample=True), tmp_path / "x.pancarte")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".affiche.pdf.x7y8z9w0.tmp", "autre.pdf", "notes.tmp", "x.pancarte"]


def test_a_failed_write_leaves_nothing_and_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"good")

    def broken(out):
        out.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        files.write_atomic(target, broken)
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


# ---------------------------------------------------------------------------------------------
# Inputs: a named pipe is refused, never waited on

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_fifo
def test_read_limited_refuses_a_named_pipe(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    from pancarte.i18n import set_language

    set_language("en")
    try:
        with pytest.raises(NotRegularFile) as info:
            read_limited(fifo, 100)
    finally:
        set_language(None)
    assert info.value.strerror == "not a regular file"


@needs_fifo
@pytest.mark.parametrize("option", ["--logo", "--text-file", "--event"])
def test_a_named_pipe_as_an_input_option_is_refused(tmp_path, option):
    fifo = tmp_path / {"--logo": "logo.png", "--text-file": "texte.txt",
                       "--event": "agenda.ics"}[option]
    os.mkfifo(fifo)
    out = tmp_path / "x.pdf"
    r = run_cli("compose", "poster-a3", "--sample", option, fifo, "-o", out, env=EN,
                timeout=60)
    _one_line_error(r, 1)
    assert "not a regular file" in r.stderr and fifo.name in r.stderr
    assert not out.exists()


@needs_fifo
def test_a_named_pipe_to_import_is_refused(tmp_path):
    fifo = tmp_path / "tract.md"
    os.mkfifo(fifo)
    r = run_cli("library", "--library", tmp_path / "lib.sqlite3", "import", fifo, env=EN,
                timeout=60)
    _one_line_error(r, 1)
    assert "not a regular file" in r.stderr


# ---------------------------------------------------------------------------------------------
# Zip archives: corrupt deflate data is one line, exit 1


def _corrupt_member(data: bytes, member: str) -> bytes:
    """``data`` with the deflate stream of ``member`` starting with a reserved block type."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
        assert info.compress_type == zipfile.ZIP_DEFLATED
    raw = bytearray(data)
    offset = info.header_offset
    name_len = int.from_bytes(raw[offset + 26:offset + 28], "little")
    extra_len = int.from_bytes(raw[offset + 28:offset + 30], "little")
    start = offset + 30 + name_len + extra_len
    raw[start] = 0x07  # BFINAL=1, BTYPE=11: "invalid block type"
    return bytes(raw)


def test_corrupt_deflate_in_a_document(tmp_path):
    doc = compose("flyer-a6", sample=True)
    path = tmp_path / "doc.pancarte"
    path.write_bytes(_corrupt_member(dumps_document(doc), "document.json"))
    r = run_cli("export", path, "-o", tmp_path / "x.pdf", env=EN)
    _one_line_error(r, 1)
    assert "damaged" in r.stderr and not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_corrupt_deflate_in_an_import(tmp_path, kind):
    if kind == "docx":
        data = _corrupt_member(docx_bytes(docx_p(TRACT[:200]) * 40), "word/document.xml")
    else:
        data = _corrupt_member(odt_bytes(odt_p(TRACT[:200]) * 40), "content.xml")
    path = tmp_path / f"tract.{kind}"
    path.write_bytes(data)
    r = run_cli("library", "--library", tmp_path / "lib.sqlite3", "import", path, env=EN)
    _one_line_error(r, 1)
    assert "damaged" in r.stderr and path.name in r.stderr


def test_corrupt_deflate_in_a_shared_library(tmp_path):
    library = tmp_path / "lib.sqlite3"
    (tmp_path / "tract.txt").write_text(TRACT, "utf-8")
    assert run_cli("library", "--library", library, "import", tmp_path / "tract.txt",
                   env=EN).returncode == 0
    shared = tmp_path / "partage.zip"
    assert run_cli("library", "--library", library, "export", shared, env=EN).returncode == 0
    shared.write_bytes(_corrupt_member(shared.read_bytes(), "library.json"))
    r = run_cli("library", "--library", tmp_path / "other.sqlite3", "import", shared, env=EN)
    _one_line_error(r, 1)
    assert "damaged" in r.stderr


def test_a_zip_bomb_is_refused_from_its_directory():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (8 << 20))  # 8 MiB of zeros: ~1000:1
    data = buf.getvalue()
    limits = files.ZipLimits(members=10, member_size=1 << 30, total=1 << 30)
    with pytest.raises(files.ArchiveError) as info:
        files.open_zip(io.BytesIO(data), len(data), limits)
    assert info.value.kind == "ratio"


# ---------------------------------------------------------------------------------------------
# Text: one decoder


def test_decode_text_accepts_every_usual_encoding():
    for data in (TRACT.encode("utf-8"), b"\xef\xbb\xbf" + TRACT.encode("utf-8"),
                 TRACT.encode("utf-16"), TRACT.encode("utf-16-le"),
                 TRACT.encode("utf-16-be")):
        assert decode_text(data) == TRACT
    assert decode_text("Grève à 10 h – « tous »".encode("cp1252")) == "Grève à 10 h – « tous »"
    assert decode_text(bytes([0x81, 0x8D, 0xE9])) == "\x81\x8dé"  # not cp1252: Latin-1


def test_a_nul_anywhere_is_not_text():
    with pytest.raises(NotText):
        decode_text(TRACT.encode("utf-8") * 20 + b"\0" + b"fin")  # past the first 4 KiB
    with pytest.raises(NotText):
        decode_text(TRACT.encode("utf-16-le")[:-1] + b"\xd8\x00")  # half a surrogate


def test_text_file_in_utf16_without_bom_is_accepted(tmp_path):
    src = tmp_path / "tract.txt"
    src.write_bytes(TRACT.encode("utf-16-le"))
    out = tmp_path / "x.pdf"
    r = run_cli("compose", "poster-a3", "--title", "Grève", "--text-file", src, "-o", out,
                "--allow-overflow", env=EN)
    assert r.returncode == 0, r.stderr
    from helpers import pdftotext

    text = " ".join(pdftotext(out).split())
    assert "intérimaires" in text and "préfecture" in text


def test_text_file_with_a_nul_past_4_kib_is_refused(tmp_path):
    src = tmp_path / "tract.txt"
    src.write_bytes(TRACT.encode("utf-8") * 20 + b"\0")
    r = run_cli("compose", "poster-a3", "--text-file", src, "-o", tmp_path / "x.pdf", env=EN)
    _one_line_error(r, 1)
    assert "not a text file" in r.stderr


def test_user_templates_are_listed_within_the_limits(tmp_path):
    from pancarte.gui.usertemplates import list_user_templates, save_user_template

    doc = compose("flyer-a6", sample=True)
    save_user_template(doc, "Appel à la grève", tmp_path)
    (tmp_path / "abime.pancarte").write_bytes(
        _corrupt_member(dumps_document(doc), "document.json"))
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "tube.pancarte")  # listed by its name, never opened for long
    names = sorted(t.name for t in list_user_templates(tmp_path))
    expected = ["abime", "Appel à la grève"] + (["tube"] if hasattr(os, "mkfifo") else [])
    assert names == sorted(expected)


def test_one_bounded_read_gives_each_caller_its_own_error_in_one_line(tmp_path):
    """Identities, fonts, calendars, images and imports read through files.read_or_refuse:
    too large, a folder and an unreadable file each end as the caller's error, one line."""
    from pancarte.event.errors import EventError
    from pancarte.event.ical import read_ics
    from pancarte.i18n import set_language
    from pancarte.identity.apply import make_identity
    from pancarte.identity.model import IdentityError
    from pancarte.identity.store import read_file
    from pancarte.images import ImageError, import_image
    from pancarte.library.errors import LibraryError
    from pancarte.library.importers.decoding import read_bounded

    big = tmp_path / "gros.ics"
    big.write_bytes(b"x" * 2000)
    missing = tmp_path / "absent.ttf"
    set_language("en")
    try:
        with pytest.raises(LibraryError, match=r"gros\.ics is too large to import"):
            read_bounded(big, limit=1000)
        with pytest.raises(LibraryError, match=r" is a folder, not a file$"):
            read_bounded(tmp_path)
        with pytest.raises(EventError, match=r" is a folder, not a calendar file$"):
            read_ics(tmp_path)
        with pytest.raises(IdentityError, match=r"^cannot read .*absent\.ttf: this file does not exist"):
            make_identity("Collectif", fonts=[str(missing)])
        with pytest.raises(IdentityError, match=r"^cannot read .*absent\.ttf: this file does not exist"):
            read_file(missing)
        with pytest.raises(ImageError, match=r"^cannot read absent\.png: this file does not exist"):
            import_image(tmp_path / "absent.png")
        with pytest.raises(IdentityError, match=r"^cannot read .*\b\w+: it is a folder$"):
            read_file(tmp_path)  # no word of its own for a folder: the system's
    finally:
        set_language(None)
