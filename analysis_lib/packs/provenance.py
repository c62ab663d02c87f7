"""What a pack's outputs depend on: code version, package versions, data fingerprints, hashes."""

from __future__ import annotations

import platform
import subprocess
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import analysis_lib
from analysis_lib.code_version import code_identity, sha256_file, sha256_json, source_hash
from analysis_lib.context import PROJECT_ROOT

__all__ = ["code_version", "data_fingerprint", "package_versions", "sha256_file",
           "sha256_json", "source_hash", "table_fingerprints"]
PACKAGES = ("analysis_lib", "pandas", "numpy", "scipy", "statsmodels", "linearmodels",
            "moderndid", "pysyncon", "matplotlib", "seaborn", "pandera", "duckdb", "papermill",
            "nbclient", "nbconvert", "nbformat", "ipykernel", "jupyter_client", "pyzmq",
            "dask", "distributed", "tqdm", "pyyaml", "openpyxl", "selenium")


@lru_cache(maxsize=1)
def code_version() -> dict:
    """`git describe --always --dirty` (or the package version), the git commit, the package
    version and the hash of analysis_lib's sources (`code_version.code_identity`)."""
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--tags"], cwd=PROJECT_ROOT,
            capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        described = ""
    return {"version": described or f"analysis_lib {analysis_lib.__version__}",
            "git": bool(described), **code_identity()}


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


def table_fingerprints(source: str, data_dir: str = "") -> dict[str, str]:
    """Per tidy table, what its data are: ``content:`` the sha256 of the built, validated
    table (its Parquet file, written deterministically), so two packs show exactly which
    tables' data changed even when one published file feeds several tables; ``files:`` a
    hash of its input files and cited reference CSVs for a table not built (reference-only,
    or no files). Call after the tables are built (`analysis_lib.data.prepare`)."""
    from analysis_lib.data import store
    from analysis_lib.data.catalogue import REFERENCE_DIR, TABLES

    folder = Path(data_dir) if data_dir else None
    base = store.raw_dir(source, folder)
    prints = {}
    for name, spec in TABLES.items():
        built = store.build_info(spec, source, folder).get("parquet_sha256")
        if built:
            prints[name] = f"content:{built}"
            continue
        files = [p for ps in store.input_files(spec, source, folder).values() for p in ps]
        refs = [REFERENCE_DIR / r for r in spec.reference]
        prints[name] = "files:" + sha256_json([store.files_fingerprint(files, base),
                                               store.files_fingerprint(refs, REFERENCE_DIR)])
    return prints
