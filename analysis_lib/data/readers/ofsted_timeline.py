"""A third-party compilation of Ofsted school judgements and the school spine it is keyed on.

* ``ofsted_ratings_timeline_*.csv``: ``URN``, ``Rating``, ``Inspection Date`` (YYYYMMDD), one row
  per published judgement, collected from Ofsted's reports site for every school in DfE's
  2017-18 performance-tables spine. Not Ofsted's management information: no inspection type,
  no LA, exact duplicate rows, and 'Satisfactory' and 'Requires Improvement' both meaning
  grade 3 (the word changed in September 2012; both words appear on either side of it).
* ``school_details_*_spine.csv``: the spine (``URN``, ``Name``, ``Type``, ``Primary`` /
  ``Secondary`` flags, ``Date Opened`` / ``Date Closed`` as YYYYMMDD, ``Rating``, ``Local
  Authority`` as the 3-digit code), saved as Windows-1252.

Every row read from the timeline carries `TIMELINE_SOURCE` in its ``source`` column, so the
label travels with the data into every table, chart and report built from it.
"""

from __future__ import annotations

import logging

import pandas as pd

from analysis_lib.data.readers.base import (
    bad_rows,
    check_unique,
    parse_dates,
    parse_la_codes,
    record_dropped,
)
from analysis_lib.data.readers.csv_text import read_csv_text
from analysis_lib.data.readers.ofsted_schools import RATINGS, framework_for
from analysis_lib.data.suppression import parse_numeric

log = logging.getLogger("analysis_lib.data")

TIMELINE_SOURCE = ("a third-party compilation of Ofsted's published judgements (not Ofsted's "
                   "management information)")
SPINE_SOURCE = "DfE 2017-18 performance-tables school spine (as derived by a third party)"
#: Ofsted's categories of concern are all grade 4 (inadequate).
TIMELINE_RATINGS = {**RATINGS, "requires improvement to be good": 3, "special measures": 4,
                    "serious weaknesses": 4, "notice to improve": 4}
#: DfE codes in 600-799 are not English LAs (Welsh LAs; schools for service children abroad).
NOT_ENGLISH_LA_CODES = range(600, 800)
STATE_FUNDED_TYPES = ("maintained school", "academy", "special school", "free school")
COMPACT_DATE = r"\d{8}(\.0+)?"


def parse_compact_dates(values: pd.Series, path, column: str, *,
                        required: bool = True) -> pd.Series:
    """Dates written YYYYMMDD (``20130418``; a ``.0`` left by a spreadsheet is ignored), or any
    format `parse_dates` reads; impossible dates (``20131340``) raise naming the rows."""
    text = values.astype("string").str.strip()
    compact = text.str.fullmatch(COMPACT_DATE).fillna(False)
    out = pd.to_datetime(text.where(compact).str[:8], format="%Y%m%d", errors="coerce")
    bad = compact & out.isna()
    if bad.any():
        bad_rows(path, bad, f"impossible date {text[bad].iloc[0]!r}", column,
                 "a real calendar date written YYYYMMDD, e.g. 20130418")
    other = parse_dates(text.where(~compact), path, column, required=False)
    out = out.fillna(other)
    if required:
        bad_rows(path, out.isna(), "missing date", column, "a date on every row")
    return out.astype("datetime64[ns]")


def _urns(df: pd.DataFrame, path, column: str = "URN") -> pd.Series:
    text = df[column].astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    urn, _ = parse_numeric(text, path=path, column=column)
    bad_rows(path, urn.isna(), "missing URN", column, "a school URN on every row")
    bad_rows(path, (urn % 1 != 0) | (urn <= 0), "unreadable URN", column,
             "a whole positive number")
    return urn.astype(int)


def _ratings(df: pd.DataFrame, path, column: str) -> tuple[pd.Series, pd.Series]:
    """Grade 1-4 and the publisher's word (tidied), missing where the cell is blank."""
    word = df[column].astype("string").str.strip()
    grade = word.str.lower().str.replace(r"\s+", " ", regex=True).map(TIMELINE_RATINGS)
    unknown = word.notna() & grade.isna()
    bad_rows(path, unknown, f"unknown rating {word[unknown].head(1).tolist()}", column,
             "Outstanding, Good, Satisfactory, Requires Improvement or Inadequate")
    return grade.astype("Int64"), word.str.capitalize().astype("string")


