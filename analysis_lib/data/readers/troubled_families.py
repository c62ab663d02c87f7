"""Troubled Families: MHCLG progress by LA, and family-level records in the project's template.

The family template (``docs/troubled_families_template.md``) is one file of family records
(``tf_family_records_*.csv``, one row per family) and one of yearly outcomes
(``tf_family_outcomes_*.csv``, one row per family, year and outcome). The synthetic England
writes them under ``troubled_families/``; an LA's own records (``data_source="local"``) sit at
the top of ``data_dir``. Every check names the file, the column, the rows and what was expected.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis_lib.data.readers.base import (
    YEAR_RANGE,
    bad_rows,
    check_unique,
    numeric_columns,
    parse_dates,
    parse_la_codes,
)
from analysis_lib.data.readers.csv_text import read_csv_text
from analysis_lib.data.schemas import TF_FAMILIES, TF_FAMILY_OUTCOMES
from analysis_lib.data.tf_schemas import TF_OUTCOMES, TF_PHASE_YEARS

RECORDS_PATTERN = "tf_family_records_*.csv"
OUTCOMES_PATTERN = "tf_family_outcomes_*.csv"
#: A family file whose name contains this word is synthetic: every output is labelled so.
SYNTHETIC_MARK = "synthetic"
FLAGS = {"true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0}
FAMILY_FLAGS = ("treated", "lone_parent", "workless", "prior_cin", "prior_persistent_absence",
                "prior_offending")
PHASE_WORDS = "; ".join(f"phase {p}: {lo}-{hi}" for p, (lo, hi) in TF_PHASE_YEARS.items())
PROGRESS = {"Families to work with": "target_families",
            "Families identified": "families_identified",
            "Families worked with": "families_attached",
            "Families turned around": "families_turned_around"}


def read_tf_progress(path) -> pd.DataFrame:
    """MHCLG progress tables -> ``tf_la`` (cumulative counts by LA, phase and reporting date;
    ``missing_reason`` keeps any suppression symbol, e.g. ``families_turned_around=c``)."""
    df = read_csv_text(path, ["LA code", "Phase", "Date", *PROGRESS])
    nums, why = numeric_columns(df, PROGRESS, path, nonneg=tuple(PROGRESS.values()))
    phase = pd.to_numeric(df["Phase"].astype("string").str.strip(), errors="coerce")
    bad_rows(path, ~phase.isin([1, 2]), "unknown phase", "Phase", "1 or 2")
    out = pd.concat([pd.DataFrame({
        "la_code": parse_la_codes(df["LA code"], path, "LA code"),
        "la_name": df.get("Upper tier local authority"),
        "phase": phase.astype(int),
        "period_end": parse_dates(df["Date"], path, "Date")}), nums], axis=1)
    out["missing_reason"] = why
    check_unique(out, ["la_code", "phase", "period_end"], path)
    return out


def _typed(path, df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Parse columns of a family-level file as numbers; flags may be 0/1, true/false or
    yes/no (any case). Empty cells stay missing for the caller to judge."""
    out = pd.DataFrame(index=df.index)
    for col in columns:
        values = df[col]
        if pd.api.types.is_numeric_dtype(values):  # includes bool
            out[col] = values.astype(float)
            continue
        codes, uniques = pd.factorize(values)  # parse each distinct cell once
        text = pd.Series(uniques, dtype="string").str.strip()
        flag = text.str.lower().map(FLAGS)
        parsed = pd.to_numeric(text, errors="coerce").fillna(flag).to_numpy(dtype=float)
        num = np.where(codes >= 0, parsed[codes], np.nan)
        bad = (codes >= 0) & np.isnan(num)
        if bad.any():
            bad_rows(path, pd.Series(bad, index=df.index),
                     f"unreadable value {text[np.isnan(parsed)].iloc[0]!r}", col,
                     "a number (flags 0/1, true/false or yes/no)")
        out[col] = num
    return out


def _check_cells(path, out: pd.DataFrame, required: list[str], whole: list[str]) -> None:
    """Every required cell is filled, and whole-number columns hold whole numbers."""
    for col in required:
        bad_rows(path, out[col].isna(), "missing value", col, "a value on every row")
    for col in whole:
        bad_rows(path, out[col].notna() & (out[col] % 1 != 0), "not a whole number", col,
                 "a whole number")


def read_tf_family_records(path) -> pd.DataFrame:
    """Family records in the template (one row per family) -> ``tf_families``."""
    cols = list(TF_FAMILIES.columns)
    df = read_csv_text(path, cols)
    out = _typed(path, df, [c for c in cols if c != "la_code"])
    whole = ["family_id", "phase", "start_year", "n_children", "deprivation_decile"]
    _check_cells(path, out, [c for c in cols if c not in ("la_code", "start_year")], whole)
    for col in FAMILY_FLAGS:
        bad_rows(path, ~out[col].isin([0, 1]), "flag not 0/1", col,
                 "0 or 1 (or true/false, yes/no)")
        out[col] = out[col].astype(bool)
    bad_rows(path, ~out["phase"].isin(list(TF_PHASE_YEARS)), "unknown phase", "phase",
             "1 (2012-15), 2 (2015-20) or 3 (Supporting Families, from 2021)")
    bad_rows(path, out["n_children"] < 0, "negative number of children", "n_children",
             "0 or more")
    bad_rows(path, ~out["deprivation_decile"].between(1, 10), "decile out of range",
             "deprivation_decile", "1 to 10 (1 = most deprived tenth of areas)")
    _check_start_years(path, out)
    out["la_code"] = parse_la_codes(df["la_code"], path, "la_code")
    bad_rows(path, out["la_code"].isna(), "missing value", "la_code", "a value on every row")
    out["start_year"] = out["start_year"].astype("Int64")
    for col in ("family_id", "phase", "n_children", "deprivation_decile"):
        out[col] = out[col].astype(int)
    check_unique(out, ["family_id"], path)
    out.attrs["path"] = str(path)
    return out[cols]


