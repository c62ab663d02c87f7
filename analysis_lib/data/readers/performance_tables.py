"""DfE school performance tables, key stage 2 (``ks2final``), as DfE publishes them.

One CSV per academic year (layouts and year detection: :mod:`.ks2_layouts`). ``RECTYPE``
says what a row is: 1 mainstream school, 2 special school, 3 LA total, 4 England (all
schools), 5 England (state-funded; "maintained schools only" in DfE's 2013 metadata). The
files come with a UTF-8 byte-order mark, percentages written ``62%``, blanks written as a
space in the LA and England rows, DfE's symbols (``SUPP``, ``NE``, ``NP``, ``LOWCOV``,
``NA``, ...) kept per column in ``missing_reason``, and school rows shorter than the header
(trailing empty fields omitted). Schools listed without any KS2 result (no eligible pupils,
new schools) are dropped and counted; every other row is kept with its ``record_type``.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.data.readers import ks2_layouts
from analysis_lib.data.readers.base import bad_rows, numeric_columns, parse_la_codes, record_dropped
from analysis_lib.data.readers.csv_text import read_csv_text
from analysis_lib.errors import DataFileError

RECORD_TYPES = {1: "mainstream_school", 2: "special_school", 3: "la",
                4: "england_all_schools", 5: "england_state_funded"}
SCHOOL_RECORDS = ("mainstream_school", "special_school")
COUNTS = ("cohort", "disadvantaged_pupils", "other_pupils")
PERCENTS = ("pct_all", "pct_disadvantaged", "pct_other", "progress_english_pct",
            "progress_maths_pct")
SCORES = ("reading_progress", "writing_progress", "maths_progress")
SCORE_RANGE = (-50.0, 50.0)  # KS2 progress scores are centred on 0; published ones lie in +-25
VALUE_COLUMNS = COUNTS + PERCENTS + SCORES
IDENTIFIERS = ("RECTYPE", "LEA", "URN", "SCHNAME")


def read_ks2final(path) -> pd.DataFrame:
    """A ``ks2final`` file -> one row per school, LA and England record of that year.

    Columns: ``year``, ``record_type`` (see ``RECORD_TYPES``), ``urn`` and ``la_code``
    (Int64; missing on England rows), ``name`` (SCHNAME), ``key_stage``, ``measure``,
    ``regime``, the counts, percentages and progress scores of ``VALUE_COLUMNS`` (missing
    where the year's layout has no such column) and ``missing_reason``.
    """
    year = ks2_layouts.results_year(path)
    layout = ks2_layouts.layout_for(year, path)
    df = ks2_layouts.upper_columns(read_csv_text(path, [], short_rows=True), path)
    columns = ks2_layouts.resolve(df.columns, layout, year, path)
    ks2_layouts.check_previous_years(df.columns, year, path)
    missing = [c for c in IDENTIFIERS if c not in df]
    if missing:
        raise DataFileError(path, "required column missing from the header row",
                            column=missing[0], expected=f"DfE's columns {list(IDENTIFIERS)}")
    record = _record_types(df["RECTYPE"], path)
    values, why = _values(df, columns, path)
    out = pd.DataFrame({"year": year, "record_type": record}, index=df.index)
    school, area = record.isin(SCHOOL_RECORDS), record.isin(["la"])
    out["urn"] = _urns(df["URN"], school, path)
    lea = df["LEA"].astype("string").str.strip().replace("", pd.NA)
    bad_rows(path, (school | area) & lea.isna(), "school or LA row without an LA code", "LEA",
             "a 3-digit LA code on RECTYPE 1-3 rows")
    out["la_code"] = parse_la_codes(lea.where(school | area), path, "LEA")
    name = df["SCHNAME"].astype("string").str.strip().replace("", pd.NA)
    out["name"] = name.mask(record.str.startswith("england"), "England")
    out = out.assign(key_stage=2, measure=layout.measure, regime=layout.regime)
    for col in VALUE_COLUMNS:
        out[col] = values[col] if col in values else float("nan")
    out["missing_reason"] = why
    empty = school & values.isna().all(axis=1) & why.isna()
    record_dropped(out, path, f"schools listed without KS2 results in {year} (no eligible "
                   "pupils or new; DfE omits their trailing fields)", int(empty.sum()))
    attrs, out = dict(out.attrs), out[~empty].reset_index(drop=True)
    out.attrs = attrs
    return out


def _record_types(values: pd.Series, path) -> pd.Series:
    codes = pd.to_numeric(values.astype("string").str.strip(), errors="coerce")
    bad_rows(path, ~codes.isin(list(RECORD_TYPES)), "unknown record type", "RECTYPE",
             "1 (mainstream school), 2 (special school), 3 (LA), 4 or 5 (England)")
    return codes.map(RECORD_TYPES).astype("string")


def _urns(values: pd.Series, school: pd.Series, path) -> pd.Series:
    text = values.astype("string").str.strip()
    urn = pd.to_numeric(text, errors="coerce")
    bad_rows(path, school & (urn.isna() | (urn <= 0) | (urn % 1 != 0)), "school row without "
             "a valid URN", "URN", "a whole-number URN on every RECTYPE 1 and 2 row")
    return urn.where(school).astype("Int64")


def _values(df: pd.DataFrame, columns: dict[str, str], path) -> tuple[pd.DataFrame, pd.Series]:
    """Counts, percentages (``62%`` allowed) and progress scores, with their symbols."""
    def parse(kind: tuple[str, ...], **options):
        mapping = {columns[c]: c for c in kind if c in columns}
        return numeric_columns(df, mapping, path, **options)

    counts, why_counts = parse(COUNTS, nonneg=COUNTS)
    pcts, why_pcts = parse(PERCENTS, percent=PERCENTS, percent_sign=True)
    scores, why_scores = parse(SCORES, ranges=dict.fromkeys(SCORES, SCORE_RANGE))
    why = why_counts
    for part in (why_pcts, why_scores):
        why = why.mask(why.notna() & part.notna(), why + ";" + part).fillna(part)
    return pd.concat([counts, pcts, scores], axis=1), why
