"""Whole long tracts (1,300 to 2,000 words) through ``compose tract-a4 --tract ID`` and
``compose booklet-a5 --tract ID``, checked on the real PDF as a reader would: every block
there, even page counts, page numbers, the title band on page 1 only, readable lines."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import MM, page_count, pdfinfo_boxes, pdftotext, run_cli  # noqa: E402
from pancarte.layout.boxes import GlyphRun, QRItem  # noqa: E402

TRACTS = Path(__file__).resolve().parents[1] / "files" / "tracts"
RALLY = TRACTS / "long-tract-layout-rassemblement.txt"  # 1,300 words: programme, quote, sections
REPORT = TRACTS / "long-tract-layout-rapport.txt"  # 2,000 words: six numbered demands, contact
WORD = re.compile(r"\w+(?:[-’']\w+)*")


def words(text: str) -> int:
    return len(WORD.findall(text))


def _norm(text: str) -> str:
    """Letters and digits only, case folded: what survives hyphenation, justification,
    French spacing and typographic quotes."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _furniture_free(text: str) -> str:
    """The PDF text without page numbers and "suite au verso" (they sit between columns)."""
    text = re.sub(r"suite au verso\s*→", " ", text)
    return re.sub(r"(?m)^\s*\d+/\d+\s*$", " ", text)


def _raw_text(pdf: Path) -> str:
    """The PDF's text in the order it is drawn: column after column, page after page."""
    import subprocess

    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


class Library:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = {"PANCARTE_LIBRARY": str(folder / "lib.sqlite3"), "PANCARTE_LANG": "en"}
        self.ids: dict[str, str] = {}
        self.done: dict[tuple, tuple] = {}

    def add(self, path: Path) -> str:
        if path.name not in self.ids:
            r = run_cli("library", "import", path, "--json", env=self.env)
            assert r.returncode == 0, r.stderr
            self.ids[path.name] = re.search(r'"id":\s*"([A-Za-z0-9_-]+)"', r.stdout).group(1)
        return self.ids[path.name]

    def blocks(self, path: Path) -> list[dict]:
        import json

        r = run_cli("library", "show", self.add(path), "--json", env=self.env)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)["blocks"]

    def compose(self, template: str, path: Path, *flags: str):
        key = (template, path.name, flags)
        if key not in self.done:
            out = self.folder / f"{template}-{path.stem}-{len(self.done)}.pdf"
            r = run_cli("compose", template, "--tract", self.add(path), "-o", out, *flags,
                        env=self.env, timeout=300)
            self.done[key] = (r, out)
        return self.done[key]


@pytest.fixture(scope="module")
def lib(tmp_path_factory) -> Library:
    return Library(tmp_path_factory.mktemp("long-tracts"))


def test_the_tracts_are_long():
    assert words(RALLY.read_text("utf-8")) >= 1300
    assert words(REPORT.read_text("utf-8")) >= 2000


def _block_texts(blocks: list[dict]) -> list[str]:
    out = []
    for b in blocks:
        out += b.get("items", []) if b["kind"] == "list" else [b["text"]]
        if b.get("attribution"):
            out.append(b["attribution"])
    return out


@pytest.mark.parametrize("template", ["tract-a4", "booklet-a5"])
@pytest.mark.parametrize("tract", [RALLY, REPORT], ids=["rally", "report"])
def test_every_block_is_printed(lib, template, tract):
    r, pdf = lib.compose(template, tract)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    text = _norm(_furniture_free(_raw_text(pdf)))
    blocks = lib.blocks(tract)
    kinds = {b["kind"] for b in blocks}
    assert {"title", "paragraph", "list"} <= kinds
    for piece in _block_texts(blocks):
        assert _norm(piece) in text, f"not printed whole, in order: {piece[:80]!r}"


@pytest.mark.parametrize("tract,most", [(RALLY, 2), (REPORT, 4)], ids=["rally", "report"])
def test_tract_a4_pages_come_in_pairs(lib, tract, most):
    r, pdf = lib.compose("tract-a4", tract)
    assert r.returncode == 0, r.stderr
    n = page_count(pdf)
    assert n % 2 == 0 and 2 <= n <= most, n
    for i, boxes in enumerate(pdfinfo_boxes(pdf), 1):
        x0, y0, x1, y1 = boxes["TrimBox"]
        assert abs((x1 - x0) - 210 * MM) < 0.1 and abs((y1 - y0) - 297 * MM) < 0.1, i


