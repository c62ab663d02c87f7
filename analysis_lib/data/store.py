"""Built tables cached as Parquet, keyed by a fingerprint of their inputs, queried with DuckDB.

``data/processed/<source>/<table>.parquet`` (``official_<hash>`` for a non-default data
directory) sits next to ``<table>.json``: the fingerprint, row count and the rows dropped on
purpose. The fingerprint hashes each input file's name, size and SHA-256 (a file's SHA-256 is
recomputed only when its size or modification time changes) plus the code of the readers and
schemas, so a changed raw file or reader rebuilds the table; an untouched one is reused.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
import pandera.errors as pe
import pyarrow as pa
import pyarrow.parquet as pq

from analysis_lib.data.catalogue import PROJECT_DIR, REFERENCE_DIR, Table
from analysis_lib.data.schemas import SCHEMAS
from analysis_lib.errors import DataFileError, DataNotAvailableError

log = logging.getLogger("analysis_lib.data")
CODE_FILES = ("readers/*.py", "build*.py", "*schemas.py", "suppression.py")
_SHA_CACHE: dict[tuple[str, int, int], str] = {}
RACY_SECONDS = 2
#: Frames read in this process, keyed by reader, path and content hash: a file feeding several
#: tables (LAIT long feeds three; each year's ks2final feeds two) is read once. Only files that
#: feed more than one table are kept (as tidy frames), and the memo is cleared before a table
#: is read when it holds more than a series of yearly files can fill: with fewer, a series
#: longer than the cap was read again for every table it feeds.
_READ_MEMO: dict = {}
READ_MEMO_MAX = 40


def raw_dir(source: str, data_dir=None) -> Path:
    """Where a source's published-format files live (``data_dir`` overrides the default)."""
    if data_dir is not None:
        path = Path(data_dir)
        return path / "raw" if source == "synthetic" and (path / "raw").is_dir() else path
    return PROJECT_DIR / "data" / ("synthetic/raw" if source == "synthetic" else "raw")


def processed_dir(source: str, data_dir=None) -> Path:
    """Cache folder for a source (``EVIDENCE_PROCESSED_DIR`` overrides data/processed)."""
    root = Path(os.environ.get("EVIDENCE_PROCESSED_DIR", PROJECT_DIR / "data" / "processed"))
    if data_dir is None:
        return root / source
    key = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:10]
    return root / f"{source}_{key}"


def input_files(spec: Table, source: str, data_dir=None) -> dict[str, list[Path]]:
    """Input key -> matching files (sorted) for a table; empty lists where none match."""
    base = raw_dir(source, data_dir)
    return {i.key: sorted(base.glob(i.glob())) for i in spec.inputs_for(source)}


def has_inputs(spec: Table, source: str, files: dict[str, list[Path]]) -> bool:
    """Whether a table can be built: a non-optional input has files, or it is built from
    reference CSVs for this source (la_inspections from official)."""
    required = [i.key for i in spec.inputs_for(source) if not i.optional]
    return any(files.get(k) for k in required) or (source == "official" and bool(spec.reference))


def not_available(spec: Table, source: str, data_dir=None) -> DataNotAvailableError:
    base = raw_dir(source, data_dir)
    globs = ", ".join(i.glob() for i in spec.inputs_for(source)) or "(none for this source)"
    hint = ("run `evidence data synth`" if source == "synthetic"
            else "run `evidence data fetch` or pass data_dir")
    return DataNotAvailableError(f"table {spec.name!r} has no {source} files in {base} "
                                 f"(looked for {globs}); {hint}")


def sha256(path: Path) -> str:
    """SHA-256 of a file, cached on (path, size, mtime) within the process.

    A file modified in the last ``RACY_SECONDS`` is hashed again on every call: file times are
    coarse (a few milliseconds), so a same-size rewrite within that tick would otherwise keep
    the old hash and reuse a table built from the old content (git's "racy clean" problem).
    """
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key in _SHA_CACHE:
        return _SHA_CACHE[key]
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if time.time_ns() - st.st_mtime_ns > RACY_SECONDS * 1_000_000_000:
        _SHA_CACHE[key] = digest.hexdigest()
    return digest.hexdigest()


