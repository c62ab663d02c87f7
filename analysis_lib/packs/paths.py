"""Safe names and atomic writes for everything the pack runner puts on disk."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis_lib.context import PROJECT_ROOT, slug
from analysis_lib.errors import SpecError

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def check_name(kind: str, name: object) -> str | None:
    """A problem message if `name` is not a plain file name (no separators, no '..')."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name) or ".." in name:
        return (f"{kind} {name!r} must be 1-80 letters, digits, '_', '-' or '.', "
                f"start with a letter or digit and contain no '..' or '/'")
    return None


def la_slug(la_name: str) -> str:
    """The folder name of an LA's outputs (lower-case letters, digits and hyphens)."""
    return slug(la_name)


def inside(root: Path, *parts: str) -> Path:
    """`root/parts...`, refusing any result that would resolve outside `root`."""
    base = Path(root).resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise SpecError(f"refusing to write outside the output root {base}: {target}")
    return target


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success move it into place with os.replace.

    A crash or exception leaves `path` untouched (old content or absent), never half-written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; published files follow umask
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)
