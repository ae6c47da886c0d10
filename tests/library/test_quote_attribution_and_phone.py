"""A long poster text through ``library import`` and ``compose --tract``, read back from the
PDF: the quote's attribution keeps its dash (the importer takes it off as a marker, the page
puts it back), and the phone number of the contact line is never split across lines."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers import pdftotext, run_cli  # noqa: E402

TRACT = Path(__file__).resolve().parents[1] / "files" / "tracts" / "core-a-affiche-bourse.txt"
NUMBER = "06 12 34 56 78"


def _lines(pdf: Path) -> list[str]:
    """The PDF's lines, with no-break and narrow spaces read as spaces."""
    text = pdftotext(pdf).replace("\u00a0", " ").replace("\u202f", " ")
    return [" ".join(line.split()) for line in text.splitlines()]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attribution")
    env = {"PANCARTE_LIBRARY": str(folder / "lib.sqlite3"), "PANCARTE_LANG": "en"}
    r = run_cli("library", "import", TRACT, "--json", env=env)
    assert r.returncode == 0, r.stderr
    tract_id = re.search(r'"id":\s*"([0-9a-f]+)"', r.stdout).group(1)
    return folder, env, tract_id


def test_the_library_keeps_the_attribution_without_its_dash(imported):
    _folder, env, tract_id = imported
    r = run_cli("library", "show", tract_id, "--json", env=env)
    assert r.returncode == 0, r.stderr
    quotes = [b for b in json.loads(r.stdout)["blocks"] if b["kind"] == "quote"]
    assert [q["attribution"] for q in quotes] == ["Fatou, habitante de la rue de Bourgogne"]


@pytest.mark.parametrize("template", ["tract-a4", "poster-a3"])
def test_the_page_prints_the_attribution_after_its_dash(imported, template):
    folder, env, tract_id = imported
    out = folder / f"{template}.pdf"
    r = run_cli("compose", template, "--tract", tract_id, "-o", out, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = _lines(out)
    text = "\n".join(lines)
    assert "Fatou" in text, text[:2000]
    assert "— Fatou, habitante" in text
    assert "— —" not in text
    if template == "tract-a4":  # the whole text, its contact line included
        assert sum(NUMBER in line for line in lines) == 1, [ln for ln in lines if "06" in ln]
