"""The compose flags: through the function path the CLI wires (``add_arguments`` on the
compose parser, then ``apply``), and as the real command (through cli.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from event_helpers import ICS, qr_content, run_compose, texts

from pancarte.cli.common import UsageError
from pancarte.errors import PancarteError
from pancarte.event.errors import EventError
from pancarte.event.qr import caption_frame_id, qr_frame

THABOR = ICS / "nextcloud-paris.ics"
SEVERAL = ICS / "several.ics"
TYPED = ("--when", "2024-05-25 13:00/18:00", "--where", "Parc du Thabor, Rennes",
         "--tz", "Europe/Paris")


def test_no_event_flag_changes_nothing():
    from pancarte.model.edit import compose

    doc, notes, _ = run_compose("poster-a4", "--sample", "-o", "x.pdf")
    assert doc == compose("poster-a4", sample=True) and notes == []


def test_event_file_fills_frames_and_qr_defaults_to_its_url():
    doc, notes, _ = run_compose("poster-a4", "--sample", "--event", THABOR, "-o", "x.pdf")
    assert notes == []
    assert texts(doc, "event")[:2] == ["Samedi 25 mai 2024", "de 13 h à 18 h"]
    assert qr_content(doc) == "https://exemple.org/pique-nique-thabor"
    assert doc.event["uid"] == "8f2c1d0e-9a4b-4c1e-bb0a-2a7e5c3d9f10"


def test_several_events_index_uid_and_warning():
    _, notes, _ = run_compose("flyer-a6", "--event", SEVERAL, "--tz", "Europe/Paris", "-o",
                              "x.pdf")
    assert len(notes) == 1 and "3 events" in notes[0]  # the third one's repeat is not said
    _, notes, _ = run_compose("flyer-a6", "--event", SEVERAL, "--event-index", "3", "-o",
                              "x.pdf")
    assert len(notes) == 1 and "repeats" in notes[0]
    doc, _, _ = run_compose("flyer-a6", "--event", SEVERAL, "--event-index", "2", "-o", "x.pdf")
    assert texts(doc, "title") == ["Bal de la fête de la musique"]
    assert texts(doc, "event")[:2] == ["Vendredi 21 juin 2024", "de 22 h à 2 h"]
    assert qr_content(doc).startswith("BEGIN:VEVENT\r\n")  # no URL: the event itself
    assert "DTSTART:20240621T200000Z\r\nDTEND:20240622T000000Z\r\n" in qr_content(doc)
    doc, _, _ = run_compose("flyer-a6", "--event", SEVERAL, "--event-uid",
                            "several-1@exemple.org", "--event-style", "compact", "-o", "x.pdf")
    assert texts(doc, "event")[:2] == ["Samedi 25 mai 2024", "13 h–18 h"]


def test_typed_event():
    doc, notes, _ = run_compose("poster-a3", *TYPED, "--event-title", "Pique-nique au Thabor",
                                "--event-url", "exemple.org/thabor", "--geo", "48.1147,-1.6694",
                                "-o", "x.pdf")
    assert notes == []
    assert texts(doc, "title") == ["Pique-nique au Thabor"]
    assert texts(doc, "event") == ["Samedi 25 mai 2024", "de 13 h à 18 h", "Parc du Thabor",
                                   "Rennes"]
    assert qr_content(doc) == "https://exemple.org/thabor"
    doc, _, _ = run_compose("poster-a3", *TYPED, "-o", "x.pdf")
    assert qr_content(doc) == ("BEGIN:VEVENT\r\nDTSTART:20240525T110000Z\r\n"
                               "DTEND:20240525T160000Z\r\nLOCATION:Parc du Thabor\\, Rennes\r\n"
                               "END:VEVENT\r\n")


@pytest.mark.parametrize("when, lines", [
    ("2024-05-25", ["Samedi 25 mai 2024"]),
    ("2024-09-02/2024-09-06", ["Du 2 au 6 septembre 2024"]),
    ("2024-05-25 22:00/2024-05-26 02:00", ["Samedi 25 mai 2024", "de 22 h à 2 h"]),
    ("2024-05-25 14:30", ["Samedi 25 mai 2024", "à 14 h 30"]),
])
def test_when_forms(when, lines):
    doc, _, _ = run_compose("flyer-a5", "--when", when, "--tz", "Europe/Paris", "-o", "x.pdf")
    assert texts(doc, "event") == lines


def test_tz_defaults_to_the_systems(monkeypatch):
    monkeypatch.setenv("TZ", "America/Montreal")
    doc, _, _ = run_compose("flyer-a5", "--when", "2024-05-25 13:00", "-o", "x.pdf")
    assert doc.event["tz"] == "America/Montreal"
    assert "DTSTART:20240525T170000Z" in qr_content(doc)


def test_typed_flags_override_the_file():
    doc, _, _ = run_compose("poster-a4", "--event", THABOR, "--when", "2024-06-01 10:00/12:00",
                            "--where", "Square de la Touche", "-o", "x.pdf")
    assert texts(doc, "event") == ["Samedi 1er juin 2024", "de 10 h à 12 h",
                                   "Square de la Touche"]
    assert doc.event["tz"] == "Europe/Paris"  # the file's zone


def test_qr_contents():
    base = ("poster-a4", "--event", THABOR)
    doc, _, _ = run_compose(*base, "--qr-content", "geo", "-o", "x.pdf")
    assert qr_content(doc) == "geo:48.1147,-1.6694"
    doc, _, _ = run_compose(*base, "--qr-content", "event", "-o", "x.pdf")
    assert qr_content(doc).startswith("BEGIN:VEVENT\r\nSUMMARY:Pique-nique\\, jeux")
    doc, _, _ = run_compose(*base, "--qr-content", "text", "--qr-text", "mailto:a@exemple.org",
                            "-o", "x.pdf")
    assert qr_content(doc) == "mailto:a@exemple.org"
    doc, _, _ = run_compose("poster-a4", "--qr-text", "Bonjour", "-o", "x.pdf")
    assert qr_content(doc) == "Bonjour"
    doc, _, _ = run_compose(*base, "--sample", "--qr-content", "none", "-o", "x.pdf")
    assert qr_content(doc) == ""
    doc, _, _ = run_compose(*base, "--qr", "https://autre.exemple.org", "-o", "x.pdf")
    assert qr_content(doc) == "https://autre.exemple.org"  # --qr given: kept


def test_ecc_and_caption():
    doc, _, _ = run_compose("poster-a4", "--event", THABOR, "--qr-ecc", "h", "-o", "x.pdf")
    assert qr_frame(doc)[1].ecc == "H"
    before = qr_frame(run_compose("poster-a4", "-o", "x.pdf")[0])[1]
    doc, notes, _ = run_compose("poster-a4", "--event", THABOR, "--qr-caption", "-o", "x.pdf")
    assert notes == []
    frame = qr_frame(doc)[1]
    assert frame.caption == "exemple.org/pique-nique-thabor"
    cap = doc.find_frame(caption_frame_id(frame))[1]
    assert [p.text for p in cap.paragraphs] == ["exemple.org/pique-nique-thabor"]
    # the caption sits under the code, both inside the template's QR frame
    assert frame.h < before.h and cap.y >= frame.y + frame.h - 1e-6
    assert cap.y + cap.h <= before.y + before.h + 1e-6
    assert before.x <= cap.x and cap.x + cap.w <= before.x + before.w + 1e-6
    doc, _, _ = run_compose("poster-a4", "--qr", "https://exemple.org/x", "--qr-caption",
                            "Infos et covoiturage", "-o", "x.pdf")
    assert qr_frame(doc)[1].caption == "Infos et covoiturage"
    _, notes, _ = run_compose("poster-a4", *TYPED, "--qr-caption", "-o", "x.pdf")
    assert notes and "no caption" in notes[0]
    _, notes, _ = run_compose("flyer-a6", "--qr", "https://exemple.org/", "--qr-caption",
                              "une légende beaucoup trop longue pour tenir sous un si petit code",
                              "-o", "x.pdf")
    assert notes and "too long" in notes[0]


@pytest.mark.parametrize("argv", [
    ("--when", "samedi 14 h"),
    ("--when", "2024-05-25 13:00/12:00"),
    ("--geo", "nord"),
    ("--tz", "Mars/Olympus"),
    ("--event-url", "pas une adresse"),
    ("--event", "a.ics", "--event-index", "0"),
    ("--event", "a.ics", "--event-index", "1", "--event-uid", "x"),
    ("--event-index", "2"),
    ("--qr-content", "text"),
    ("--qr-content", "url", "--qr-text", "x"),
    ("--qr-content", "url"),
    ("--qr-content", "calendar"),
    ("--qr-ecc", "X"),
    ("--event-style", "fancy"),
])
def test_usage_errors(argv):
    with pytest.raises(UsageError):
        run_compose("poster-a4", *argv, "-o", "x.pdf")


@pytest.mark.parametrize("argv, words", [
    (("--event", ICS / "malformed-dtstart.ics"), "DTSTART"),
    (("--event", ICS / "not-calendar.ics"), "not an iCalendar"),
    (("--event", ICS / "absent.ics"), "cannot read"),
    (("--event", SEVERAL, "--event-index", "9"), "number 9"),
    (("--event", ICS / "allday.ics", "--qr-content", "url"), "no URL"),
    (("--event", ICS / "allday.ics", "--qr-content", "geo"), "coordinates"),
    (("--event-title", "Sans date", "--qr-content", "event"), "no date"),
])
def test_errors(argv, words):
    with pytest.raises(EventError, match=words):
        run_compose("poster-a4", *argv, "-o", "x.pdf")


def test_event_cli_imports_nothing_heavy():
    code = ("import sys, argparse; from pancarte.cli import event as cli; "
            "cli.add_arguments(argparse.ArgumentParser()); "
            "bad = [m for m in ('PySide6', 'babel', 'icalendar', 'qrcode') if m in sys.modules]; "
            "print(bad); raise SystemExit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


# --------------------------------------------------------------------------------------------
# The real command, once cli.py wires the flags




def test_cli_event_file_to_pdf_with_vevent_qr(tmp_path):
    from helpers import pdftotext, run_cli

    out = tmp_path / "affiche.pdf"
    r = run_cli("compose", "poster-a4", "--sample", "--event", SEVERAL, "--event-index", "2",
                "--qr-content", "event", "-o", out, env={"PANCARTE_LANG": "en"})
    assert r.returncode == 0, r.stderr
    text = " ".join(pdftotext(out).split())
    assert "Vendredi 21 juin 2024" in text and "de 22 h à 2 h" in text
    assert "Traceback" not in r.stderr


def test_cli_typed_event_and_warning_on_stderr(tmp_path):
    from helpers import pdftotext, run_cli

    out = tmp_path / "affiche.pdf"
    r = run_cli("compose", "flyer-a6", "--when", "2024-09-02/2024-09-06", "--where",
                "Blanchisserie Clairlin, Saint-Aubin", "--event-title", "Grève !", "--tz",
                "Europe/Paris", "--event", SEVERAL, "-o", out, env={"PANCARTE_LANG": "en"})
    assert r.returncode == 0, r.stderr
    assert "warning" in r.stderr and "3 events" in r.stderr
    assert "Du 2 au 6 septembre 2024" in " ".join(pdftotext(out).split())


def test_cli_bad_when_is_a_usage_error(tmp_path):
    from helpers import run_cli

    r = run_cli("compose", "poster-a4", "--when", "samedi", "-o", tmp_path / "x.pdf",
                env={"PANCARTE_LANG": "en"})
    assert r.returncode == 2 and "expected for example" in r.stderr, r.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_cli_malformed_file_is_an_error(tmp_path):
    from helpers import run_cli

    r = run_cli("compose", "poster-a4", "--event", ICS / "malformed-lines.ics", "-o",
                tmp_path / "x.pdf", env={"PANCARTE_LANG": "en"})
    assert r.returncode == 1, r.stderr
    assert "not a valid iCalendar file" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_cli_payload_too_long_is_an_error(tmp_path):
    from helpers import run_cli

    r = run_cli("compose", "poster-a4", "--qr-text", "x" * 3990, "--qr-ecc", "H", "-o",
                tmp_path / "x.pdf", env={"PANCARTE_LANG": "en"})
    assert r.returncode == 1 and "too long for a QR code" in r.stderr, r.stderr


def test_cli_french_messages(tmp_path):
    from helpers import run_cli

    r = run_cli("compose", "poster-a4", "--event", ICS / "no-event.ics", "-o",
                tmp_path / "x.pdf", env={"PANCARTE_LANG": "fr"})
    assert r.returncode == 1 and "ne contient aucun événement" in r.stderr, r.stderr


def test_pdf_through_the_function_path(tmp_path):
    from helpers import pdftotext
    from pancarte.export import export_pdf

    doc, _, _ = run_compose("tract-a4", "--sample", "--event", THABOR, "-o", "x.pdf")
    export_pdf(doc, tmp_path / "t.pdf", invariant=True)
    text = " ".join(pdftotext(tmp_path / "t.pdf").split())
    assert "Samedi 25 mai 2024" in text and "Parc du Thabor" in text


def test_errors_are_pancarte_errors():
    assert issubclass(EventError, PancarteError)
    assert Path(THABOR).is_file()


def test_caption_is_removed_cleanly():
    from pancarte.event.qr import place_caption, remove_caption

    bare, _, _ = run_compose("poster-a3", "--sample", "-o", "x.pdf")
    doc, notes = place_caption(bare, "exemple.org/ligne12")
    assert notes == [] and doc != bare
    again, _ = place_caption(doc, "exemple.org/autre")  # replaced, not stacked
    assert len(again.pages[0].frames) == len(doc.pages[0].frames)
    assert remove_caption(doc) == bare
