"""Frames on the clipboard: copy, paste and duplicate (Ctrl+C, Ctrl+V, Ctrl+D). The frames
travel as JSON (the document format's own frame records) with the images they show, so a
frame pasted into another document brings its picture along."""

from __future__ import annotations

import base64
import json
from typing import Any

from PySide6.QtCore import QMimeData

from pancarte.model.document import Document, Frame, ImageFrame

MIME_FRAMES = "application/x-pancarte-frames"
MAX_CLIPBOARD = 64 * 1024 * 1024  # bytes of JSON read back


def frames_mime(doc: Document, frames: list[Frame]) -> QMimeData:
    from pancarte.model.document import frame_to_dict

    images = {f.image: base64.b64encode(doc.images[f.image]).decode("ascii")
              for f in frames if isinstance(f, ImageFrame) and f.image in doc.images}
    data = {"frames": [frame_to_dict(f) for f in frames], "images": images}
    mime = QMimeData()
    mime.setData(MIME_FRAMES, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return mime


def mime_frames(mime: QMimeData | None) -> tuple[list[Frame], dict[str, bytes]]:
    """The frames and images on the clipboard ([] when it holds none, or garbage)."""
    from pancarte.errors import DocumentError
    from pancarte.model.document import frame_from_dict

    if mime is None or not mime.hasFormat(MIME_FRAMES):
        return [], {}
    raw = bytes(mime.data(MIME_FRAMES).data())
    if len(raw) > MAX_CLIPBOARD:
        return [], {}
    try:
        data: Any = json.loads(raw.decode("utf-8"))
        frames = [frame_from_dict(None, f) for f in data["frames"]]
        images = {str(k): base64.b64decode(v) for k, v in dict(data.get("images", {})).items()}
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, DocumentError):
        return [], {}
    return frames, images
