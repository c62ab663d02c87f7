"""Which code made an output: the hash of analysis_lib's sources and, in a git checkout, the
commit. Recorded in every `results.json` and `manifest.json`, and part of every disk-cache key
(`analysis_lib.cache`), so a result computed by older code is never reused."""

from __future__ import annotations

import hashlib
import json
import subprocess
from functools import lru_cache
from pathlib import Path

import analysis_lib

LIB_DIR = Path(analysis_lib.__file__).resolve().parent
PROJECT_ROOT = LIB_DIR.parent


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_json(value) -> str:
    """Hash of a JSON-serialisable value, independent of key order."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def source_hash() -> str:
    """sha256 of the analysis_lib Python sources (relative path + content of every .py file):
    any change to any function's source changes it."""
    return sources_hash()


def sources_hash(leave_out: frozenset[str] = frozenset()) -> str:
    """sha256 of the analysis_lib Python sources but those at the relative paths
    ``leave_out`` (e.g. ``"validation/report.py"``)."""
    files = sorted(p for p in LIB_DIR.rglob("*.py") if "__pycache__" not in p.parts
                   and p.relative_to(LIB_DIR).as_posix() not in leave_out)
    return sha256_json([(p.relative_to(LIB_DIR).as_posix(), sha256_file(p)) for p in files])


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


@lru_cache(maxsize=1)
def git_state() -> dict:
    """The checkout's commit and whether tracked files differ from it (``git_commit`` None
    when the code does not run from a git checkout)."""
    commit = _git("rev-parse", "--verify", "HEAD") or None
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no")) if commit else None
    return {"git_commit": commit, "git_dirty": dirty}


def code_identity() -> dict:
    """Package version, source hash and git state: what `results.json` records."""
    return {"analysis_lib_version": analysis_lib.__version__,
            "analysis_lib_sources_sha256": source_hash(), **git_state()}