def test_booklet_pages_come_in_fours(lib):
    r, pdf = lib.compose("booklet-a5", REPORT)
    assert r.returncode == 0, r.stderr
    n = page_count(pdf)
    assert n % 4 == 0 and 4 <= n <= 16, n
    for i, boxes in enumerate(pdfinfo_boxes(pdf), 1):
        x0, y0, x1, y1 = boxes["TrimBox"]
        assert abs((x1 - x0) - 148 * MM) < 0.1 and abs((y1 - y0) - 210 * MM) < 0.1, i


@pytest.mark.parametrize("template", ["tract-a4", "booklet-a5"])
def test_title_on_page_one_only_and_page_numbers(lib, template):
    r, pdf = lib.compose(template, REPORT)
    assert r.returncode == 0, r.stderr
    n = page_count(pdf)
    title = _norm(lib.blocks(REPORT)[0]["text"])
    for page in range(1, n + 1):
        text = pdftotext(pdf, page)
        assert (title in _norm(text)) == (page == 1), page
        assert re.search(rf"(?m)^\s*{page}/{n}\s*$", text), f"page {page}: no “{page}/{n}”"


def test_suite_au_verso_at_the_foot_of_rectos_that_go_on(lib):
    from pancarte.layout.engine import LayoutEngine
    from pancarte.model.flowpages import chain_head, chain_of

    r, pdf = lib.compose("tract-a4", REPORT)
    n = page_count(pdf)
    assert n == 4
    doc = _grown("tract-a4", REPORT)
    layout = LayoutEngine().layout(doc)
    chain = chain_of(doc, chain_head(doc, "body").id)
    with_text = {pi + 1 for pi, f in chain if layout.pages[pi].frames[f.id].lines}
    assert 1 in with_text and 3 in with_text
    for page in range(1, n + 1):
        shown = "suite au verso" in pdftotext(pdf, page)
        # a recto whose text goes on says so at its foot; a verso never does
        goes_on = page % 2 == 1 and any(p > page for p in with_text)
        assert shown == goes_on, page
    assert "suite au verso" in pdftotext(pdf, 1)


