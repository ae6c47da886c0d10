"""What keeps ``pancarte compose`` near its floor: no AFM search, font metrics and hyphenation
patterns from the on-disk cache (fontTools and the .dic parse only on a miss), heavy imports
off the compose path, the program ending without the interpreter's teardown — and none of it
changes a byte of the PDF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TITLE = "Pas de quartier sans écoles !"
BODY = (
    "Samedi 25 mai, 14 h — place de la Mairie : toutes et tous devant l’école Jean-Jaurès "
    "pour exiger des remplaçantes et des remplaçants, des classes à vingt-cinq élèves au "
    "plus, une cantine publique, des locaux chauffés l’hiver et aérés l’été ; venez "
    "nombreuses et nombreux avec vos banderoles, vos casseroles et vos enfants."
)

# run the command in a fresh interpreter, with the given modules made unimportable and the AFM
# parser of ReportLab counting its calls; prints a JSON report on stdout
PROBE = r"""
import json, sys
blocked = json.loads(sys.argv[1])
for name in blocked:
    sys.modules[name] = None  # importing it now raises ImportError
from reportlab.pdfbase import pdfmetrics
calls = []
real_parse = pdfmetrics.parseAFMFile
real_search = pdfmetrics.bruteForceSearchForAFM
def parse(*a, **k):
    calls.append("parseAFMFile")
    return real_parse(*a, **k)
def search(*a, **k):
    calls.append("bruteForceSearchForAFM")
    return real_search(*a, **k)
pdfmetrics.parseAFMFile = parse
pdfmetrics.bruteForceSearchForAFM = search
from pancarte.cli import main
code = main(json.loads(sys.argv[2]))
heavy = sorted(m for m in ("fontTools", "pikepdf", "babel", "icalendar", "PySide6",
                           "pancarte.event.model", "pancarte.gui", "pancarte.library.store")
               if sys.modules.get(m) is not None)
print(json.dumps({"code": code, "afm": calls, "heavy": heavy}))
"""


def _probe(args: list[str], cache: Path, blocked: tuple[str, ...] = ()) -> dict:
    env = dict(os.environ, PANCARTE_CACHE=str(cache), PANCARTE_REPRODUCIBLE="1")
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(blocked)),
                           json.dumps(args)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _placard(out: Path) -> list[str]:
    return ["compose", "placard-a3", "--title", TITLE, "--text", BODY, "--qr",
            "https://exemple.org/ecoles-nord", "-o", str(out)]


def test_compose_never_searches_afm_files_and_reads_fonts_from_the_cache(tmp_path):
    cache = tmp_path / "cache"
    cold = _probe(_placard(tmp_path / "cold.pdf"), cache)
    assert cold["code"] == 0
    assert cold["afm"] == []
    assert sorted(p.suffix for p in (cache / "fonts").iterdir()) == [".marshal"] * len(
        list((cache / "fonts").iterdir()))
    assert list((cache / "hyphenation").iterdir())
    # warm: fontTools cannot even be imported, and the bytes are the same; the default PDF is a
    # print shop's PDF/X-4, which pikepdf finishes (output intent, XMP) — and nothing else heavy
    warm = _probe(_placard(tmp_path / "warm.pdf"), cache, blocked=("fontTools",))
    assert warm == {"code": 0, "afm": [], "heavy": ["pikepdf"]}
    assert (tmp_path / "cold.pdf").read_bytes() == (tmp_path / "warm.pdf").read_bytes()
    # the home printer's RGB page needs none of them
    home = _probe([*_placard(tmp_path / "home.pdf"), "--preset", "maison"], cache,
                  blocked=("fontTools",))
    assert home == {"code": 0, "afm": [], "heavy": []}


def test_a_long_tract_is_the_same_pdf_from_a_cold_and_a_warm_cache(tmp_path):
    cache = tmp_path / "cache"
    args = ["compose", "tract-a4", "--sample", "-o"]
    cold = _probe([*args, str(tmp_path / "cold.pdf")], cache)
    warm = _probe([*args, str(tmp_path / "warm.pdf")], cache, blocked=("fontTools",))
    assert cold["code"] == warm["code"] == 0
    assert cold["afm"] == warm["afm"] == []
    cold_pdf = (tmp_path / "cold.pdf").read_bytes()
    assert cold_pdf == (tmp_path / "warm.pdf").read_bytes()
    assert len(cold_pdf) > 20_000


def test_cached_metrics_are_the_font_files_own(tmp_path, monkeypatch):
    from pancarte.assets import fonts_dir
    from pancarte.layout import fonts

    monkeypatch.setenv("PANCARTE_CACHE", str(tmp_path))
    path = fonts_dir() / "vollkorn" / "Vollkorn-Regular.ttf"
    data = path.read_bytes()
    direct = fonts._read_metrics(path, data)
    first = fonts._metrics(path, data)  # miss: reads and stores
    second = fonts._metrics(path, data)  # hit
    for m in (first, second):
        assert {k: m[k] for k in direct} == direct
    assert direct["cmap"][ord("é")] > 0 and direct["upem"] > 0
    assert len(direct["advances"]) > 200


def test_a_damaged_cache_entry_is_read_again_from_the_font(tmp_path, monkeypatch):
    from pancarte.assets import fonts_dir
    from pancarte.layout import fonts

    monkeypatch.setenv("PANCARTE_CACHE", str(tmp_path))
    path = fonts_dir() / "lato" / "Lato-Regular.ttf"
    data = path.read_bytes()
    good = fonts._metrics(path, data)
    (entry,) = (tmp_path / "fonts").iterdir()
    entry.write_bytes(b"\x00garbage")
    assert fonts._metrics(path, data) == good
    entry.write_bytes(b"")
    assert fonts._metrics(path, data) == good


def test_an_unwritable_cache_folder_changes_nothing(tmp_path, monkeypatch):
    from pancarte.assets import fonts_dir
    from pancarte.layout import fonts

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PANCARTE_CACHE", str(blocker))
    path = fonts_dir() / "lato" / "Lato-Bold.ttf"
    assert fonts._metrics(path, path.read_bytes())["upem"] > 0


def test_a_damaged_font_is_still_a_font_error(tmp_path, monkeypatch):
    from pancarte.errors import FontError
    from pancarte.layout.fonts import FontFace

    monkeypatch.setenv("PANCARTE_CACHE", str(tmp_path / "cache"))
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"\x00\x01\x00\x00 this is not a font at all" * 10)
    with pytest.raises(FontError):
        FontFace("bad.ttf", bad, "Bad", "regular")


def test_cached_hyphenation_patterns_break_words_as_pyphen_does(tmp_path):
    # a fresh interpreter each time: Pyphen keeps its dictionaries for the process
    code = r"""
