"""Disk cache for LA-independent computations shared by many runs of a pack.

Some results do not depend on the chosen LA (a model fitted on every LA, the placebo fits
of a permutation test). Computing them once per data fingerprint and parameters keeps an
all-LA pack fast; each run still executes in its own kernel. Entries are written atomically
and keyed by the data fingerprint and by the hash of analysis_lib's sources
(`code_version.source_hash`), so neither new data nor changed code ever reads a stale result.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

from analysis_lib.code_version import source_hash
from analysis_lib.context import PROJECT_ROOT

DEFAULT_CACHE_DIR = PROJECT_ROOT / "data" / "processed" / "cache"


def cache_dir() -> Path:
    """Where entries live: ``EVIDENCE_CACHE_DIR`` (read at each call, so a process can give
    each synthetic England of the validation harness its own folder) or the default."""
    return Path(os.environ.get("EVIDENCE_CACHE_DIR", DEFAULT_CACHE_DIR))


def cache_key(name: str, key: dict) -> str:
    """Stable file stem for a computation name, its JSON-serialisable key and the code that
    computes it (the hash of analysis_lib's sources: editing any function is a new key)."""
    keyed = {"key": key, "analysis_lib_sources_sha256": source_hash()}
    digest = hashlib.sha256(json.dumps(keyed, sort_keys=True, default=str).encode()).hexdigest()
    return f"{name}-{digest[:20]}"


_FINGERPRINTS: dict[int, tuple[object, str]] = {}


def run_fingerprint(ctx) -> str:
    """The data fingerprint of a run's source (`analysis_lib.data.fingerprint`), hashed once
    per run context: it reads every raw file."""
    from analysis_lib.data import fingerprint

    if id(ctx) not in _FINGERPRINTS or _FINGERPRINTS[id(ctx)][0] is not ctx:
        _FINGERPRINTS[id(ctx)] = (ctx, fingerprint(ctx.data_source, ctx.data_dir))
    return _FINGERPRINTS[id(ctx)][1]


def run_key(ctx, **parts) -> dict:
    """The key of a computation for a run: its data fingerprint and ``parts`` (the analysis
    parameters the result depends on); `cache_key` adds the code's hash."""
    return {"data": run_fingerprint(ctx), **parts}


def memoise(name: str, key: dict, compute: Callable[[], object]) -> object:
    """Return the cached result for (name, key), computing and storing it on a miss.

    ``key`` must include everything the result depends on apart from the code (added by
    `cache_key`): for a run's computation, `run_key`. Set the environment variable
    ``EVIDENCE_NO_CACHE=1`` to always recompute.
    """
    path = cache_dir() / f"{cache_key(name, key)}.pkl"
    if path.exists() and not os.environ.get("EVIDENCE_NO_CACHE"):
        with path.open("rb") as handle:
            return pickle.load(handle)
    result = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return result
