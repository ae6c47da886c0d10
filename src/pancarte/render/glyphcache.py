"""The Qt renderer's glyph images, kept on disk between runs (the editor's start).

In exact mode :class:`pancarte.render.qt.QtPainterRenderer` fills each glyph once per size,
scale, colour and quarter-pixel offset into a small image. Making them is most of the first
paint of a page (its outlines read from the font, then filled: ~30 ms for a poster); the
editor opens the same documents again and again, at the same zoom, so the images it made are
kept in Pancarte's cache folder and read back at the next start.

One file per *strike* (a font file's content hash, size, scale and colour), named by a hash of
that key and of what makes the pixels (Qt's version, the renderer's mask version): a new Qt,
a changed font file or a changed way of filling glyphs reads another file, never a stale
image. A file holds ``{(glyph id, offset): (width, height, dx, dy, ARGB32 premultiplied
bytes) or None}`` (None: a glyph that paints nothing). The cache is an optimisation only: a
missing, damaged or unwritable file means making the images again.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

from pancarte.layout.fonts import blake2b

#: bump when the way a glyph's image is made changes (its pixels must be those made now)
MASK_VERSION = 1

#: a strike larger than this is not written (huge glyphs are few; reading them back would
#: cost more than making them)
_STRIKE_MAX_BYTES = 4 << 20

#: the folder is kept under this size: the strikes written longest ago go first (each start
#: on another document, or at another zoom, writes ~100 KB to 1 MB)
FOLDER_MAX_BYTES = 32 << 20

Mask = tuple[int, int, int, int, bytes] | None


class MaskStore:
    """The strikes read from (and to be written to) ``folder``; ``pixels_tag`` names what
    makes the pixels besides the strike's key (Qt's version)."""

    def __init__(self, folder: Path, pixels_tag: str) -> None:
        self.folder = folder
        self.tag = f"{pixels_tag}-{MASK_VERSION}"
        self._strikes: dict[tuple, dict[tuple[int, float], Mask]] = {}
        self._dirty: set[tuple] = set()

    def _path(self, strike: tuple) -> Path:
        name = blake2b(repr((self.tag, strike)).encode(), digest_size=16).hexdigest()
        return self.folder / f"{name}.marshal"

    def strike(self, strike: tuple) -> dict[tuple[int, float], Mask]:
        """The glyph images of ``strike`` (font digest, size, scale x, scale y, RGBA) known so
        far: read from disk the first time it is asked for."""
        masks = self._strikes.get(strike)
        if masks is None:
            masks = self._read(strike)
            self._strikes[strike] = masks
        return masks

    def _read(self, strike: tuple) -> dict[tuple[int, float], Mask]:
        try:
            stored = marshal.loads(self._path(strike).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == self.tag
                and stored[1] == strike and isinstance(stored[2], dict)):
            return {}
        masks: dict[tuple[int, float], Mask] = {}
        for key, mask in stored[2].items():
            if mask is not None:
                if not (isinstance(mask, tuple) and len(mask) == 5
                        and isinstance(mask[4], bytes) and mask[0] > 0 and mask[1] > 0
                        and len(mask[4]) == mask[0] * mask[1] * 4):
                    return {}  # damaged: made again
            masks[key] = mask
        return masks

    def add(self, strike: tuple, key: tuple[int, float], mask: Mask) -> None:
        """A glyph image made now, to be written by :meth:`save`."""
        self.strike(strike)[key] = mask
        self._dirty.add(strike)

    def save(self) -> None:
        """Write the strikes that gained images since they were read (atomically: a file is
        whole or absent)."""
        dirty, self._dirty = self._dirty, set()
        written = False
        for strike in dirty:
            masks = self._strikes.get(strike)
            if not masks:
                continue
            if sum(len(m[4]) for m in masks.values() if m is not None) > _STRIKE_MAX_BYTES:
                continue
            path = self._path(strike)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp.write_bytes(marshal.dumps((self.tag, strike, masks)))
                os.replace(tmp, path)
                written = True
            except (OSError, ValueError):
                try:
                    tmp.unlink(missing_ok=True)
                except OSError:
                    pass
        if written:
            self._prune()

    def _prune(self) -> None:
        """Remove the strikes written longest ago while the folder is over
        :data:`FOLDER_MAX_BYTES`."""
        try:
            files = []
            for entry in os.scandir(self.folder):
                if entry.name.endswith(".marshal") and entry.is_file():
                    st = entry.stat()
                    files.append((st.st_mtime_ns, st.st_size, entry.path))
        except OSError:
            return
        total = sum(size for _mtime, size, _path in files)
        for _mtime, size, path in sorted(files):
            if total <= FOLDER_MAX_BYTES:
                break
            try:
                os.unlink(path)
                total -= size
            except OSError:
                pass
