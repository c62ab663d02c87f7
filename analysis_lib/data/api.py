"""The one entry point for data: ``load(table, ...)`` returns a validated tidy table.

Phases: published files (official in ``data/raw`` or ``data_dir``; synthetic in
``data/synthetic/raw``) -> readers -> builders -> schema validation -> Parquet cache ->
DuckDB query for the LA and year filters -> pandas. A table is validated once: a Parquet
table when built (loads check the file is byte for byte the one validated), a reference CSV
the first time a process reads that exact file (kept in memory, keyed on its SHA-256).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pandas as pd

from analysis_lib.data import build, store
from analysis_lib.data.catalogue import REFERENCE_DIR, SOURCES, TABLES, table
from analysis_lib.data.schemas import SCHEMAS
from analysis_lib.errors import DataFileError, DataNotAvailableError, ParameterError

#: Tables that are read from data/reference whatever the source.
REFERENCE_ONLY = {name for name, t in TABLES.items() if not t.inputs}
_VALIDATED_REFERENCE: dict[tuple[str, str], pd.DataFrame] = {}


def tables() -> pd.DataFrame:
    """Every table: name, one-line description, year column and whether it is reference data."""
    return pd.DataFrame([{"table": t.name, "description": t.description,
                          "year_column": t.year_column, "reference": t.name in REFERENCE_ONLY}
                         for t in TABLES.values()])


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise ParameterError(f"unknown data source {source!r}; use one of {SOURCES}")


def _la_codes(la) -> list[int] | None:
    if la is None:
        return None
    from analysis_lib import geography

    values = [la] if isinstance(la, str | int) else list(la)
    return [geography.resolve_la(v)[0] for v in values]


def _year_range(years) -> tuple[int, int] | None:
    if years is None:
        return None
    if isinstance(years, int):
        years = (years, years)
    values = list(years)
    if len(values) != 2 or not all(isinstance(v, int) for v in values):
        raise ParameterError(f"years must be an inclusive (first, last) pair of integers, "
                             f"got {years!r}")
    if values[0] > values[1]:
        raise ParameterError(f"years {years!r}: the first year is after the last")
    return values[0], values[1]


def _where(spec, df_columns: Iterable[str], la: list[int] | None, years,
           include_benchmarks: bool) -> tuple[str, list]:
    clauses, params = [], []
    columns = set(df_columns)
    if la is not None and "la_code" in columns:
        marks = ", ".join("?" for _ in la)
        keep = f"la_code IN ({marks})"
        if include_benchmarks:
            keep += (" OR geographic_level <> 'Local authority'"
                     if "geographic_level" in columns else " OR la_code IS NULL")
        clauses.append(f"({keep})")
        params += la
    if years is not None and spec.year_column in columns:
        col = spec.year_column
        expr = col if col == "year" else f"year({col})"
        clauses.append(f"{expr} BETWEEN ? AND ?")
        params += list(years)
    return " AND ".join(clauses), params


def _filter_frame(spec, df: pd.DataFrame, la, years, include_benchmarks) -> pd.DataFrame:
    where, params = _where(spec, df.columns, la, years, include_benchmarks)
    if not where:
        return df
    import duckdb

    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        con.register("t", df)
        return con.execute(f"SELECT * FROM t WHERE {where}", params).df()


def load(name: str, *, source: str = "synthetic", data_dir=None, la=None, years=None,
         include_benchmarks: bool = True) -> pd.DataFrame:
    """A validated tidy table.

    Parameters: ``source`` ``"synthetic"`` (the embedded default, made by ``evidence data
    synth``) or ``"official"`` (published files in ``data/raw`` or ``data_dir``, e.g.
    ``"../shared/data/real"``); ``la`` one LA or a list (3-digit codes, names or GSS codes)
    keeping that LA's rows, plus National and Regional rows (and rows without an LA, such as
    national facts) while ``include_benchmarks``; ``years`` an inclusive ``(first, last)``
    pair (or one year) applied to the table's year column or the year of its date column.

    Raises DataNotAvailableError when the source has no files for the table or the filters
    leave no rows, ParameterError for unknown tables, sources, LAs or impossible years, and
    DataFileError for files that do not match their published format.
    """
    spec = table(name)
    _check_source(source)
    la_codes, year_range = _la_codes(la), _year_range(years)
    if name in REFERENCE_ONLY:
        df = _filter_frame(spec, _reference(name), la_codes, year_range, include_benchmarks)
    else:
        path = store.ensure_built(spec, source, data_dir)
        where, params = _where(spec, store.columns(path), la_codes, year_range,
                               include_benchmarks)
        df = store.query(path, where, params)
    if df.empty:
        raise DataNotAvailableError(
            f"table {name!r} ({source}) has no rows for la={la!r}, years={years!r}")
    return _schema_dtypes(name, df)


def _reference(name: str) -> pd.DataFrame:
    """A reference table, validated the first time this process reads its file's content."""
    file = table(name).reference[0]
    key = (name, store.sha256(REFERENCE_DIR / file))
    if key not in _VALIDATED_REFERENCE:
        _VALIDATED_REFERENCE[key] = store.validate(name, build.read_reference(file),
                                                   REFERENCE_DIR / file)
    return _VALIDATED_REFERENCE[key].copy()


def _schema_dtypes(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Give columns the schema's dtypes (DuckDB returns nullable integers as floats)."""
    for column, spec in SCHEMAS[name].columns.items():
        target = str(spec.dtype)
        if column in df and target != "str" and str(df[column].dtype) != target:
            df[column] = df[column].astype(target)
    return df


def fingerprint(source: str = "synthetic", data_dir=None) -> str:
    """Stable hash of every raw input of a source and the cited reference CSVs (file names,
    sizes and SHA-256 contents): the data version recorded with each output."""
    _check_source(source)
    base = store.raw_dir(source, data_dir)
    files = sorted({p for spec in TABLES.values()
                    for ps in store.input_files(spec, source, data_dir).values() for p in ps})
    return hashlib.sha256((store.files_fingerprint(files, base) + store.files_fingerprint(
        sorted(REFERENCE_DIR.glob("*.csv")), REFERENCE_DIR)).encode()).hexdigest()


def prepare(source: str = "synthetic", data_dir=None) -> None:
    """Build (if needed) every table the source has files for and hash its inputs: done once
    per pack before the runs, and in each kernel fork server, whose kernels then start with
    the file hashes cached. Problems are left for the runs that load the table to report."""
    fingerprint(source, data_dir)
    for name, spec in TABLES.items():
        try:
            if name in REFERENCE_ONLY:
                _reference(name)
            else:
                store.ensure_built(spec, source, data_dir)
        except (DataNotAvailableError, DataFileError):
            continue


def build_all(source: str = "synthetic", data_dir=None) -> dict[str, dict]:
    """Build every table that has files for the source; returns table -> build metadata,
    ``{"not_available": reason}`` or ``{"error": message}`` for a file that fails its format
    (the other tables are still built)."""
    _check_source(source)
    memo: dict = {}
    report = {}
    for name, spec in TABLES.items():
        if name in REFERENCE_ONLY:
            continue
        try:
            store.build_table(spec, source, data_dir, memo)
            report[name] = store.build_info(spec, source, data_dir)
        except DataNotAvailableError as err:
            report[name] = {"not_available": str(err)}
        except DataFileError as err:
            report[name] = {"error": str(err)}
    return report
