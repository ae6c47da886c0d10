"""A long tract onto every template: the whole text where it fits legibly, else a designer's
choice of blocks (title, programme, lead paragraph, contact), listed on stderr; ``--blocks``
and ``--whole-text``. Checked on the real PDF (pdftotext) and on the composed document's
layout and preflight."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from helpers import pdftotext, run_cli
from pancarte.fill.pick import (
    BlockSpecError,
    cuts,
    legible_floor,
    parse_blocks,
    ranges,
    sentences,
    shorten,
)
from pancarte.model.templates import template_ids

TRACTS = Path(__file__).resolve().parents[1] / "files" / "tracts"
FILES = {"rally": TRACTS / "pick-rassemblement-lavoir.txt",
         "report": TRACTS / "pick-rapport-cantines.txt"}
ALL_TEMPLATES = template_ids()


def _squash(text: str) -> str:
    """Text compared without spaces, line-end hyphens, case or typographic apostrophes."""
    text = text.replace("\u2019", "'").replace("\u00ad", "")
    text = re.sub(r"-\n", "", text)
    return re.sub(r"\s+", "", text).casefold()


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A library holding the two long tracts; their ids and blocks."""
    folder = tmp_path_factory.mktemp("pick")
    lib = folder / "library.sqlite3"
    env = {"PANCARTE_LIBRARY": str(lib), "PANCARTE_LANG": "en",
           "XDG_DATA_HOME": str(folder / "xdg")}
    r = run_cli("library", "import", "--json", *FILES.values(), env=env)
    assert r.returncode == 0, r.stderr
    ids = {name: row["id"] for name, row in zip(FILES, json.loads(r.stdout), strict=True)}
    tracts = {}
    for name, tid in ids.items():
        r = run_cli("library", "show", tid, "--json", env=env)
        tracts[name] = json.loads(r.stdout)
    return {"env": env, "ids": ids, "tracts": tracts, "folder": folder}


_composed: dict[tuple, tuple] = {}


def compose(library, template: str, name: str, *extra: str, suffix: str = ".pdf"):
    key = (template, name, extra, suffix)
    if key not in _composed:
        out = library["folder"] / f"{template}-{name}-{len(_composed)}{suffix}"
        r = run_cli("compose", template, "--tract", library["ids"][name], *extra, "-o", out,
                    env=library["env"])
        _composed[key] = (r, out)
    return _composed[key]


def test_the_tracts_are_long_and_have_every_shape(library):
    for name, path in FILES.items():
        words = len(path.read_text("utf-8").split())
        assert 1300 <= words <= 1800, (name, words)
    kinds = {name: [b["kind"] for b in t["blocks"]] for name, t in library["tracts"].items()}
    assert {"title", "list", "quote", "heading", "contact"} <= set(kinds["rally"])
    report_lists = [b for b in library["tracts"]["report"]["blocks"] if b["kind"] == "list"]
    assert report_lists[0]["numbered"] and len(report_lists[0]["items"]) == 6


def _blocks(library, name):
    return library["tracts"][name]["blocks"]


def _whole_fits(library, template, name) -> bool:
    r, _out = compose(library, template, name)
    return "blocks left out" not in r.stderr


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("template", ALL_TEMPLATES)
def test_every_template_takes_the_long_tract(library, template, name):
    r, out = compose(library, template, name)
    assert r.returncode == 0, r.stderr
    text = _squash(pdftotext(out))
    blocks = _blocks(library, name)
    title = next(b["text"] for b in blocks if b["kind"] == "title")
    assert _squash(title) in text
    contact = next(b["text"] for b in blocks if b["kind"] == "contact")
    assert _squash(contact.split("–")[1]) in text  # the e-mail address
    lead = blocks[1]["text"]  # both tracts open with their what/when/where paragraph
    assert _squash(lead[:60]) in text
    left = _left_out(r.stderr)
    listed = next(b for b in blocks if b["kind"] == "list")
    list_no = blocks.index(listed) + 1
    # the programme is there (whole, cut, or on one line on a small page), or said left out
    # (a placard's body holds its lead; six long demands do not go on an A6 invitation)
    if list_no in left:
        assert all(_squash(item[:12]) not in text for item in listed["items"])
        assert template.startswith(("placard", "flyer")), template
    else:
        for item in listed["items"]:
            assert _squash(item[:12]) in text, item
    if _whole_fits(library, template, name):
        assert all(_squash(b["text"][:40]) in text for b in blocks if b["kind"] == "paragraph")
        return
    # a choice was made: it is said, on one line, with the blocks left out
    assert left
    for n in left:  # what is said to be left out is not on the page
        b = blocks[n - 1]
        if b["kind"] == "paragraph":
            assert _squash(b["text"][:50]) not in text, n
    assert 2 not in left  # the lead paragraph is there (whole or cut)


