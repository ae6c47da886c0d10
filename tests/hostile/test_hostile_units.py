"""The fixes behind the hostile corpus, one by one at the depth they live: the document's
limits, argv bytes decoded, events out of range, deep XML and JSON, the one image check, PNG
pages all or none, an output over an input, a closed pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hostile_corpus as corpus  # noqa: E402

import pancarte  # noqa: E402
from helpers import pdftotext  # noqa: E402
from pancarte.cli.output import apply_logo  # noqa: E402
from pancarte.errors import DocumentError, ExportError, PancarteError  # noqa: E402
from pancarte.event.errors import EventError  # noqa: E402
from pancarte.event.ical import parse_ics  # noqa: E402
from pancarte.event.model import MAX_YEAR, MIN_YEAR, Event  # noqa: E402
from pancarte.export import export_pdf, write_outputs  # noqa: E402
from pancarte.files import decode_argument, same_file, write_atomic_all  # noqa: E402
from pancarte.images import ImageError, image_info  # noqa: E402
from pancarte.layout.boxes import ImageItem  # noqa: E402
from pancarte.layout.engine import LayoutEngine  # noqa: E402
from pancarte.library.archive import read_archive_bytes  # noqa: E402
from pancarte.library.errors import LibraryError  # noqa: E402
from pancarte.library.importers import parse_bytes  # noqa: E402
from pancarte.model.document import check_document  # noqa: E402
from pancarte.model.edit import compose, text_to_paragraphs  # noqa: E402
from pancarte.model.fileformat import load_document, loads_document  # noqa: E402


def _env(tmp_path: Path, lang: str = "en") -> dict[str, str]:
    env = dict(os.environ)
    env.update(PANCARTE_LANG=lang, PANCARTE_REPRODUCIBLE="1",
               PANCARTE_LIBRARY=str(tmp_path / "lib.sqlite3"),
               PYTHONPATH=os.pathsep.join([str(Path(pancarte.__file__).resolve().parents[1]),
                                           *filter(None, [os.environ.get("PYTHONPATH")])]))
    return env


def _cli(tmp_path: Path, *args: str | bytes, lang: str = "en") -> subprocess.CompletedProcess:
    argv = [a if isinstance(a, bytes) else os.fsencode(a) for a in args]
    return subprocess.run([os.fsencode(sys.executable), b"-m", b"pancarte", *argv],
                          cwd=tmp_path, capture_output=True, env=_env(tmp_path, lang),
                          timeout=120)


# ---- argv bytes that are not UTF-8 --------------------------------------------------------


def test_latin1_argv_is_decoded_not_dropped(tmp_path):
    """``--title $'Gr\\xe8ve'`` from a Latin-1 terminal prints “GRÈVE”, not “GRVE”."""
    r = _cli(tmp_path, "compose", "poster-a4", "--title", b"Gr\xe8ve g\xe9n\xe9rale",
             "-o", "out.pdf")
    assert r.returncode == 0, r.stderr
    text = " ".join(pdftotext(tmp_path / "out.pdf").split())
    assert "GRÈVE GÉNÉRALE" in text.upper(), text


def test_latin1_argv_reaches_a_saved_document(tmp_path):
    r = _cli(tmp_path, "compose", "poster-a4", "--title", b"Gr\xe8ve \x9cuvr\xe9e",
             "--qr", b"https://example.org/f\xeate", "-o", "out.pancarte")
    assert r.returncode == 0, r.stderr
    doc = load_document(tmp_path / "out.pancarte")
    texts = [p.text for _page, f in doc.frames_named("title") for p in f.paragraphs]
    assert texts == ["Grève œuvrée"]  # cp1252: 0x9c is œ
    assert [f.content for _page, f in doc.frames_named("qr")] == ["https://example.org/fête"]


def test_decode_argument():
    assert decode_argument("Grève") == "Grève"
    assert decode_argument(os.fsdecode(b"Gr\xe8ve")) == "Grève"
    assert decode_argument(os.fsdecode(b"\x80 5")) == "€ 5"


# ---- the document's limits, the same for every output ------------------------------------


@pytest.mark.parametrize("kwargs", [
    {"qr": "x" * 5000},
    {"text": corpus.long_text(250_000).replace("\n", " ")},
    {"title": "Gr" + "\udce8" + "ve"},
])
def test_compose_refuses_what_a_saved_file_would_refuse(kwargs):
    with pytest.raises(DocumentError):
        compose("poster-a4", **kwargs)


def test_check_document_names_the_limit():
    doc = compose("poster-a4")
    from dataclasses import replace

    from pancarte.model.document import QRFrame
    _page, qr = next((p, f) for p, f in doc.frames_named("qr") if isinstance(f, QRFrame))
    with pytest.raises(DocumentError, match="5000 characters, at most 4000"):
        check_document(doc.replace_frame(replace(qr, content="y" * 5000)))


def test_control_characters_are_left_out_of_text():
    paras = text_to_paragraphs("Grève\x1b[31m générale\x07\x08\n\n• un\x0b point\x7f")
    assert [p.text for p in paras] == ["Grève générale", "un point"]


def test_nul_after_the_first_4k_of_a_text_file(tmp_path):
    (tmp_path / "t.txt").write_bytes(b"a" * 5000 + b"\x00")
    r = _cli(tmp_path, "compose", "poster-a4", "--text-file", "t.txt", "-o", "o.pancarte")
    assert r.returncode == 1 and b"not a text file" in r.stderr, r.stderr
    assert not (tmp_path / "o.pancarte").exists()


# ---- events near year 1 and 9999 ---------------------------------------------------------


@pytest.mark.parametrize("lines, tz", [
    (("DTSTART:00010101T003000Z",), "America/New_York"),
    (("DTSTART;VALUE=DATE:99991230", "DURATION:P1000D"), None),
    (("DTSTART;VALUE=DATE:99991231",), None),
    (("DTSTART:99991231T235959Z",), "Pacific/Kiritimati"),
    (("DTSTART;TZID=Europe/Paris:20310501T140000", "DTEND:99991231T235959Z"), None),
])
def test_out_of_range_events_are_refused(lines, tz):
    with pytest.raises(EventError):
        parse_ics(corpus.ics(*lines), ZoneInfo(tz) if tz else None)


def test_the_event_model_bounds_its_years():
    with pytest.raises(EventError):
        Event(start=date(9999, 12, 31))
    with pytest.raises(EventError):
        Event(start=datetime(1, 1, 1, 12, tzinfo=ZoneInfo("UTC")))
    with pytest.raises(EventError):
        Event(start=date(2030, 1, 1), end=date(MAX_YEAR + 1, 1, 1))


@pytest.mark.parametrize("start", [date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31),
                                   datetime(MAX_YEAR, 12, 31, 23, 59,
                                            tzinfo=ZoneInfo("Pacific/Kiritimati")),
                                   datetime(MIN_YEAR, 1, 1, 0, 0,
                                            tzinfo=ZoneInfo("America/New_York"))])
def test_events_at_the_edges_of_the_range_fill_a_poster_and_its_qr(start):
    from pancarte.event.fill import fill_event
    from pancarte.event.payload import vevent_variants
    from pancarte.event.qr import set_event_qr

    event = Event(title="Fête", start=start, place="Mairie")
    doc, _notes = fill_event(compose("poster-a4"), event)
    doc, _notes = set_event_qr(doc, event, "event")
    assert vevent_variants(event)
    check_document(doc)


# ---- deep XML and JSON in imports ---------------------------------------------------------


@pytest.mark.parametrize("make, name", [
    (corpus.deep_docx_body, "deep.docx"), (corpus.deep_docx_runs, "runs.docx"),
    (corpus.deep_odt, "deep.odt"), (corpus.deep_odt_spans, "spans.odt"),
])
def test_deep_documents_are_refused(make, name):
    with pytest.raises(LibraryError, match="nested too deeply"):
        parse_bytes(make(), name)


def test_documents_nested_a_little_still_import():
    body = "<w:tbl><w:tr><w:tc>" * 10 + corpus.para_docx("Grève") + "</w:tc></w:tr></w:tbl>" * 10
    parsed = parse_bytes(corpus.docx(body), "tables.docx")
    assert "Grève" in parsed.text


def test_deep_library_json_is_refused():
    with pytest.raises(LibraryError, match="nested too deeply"):
        read_archive_bytes(corpus.deep_library_json(), "shared.zip")


# ---- one image check ------------------------------------------------------------------------


def _doc_with_image(data: bytes, tmp_path: Path):
    logo = tmp_path / "logo.jpg"
    logo.write_bytes(corpus.jpeg_bytes())
    doc, found = apply_logo(compose("poster-a4", title="Grève"), logo)
    assert found
    return loads_document(corpus._rewrite_bytes(doc, data))


def test_a_truncated_jpeg_fails_the_one_check_everywhere(tmp_path):
    bad = corpus.truncated_jpeg()
    with pytest.raises(ImageError):
        image_info(bad)
    doc = _doc_with_image(bad, tmp_path)
    layout = LayoutEngine().layout(doc)
    assert [f.code for f in layout.findings if f.severity == "error"] == ["image-unreadable"]
    assert not [it for p in layout.pages for it in p.items if isinstance(it, ImageItem)]
    from pancarte.preflight import preflight

    assert "image-unreadable" in {f.code for f in preflight(doc) if f.severity == "error"}
    for out in ("x.pdf", "x.png"):
        with pytest.raises(PancarteError):
            if out.endswith(".pdf"):
                export_pdf(doc, tmp_path / out)
            else:
                from pancarte.export import export_png

                export_png(doc, tmp_path / out, dpi=20)
        assert not (tmp_path / out).exists()


def test_a_whole_jpeg_passes_and_is_decoded_once(tmp_path):
    good = corpus.jpeg_bytes()
    info = image_info(good)
    assert (info.width, info.height, info.format) == (400, 300, "JPEG")
    assert image_info(good) is info  # the verdict is cached by content


# ---- PNG pages: all or none ---------------------------------------------------------------


def test_write_atomic_all_writes_nothing_when_one_target_fails(tmp_path):
    (tmp_path / "out-1.png").write_bytes(b"old page 1")
    (tmp_path / "out-2.png").mkdir()
    with pytest.raises(ExportError, match="out-2.png"):
        write_outputs([(tmp_path / "out-1.png", b"new 1"), (tmp_path / "out-2.png", b"new 2"),
                       (tmp_path / "out-3.png", b"new 3")])
    assert (tmp_path / "out-1.png").read_bytes() == b"old page 1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out-1.png", "out-2.png"]


def test_write_atomic_all_writes_every_file(tmp_path):
    write_atomic_all([(tmp_path / "a.png", b"1"), (tmp_path / "b.png", b"2")])
    assert (tmp_path / "a.png").read_bytes() == b"1" and (tmp_path / "b.png").read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]


# ---- an output that is an input -------------------------------------------------------------


def test_same_file(tmp_path):
    a = tmp_path / "a.png"
    a.write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.png").symlink_to("a.png")
    os.link(a, tmp_path / "hard.png")
    (tmp_path / "dangling.png").symlink_to("new.png")
    assert same_file(a, tmp_path / "sub" / ".." / "a.png")
    assert same_file(tmp_path / "link.png", a)
    assert same_file(tmp_path / "hard.png", a)
    assert same_file(tmp_path / "dangling.png", tmp_path / "new.png")
    assert not same_file(a, tmp_path / "b.png")


def test_png_pages_of_the_output_may_not_be_an_input(tmp_path):
    (tmp_path / "out-2.png").write_bytes(corpus.png_bytes())
    before = (tmp_path / "out-2.png").read_bytes()
    r = _cli(tmp_path, "compose", "tract-a4", "--sample", "--logo", "out-2.png",
             "-o", "out.png", "--dpi", "20")
    assert r.returncode == 2, r.stderr
    assert (tmp_path / "out-2.png").read_bytes() == before


def test_output_over_input_in_french(tmp_path):
    (tmp_path / "L.png").write_bytes(corpus.png_bytes())
    r = _cli(tmp_path, "compose", "poster-a4", "--logo", "L.png", "-o", "L.png", lang="fr")
    assert r.returncode == 2
    assert "même fichier" in r.stderr.decode(), r.stderr


# ---- a closed pipe ------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("templates",), ("library", "list"),
                                  ("library", "search", "grève")])
def test_a_closed_pipe_ends_quietly(tmp_path, args):
    """``pancarte library search … | head``: no traceback, nothing on stderr."""
    for i in range(40):
        (tmp_path / f"t{i}.md").write_text(f"# Grève {i}\n\n" + corpus.FRENCH * 40)
    r = _cli(tmp_path, "library", "import", *[f"t{i}.md" for i in range(40)])
    assert r.returncode == 0, r.stderr
    argv = [sys.executable, "-m", "pancarte", *args]
    p = subprocess.Popen(argv, cwd=tmp_path, env=_env(tmp_path), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdout.close()  # the reader went away before the first line (as `| head -c0` does)
    err = p.stderr.read()
    code = p.wait(timeout=120)
    assert err == b"", err.decode()
    assert code == 141
