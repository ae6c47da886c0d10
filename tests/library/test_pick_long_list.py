"""A tract that is mostly one long list (twenty numbered demands) on templates too small for
it: the poster shows the first demands, in their order and with their numbers — never none —
after the lead paragraph (a placard's few big lines: two demands), and says on stderr that
the list was shortened. Checked on the real PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import pdftotext, run_cli

TRACT = (Path(__file__).resolve().parents[1] / "files" / "tracts"
         / "pick-revendications-tilleuls.txt")
DEMANDS = [line.split(". ", 1)[1] for line in TRACT.read_text(encoding="utf-8").splitlines()
           if re.match(r"\d+\. ", line)]


def _flat(text: str) -> str:
    text = text.replace("\u00ad", "").replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", re.sub(r"-\n", "", text))


@pytest.mark.parametrize("template", ["poster-a3", "placard-a3", "flyer-a6"])
def test_the_first_demands_are_printed_in_order_with_their_numbers(tmp_path, template):
    out = tmp_path / f"{template}.pdf"
    r = run_cli("compose", template, "--text-file", TRACT, "-o", out,
                env={"PANCARTE_LANG": "fr"})
    assert r.returncode == 0, r.stderr
    text = _flat(pdftotext(out))
    assert len(DEMANDS) == 20
    shown = [k for k in range(1, 21) if re.search(rf"(?<!\d){k}\. ", text)]
    assert len(shown) >= (2 if template == "placard-a3" else 3), text
    assert shown == list(range(1, len(shown) + 1))  # the first ones, none skipped
    assert len(shown) < 20
    # each shown demand starts with its own first words, in order
    at = [text.index(" ".join(DEMANDS[k - 1].split()[:3])) for k in shown]
    assert at == sorted(at)
    # stderr says the list (block 3: title, lead, list) was shortened, not left out
    assert re.search(r"raccourcis : [\d, ]*\b3\b", r.stderr), r.stderr
    assert not re.search(r"laissés? de côté : [\d, ]*\b3\b", r.stderr), r.stderr