def _left_out(stderr: str) -> list[int]:
    """The block numbers the one "blocks left out" line of ``stderr`` names ([] if none)."""
    lines = [line for line in stderr.splitlines() if "blocks left out" in line]
    if not lines:
        return []
    assert len(lines) == 1
    m = re.match(r"pancarte: (\d+) blocks left out: ([\d, –]+)", lines[0])
    assert m, lines[0]
    left = _expand(m.group(2))
    assert int(m.group(1)) == len(left) > 0
    return left


def _expand(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        a, _, b = part.strip().partition("–")
        out.extend(range(int(a), int(b or a) + 1))
    return out


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("template", ALL_TEMPLATES)
def test_what_is_placed_is_legible(library, template, name):
    """The composed document passes the preflight's legibility rule at the template's
    reading distance, and no picked frame sets its text under the legible size."""
    from pancarte.fill.tract import compose_tract
    from pancarte.layout.engine import LayoutEngine
    from pancarte.library.tract import Tract
    from pancarte.model.document import TextFrame
    from pancarte.model.templates import load_template
    from pancarte.preflight import preflight

    engine = LayoutEngine()
    tract = Tract.from_dict(library["tracts"][name])
    doc, plan = compose_tract(load_template(template), tract, engine=engine)
    layout = engine.layout(doc)
    codes = [f.code for f in preflight(doc, layout, engine=engine)]
    assert "text-not-legible" not in codes
    assert "text-too-small" not in codes and "text-overflow" not in codes
    r, _out = compose(library, template, name)  # the command line made the same choice
    assert _left_out(r.stderr) == [i + 1 for i in plan.left_out]
    if plan.whole:
        return
    for page, frames in zip(doc.pages, layout.pages, strict=True):
        for f in page.frames:
            if isinstance(f, TextFrame) and f.name in ("body", "programme", "footer") and \
                    f.paragraphs:
                assert frames.frames[f.id].size >= legible_floor(doc, f, engine) - 1e-6


def test_the_lead_paragraph_is_cut_at_a_sentence_with_an_ellipsis(library):
    r, out = compose(library, "placard-a3", "rally")
    assert r.returncode == 0 and "shortened: 2" in r.stderr
    text = pdftotext(out)
    lead = _blocks(library, "rally")[1]["text"]
    shown = re.search(r"Le samedi 14 juin.*?…", text, re.S)
    assert shown, text
    start = _squash(shown.group(0)).removesuffix("…")
    assert _squash(lead).startswith(start) and len(start) < len(_squash(lead))
    assert shown.group(0)[-2] in ",.!?)" or _squash(lead)[len(start)] in ",.!? "


@pytest.mark.parametrize("template", ["poster-a3", "flyer-a5", "placard-50x70"])
def test_blocks_places_exactly_those(library, template):
    blocks = _blocks(library, "rally")
    r, out = compose(library, template, "rally", "--blocks", "1,3,8,25")
    assert r.returncode == 0, r.stderr
    assert "left out" not in r.stderr
    text = _squash(pdftotext(out))
    for n in (1, 3, 8, 25):
        assert _squash(blocks[n - 1]["text"][:40]) in text, n
    for n, b in enumerate(blocks, 1):
        if n not in (1, 3, 8, 25):
            for s in (b.get("items") or [b["text"]]):
                assert _squash(s[:40]) not in text, n


def test_blocks_with_ranges_on_a_poster(library):
    blocks = _blocks(library, "rally")
    r, out = compose(library, "poster-a2", "rally", "--blocks", "1,5-6,25")
    assert r.returncode == 0, r.stderr
    text = _squash(pdftotext(out))
    assert _squash(blocks[4]["text"]) in text  # "Le programme"
    assert all(_squash(item[:30]) in text for item in blocks[5]["items"])
    assert _squash(blocks[1]["text"][:40]) not in text


def test_blocks_that_cannot_fit_are_refused(library, tmp_path):
    out = tmp_path / "x.pdf"
    r = run_cli("compose", "flyer-a6", "--tract", library["ids"]["rally"], "--blocks", "1-4",
                "-o", out, env=library["env"])
    assert r.returncode == 1 and "does not fit" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("spec", ["1,,3", "a", "3-1", "0", "1;2", ""])
def test_bad_blocks_are_a_usage_error(library, spec, tmp_path):
    out = tmp_path / "x.pdf"
    r = run_cli("compose", "poster-a3", "--tract", library["ids"]["rally"], "--blocks", spec,
                "-o", out, env=library["env"])
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert not out.exists()


def test_out_of_range_block_is_a_usage_error(library, tmp_path):
    out = tmp_path / "x.pdf"
    r = run_cli("compose", "poster-a3", "--tract", library["ids"]["rally"], "--blocks", "1,26",
                "-o", out, env=library["env"])
    assert r.returncode == 2
    assert r.stderr.strip() == "pancarte: the tract has blocks 1 to 25: there is no block 26"
    assert not out.exists()
    r = run_cli("compose", "poster-a3", "--blocks", "1", "-o", out, env=library["env"])
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("template", [t for t in ALL_TEMPLATES if t != "tract-a4"])
def test_whole_text_refuses_when_it_cannot_fit(library, template, tmp_path):
    if _whole_fits(library, template, "report"):
        pytest.skip("this template holds the whole text")
    out = tmp_path / "x.pdf"
    r = run_cli("compose", template, "--tract", library["ids"]["report"], "--whole-text",
                "-o", out, env=library["env"])
    assert r.returncode == 1
    assert "does not fit" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_whole_text_when_it_fits_places_everything(library, tmp_path):
    """A short tract fits a poster whole: no choice is made, nothing is said."""
    short = tmp_path / "court.txt"
    short.write_text("Fête des voisins !\n\nSamedi 3 juin à 18h, cour de la résidence.\n\n"
                     "• 18h : apéritif\n• 20h : concert\n\nContact : voisins@example.org\n",
                     "utf-8")
    env = dict(library["env"], PANCARTE_LIBRARY=str(tmp_path / "l.sqlite3"))
    r = run_cli("library", "import", "--json", short, env=env)
    tid = json.loads(r.stdout)[0]["id"]
    out = tmp_path / "x.pdf"
    r = run_cli("compose", "poster-a3", "--tract", tid, "-o", out, env=env)
    assert r.returncode == 0 and "left out" not in r.stderr
    text = _squash(pdftotext(out))
    for s in ("Samedi 3 juin à 18h", "18h : apéritif", "20h : concert", "voisins@example"):
        assert _squash(s) in text


def test_french_message(library):
    env = dict(library["env"], PANCARTE_LANG="fr")
    out = library["folder"] / "fr.pdf"
    r = run_cli("compose", "poster-a3", "--tract", library["ids"]["rally"], "-o", out, env=env)
    assert r.returncode == 0
    assert re.search(r"^pancarte : \d+ blocs laissés de côté : [\d, –]+", r.stderr, re.M)


# ---- pieces ---------------------------------------------------------------------------------


def test_parse_blocks_and_ranges():
    assert parse_blocks("1,3,5-7") == (1, 3, 5, 6, 7)
    assert parse_blocks(" 2 , 2,4–5") == (2, 4, 5)
    for bad in ("", "1,", "x", "0", "4-2", "1.5"):
        with pytest.raises(BlockSpecError):
            parse_blocks(bad)
    assert ranges([1, 3, 5, 6, 7, 9, 10]) == "1, 3, 5–7, 9, 10"


def test_cuts_end_at_sentences_with_an_ellipsis():
    text = ("Le samedi 14 juin, nous serons au square. Venez nombreux ! Il y aura du café. "
            "Et de la musique.")
    assert sentences(text)[1] == " Venez nombreux !"
    assert cuts(text)[:3] == ["Le samedi 14 juin, nous serons au square. Venez nombreux ! "
                              "Il y aura du café…",
                              "Le samedi 14 juin, nous serons au square. Venez nombreux !…",
                              "Le samedi 14 juin, nous serons au square…"]
    assert shorten("12h : grand pique-nique partagé sous les tilleuls (apportez un plat !)",
                   42) == "12h : grand pique-nique partagé…"
    assert shorten("court", 42) == "court"


def test_real_pdf_lists_programme_on_the_poster(library):
    """The poster keeps the programme in its own frame, under its heading."""
    r, out = compose(library, "poster-a3", "rally")
    text = pdftotext(out)
    assert "Le programme" in text
    assert subprocess.run(["pdfinfo", str(out)], capture_output=True).returncode == 0


def test_the_note_counts_and_shortens_in_french():
    from pancarte.fill.tract import compose_tract, left_out_note
    from pancarte.i18n import set_language
    from pancarte.library.tract import Block, Tract
    from pancarte.model.templates import load_template

    words = " ".join(f"mot{i} lorem ipsum dolor" for i in range(600))  # no sentence end
    tract = Tract(id="abcdef0123", title="T", blocks=(Block("title", text="Titre"),
                                                      Block("paragraph", text=words)))
    doc, plan = compose_tract(load_template("poster-a3"), tract)
    assert plan.cut == (1,) and not plan.left_out  # cut at a word, never dropped
    body = next(f for _, f in doc.frames_named("body"))
    assert body.paragraphs[0].text.endswith("…") and words.startswith(
        body.paragraphs[0].text[:-1])
    assert body.paragraphs[0].source == {"tract": "abcdef0123", "revision": 1, "block": 2,
                                         "cut": True}
    set_language("fr")
    try:
        assert left_out_note(tract, plan).startswith("pancarte : 1 bloc raccourci : 2 (")
        one = Tract(id="abcdef0123", title="T", blocks=(
            Block("title", text="Titre"), Block("paragraph", text="Samedi 3 juin à 18h."),
            Block("quote", text="« " + "Très longue citation. " * 150 + "»")))
        _doc, plan = compose_tract(load_template("poster-a3"), one)
        assert plan.left_out == (2,)
        assert left_out_note(one, plan).startswith("pancarte : 1 bloc laissé de côté : 3 (")
    finally:
        set_language("en")
