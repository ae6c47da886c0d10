"""Users' files, one implementation each: the bounded read of an input, the atomic write of an
output, the bounded reading of a zip archive and the decoding of a text file.

Nothing here knows which command or format it serves: callers turn the typed errors below
(and OSError) into their own one-line messages.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import IO

from pancarte.log import logger

# ---------------------------------------------------------------------------------------------
# Bounded reads


class TooLarge(Exception):
    """The file holds more than the limit (callers say so in their own words)."""


class NotRegularFile(OSError):
    """A named pipe, a socket or a device where a file was expected: refused, never read (a
    pipe without a writer would block forever). An OSError, so callers that report
    ``exc.strerror`` say "not a regular file"."""

    def __init__(self, path: str) -> None:
        from pancarte.i18n import _

        super().__init__(0, _("not a regular file"), path)


def open_regular(path: str | os.PathLike) -> IO[bytes]:
    """``path`` opened for reading in binary, after checking it is a regular file.

    Opened without blocking (a FIFO with no writer does not hang the open), then checked with
    fstat: IsADirectoryError for a folder, NotRegularFile for anything else that is not a
    regular file, the system's OSError otherwise."""
    p = os.fspath(path)
    if os.path.isdir(p):
        raise IsADirectoryError(21, os.strerror(21), str(p))
    fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, os.strerror(21), str(p))
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(str(p))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_limited(path: str | os.PathLike, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file ``path``; TooLarge past that (the size is
    checked while reading: a file growing meanwhile is still cut). NotRegularFile for a pipe
    or a device, IsADirectoryError for a folder, OSError as the system says."""
    with open_regular(path) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(os.fspath(path))
    return data


def read_or_refuse(path: str | os.PathLike, limit: int, error: Callable[[str], Exception],
                   too_large: str, *, folder: str | None = None,
                   shown: str | None = None) -> bytes:
    """:func:`read_limited`, every failure raised as ``error(message)`` with a one-line message
    in the user's language: ``too_large`` past ``limit``; ``folder`` for a folder (when given);
    else "cannot read PATH: REASON", PATH being ``shown`` (``path`` when None)."""
    from pancarte.i18n import _

    try:
        return read_limited(path, limit)
    except TooLarge:
        raise error(too_large) from None
    except OSError as exc:
        if folder is not None and isinstance(exc, IsADirectoryError):
            raise error(folder) from None
        raise error(_("cannot read {path}: {reason}",
                      path=os.fspath(path) if shown is None else shown,
                      reason=os_reason(exc, reading=True))) from None



def os_reason(exc: OSError, reading: bool = False) -> str:
    """A short reason for an OSError, in the user's language, for a one-line message ("cannot
    read PATH: REASON"); an unusual error keeps the system's own words. ``reading``: a missing
    path is the file itself, not the folder a file was to be written in."""
    from pancarte.i18n import _

    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return _("permission denied")
    if code == errno.ENOENT:
        return _("this file does not exist") if reading else _("the folder does not exist")
    if code == errno.ENOTDIR:
        return _("a part of the path is not a folder")
    if code == errno.EISDIR:
        return _("it is a folder")
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _("the disk is full")
    if code == errno.EROFS:
        return _("the disk is read-only")
    if code == errno.ENAMETOOLONG:
        return _("the name is too long")
    return str(exc.strerror or type(exc).__name__)

# ---------------------------------------------------------------------------------------------
# Atomic writes

STALE_AFTER = 600.0  # seconds: a temporary file this old is left by a killed save
# ".NAME.XXXXXXXX.tmp", as mkstemp makes them below (8 random characters)
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def umask() -> int:
    """The process's umask, read without changing it (``os.umask(0)`` opens a window during
    which another thread creates files nobody else may read)."""
    with suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    # No /proc: a new file's mode shows the mask (mkstemp's 0600 would not, hence os.open)
    folder = tempfile.gettempdir()
    for attempt in range(100):
        probe = os.path.join(folder, f".pancarte-umask-{os.getpid()}-{attempt}")
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o777)
        except FileExistsError:
            continue
        except OSError:
            break
        try:
            return 0o777 & ~stat.S_IMODE(os.fstat(fd).st_mode)
        finally:
            os.close(fd)
            with suppress(OSError):
                os.unlink(probe)
    return 0o022


def target_of(path: str | os.PathLike) -> Path:
    """Where a write to ``path`` lands: a symbolic link is followed (the link stays, its
    target gets the new content), for every kind of output alike."""
    target = Path(os.path.abspath(os.fspath(path)))
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    return target


def write_atomic(path: str | os.PathLike, data: bytes | Callable[[IO[bytes]], None]) -> Path:
    """Write ``data`` (bytes, or a function writing into the open file) to ``path`` through a
    temporary file ``.NAME.XXXXXXXX.tmp`` in the same folder, fsync and a rename: a failure
    leaves any previous file untouched and nothing behind. Returns the path written (a
    symlink's target).

    An existing file keeps its permission bits; a new one gets 0666 under the user's umask
    (never mkstemp's 0600), whatever the output. The save first removes this program's stale
    temporary files in that folder (left by a save that was killed). Raises OSError
    (IsADirectoryError when ``path`` is a folder)."""
    target = target_of(path)
    directory = str(target.parent)
    mode = _mode_for(target)
    remove_stale_temporaries(directory)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out:
            if callable(data):
                data(out)
            else:
                out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)
    logger(__name__).info("wrote %s", target)
    return target


def _mode_for(target: Path) -> int:
    """The permission bits a write to ``target`` gives it: an existing file keeps its own, a new
    one gets 0666 under the user's umask. Raises IsADirectoryError for a folder."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return 0o666 & ~umask()
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, os.strerror(21), str(target))
    return stat.S_IMODE(st.st_mode)


def write_atomic_all(files: Sequence[tuple[str | os.PathLike, bytes]]) -> list[Path]:
    """Write several files (the pages of a PNG export) all or none, as :func:`write_atomic`
    writes one: every file is staged as a temporary file beside its target first, and only
    when all of them are on disk are they renamed into place. A failure before that (a
    folder where a page goes, a full disk) leaves every previous file untouched and nothing
    behind. Returns the paths written; raises OSError."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            target = target_of(path)
            mode = _mode_for(target)
            if not staged:
                remove_stale_temporaries(str(target.parent))
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".tmp",
                                       dir=str(target.parent))
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, mode)
        while staged:
            tmp, target = staged[0]
            os.replace(tmp, target)
            staged.pop(0)
            _fsync_directory(str(target.parent))
    finally:
        for tmp, _target in staged:
            with suppress(OSError):
                os.unlink(tmp)
    return [target_of(path) for path, _data in files]


def remove_stale_temporaries(folder: str | os.PathLike[str], max_age: float = STALE_AFTER) -> int:
    """Remove the ``.NAME.XXXXXXXX.tmp`` files of this user older than ``max_age`` seconds in
    ``folder`` (what a save killed with kill -9 leaves); returns how many went. Best effort:
    a file that cannot be removed stays."""
    removed = 0
    now = time.time()
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _TEMPORARY.fullmatch(entry.name):
            continue
        with suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or (uid is not None and st.st_uid != uid):
                continue
            if now - st.st_mtime < max_age:
                continue
            os.unlink(entry.path)
            removed += 1
    return removed


def _fsync_directory(directory: str) -> None:
    # The rename is durable only once the folder is synced; best effort (not on Windows).
    if not hasattr(os, "O_DIRECTORY"):
        return
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---------------------------------------------------------------------------------------------
# Zip archives read in memory, never trusted


class ArchiveError(Exception):
    """A zip archive that cannot be read within its limits. ``kind`` says why (callers word
    it): ``"not-zip"``, ``"directory"`` (a central directory too large to read), ``"members"``
    (too many members: ``count``), ``"declared"`` (``member`` declares more than allowed),
    ``"member-size"`` (``member`` holds more than the reader's limit),
    ``"total"`` (too large once unpacked), ``"ratio"`` (``member`` compressed suspiciously
    well), ``"missing"`` (no ``member``), ``"damaged"`` (``member``'s data are corrupt:
    bad deflate data, bad CRC, truncated)."""

    def __init__(self, kind: str, member: str = "", count: int = 0) -> None:
        super().__init__(kind, member)
        self.kind = kind
        self.member = member
        self.count = count


class ZipLimits:
    """The bounds an archive must respect: members, declared size of one and of all, a
    compression ratio no honest file reaches (for members over ``ratio_from`` bytes), and the
    size of the central directory zipfile reads whole before anyone can count its entries."""

    def __init__(self, *, members: int, member_size: int, total: int, ratio: float = 250.0,
                 ratio_from: int = 1 << 20, directory: int = 4 << 20) -> None:
        self.members = members
        self.member_size = member_size
        self.total = total
        self.ratio = ratio
        self.ratio_from = ratio_from
        self.directory = directory


# ZIP end records, as zipfile finds them.
_EOCD = struct.Struct("<4s4H2LH")
_EOCD_SIG = b"PK\x05\x06"
_Z64_LOCATOR_SIZE = 20
_Z64_LOCATOR_SIG = b"PK\x06\x07"
_Z64_EOCD = struct.Struct("<4sQ2H2L4Q")
_Z64_EOCD_SIG = b"PK\x06\x06"
_MAX_COMMENT = 1 << 16


def open_zip(fp: IO[bytes], size: int, limits: ZipLimits) -> zipfile.ZipFile:
    """``fp`` (``size`` bytes) opened as a zip archive after checking its central directory
    against ``limits``: its own size, the member count, every declared size and the total,
    the compression ratios. Raises ArchiveError."""
    cd_size = _central_directory_size(fp, size)
    if cd_size is not None and cd_size > limits.directory:
        raise ArchiveError("directory")
    fp.seek(0)
    try:
        archive = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError):
        raise ArchiveError("not-zip") from None
    try:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise ArchiveError("members", count=len(infos))
        total = 0
        for info in infos:
            if info.file_size > limits.member_size:
                raise ArchiveError("declared", info.filename)
            if (info.file_size > limits.ratio_from
                    and info.file_size > limits.ratio * max(info.compress_size, 1)):
                raise ArchiveError("ratio", info.filename)
            total += info.file_size
        if total > limits.total:
            raise ArchiveError("total")
    except BaseException:
        archive.close()
        raise
    return archive


def read_member(archive: zipfile.ZipFile, member: str | zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, read in memory: at most ``limit`` bytes whatever the directory claims
    (ArchiveError ``"member-size"`` past that), ``"missing"`` when absent, ``"damaged"`` for
    corrupt data (bad deflate stream, CRC, truncation, unknown compression)."""
    name = member.filename if isinstance(member, zipfile.ZipInfo) else member
    try:
        info = member if isinstance(member, zipfile.ZipInfo) else archive.getinfo(member)
    except KeyError:
        raise ArchiveError("missing", name) from None
    if info.file_size > limit:
        raise ArchiveError("member-size", name)
    try:
        with archive.open(info) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError, EOFError,
            NotImplementedError):
        raise ArchiveError("damaged", name) from None
    if len(data) > limit:
        raise ArchiveError("member-size", name)
    return data


def _central_directory_size(fp: IO[bytes], size: int) -> int | None:
    """The central directory size zipfile will read whole, or None if not found (this follows
    zipfile's own search for the end records)."""
    tail_len = min(size, _EOCD.size + _MAX_COMMENT + _Z64_LOCATOR_SIZE + _Z64_EOCD.size)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    end = len(tail) - _EOCD.size
    if end >= 0 and tail[end:end + 4] == _EOCD_SIG and tail[-2:] == b"\0\0":
        pos = end
    else:
        pos = tail.rfind(_EOCD_SIG, max(len(tail) - _MAX_COMMENT - _EOCD.size, 0))
        if pos < 0 or pos + _EOCD.size > len(tail):
            return None
    cd_size = _EOCD.unpack_from(tail, pos)[5]
    locator = pos - _Z64_LOCATOR_SIZE
    if locator >= 0 and tail[locator:locator + 4] == _Z64_LOCATOR_SIG:
        record = locator - _Z64_EOCD.size
        if record >= 0 and tail[record:record + 4] == _Z64_EOCD_SIG:
            cd_size = max(cd_size, _Z64_EOCD.unpack_from(tail, record)[8])
    return cd_size


# ---------------------------------------------------------------------------------------------
# Text files


class NotText(ValueError):
    """Bytes that are not a text: a NUL byte (outside UTF-16) anywhere in them, or a UTF-16
    text that does not decode. ``utf16`` is True for the latter."""

    def __init__(self, utf16: bool = False) -> None:
        super().__init__("utf-16" if utf16 else "binary")
        self.utf16 = utf16


def decode_text(data: bytes) -> str:
    """The text of a file's bytes: UTF-8 with or without BOM, UTF-16 with a BOM or without one
    (judged by where the NUL bytes fall), else Windows-1252, else Latin-1 (every byte is a
    letter there). A NUL anywhere in the whole text (not just its start) raises NotText, as
    does UTF-16 that does not decode. The BOM is dropped; nothing else is changed."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(data, "utf-16")
    elif b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise NotText()
        return _utf16(data, encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _utf16(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise NotText(utf16=True) from None
    if "\x00" in text:
        raise NotText()
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


# ---------------------------------------------------------------------------------------------
# Command-line arguments


def decode_argument(value: str) -> str:
    """A command-line text argument whose bytes were not UTF-8 (Python keeps them as lone
    surrogates) decoded as a text file is (:func:`decode_text`): ``Gr\\xe8ve`` typed in a
    Latin-1 terminal is "Grève", neither dropped letters nor a crash further on."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    return decode_text(os.fsencode(value))


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether ``a`` and ``b`` name the same file: another spelling, a symbolic link (on
    either side, even to a file not yet there) or a hard link."""
    try:
        if os.path.samefile(a, b):
            return True
    except (OSError, ValueError):
        pass
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False
