"""What a print shop remarked on files that pass a PDF/X-4 preflight, each checked on the real
file: registration colour, solid black ink, the title, subset tags, the transparency group,
explicit options over presets, and a plain ``compose -o x.pdf`` that a print shop accepts."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace

import pikepdf
import pytest
from print_support import png_bytes

from helpers import content_streams, pdffonts, pdfinfo_boxes, run_cli
from pancarte.cli.output import apply_logo
from pancarte.export import document_title, export_pdf
from pancarte.model.edit import compose
from pancarte.render.pdfx import icc_bytes

EN = {"PANCARTE_LANG": "en"}
_CMYK = re.compile(rb"(?<![\w.])(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) ([kK])(?![\w])")


def pdfinfo(path) -> dict[str, str]:
    """pdfinfo's own lines (the first of each key: PDF/X files add indented standard names)."""
    out: dict[str, str] = {}
    text = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith(" ") and key not in out:
            out[key.strip()] = value.strip()
    return out


def _tints(path) -> set[tuple[float, float, float, float]]:
    out = set()
    for stream in content_streams(path):
        for m in _CMYK.finditer(stream):
            out.add(tuple(float(v) for v in m.groups()[:4]))
    return out


def test_registration_marks_use_the_separation_all(tmp_path):
    out = tmp_path / "a.pdf"
    export_pdf(compose("poster-a3", sample=True), out, preset="imprimeur")
    stream, = content_streams(out)
    assert b"1 1 1 1 K" not in stream and (1.0, 1.0, 1.0, 1.0) not in _tints(out)
    assert stream.count(b"/All CS 1 SCN") >= 1
    with pikepdf.open(out) as pdf:
        space = pdf.pages[0].obj.Resources.ColorSpace["/All"]
        assert space[0] == pikepdf.Name.Separation and space[1] == pikepdf.Name("/All")
        assert space[2] == pikepdf.Name.DeviceCMYK


@pytest.mark.parametrize("template", ["flyer-a6", "placard-50x70"])
def test_near_black_ink_prints_as_solid_black(tmp_path, template):
    """The template's "ink" colour fills the QR code's modules and a band: 100 % K, like the
    text in the same colour, never a 90 % K tint."""
    doc = compose(template, sample=True)
    assert doc.colors["ink"].lower() in ("#141414", "#111111")
    out = tmp_path / "a.pdf"
    export_pdf(doc, out, preset="imprimeur")
    black_only = {t[3] for t in _tints(out) if t[:3] == (0, 0, 0)}
    assert 1.0 in black_only
    assert not {k for k in black_only if 0.5 < k < 1.0}, black_only
    # and the QR code's dark modules in particular (one path of many module rectangles)
    stream, = content_streams(out)
    assert re.search(rb"0 0 0 1 k\nn(?: [\d.]+ [\d.]+ [\d.]+ [\d.]+ re){20,}", stream)


