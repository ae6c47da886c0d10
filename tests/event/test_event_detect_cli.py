"""End to end: long tracts imported, their events listed by ``library show``, and a poster
composed from a tract carrying the event found in its text."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from tests.helpers import decode_qr, pdftotext, render_png, run_cli

TRACTS = Path(__file__).resolve().parents[1] / "files" / "tracts"
APPEL = TRACTS / "event-appel-thabor.txt"
RAPPORT = TRACTS / "event-compte-rendu-ag.md"
KEYS = ["start", "end", "all_day", "place", "city", "year_guessed", "text"]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = tmp_path_factory.mktemp("lib") / "library.db"
    done = run_cli("library", "--library", lib, "import", APPEL, RAPPORT, "--json")
    assert done.returncode == 0, done.stderr
    ids = {Path(item["file"]).name: item["id"] for item in json.loads(done.stdout)}
    return lib, ids["event-appel-thabor.txt"], ids["event-compte-rendu-ag.md"]


def _show(lib, tract_id):
    done = run_cli("library", "--library", lib, "show", tract_id, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_fixtures_are_long_tracts():
    for path in (APPEL, RAPPORT):
        assert 1000 <= len(path.read_text(encoding="utf-8").split()) <= 2000


def test_show_json_lists_the_events_best_first(library):
    lib, appel, rapport = library
    data = _show(lib, appel)
    events = data["events"]
    assert all(list(e) == KEYS for e in events)
    first = events[0]
    start = datetime.fromisoformat(first["start"])
    # "samedi 25 mai" without a year: the year in which the 25th of May is a Saturday
    assert (start.month, start.day, start.hour, start.weekday()) == (5, 25, 13, 5)
    assert first["end"] == start.replace(hour=18).isoformat()
    assert (first["all_day"], first["year_guessed"]) == (False, True)
    assert (first["place"], first["city"]) == ("parc du Thabor", "Rennes")
    assert first["text"].startswith("Rendez-vous le samedi 25 mai de 13h à 18h")
    second = datetime.fromisoformat(events[1]["start"])
    assert (second.month, second.day, second.hour, second.weekday()) == (5, 14, 19, 1)
    assert events[1]["place"] == "salle Jean-Vilar"
    # the traps of the history paragraph and the figures give nothing
    starts = [e["start"] for e in events]
    assert not any(s.startswith("1968") or s[5:10] in ("05-01", "03-12") for s in starts)
    assert len(events) == 2
    assert data["blocks"] and data["id"] == appel  # the tract itself is still all there

    events = _show(lib, rapport)["events"]
    first = datetime.fromisoformat(events[0]["start"])
    assert (first.month, first.day, first.hour, first.minute) == (9, 12, 18, 30)
    assert (events[0]["place"], events[0]["city"]) == ("salle de la Cité", "Rennes")
    week = events[1]
    assert week["all_day"] and week["start"][5:10] == "09-02" and week["end"][5:10] == "09-06"
    assert len(events) == 2  # not 2019, 2003, 2023, the 8th of March nor "au 30 juin"


def test_show_lists_them_in_french(library):
    lib, appel, _ = library
    done = run_cli("library", "--library", lib, "show", appel, env={"PANCARTE_LANG": "fr"})
    assert done.returncode == 0, done.stderr
    assert "événements trouvés dans le texte\u00a0:" in done.stdout
    assert "samedi 25 mai, 13 h – 18 h, parc du Thabor, Rennes (année devinée)" in done.stdout


def test_poster_carries_the_event_and_the_url_of_the_text(library, tmp_path):
    lib, appel, _ = library
    out = tmp_path / "affiche.pdf"
    done = run_cli("compose", "poster-a3", "--library", lib, "--tract", appel,
                   "--allow-overflow", "-o", out)
    assert done.returncode == 0, done.stderr
    text = " ".join(pdftotext(out).split())
    assert "samedi 25 mai" in text.lower()  # "Samedi 25 mai 2024" at the head of its frame
    assert "de 13 h à 18 h" in text
    assert "parc du Thabor" in text
    image = render_png(out, 100)
    assert decode_qr(image) == ["https://thabor-pour-tous.exemple.org/25-mai"]


def test_no_event_and_when_win_over_the_text(library, tmp_path):
    lib, appel, _ = library
    out = tmp_path / "a.pdf"
    done = run_cli("compose", "poster-a3", "--library", lib, "--tract", appel,
                   "--allow-overflow", "--no-event", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "de 13 h à 18 h" not in " ".join(pdftotext(out).split())
    done = run_cli("compose", "poster-a3", "--library", lib, "--tract", appel,
                   "--allow-overflow", "--when", "2031-06-14 15:00", "--tz", "Europe/Paris",
                   "-o", out)
    assert done.returncode == 0, done.stderr
    text = " ".join(pdftotext(out).split())
    assert "samedi 14 juin 2031" in text.lower() and "de 13 h à 18 h" not in text
    done = run_cli("compose", "poster-a3", "--library", lib, "--tract", appel, "--no-event",
                   "--when", "2031-06-14", "-o", out)
    assert done.returncode == 2
    assert "--no-event" in done.stderr.splitlines()[-1] and "Traceback" not in done.stderr


def test_where_changes_the_event_found_in_the_text(library, tmp_path):
    lib, appel, _ = library
    out = tmp_path / "a.pdf"
    done = run_cli("compose", "flyer-a5", "--library", lib, "--tract", appel,
                   "--allow-overflow", "--where", "Place des Lices, Rennes", "-o", out)
    assert done.returncode == 0, done.stderr
    text = " ".join(pdftotext(out).split())
    assert "samedi 25 mai" in text.lower()  # "Samedi 25 mai 2024" at the head of its frame and "de 13 h à 18 h" in text and "Place des Lices" in text


def test_flyer_from_the_report_and_placard_without_event_frame(library, tmp_path):
    lib, appel, rapport = library
    out = tmp_path / "flyer.pdf"
    done = run_cli("compose", "flyer-a5", "--library", lib, "--tract", rapport,
                   "--allow-overflow", "-o", out)
    assert done.returncode == 0, done.stderr
    text = " ".join(pdftotext(out).split())
    assert "jeudi 12 septembre" in text.lower() and "à 18 h 30" in text and "salle de la Cité" in text
    # a placard has no event frame: the text already says it, nothing is added to its body,
    # and no warning about it; the QR code still gets the text's address
    out = tmp_path / "placard.pdf"
    done = run_cli("compose", "placard-a3", "--library", lib, "--tract", appel,
                   "--allow-overflow", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "pas de cadre pour la date" not in done.stderr
    assert "de 13 h à 18 h" not in " ".join(pdftotext(out).split())
    assert decode_qr(render_png(out, 60)) == ["https://thabor-pour-tous.exemple.org/25-mai"]
