"""What a pack's outputs depend on: code version, package versions, data fingerprint, hashes."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import analysis_lib
from analysis_lib.context import PROJECT_ROOT

PACKAGES = ("analysis_lib", "pandas", "numpy", "scipy", "statsmodels", "linearmodels",
            "moderndid", "pysyncon", "matplotlib", "seaborn", "pandera", "duckdb", "papermill",
            "nbclient", "nbconvert", "nbformat", "ipykernel", "jupyter_client", "pyzmq",
            "dask", "distributed", "tqdm", "pyyaml", "openpyxl")
LIB_DIR = Path(analysis_lib.__file__).resolve().parent


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
    """sha256 of the analysis_lib Python sources (path + content), the code the runs import."""
    files = sorted(p for p in LIB_DIR.rglob("*.py") if "__pycache__" not in p.parts)
    return sha256_json([(p.relative_to(LIB_DIR).as_posix(), sha256_file(p)) for p in files])


@lru_cache(maxsize=1)
def code_version() -> dict:
    """`git describe --always --dirty` (or the package version) plus the source hash."""
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--tags"], cwd=PROJECT_ROOT,
            capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        described = ""
    return {"version": described or f"analysis_lib {analysis_lib.__version__}",
            "git": bool(described), "analysis_lib_sources_sha256": source_hash()}


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def data_fingerprint(source: str, data_dir: str = "") -> str:
    """The data version the runs read (`analysis_lib.data.fingerprint`)."""
    from analysis_lib.data import fingerprint  # the data layer, only when a pack needs it

    return fingerprint(source, Path(data_dir) if data_dir else None)
