"""Pupil-level KS2 results (synthetic only: the National Pupil Database is not public)."""

from __future__ import annotations

import pyarrow.parquet as pq

from analysis_lib.errors import DataFileError

COLUMNS = ["year", "urn", "la_code", "disadvantaged", "score"]


def read_ks2_pupils(path):
    """Parquet of pupils (``year``, ``urn``, ``la_code``, ``disadvantaged``, ``score``) as an
    Arrow table, so that millions of rows never pass through pandas row by row."""
    try:
        table = pq.read_table(path)
    except Exception as err:  # pyarrow raises several unrelated types for a bad file
        raise DataFileError(path, f"not a readable Parquet file ({err})") from err
    missing = [c for c in COLUMNS if c not in table.column_names]
    if missing:
        raise DataFileError(path, "required column missing", column=missing[0],
                            expected=f"columns {COLUMNS}")
    if table.num_rows == 0:
        raise DataFileError(path, "the file has no rows")
    return table.select(COLUMNS)