def read_ratings_timeline(path) -> pd.DataFrame:
    """Ratings timeline -> ``school_inspections`` rows without LA or phase (the builder joins
    the school spine for those).

    Exact duplicate rows are dropped, and so is a second row for the same school and date
    with the same grade ('Satisfactory' beside 'Requires Improvement'); both are counted in
    ``attrs["dropped"]``. Two different grades for one school and date keep the first row in
    the file and are counted and logged as a conflict.
    """
    df = read_csv_text(path, ["URN", "Rating", "Inspection Date"])
    urn = _urns(df, path)
    date = parse_compact_dates(df["Inspection Date"], path, "Inspection Date")
    grade, word = _ratings(df, path, "Rating")
    out = pd.DataFrame({
        "urn": urn, "la_code": pd.array([pd.NA] * len(df), dtype="Int64"),
        "phase": pd.Series(pd.NA, index=df.index, dtype="string"),
        "inspection_date": date, "framework": framework_for(date),
        "overall_effectiveness": grade, "grade_label": word.fillna("Not judged"),
        "inspection_type": pd.Series(pd.NA, index=df.index, dtype="string"),
        "school_name": pd.Series(pd.NA, index=df.index, dtype="string"),
        "predecessor_urn": pd.array([pd.NA] * len(df), dtype="Int64"),
        "source": TIMELINE_SOURCE})
    key = ["urn", "inspection_date"]
    exact = df.duplicated(keep="first")
    same_grade = ~exact & out.duplicated([*key, "overall_effectiveness"], keep="first")
    conflict = ~exact & ~same_grade & out.duplicated(key, keep="first")
    if conflict.any():
        first = out[conflict].iloc[0]
        log.warning("%s: %d rows give a second, different grade for a school and date "
                    "(first: URN %s on %s); the first row in the file is kept", path,
                    int(conflict.sum()), first["urn"], first["inspection_date"].date())
    kept = out[~(exact | same_grade | conflict)]
    record_dropped(kept, path, "exact duplicate rows", int(exact.sum()))
    record_dropped(kept, path, "same school, date and grade under another word "
                   "('Satisfactory' / 'Requires Improvement')", int(same_grade.sum()))
    record_dropped(kept, path, "a second, different grade for the same school and date "
                   "(first row kept)", int(conflict.sum()))
    return kept


def _flag(df: pd.DataFrame, column: str, path) -> pd.Series:
    text = df[column].astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    bad_rows(path, ~text.isin(["0", "1"]), "unreadable flag", column, "0 or 1")
    return text == "1"


def _spine_phase(df: pd.DataFrame, kind: pd.Series, path) -> pd.Series:
    primary, secondary = _flag(df, "Primary", path), _flag(df, "Secondary", path)
    phase = pd.Series("other", index=df.index)  # all-through and post-16-only schools
    phase = phase.mask(primary & ~secondary, "primary").mask(~primary & secondary, "secondary")
    return phase.mask(kind.str.contains("special", na=False), "special")


def read_school_spine(path) -> pd.DataFrame:
    """School spine -> ``schools`` rows plus ``establishment_type`` and ``state_funded``.

    Rows under DfE codes that are not English LAs (600-799) are dropped and counted; other
    unknown LA codes raise. ``latest_overall_effectiveness`` is the spine's own latest rating.
    Independent schools and colleges are kept here, flagged ``state_funded = False``.
    """
    df = read_csv_text(path, ["URN", "Name", "Type", "Primary", "Secondary", "Date Opened",
                              "Date Closed", "Local Authority"])
    la_text = df["Local Authority"].astype("string").str.strip()
    la_number = pd.to_numeric(la_text, errors="coerce")
    abroad = la_number.isin(list(NOT_ENGLISH_LA_CODES))
    record_dropped(df, path, "schools under DfE codes that are not English LAs (600-799)",
                   int(abroad.sum()))
    attrs = dict(df.attrs)
    df = df[~abroad]
    kind = df["Type"].astype("string").str.strip().str.lower()
    latest, _ = (_ratings(df, path, "Rating") if "Rating" in df
                 else (pd.array([pd.NA] * len(df), dtype="Int64"), None))
    out = pd.DataFrame({
        "urn": _urns(df, path), "la_code": parse_la_codes(la_text[~abroad], path,
                                                         "Local Authority"),
        "school_name": df["Name"].astype("string").str.strip(),
        "phase": _spine_phase(df, kind, path),
        "open_date": parse_compact_dates(df["Date Opened"], path, "Date Opened",
                                         required=False),
        "close_date": parse_compact_dates(df["Date Closed"], path, "Date Closed",
                                          required=False),
        "predecessor_urn": pd.array([pd.NA] * len(df), dtype="Int64"),
        "is_academy": kind.str.contains("academy|free school", na=False).astype(bool),
        "disadvantaged_share": float("nan"),
        "latest_overall_effectiveness": latest,
        "establishment_type": df["Type"].astype("string").str.strip(),
        "state_funded": kind.isin(STATE_FUNDED_TYPES).astype(bool),
        "source": SPINE_SOURCE})
    check_unique(out, ["urn"], path)
    out.attrs = attrs
    return out