def code_fingerprint() -> str:
    """Hash of the reader, builder and schema code (a code change rebuilds tables)."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for pattern in CODE_FILES:
        for path in sorted(here.glob(pattern)):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def files_fingerprint(files: list[Path], base: Path) -> str:
    """Hash of file names (relative to ``base``), sizes and contents."""
    digest = hashlib.sha256()
    for path in sorted(files):
        name = path.relative_to(base) if path.is_relative_to(base) else path.name
        digest.update(f"{name}|{path.stat().st_size}|{sha256(path)}\n".encode())
    return digest.hexdigest()


def table_fingerprint(spec: Table, files: dict[str, list[Path]], base: Path) -> str:
    inputs = [p for ps in files.values() for p in ps]
    refs = [REFERENCE_DIR / r for r in spec.reference]
    return hashlib.sha256((code_fingerprint() + files_fingerprint(inputs, base)
                           + files_fingerprint(refs, REFERENCE_DIR)).encode()).hexdigest()


def _read_inputs(spec: Table, files: dict[str, list[Path]], memo: dict) -> dict[str, list]:
    by_key = {i.key: i for i in spec.inputs}
    if len(memo) > READ_MEMO_MAX:
        memo.clear()
    parts = {}
    for key, paths in files.items():
        parts[key] = []
        for path in paths:
            memo_key = (by_key[key].reader, str(path), sha256(path))
            if memo_key in memo:
                parts[key].append(memo[memo_key])
                continue
            frame = by_key[key].reader(path)
            if by_key[key].shared:
                memo[memo_key] = frame
            parts[key].append(frame)
    return parts


def validate(name: str, df: pd.DataFrame, where) -> pd.DataFrame:
    """Check a table against its schema; failures raise DataFileError naming the first problem
    (column, failing check and the first offending rows)."""
    try:
        return SCHEMAS[name].validate(df, lazy=True)
    except pe.SchemaErrors as err:
        cases = err.failure_cases
        first = cases.iloc[0]
        rows = [int(i) + 1 for i in cases["index"].dropna().head(10)]
        raise DataFileError(where, f"table {name!r} fails its schema: {first['check']}"
                            f" ({len(cases)} failures, e.g. value {first['failure_case']!r};"
                            " rows are those of the combined table)",
                            column=str(first["column"]), rows=rows,
                            expected=f"the {name} schema in analysis_lib/data/schemas.py"
                            ) from err


def build_table(spec: Table, source: str, data_dir=None, memo: dict | None = None) -> Path:
    """Read, combine, validate and write one table; returns the Parquet path."""
    files = input_files(spec, source, data_dir)
    if not has_inputs(spec, source, files):
        raise not_available(spec, source, data_dir)
    base, out_dir = raw_dir(source, data_dir), processed_dir(source, data_dir)
    fingerprint = table_fingerprint(spec, files, base)
    started = time.perf_counter()
    try:
        parts = _read_inputs(spec, files, _READ_MEMO if memo is None else memo)
    except FileNotFoundError as err:
        raise DataNotAvailableError(
            f"{err.filename} disappeared while building {spec.name!r} (were the raw files "
            "being rewritten, e.g. by `evidence data synth`?); run the command again") from err
    df = spec.builder(parts, source)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{spec.name}.parquet"
    if isinstance(df, pa.Table):  # large tables: typed and checked by the builder in Arrow
        dropped = {}
        _atomic(path, lambda tmp: pq.write_table(df, tmp))
    else:
        dropped = dict(df.attrs.get("dropped", {}))
        df.attrs = {}
        df = validate(spec.name, df, base / spec.inputs_for(source)[0].folder)
        _atomic(path, lambda tmp: df.to_parquet(tmp, index=False))
    meta = {"table": spec.name, "source": source, "fingerprint": fingerprint,
            "parquet_sha256": sha256(path), "rows": len(df),
            "files": [str(p) for ps in files.values() for p in ps], "dropped": dropped,
            "build_seconds": round(time.perf_counter() - started, 3)}
    _atomic(path.with_suffix(".json"),
            lambda tmp: Path(tmp).write_text(json.dumps(meta, indent=1)))
    for reason, count in dropped.items():
        log.info("%s: dropped %d rows: %s", spec.name, count, reason)
    return path


def _atomic(path: Path, write) -> None:
    """Write via a temporary file and rename, so parallel readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def ensure_built(spec: Table, source: str, data_dir=None) -> Path:
    """The table's Parquet file, rebuilt when its inputs or code changed, or when the file is
    no longer the one that was validated and written (its SHA-256 is kept in the metadata)."""
    files = input_files(spec, source, data_dir)
    if not has_inputs(spec, source, files):
        raise not_available(spec, source, data_dir)
    path = processed_dir(source, data_dir) / f"{spec.name}.parquet"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        fingerprint = table_fingerprint(spec, files, raw_dir(source, data_dir))
        built = json.loads(meta.read_text())
        if built.get("fingerprint") == fingerprint and built.get("parquet_sha256") == sha256(path):
            return path
    return build_table(spec, source, data_dir)


def build_info(spec: Table, source: str, data_dir=None) -> dict:
    """The metadata written with a built table (fingerprint, rows, dropped rows)."""
    meta = processed_dir(source, data_dir) / f"{spec.name}.json"
    return json.loads(meta.read_text()) if meta.exists() else {}


def columns(path: Path) -> list[str]:
    """Column names of a Parquet table."""
    return pq.read_schema(path).names


def query(path: Path, where: str = "", params: list | None = None) -> pd.DataFrame:
    """Rows of a Parquet table matching a SQL ``where`` clause, through DuckDB."""
    if not where:
        return pd.read_parquet(path)
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        sql = f"SELECT * FROM read_parquet(?) WHERE {where}"
        return con.execute(sql, [str(path), *(params or [])]).df()
