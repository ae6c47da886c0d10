"""Autosave and recovery: a crash leaves a recovery file that the next start offers back;
a clean shutdown leaves nothing to recover."""

from __future__ import annotations

from dataclasses import replace

from pancarte.gui import recovery
from pancarte.gui.recovery import pending_recoveries, write_recovery
from pancarte.model.templates import load_template


def edited(doc):
    frame = doc.find_frame("title")[1]
    para = replace(frame.paragraphs[0], text="Récupéré après la panne") if frame.paragraphs \
        else None
    from pancarte.model.document import Paragraph

    return doc.replace_frame(replace(frame, paragraphs=(para or Paragraph(
        "Récupéré après la panne", role="title"),)))


def test_crash_then_recovery_offered(make_window, context, prompter, tmp_path):
    doc = edited(load_template("poster-a3"))
    original = tmp_path / "mon-affiche.pancarte"
    # a crashed session: its recovery file, no lock held, no clean-shutdown marker
    write_recovery(context.paths.recovery, doc, original, "crashed0001")
    prompter.recover = True
    window = make_window(start=True)
    assert [k for k, _v in prompter.asked] == ["recover"]
    assert "mon-affiche.pancarte" in prompter.asked[0][1]
    assert window.session.document == doc
    assert window.session.dirty  # recovered work is not saved yet
    assert window.session.path == original
    assert not (context.paths.recovery / "session-crashed0001.pancarte").exists()
    # the recovered work is backed up under the new session at once
    assert window.autosaver.path.exists()


def test_recovery_declined_is_discarded(make_window, context, prompter):
    write_recovery(context.paths.recovery, load_template("flyer-a5"), None, "crashed0002")
    prompter.recover = False
    window = make_window(start=True)
    assert window.session.document.template == "poster-a3"
    assert pending_recoveries(context.paths.recovery) == []


def test_autosave_and_clean_shutdown(make_window, context, prompter, qtbot):
    window = make_window(load_template("poster-a3"), start=True)
    window.autosaver.set_burst(20)
    session = window.session
    frame = session.document.find_frame("body")[1]
    with qtbot.waitSignal(window.autosaver.saved, timeout=5000):
        session.replace_frame(frame, replace(frame, x=frame.x + 5))  # a burst, then quiet
    assert window.autosaver.path.exists()
    # a running editor's file is not offered to another one
    assert pending_recoveries(context.paths.recovery) == []
    window.close()  # prompter discards the changes
    assert not window.autosaver.path.exists()
    assert pending_recoveries(context.paths.recovery) == []
    assert ("save_changes", window.session.display_name()) in prompter.asked


def test_autosave_at_most_30_seconds_behind(make_window, monkeypatch):
    window = make_window(load_template("poster-a3"), start=True)
    session = window.session
    clock = [1000.0]
    monkeypatch.setattr(recovery.time, "monotonic", lambda: clock[0])
    frame = session.document.find_frame("body")[1]
    session.replace_frame(frame, replace(frame, x=frame.x + 1), merge="nudge")
    assert not window.autosaver.path.exists()  # waiting for the burst to end
    clock[0] += 31
    frame = session.document.find_frame("body")[1]
    session.replace_frame(frame, replace(frame, x=frame.x + 1), merge="nudge")
    assert window.autosaver.path.exists()  # typing for 30 s still saves
