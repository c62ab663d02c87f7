"""Tables built from DfE's KS2 performance tables: the schools, and the published totals.

Every ``ks2final`` file feeds both: its school rows (``RECTYPE`` 1 and 2) become
``ks_attainment_school`` and its LA and England rows (``RECTYPE`` 3-5) become
``ks_attainment_school_totals``, against which the school rows are checked
(:mod:`analysis_lib.attainment.school_totals`). The same record may come in several files
(every LA's file repeats the England rows; a national and an LA file of one year repeat the
LA's schools): identical repeats are kept once and counted, differing ones raise.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.data.readers.base import record_dropped
from analysis_lib.data.readers.performance_tables import SCHOOL_RECORDS
from analysis_lib.errors import DataFileError

SCHOOL_TYPES = {"mainstream_school": "mainstream", "special_school": "special"}
TOTAL_KEY = ["year", "record_type", "la_code", "key_stage", "measure"]


def _once(frames: list[pd.DataFrame], key: list[str], what: str) -> pd.DataFrame:
    """Rows of all files with repeated records kept once; a record given differently raises."""
    out = pd.concat(frames, ignore_index=True)
    repeated = out.duplicated(key, keep=False)
    if repeated.any():
        rows = out[repeated].astype("string").fillna("<NA>")
        differ = rows.groupby(key, dropna=False).nunique().gt(1).any(axis=1)
        if differ.any():
            first = differ[differ].index[0]
            raise DataFileError(what, f"the record {dict(zip(key, first, strict=True))} is "
                                "given with different values by two ks2final files",
                                expected="one file per year and LA, or files that agree")
    dup = out.duplicated(key, keep="first")
    kept = out[~dup].sort_values(key, kind="stable").reset_index(drop=True)
    kept.attrs = {}
    record_dropped(kept, what, "records repeated in another ks2final file of the same year",
                   int(dup.sum()))
    return kept


def _with_file_drops(out: pd.DataFrame, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """``out`` with the rows its files' reader dropped on purpose added to ``attrs``."""
    dropped = {k: v for f in frames for k, v in f.attrs.get("dropped", {}).items()}
    out.attrs["dropped"] = {**dropped, **out.attrs.get("dropped", {})}
    return out


def ks_attainment_school(parts: dict[str, list], source: str) -> pd.DataFrame:
    """School rows of every file: ``school_type`` mainstream or special, one row per URN and
    year (LA and England rows go to ``ks_attainment_school_totals``)."""
    frames = [f[f["record_type"].isin(SCHOOL_RECORDS)] for f in parts["ks2final"]]
    out = _once(frames, ["year", "urn", "key_stage", "measure"], "ks_attainment_school")
    attrs = out.attrs
    out = out.assign(school_type=out["record_type"].map(SCHOOL_TYPES),
                     urn=out["urn"].astype(int)).rename(columns={"name": "school_name"})
    out = out.drop(columns="record_type")
    out.attrs = attrs
    return _with_file_drops(out, parts["ks2final"])


def ks_attainment_school_totals(parts: dict[str, list], source: str) -> pd.DataFrame:
    """LA (``record_type`` la) and England rows as published in the performance tables."""
    frames = [f[~f["record_type"].isin(SCHOOL_RECORDS)] for f in parts["ks2final"]]
    out = _once(frames, TOTAL_KEY, "ks_attainment_school_totals")
    attrs = out.attrs
    out = out.drop(columns="urn").rename(columns={"name": "area_name"})
    out.attrs = attrs
    return out
