"""DfE school performance tables, key stage 2 (one CSV per academic year end).

Before 2016 the headline is Level 4+ in English and maths (``em_level4``, with the % making
expected progress in English and maths); from 2016 the expected standard in reading, writing
and maths (``rwm_expected_standard``). Only mainstream school rows (``RECTYPE`` 1) are kept.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis_lib.data.readers.base import (
    check_unique,
    numeric_columns,
    parse_la_codes,
    record_dropped,
)
from analysis_lib.data.readers.csv_text import read_csv_text
from analysis_lib.errors import DataFileError

COUNTS = {"TELIG": "cohort", "TFSM6CLA1A": "disadvantaged_pupils",
          "TNOTFSM6CLA1A": "other_pupils"}
FROM_2016 = {"PTRWM_EXP": "pct_all", "PTFSM6CLA1ARWM_EXP": "pct_disadvantaged",
             "PTNOTFSM6CLA1ARWM_EXP": "pct_other"}
BEFORE_2016 = {"PTENGMATX": "pct_all", "PTFSM6CLA1AENGMATX": "pct_disadvantaged",
               "PTNOTFSM6CLA1AENGMATX": "pct_other", "PTENGPROG": "progress_english_pct",
               "PTMATPROG": "progress_maths_pct"}


def year_from_name(path) -> int:
    """Academic year end from a name such as ``ks2_school_performance_2016.csv``."""
    match = re.search(r"(\d{4})\D*$", Path(path).stem)
    if not match:
        raise DataFileError(path, "no year in the file name",
                            expected="ks2_school_performance_YYYY.csv (academic year end)")
    return int(match.group(1))


def read_ks2_school_performance(path) -> pd.DataFrame:
    """KS2 school performance table -> ``ks_attainment_school`` rows (one per school)."""
    year = year_from_name(path)
    measures = FROM_2016 if year >= 2016 else BEFORE_2016
    df = read_csv_text(path, ["RECTYPE", "LEA", "URN", *COUNTS, *measures])
    mainstream = df["RECTYPE"].astype("string").str.strip() == "1"
    record_dropped(df, path, "rows that are not mainstream schools (RECTYPE != 1)",
                   int((~mainstream).sum()))
    attrs, df = dict(df.attrs), df[mainstream]
    percent = tuple(measures.values())
    nums, why = numeric_columns(df, {**COUNTS, **measures, "URN": "urn"}, path,
                                percent=percent, percent_sign=True,
                                nonneg=tuple(COUNTS.values()))
    out = nums.assign(
        year=year, la_code=parse_la_codes(df["LEA"], path, "LEA"), key_stage=2,
        measure="rwm_expected_standard" if year >= 2016 else "em_level4",
        regime="expected_standard" if year >= 2016 else "levels",
        missing_reason=why.str.replace(r"(^|;)urn=[^;]*", "", regex=True).replace("", pd.NA))
    if out["urn"].isna().any():
        raise DataFileError(path, "missing URN", column="URN")
    out["urn"] = out["urn"].astype(int)
    for col in ("progress_english_pct", "progress_maths_pct"):
        if col not in out:
            out[col] = float("nan")
    check_unique(out, ["urn"], path)
    out.attrs = attrs
    return out.reset_index(drop=True)