def test_title_comes_from_the_document(tmp_path):
    out = tmp_path / "a.pdf"
    r = run_cli("compose", "flyer-a6", "--sample", "--title", "Grève des loyers : 12 mai",
                "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    assert pdfinfo(out)["Title"] == "Grève des loyers : 12 mai"
    with pikepdf.open(out) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<rdf:li xml:lang=\"x-default\">Grève des loyers : 12 mai</rdf:li>" in xmp
    # the document's own title, when it has one, wins; emphasis marks are not part of it
    doc = compose("flyer-a6", title="**Tous** au *parc* !")
    assert document_title(doc) == "Tous au parc !"
    assert document_title(replace(doc, title="Fête  du\nquartier")) == "Fête du quartier"
    out = tmp_path / "maison.pdf"
    export_pdf(doc, out, preset="maison")
    assert pdfinfo(out)["Title"] == "Tous au parc !"


def _subset_names(path) -> dict[str, str]:
    """Font name without its tag → the tag."""
    out = {}
    for f in pdffonts(path):
        tag, _, name = f["name"].partition("+")
        assert re.fullmatch(r"[A-Z]{6}", tag), f["name"]
        out[name] = tag
    return out


def test_each_file_has_its_own_subset_tags(tmp_path):
    a, b, a2 = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "a2.pdf"
    export_pdf(compose("flyer-a6", title="Fête de la rue", text="Venez nombreux."), a,
               invariant=True)
    export_pdf(compose("flyer-a6", title="Assemblée générale", text="Ordre du jour : budget."),
               b, invariant=True)
    export_pdf(compose("flyer-a6", title="Fête de la rue", text="Venez nombreux."), a2,
               invariant=True)
    ta, tb = _subset_names(a), _subset_names(b)
    assert set(ta) == set(tb)  # the same faces…
    for name in ta:
        assert ta[name] != tb[name], name  # …with their own tags, so ganged jobs do not clash
    assert "AAAAAA" not in ta.values() and "AAAAAA" not in tb.values()
    assert _subset_names(a2) == ta  # the same content, the same tags: reproducible
    assert a.read_bytes() == a2.read_bytes()


def _logo_doc(tmp_path, image: bytes, name: str):
    logo = tmp_path / name
    logo.write_bytes(image)
    doc, found = apply_logo(compose("poster-a3", sample=True), logo)
    assert found
    return doc


def test_alpha_logo_page_declares_a_transparency_group(tmp_path):
    doc = _logo_doc(tmp_path, png_bytes((300, 300), (200, 30, 40, 128), mode="RGBA"),
                    "logo.png")
    out = tmp_path / "a.pdf"
    export_pdf(doc, out, preset="imprimeur")
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0].obj
        assert any("/SMask" in x for x in page.Resources.XObject.values())
        group = page.Group
        assert group.S == pikepdf.Name.Transparency and group.Type == pikepdf.Name.Group
        cs = group.CS
        assert cs[0] == pikepdf.Name.ICCBased
        # the output intent's own profile
        assert cs[1].objgen == pdf.Root.OutputIntents[0].DestOutputProfile.objgen
        assert cs[1].read_bytes() == icc_bytes()
    assert pdfinfo(out).get("PDF subtype") == "PDF/X-4"


def test_no_group_without_transparency(tmp_path):
    doc = _logo_doc(tmp_path, png_bytes((300, 300), (200, 30, 40)), "logo.png")
    out = tmp_path / "a.pdf"
    export_pdf(doc, out, preset="imprimeur")
    with pikepdf.open(out) as pdf:
        assert "/Group" not in pdf.pages[0].obj


def test_explicit_marks_win_over_the_preset(tmp_path):
    doc = compose("poster-a4", sample=True)
    plain, marked = tmp_path / "plain.pdf", tmp_path / "marked.pdf"
    export_pdf(doc, plain, preset="en-ligne")
    export_pdf(doc, marked, preset="en-ligne", marks=True)
    p, m = pdfinfo_boxes(plain)[0], pdfinfo_boxes(marked)[0]
    assert p["MediaBox"] == pytest.approx(p["BleedBox"], abs=0.01)
    assert m["MediaBox"][2] > m["BleedBox"][2] + 10  # room for the marks…
    stream, = content_streams(marked)
    assert b"/All CS 1 SCN" in stream  # …and the marks themselves
    assert b"/All CS" not in content_streams(plain)[0]
    # and turning them off wins over the print shop's preset
    off = tmp_path / "off.pdf"
    export_pdf(doc, off, preset="imprimeur", marks=False)
    assert b"/All CS" not in content_streams(off)[0]


def test_plain_compose_is_what_a_print_shop_accepts(tmp_path):
    out = tmp_path / "affiche.pdf"
    r = run_cli("compose", "poster-a3", "--sample", "-o", out, env=EN)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert pdfinfo(out).get("PDF subtype") == "PDF/X-4"
    with pikepdf.open(out) as pdf:
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
    stream, = content_streams(out)
    assert not re.search(rb"(?<![\w.])(rg|RG)(?![\w])", stream)  # no RGB colour
    assert b"0 0 0 1 k\nBT" in stream  # black text in 100 % K
    boxes = pdfinfo_boxes(out)[0]
    assert boxes["BleedBox"][0] > boxes["MediaBox"][0]  # bleed and room for crop marks
    assert b"/All CS 1 SCN" in stream
    meta = subprocess.run(["pdfinfo", "-meta", str(out)], capture_output=True, text=True,
                          check=True).stdout
    assert "PDF/X-4" in meta


def test_maison_is_the_home_printers_page(tmp_path):
    out = tmp_path / "maison.pdf"
    r = run_cli("compose", "poster-a3", "--sample", "--preset", "maison", "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    assert pdfinfo(out).get("PDF subtype") in (None, "none")
    boxes = pdfinfo_boxes(out)[0]
    assert boxes["MediaBox"] == pytest.approx(boxes["TrimBox"], abs=0.01)
    stream, = content_streams(out)
    assert re.search(rb"(?<![\w.])rg(?![\w])", stream)
