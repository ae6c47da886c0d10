"""The user's identities: one file each in ``identities/`` of the user's data folder
(``$PANCARTE_IDENTITIES`` names another folder), written atomically."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from pancarte.i18n import _
from pancarte.identity.model import SUFFIX, Identity, IdentityError, from_zip, to_zip

ENV_VAR = "PANCARTE_IDENTITIES"
MAX_FILE = 130 * 2**20


def folder(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    value = env.get(ENV_VAR, "").strip()
    if value:
        return Path(os.path.expanduser(value))
    import platformdirs

    return Path(platformdirs.user_data_dir("pancarte", appauthor=False)) / "identities"


def file_name(name: str) -> str:
    """A portable file name for the identity called ``name``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower()[:40] or "identite"
    digest = hashlib.sha1(name.casefold().encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}{SUFFIX}"


def read_file(path: str | os.PathLike) -> Identity:
    from pancarte.files import read_or_refuse

    p = Path(path)
    data = read_or_refuse(p, MAX_FILE, IdentityError,
                          _("{path} is too large for an identity file", path=p.name))
    return from_zip(data, p.name)


def list_identities() -> list[Identity]:
    d = folder()
    if not d.is_dir():
        return []
    out = []
    for p in sorted(d.glob(f"*{SUFFIX}")):
        try:
            out.append(read_file(p))
        except IdentityError:
            continue  # a damaged file is skipped, never fatal to the list
    return sorted(out, key=lambda i: i.name.casefold())


def path_of(name: str) -> Path:
    return folder() / file_name(name)


def load(name: str) -> Identity:
    p = path_of(name.strip())
    if not p.is_file():
        raise IdentityError(_("no identity called “{name}” (see “pancarte identity list”)",
                              name=name))
    return read_file(p)


def exists(name: str) -> bool:
    return path_of(name.strip()).is_file()


def save(identity: Identity) -> Path:
    from pancarte.files import write_atomic

    d = folder()
    try:
        d.mkdir(parents=True, exist_ok=True)
        return write_atomic(d / file_name(identity.name), to_zip(identity))
    except OSError as exc:
        raise IdentityError(_("cannot write {path}: {reason}", path=str(d),
                              reason=exc.strerror or exc)) from None


def remove(name: str) -> None:
    p = path_of(name.strip())
    if not p.is_file():
        raise IdentityError(_("no identity called “{name}” (see “pancarte identity list”)",
                              name=name))
    try:
        p.unlink()
    except OSError as exc:
        raise IdentityError(_("cannot remove {path}: {reason}", path=str(p),
                              reason=exc.strerror or exc)) from None
