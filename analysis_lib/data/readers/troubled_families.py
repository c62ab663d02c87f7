"""Troubled Families: MHCLG progress by LA, and family-level records (synthetic only)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib.data.readers.base import (
    bad_rows,
    check_unique,
    numeric_columns,
    parse_dates,
    parse_la_codes,
)
from analysis_lib.data.readers.csv_text import read_csv_text
from analysis_lib.data.schemas import TF_FAMILIES, TF_FAMILY_OUTCOMES

FLAGS = {"true": 1.0, "false": 0.0}
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
    """Parse the schema's columns of a family-level file; 0/1 or true/false for flags."""
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
        bad_rows(path, pd.Series((codes >= 0) & np.isnan(num), index=df.index),
                 "unreadable value", col, "a number (flags 0/1 or true/false)")
        out[col] = num
    return out


def read_tf_family_records(path) -> pd.DataFrame:
    """Family-level records (one row per family) -> ``tf_families``."""
    cols = list(TF_FAMILIES.columns)
    df = read_csv_text(path, cols)
    out = _typed(path, df, cols)
    flags = ["treated", "lone_parent", "workless", "prior_cin", "prior_persistent_absence",
             "prior_offending"]
    for col in flags:
        bad_rows(path, ~out[col].isin([0, 1]), "flag not 0/1", col, "0 or 1 (or true/false)")
        out[col] = out[col].astype(bool)
    bad_rows(path, ~out["deprivation_decile"].between(1, 10), "decile out of range",
             "deprivation_decile", "1 to 10")
    out["la_code"] = parse_la_codes(df["la_code"], path, "la_code")
    out["start_year"] = out["start_year"].astype("Int64")
    for col in ("family_id", "phase", "n_children", "deprivation_decile"):
        out[col] = out[col].astype(int)
    check_unique(out, ["family_id"], path)
    return out


def read_tf_family_outcomes(path) -> pd.DataFrame:
    """Family x year x outcome values (0/1 indicators) -> ``tf_family_outcomes``."""
    cols = list(TF_FAMILY_OUTCOMES.columns)
    df = read_csv_text(path, cols)
    out = _typed(path, df.drop(columns="outcome"), [c for c in cols if c != "outcome"])
    codes, names = pd.factorize(df["outcome"])
    out["outcome"] = pd.Series(names, dtype=object).str.strip().to_numpy()[codes]
    out = out.astype({"family_id": int, "year": int})[cols]
    check_unique(out, ["family_id", "year", "outcome"], path)
    return out
