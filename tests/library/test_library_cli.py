"""``pancarte library …`` as a user runs it: a subprocess, exit codes, stdout/stderr."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from library_support import one_error_line, run_cli, run_json, write


@pytest.fixture
def lib(tmp_path):
    return tmp_path / "cli.sqlite3"


def test_import_list_show_search_remove(tmp_path, lib):
    a = write(tmp_path / "appel.txt", "Grève à la cantine !\n\nSoutenons les agentes.\n\n"
              "• 6 h : piquet\n• 12 h : repas\n\nContact : greve@example.org\nPartager\n")
    b = write(tmp_path / "fete.md", "# Fête écologique\n\nDes jeux pour tout le monde.\n",
              "utf-8-sig")
    imported = run_json("import", str(a), str(b), "--tag", "test", "--tag", "cantine",
                        library=lib)
    assert [set(x) for x in imported] == [{"id", "title", "file"}] * 2
    assert imported[0]["title"] == "Grève à la cantine !" and imported[0]["file"] == str(a)
    ident = imported[0]["id"]

    listed = run_json("list", library=lib)
    assert [set(x) for x in listed] == [{"id", "title", "tags", "updated"}] * len(listed)
    assert len(listed) == 6 + 2
    mine = next(x for x in listed if x["id"] == ident)
    assert mine["tags"] == ["test", "cantine"] and mine["updated"].endswith("Z")

    shown = run_json("show", ident[:6], library=lib)
    assert shown["id"] == ident and shown["title"] == "Grève à la cantine !"
    assert shown["blocks"] == [
        {"kind": "title", "text": "Grève à la cantine !"},
        {"kind": "paragraph", "text": "Soutenons les agentes."},
        {"kind": "list", "numbered": False, "items": ["6 h : piquet", "12 h : repas"]},
        {"kind": "contact", "text": "Contact : greve@example.org"},
        {"kind": "paragraph", "text": "Partager", "debris": True},
    ]

    hits = run_json("search", "ecologique", library=lib)
    # best first: the title match before the sample petition's paragraph
    assert [h["title"] for h in hits] == ["Fête écologique",
                                          "Pétition : ne touchez pas aux tilleuls du parc Moulin !"]
    assert hits[1]["kind"] == "paragraph" and "écologique" in hits[1]["snippet"]
    assert set(hits[0]) == {"id", "title", "kind", "snippet"} and hits[0]["kind"] == "title"
    assert run_json("search", "ecol", library=lib)[0]["title"] == "Fête écologique"
    assert run_json("search", "zzzzqqq", library=lib) == []

    proc = run_cli("show", ident[:8], library=lib)
    assert proc.returncode == 0 and "# Grève à la cantine !" in proc.stdout
    assert "• 6 h : piquet" in proc.stdout and "[debris] Partager" in proc.stdout

    proc = run_cli("remove", ident[:10], library=lib)
    assert proc.returncode == 0 and ident[:12] in proc.stdout
    proc = run_cli("show", ident, library=lib)
    assert proc.returncode == 1
    assert "no tract" in one_error_line(proc)


def test_reimport_and_drop_debris(tmp_path, lib):
    a = write(tmp_path / "web.txt", "Titre\n\nTexte.\n\nRetour en haut\n")
    first = run_json("import", str(a), library=lib)
    again = run_cli("import", str(a), library=lib)
    assert again.returncode == 0 and "already in the library" in again.stdout
    assert first[0]["id"][:12] in again.stdout
    dropped = run_json("import", str(a), "--drop-debris", library=lib)
    shown = run_json("show", dropped[0]["id"], library=lib)
    assert not any(b.get("debris") for b in shown["blocks"])


def test_json_stdout_is_only_json(tmp_path, lib):
    a = write(tmp_path / "a.txt", "Titre\n\nTexte.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    proc = run_cli("import", str(a), str(bad), "--json", library=lib)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert [x["file"] for x in data] == [str(a)]
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("pancarte: error:")]
    assert len(errors) == 1 and "bad.txt" in errors[0] and "binary" in errors[0]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("query", ['"', "*", "-", "AND", "NEAR(", "a OR", "(", "'", "NOT x",
                                   "-greve", '"unclosed'])
def test_hostile_queries(lib, query):
    proc = run_cli("search", "--json", "--", query, library=lib)
    assert proc.returncode == 0, proc.stderr
    assert isinstance(json.loads(proc.stdout), list)


def test_no_result_message(lib):
    proc = run_cli("search", "zzzzqqq", library=lib)
    assert proc.returncode == 0 and proc.stdout == "" and "no tract matches" in proc.stderr


def test_export_and_import_zip(tmp_path, lib):
    out = tmp_path / "partage.zip"
    proc = run_cli("export", str(out), library=lib)
    assert proc.returncode == 0 and out.exists()
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).close()  # the other library starts from samples too
    os.unlink(other)
    mine = write(tmp_path / "m.txt", "Un tract à moi\n\nTexte.\n")
    run_json("import", str(mine), library=lib)
    run_cli("export", str(out), library=lib)
    imported = run_json("import", str(out), library=other)
    assert len(imported) == 7 and all(x["file"] == str(out) for x in imported)
    titles = {x["title"] for x in run_json("list", library=other)}
    assert "Un tract à moi" in titles and len(titles) == 7
    proc = run_cli("import", str(out), library=other)
    assert proc.returncode == 0 and "0 added" in proc.stdout


@pytest.mark.parametrize("args", [
    [], ["frobnicate"], ["show"], ["show", "abc"], ["remove", "abcde"], ["export", "out.txt"],
    ["import"], ["list", "--bogus"],
])
def test_usage_errors(lib, args):
    proc = run_cli(*args, library=lib)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.strip()


def test_library_option_wins_over_env(tmp_path):
    env_lib = tmp_path / "env.sqlite3"
    opt_lib = tmp_path / "opt.sqlite3"
    proc = run_cli("list", "--library", str(opt_lib), library=env_lib)
    assert proc.returncode == 0
    assert opt_lib.exists() and not env_lib.exists()


def test_messages_in_french(lib):
    proc = run_cli("show", "zzzzzzzz", library=lib, env={"PANCARTE_LANG": "fr"})
    assert proc.returncode == 1 and "aucun tract" in proc.stderr


@pytest.mark.parametrize("case", ["random", "truncated", "future"])
def test_damaged_database_exit_1_and_untouched(tmp_path, lib, case):
    run_json("list", library=lib)  # a real library first
    if case == "random":
        lib.write_bytes(os.urandom(30_000))
    elif case == "truncated":
        data = lib.read_bytes()
        lib.write_bytes(data[: len(data) // 2])
    else:
        with sqlite3.connect(lib) as conn:
            conn.execute("PRAGMA user_version = 42")
        conn.close()
    before = lib.read_bytes()
    src = write(tmp_path / "t.txt", "Titre\n\nTexte.\n")
    for args in (["list"], ["search", "ecol"], ["import", str(src)], ["export",
                                                                       str(tmp_path / "x.zip")]):
        proc = run_cli(*args, library=lib)
        assert proc.returncode == 1, (args, proc.stderr)
        line = one_error_line(proc)
        assert str(lib) in line and "left as it is" in line
        assert lib.read_bytes() == before
    assert not (tmp_path / "x.zip").exists()