def _lines(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, height, text) of every line pdftotext finds on ``page``."""
    import subprocess

    xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page),
                          str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    out = []
    for line in ElementTree.fromstring(xml).iter("line"):
        ws = [w.text or "" for w in line.iter("word")]
        out.append((float(line.get("xMin")), float(line.get("xMax")),
                    float(line.get("yMax")) - float(line.get("yMin")), " ".join(ws)))
    return out


@pytest.mark.parametrize("template,columns", [
    ("tract-a4", [(15, 102), (108, 195)]),
    ("booklet-a5", [(21, 127)]),
])
def test_body_lines_hold_45_to_75_characters(lib, template, columns):
    """Every full (justified) body line of every page is 45–75 characters long (lines of
    body type, under 16 pt high: not the title's)."""
    r, pdf = lib.compose(template, REPORT)
    assert r.returncode == 0, r.stderr
    boxes = pdfinfo_boxes(pdf)
    lengths = []
    for page in range(1, page_count(pdf) + 1):
        ox = boxes[page - 1]["TrimBox"][0] - boxes[page - 1]["MediaBox"][0]
        for x0, x1, height, text in _lines(pdf, page):
            for left, right in columns:
                if height < 16 and abs(x0 - ox - left * MM) < 1.5 * MM and abs(x1 - ox - right * MM) < 1 * MM:
                    lengths.append((len(text), text))
    assert len(lengths) > 100, f"only {len(lengths)} full body lines found"
    bad = [t for n, t in lengths if not 45 <= n <= 75]
    assert not bad, f"{len(bad)} lines outside 45–75 characters: {bad[:5]}"


def test_a_2000_word_tract_fits_on_4_pages_at_9_pt_or_more(lib):
    r, pdf = lib.compose("tract-a4", REPORT)
    assert r.returncode == 0, r.stderr
    assert page_count(pdf) <= 4


def _grown(template: str, path: Path):
    """The document compose makes from ``path``'s tract, in process (for layout asserts)."""
    from pancarte.fill.tract import fill_from_tract
    from pancarte.layout.growth import fit_pages
    from pancarte.library.importers import read_document
    from pancarte.library.tract import Tract
    from pancarte.model.edit import compose

    parsed = read_document(path)
    tract = Tract(id="tract-test", title=parsed.title, blocks=parsed.blocks)
    return fit_pages(fill_from_tract(compose(template), tract)).document


@pytest.mark.parametrize("template", ["tract-a4", "booklet-a5"])
@pytest.mark.parametrize("tract", [RALLY, REPORT], ids=["rally", "report"])
def test_body_type_size_and_headings_kept_with_text(template, tract):
    from pancarte.layout.engine import LayoutEngine
    from pancarte.model.flowpages import chain_head, chain_of

    doc = _grown(template, tract)
    engine = LayoutEngine()
    layout = engine.layout(doc)
    assert not layout.overflow
    head = chain_head(doc, "body")
    chain = [f.id for _pi, f in chain_of(doc, head.id)]
    body_runs = [it for p in layout.pages for it in p.items
                 if isinstance(it, GlyphRun) and it.frame in chain]
    assert body_runs and min(r.size for r in body_runs) >= 9.0
    # a heading (Roboto Condensed, in the body) is never the last line of a column that
    # the text leaves for the next one
    filled = [fid for fid in chain if any(r.frame == fid for r in body_runs)]
    for fid in filled[:-1]:
        runs = [r for r in body_runs if r.frame == fid]
        last_y = max(r.y for r in runs)
        last = [r for r in runs if abs(r.y - last_y) < 0.01]
        assert not any("Roboto" in r.face for r in last), (
            fid, " ".join(r.text for r in last))


@pytest.mark.parametrize("tract", [RALLY, REPORT], ids=["rally", "report"])
def test_no_widow_no_orphan_at_column_breaks(tract):
    from pancarte.layout.engine import LayoutEngine
    from pancarte.model.flowpages import chain_head

    doc = _grown("tract-a4", tract)
    engine = LayoutEngine()
    head = chain_head(doc, "body")
    size = engine.layout(doc).pages[0].frames[head.id].size
    result = engine.chain_flow(doc, head.id, size)
    assert result is not None and result.complete
    for before, after in zip(result.frames, result.frames[1:], strict=False):
        if before and after and before[-1].para == after[0].para:
            assert len(before[-1].lines) >= 2, "orphan: one line left at a column's foot"
            assert len(after[0].lines) >= 2, "widow: one line alone atop a column"
        if before and after:
            assert not before[-1].prepared.keep_with_next or before[-1].para == after[0].para


def test_booklet_keeps_clear_of_the_home_printer_margin():
    """Nothing printed within 10 mm of an A5 page's edge: the booklet imposition puts two
    pages on an A4 sheet whose outer 4.5 mm a home printer cannot reach."""
    from pancarte.layout.engine import LayoutEngine

    layout = LayoutEngine().layout(_grown("booklet-a5", REPORT))
    edge = 10 * MM
    for n, page in enumerate(layout.pages, 1):
        for it in page.items:
            if isinstance(it, GlyphRun):
                assert edge <= it.xs[0] and it.end <= page.width - edge, (n, it.text)
                assert edge <= it.y <= page.height - edge, (n, it.text)
            elif isinstance(it, QRItem):
                r = it.rect
                assert edge <= r.x and r.x + r.w <= page.width - edge, n


def test_a_text_longer_than_the_template_allows_is_refused_with_a_finding(lib, tmp_path):
    body = REPORT.read_text("utf-8").split("\n", 1)[1]
    huge = tmp_path / "long-huge.txt"
    huge.write_text("Un très long rapport\n" + "\n\n".join([body] * 5), "utf-8")
    r, pdf = lib.compose("tract-a4", huge)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "8 pages" in r.stderr and "words do not fit" in r.stderr and "Traceback" not in r.stderr
    assert not pdf.exists()
    r, pdf = lib.compose("tract-a4", huge, "--allow-overflow")
    assert r.returncode == 0, r.stderr
    assert page_count(pdf) == 8
    m = re.search(r"about (\d+) words do not fit", r.stderr)
    assert m and int(m.group(1)) > 1000, r.stderr  # said, never silent
