"""User templates: documents saved as ``.pancarte`` files in the user's data folder
(``templates/``), listed in the gallery next to the bundled templates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from pancarte.model.document import Document
from pancarte.model.fileformat import load_document, save_document


@dataclass(frozen=True)
class UserTemplate:
    name: str
    path: Path


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:60] or "modele"


def save_user_template(doc: Document, name: str, folder: Path) -> Path:
    """Save ``doc`` as the user template ``name`` (replacing one of the same name); returns
    its path. Raises ExportError when the folder cannot be written."""
    from pancarte.errors import ExportError
    from pancarte.i18n import _

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(_("cannot write {path}: {reason}", path=str(folder),
                            reason=exc.strerror or exc)) from exc
    path = folder / f"{slug(name)}.pancarte"
    save_document(replace(doc, title=name.strip()[:500]), path)
    return path


def list_user_templates(folder: Path) -> list[UserTemplate]:
    """The user's templates, by name; unreadable files are skipped."""
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.pancarte")):
        out.append(UserTemplate(_name_of(path), path))
    return sorted(out, key=lambda t: t.name.casefold())


def _name_of(path: Path) -> str:
    """The template's title without reading the whole file (the file name as a fallback); the
    archive is read within the document loader's limits (a pipe or a hostile zip is skipped)."""
    import json
    import os

    from pancarte.files import ArchiveError, ZipLimits, open_regular, open_zip, read_member
    from pancarte.model import fileformat as ff

    limits = ZipLimits(members=ff.MAX_MEMBERS, member_size=ff.MAX_MEMBER_SIZE,
                       total=ff.MAX_TOTAL_SIZE, directory=ff.MAX_CENTRAL_DIRECTORY)
    try:
        with open_regular(path) as fh, open_zip(fh, os.fstat(fh.fileno()).st_size, limits) as z:
            title = json.loads(read_member(z, "document.json", ff.MAX_JSON_SIZE)).get("title", "")
            if isinstance(title, str) and title.strip():
                return title.strip()
    except (OSError, ValueError, AttributeError, RecursionError, ArchiveError):
        pass
    return path.stem


def load_user_template(path: Path) -> Document:
    """A new document from the user template at ``path`` (DocumentError when unreadable)."""
    return load_document(path)
