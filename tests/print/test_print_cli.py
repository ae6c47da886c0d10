"""The print options on the command line: in process through the functions cli.py is to wire
(pass now), and as the real ``pancarte`` command (through cli.py)."""

from __future__ import annotations

import json

import pikepdf
import pytest
from print_support import jpeg_with_gps, png_bytes, wired_main

from helpers import MM, page_count, pdfinfo_boxes, run_cli

EN = {"PANCARTE_LANG": "en"}


def test_compose_with_preset_imprimeur(tmp_path, monkeypatch, capsys):
    out = tmp_path / "a.pdf"
    assert wired_main(["compose", "poster-a3", "--sample", "--preset", "imprimeur",
                       "-o", str(out)], monkeypatch) == 0
    err = capsys.readouterr().err
    assert "RGB colours" in err and "Traceback" not in err
    with pikepdf.open(out) as pdf:
        assert pdf.Root.OutputIntents[0].S == pikepdf.Name.GTS_PDFX


def test_compose_maison_with_an_explicit_bleed(tmp_path, monkeypatch):
    out = tmp_path / "a.pdf"
    assert wired_main(["compose", "flyer-a6", "--sample", "--preset", "maison", "--bleed", "2",
                       "-o", str(out)], monkeypatch) == 0
    b = pdfinfo_boxes(out)[0]
    assert (b["TrimBox"][0] - b["BleedBox"][0]) / MM == pytest.approx(2, abs=0.05)


def test_compose_with_a_logo_then_export_tiled(tmp_path, monkeypatch, capsys):
    logo = tmp_path / "logo.jpg"
    logo.write_bytes(jpeg_with_gps())
    doc = tmp_path / "a.pancarte"
    assert wired_main(["compose", "poster-a3", "--sample", "--logo", str(logo), "-o", str(doc)],
                      monkeypatch) == 0
    assert b"SecretCam" not in doc.read_bytes()
    out = tmp_path / "t.pdf"
    assert wired_main(["export", str(doc), "--tile", "A4", "--overlap", "15", "-o", str(out)],
                      monkeypatch) == 0
    assert page_count(out) == 1 + 4  # A3 on A4 landscape sheets: 2 × 2, plus the map


def test_logo_on_a_template_without_one_warns(tmp_path, monkeypatch, capsys):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes())
    assert wired_main(["compose", "flyer-a6", "--sample", "--logo", str(logo),
                       "-o", str(tmp_path / "a.pdf")], monkeypatch) == 0
    assert "no logo frame" in capsys.readouterr().err


def test_a_damaged_logo_exits_1(tmp_path, monkeypatch, capsys):
    logo = tmp_path / "logo.jpg"
    logo.write_bytes(b"\xff\xd8\xff\xe0 broken")
    out = tmp_path / "a.pdf"
    assert wired_main(["compose", "poster-a3", "--sample", "--logo", str(logo), "-o", str(out)],
                      monkeypatch) == 1
    err = capsys.readouterr().err
    assert "cannot be read" in err and "Traceback" not in err and not out.exists()


def test_nup(tmp_path, monkeypatch):
    out = tmp_path / "n.pdf"
    assert wired_main(["compose", "flyer-a6", "--sample", "--nup", "4", "--sheet", "A4",
                       "-o", str(out)], monkeypatch) == 0
    box = pdfinfo_boxes(out)[0]["MediaBox"]
    assert box[2] / MM == pytest.approx(210, abs=0.1)


@pytest.mark.parametrize("args", [
    ["--tile", "A5"], ["--nup", "3"], ["--preset", "offset"], ["--overlap", "5"],
    ["--sheet", "A3"], ["--tile", "A4", "--nup", "2"], ["--width", "800"],
])
def test_usage_errors(tmp_path, monkeypatch, args):
    assert wired_main(["compose", "flyer-a6", "--sample", *args, "-o",
                       str(tmp_path / "a.pdf")], monkeypatch) == 2


def test_png_width(tmp_path, monkeypatch, capsys):
    from PIL import Image

    out = tmp_path / "a.png"
    assert wired_main(["compose", "flyer-a6", "--sample", "--width", "640", "-o", str(out)],
                      monkeypatch) == 0
    with Image.open(out) as im:
        assert im.width == 640


def test_preflight_command(tmp_path, monkeypatch, capsys):
    doc = tmp_path / "a.pancarte"
    assert wired_main(["compose", "poster-a3", "--sample", "-o", str(doc)], monkeypatch) == 0
    capsys.readouterr()
    assert wired_main(["preflight", str(doc), "--json"], monkeypatch) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert wired_main(["preflight", str(doc), "--json", "--preset", "imprimeur"],
                      monkeypatch) == 0
    assert [d["code"] for d in json.loads(capsys.readouterr().out)] == ["rgb-in-cmyk"]


# ---------------------------------------------------------------------------------------------
# The real command, once cli.py wires the functions




def test_cli_preflight_json_only_on_stdout(tmp_path):
    doc = tmp_path / "a.pancarte"
    assert run_cli("compose", "placard-a3", "--sample", "--title", "x " * 3, "-o",
                   doc).returncode == 0
    r = run_cli("preflight", doc, "--json", env=EN)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert all({"code", "severity", "page", "frame", "message", "fix"} <= set(d) for d in data)


def test_cli_preflight_exits_1_on_an_error(tmp_path):
    from print_support import make_doc, text_frame

    from pancarte.model.fileformat import save_document

    doc = tmp_path / "a.pancarte"
    save_document(make_doc(text_frame(x=-20)), doc)
    r = run_cli("preflight", doc, env=EN)
    assert r.returncode == 1 and "cut off" in r.stdout


@pytest.mark.parametrize("preset", ["imprimeur", "en-ligne", "maison"])
def test_cli_presets(tmp_path, preset):
    out = tmp_path / "a.pdf"
    r = run_cli("compose", "poster-a4", "--sample", "--preset", preset, "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    with pikepdf.open(out) as pdf:
        assert ("/OutputIntents" in pdf.Root) == (preset != "maison")


def test_cli_tile_and_nup(tmp_path):
    r = run_cli("compose", "placard-50x70", "--sample", "--tile", "A4", "-o",
                tmp_path / "t.pdf", env=EN)
    assert r.returncode == 0, r.stderr
    assert page_count(tmp_path / "t.pdf") == 9
    r = run_cli("compose", "flyer-a6", "--sample", "--nup", "4", "-o", tmp_path / "n.pdf",
                env=EN)
    assert r.returncode == 0, r.stderr


def test_cli_logo_and_width(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes((300, 300)))
    r = run_cli("compose", "poster-a4", "--sample", "--logo", logo, "--width", "500", "-o",
                tmp_path / "a.png", env=EN)
    assert r.returncode == 0, r.stderr


def test_cli_bad_logo_is_one_line_exit_1(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n broken")
    r = run_cli("compose", "poster-a4", "--sample", "--logo", logo, "-o", tmp_path / "a.pdf",
                env=EN)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