def _check_start_years(path, out: pd.DataFrame) -> None:
    """A start year for every family worked with, within its phase; none for the others."""
    start, treated = out["start_year"], out["treated"]
    bad_rows(path, treated & start.isna(), "start_year missing for a family worked with",
             "start_year", "the year the family started with the programme when treated = 1")
    bad_rows(path, ~treated & start.notna(), "start_year given for a family not worked with",
             "start_year", "an empty cell when treated = 0 (comparison families)")
    low = out["phase"].map({p: lo for p, (lo, _) in TF_PHASE_YEARS.items()})
    high = out["phase"].map({p: hi for p, (_, hi) in TF_PHASE_YEARS.items()})
    bad_rows(path, start.notna() & ~start.between(low, high), "start_year outside its phase",
             "start_year", f"a year within the family's phase ({PHASE_WORDS})")


def read_tf_family_outcomes(path) -> pd.DataFrame:
    """Yearly outcomes in the template (family x year x outcome, 0/1) ->
    ``tf_family_outcomes``; outcome names must be the template's (any case)."""
    cols = list(TF_FAMILY_OUTCOMES.columns)
    df = read_csv_text(path, cols)
    out = _typed(path, df, ["family_id", "year", "value"])
    _check_cells(path, out, ["family_id", "year", "value"], ["family_id", "year"])
    lo, hi = YEAR_RANGE
    bad_rows(path, ~out["year"].between(lo, hi), "year out of range", "year",
             f"a calendar year from {lo} to {hi}")
    bad_rows(path, ~out["value"].isin([0, 1]), "value not 0/1", "value",
             "1 if the family had the outcome that year, else 0 (leave out years not observed)")
    codes, names = pd.factorize(df["outcome"])
    names = pd.Series(names, dtype=object).astype(str).str.strip().str.lower()
    outcome = pd.Series(names.to_numpy()[codes], index=df.index).where(codes >= 0)
    bad_rows(path, outcome.isna(), "missing value", "outcome", "a value on every row")
    unknown = outcome.notna() & ~outcome.isin(TF_OUTCOMES)
    bad_rows(path, unknown, f"unknown outcome {outcome[unknown].head(1).tolist()}", "outcome",
             f"one of {', '.join(TF_OUTCOMES)}")
    out["outcome"] = outcome
    out = out.astype({"family_id": int, "year": int})[cols]
    check_unique(out, ["family_id", "year", "outcome"], path)
    out.attrs["path"] = str(path)
    return out


def _parts(parts: dict[str, list], prefix: str) -> list[pd.DataFrame]:
    return [f for key, frames in parts.items() if key.startswith(prefix) for f in frames]


def build_family_outcomes(parts: dict[str, list], source: str) -> pd.DataFrame:
    """``tf_family_outcomes`` from the outcome files, checked against the family records:
    every outcome row names a family in the records, and every family has outcome rows."""
    outcomes, records = _parts(parts, "tf_outcomes"), _parts(parts, "tf_records")
    if records:
        listed = pd.concat([r["family_id"] for r in records])
        observed = pd.concat([o["family_id"] for o in outcomes])
        names = ", ".join(Path(r.attrs.get("path", "")).name for r in records)
        for frame in outcomes:
            bad_rows(frame.attrs.get("path", "outcomes"), ~frame["family_id"].isin(listed),
                     "family_id not in the family records", "family_id",
                     f"a family_id listed in {names}")
        for frame in records:
            bad_rows(frame.attrs.get("path", "records"), ~frame["family_id"].isin(observed),
                     "family without outcome rows", "family_id",
                     f"rows for this family in {OUTCOMES_PATTERN} (or leave the family out)")
    return pd.concat(outcomes, ignore_index=True)


def own_record_files(data_dir) -> list[Path]:
    """An LA's own family files at the top of ``data_dir`` (records and outcomes), sorted."""
    base = Path(data_dir)
    return sorted([*base.glob(RECORDS_PATTERN), *base.glob(OUTCOMES_PATTERN)])


def marked_synthetic(data_dir) -> bool:
    """Whether any family file in ``data_dir`` is named as synthetic (the shipped example)."""
    return any(SYNTHETIC_MARK in p.name.lower() for p in own_record_files(data_dir))


def own_records_problem(data_dir) -> str | None:
    """Why ``data_dir`` cannot hold an LA's own records in the template (None if it can)."""
    files = [p.name for p in own_record_files(data_dir)]
    for pattern in (RECORDS_PATTERN, OUTCOMES_PATTERN):
        if not any(Path(name).match(pattern) for name in files):
            return (f"data_dir {str(data_dir)!r} holds no {pattern} file (an LA's own records "
                    "go at the top of data_dir, as in docs/troubled_families_template.md)")
    return None