import json, sys
from pancarte.layout.hyphenate import hyphenation_points
words = ["revendications", "manifestation", "l’intersyndicale", "anticonstitutionnellement",
         "régularisation", "Montreuil-sous-Bois", "qu’aujourd’hui", "bibliothèques"]
import pyphen
print(json.dumps([list(hyphenation_points(w, "fr")) for w in words]))
"""
    env = dict(os.environ, PANCARTE_CACHE=str(tmp_path))
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, timeout=60, check=True).stdout for _ in range(2)]
    assert list((tmp_path / "hyphenation").iterdir())
    assert runs[0] == runs[1]
    points = json.loads(runs[0])
    assert points[0] and points[1] and points[3]
    # and they are Pyphen's own, read from its dictionary
    import pyphen

    direct = pyphen.Pyphen(lang="fr", left=2, right=3)
    assert [int(p) for p in direct.positions("revendications")] == points[0]


def test_the_program_ends_with_its_output_flushed(tmp_path):
    """The CLI ends with os._exit: what it printed must still all arrive, and its exit code."""
    env = dict(os.environ, PANCARTE_CACHE=str(tmp_path / "cache"), PANCARTE_LANG="en")
    templates = subprocess.run([sys.executable, "-m", "pancarte", "templates"], env=env,
                               capture_output=True, text=True, timeout=60)
    assert templates.returncode == 0
    assert "placard-a3" in templates.stdout and "tract-a4" in templates.stdout
    out = tmp_path / "p.pdf"
    composed = subprocess.run([sys.executable, "-m", "pancarte", *_placard(out)], env=env,
                              capture_output=True, text=True, timeout=120)
    assert composed.returncode == 0
    assert "footer" in composed.stderr  # the warning about the empty footer frame
    assert out.read_bytes().startswith(b"%PDF") and out.read_bytes().rstrip().endswith(b"%%EOF")
    failed = subprocess.run([sys.executable, "-m", "pancarte", "compose", "no-such-template",
                             "-o", str(tmp_path / "x.pdf")], env=env, capture_output=True,
                            text=True, timeout=60)
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1 and "no-such-template" in failed.stderr
