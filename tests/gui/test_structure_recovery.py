"""The editor's start removes what autosaves killed mid-write left in its recovery folder."""

from __future__ import annotations

import os
import time


def test_start_removes_stale_autosave_temporaries(make_window, context):
    folder = context.paths.recovery
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / ".session-0123456789ab.pancarte.k3j9zq1a.tmp"
    fresh = folder / ".session-ba9876543210.pancarte.x7y8z9w0.tmp"
    for p in (stale, fresh):
        p.write_bytes(b"half an autosave")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    make_window(start=True)
    assert not stale.exists()
    assert fresh.exists()  # another editor may be writing it now
