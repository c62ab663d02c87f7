"""Primary (KS2) floor standards: the rule in force each year and the schools below it.

A school was below the floor when its attainment fell short of the threshold AND its pupils'
progress fell short too. The rules come from the cited reference table ``floor_standards``
(``load("floor_standards")``: ``year``, ``threshold_pct``, ``progress_english_pct``,
``progress_maths_pct``, the progress-score thresholds ``progress_reading_score``,
``progress_writing_score``, ``progress_maths_score`` (2016 on), ``measure`` (the rule in
words), ``source``, ``verified``); this module turns each year's row into one of three rules:

- ``below_all`` (2011-2015): below the floor only if progress is below *every* median given
  (2011: under 60% Level 4+ in English and maths and under the national medians of pupils
  making expected progress, 87% English and 86% maths);
- ``below_any`` (2016 on): below the floor unless progress is sufficient in *every* subject,
  i.e. below if any progress score is under its threshold (reading -5, writing -7, maths -5);
- ``none`` (rules stated with "no progress element", e.g. 2010): attainment alone.

Progress thresholds are compared with ``ks_attainment_school``: percentages of pupils making
expected progress (``progress_english_pct`` / ``progress_maths_pct``) before 2016, progress
scores (``reading_progress``, ``writing_progress``, ``maths_progress``) from 2016. When the
rule needs a threshold or measure that is not available (the 2012-2015 medians are not typed
in), a school under the attainment threshold is reported as "below attainment threshold;
progress not available" rather than guessed. As DfE counted them, only mainstream schools
with 11 or more eligible pupils are covered (DfE's definition, quoted in LG Inform metrics
6103 and 4292); other schools are "not covered". Years without a row had no floor standard in
the reference table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib.errors import DataNotAvailableError

RULES = ("below_all", "below_any", "none")
PROGRESS = {"progress_english_threshold": "progress_english_pct",
            "progress_maths_threshold": "progress_maths_pct",
            "reading_progress_threshold": "reading_progress",
            "writing_progress_threshold": "writing_progress",
            "maths_progress_threshold": "maths_progress"}
SCORE_THRESHOLDS = {"reading_progress_threshold": "progress_reading_score",
                    "writing_progress_threshold": "progress_writing_score",
                    "maths_progress_threshold": "progress_maths_score"}
BELOW, ABOVE, UNKNOWN = ("below floor", "above floor",
                         "below attainment threshold; progress not available")
NOT_COVERED, NO_RESULT = "not covered (special school or under 11 pupils)", "no result"
MIN_PUPILS = 11
REFERENCE_COLUMNS = ["year", "threshold_pct", "progress_english_pct", "progress_maths_pct",
                     "measure"]
SUFFICIENT_PROGRESS_FROM = 2016


def rules_from_reference(reference: pd.DataFrame) -> pd.DataFrame:
    """The rule of each year from the ``floor_standards`` reference table.

    Returns ``year``, ``attainment_threshold_pct``, ``progress_rule``,
    ``progress_english_threshold``, ``progress_maths_threshold``, ``description`` and
    ``verified`` (False where the reference row is not yet checked against its source).
    """
    missing = [c for c in REFERENCE_COLUMNS if c not in reference]
    if missing:
        raise DataNotAvailableError(f"floor_standards lacks columns {missing}")
    text = reference["measure"].astype(str).str.lower()
    rule = np.where(text.str.contains("no progress"), "none",
                    np.where(reference["year"] >= SUFFICIENT_PROGRESS_FROM, "below_any",
                             "below_all"))
    verified = reference["verified"] if "verified" in reference else False
    out = pd.DataFrame({
        "year": reference["year"].astype(int),
        "attainment_threshold_pct": pd.to_numeric(reference["threshold_pct"]),
        "progress_rule": rule,
        "progress_english_threshold": pd.to_numeric(reference["progress_english_pct"]),
        "progress_maths_threshold": pd.to_numeric(reference["progress_maths_pct"]),
        **{rule: pd.to_numeric(reference[col]) if col in reference else np.nan
           for rule, col in SCORE_THRESHOLDS.items()},
        "description": reference["measure"].astype(str),
        "verified": verified,
    })
    return out.sort_values("year").reset_index(drop=True)


def rule_for(rules: pd.DataFrame, year: int) -> pd.Series | None:
    """The rule in force for a year (None when no floor standard is recorded that year)."""
    hit = rules[rules["year"] == year]
    return None if hit.empty else hit.iloc[0]


def floor_status(schools: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """Each school-year's position against the floor in force that year.

    ``schools``: ``ks_attainment_school`` rows of each year's headline measure (``pct_all`` is
    the attainment percentage; ``school_type`` and ``cohort`` decide who is covered);
    ``rules`` from :func:`rules_from_reference`. Years without a rule are dropped. Adds
    ``attainment_threshold_pct``, ``progress_rule``, ``below_attainment``,
    ``below_progress`` (True/False/NA) and ``floor_status``.
    """
    bad = ~rules["progress_rule"].isin(RULES)
    if bad.any():
        raise DataNotAvailableError(f"unknown progress_rule "
                                    f"{rules.loc[bad, 'progress_rule'].iloc[0]!r}; use {RULES}")
    keep = ["year", "attainment_threshold_pct", "progress_rule", *PROGRESS]
    merged = schools.merge(rules[keep], on="year", how="inner")
    merged["below_attainment"] = merged["pct_all"] < merged["attainment_threshold_pct"]
    merged["below_progress"] = _below_progress(merged)
    status = np.where(~merged["below_attainment"], ABOVE,
                      np.where(merged["below_progress"].isna(), UNKNOWN,
                               np.where(merged["below_progress"].fillna(False), BELOW, ABOVE)))
    covered = merged["school_type"].eq("mainstream") & merged["cohort"].ge(MIN_PUPILS)
    merged["floor_status"] = np.where(~covered, NOT_COVERED,
                                      np.where(merged["pct_all"].isna(), NO_RESULT, status))
    return merged


def _below_progress(merged: pd.DataFrame) -> pd.Series:
    """True/False per school under the year's rule; NA when a needed measure is missing."""
    result = pd.Series(pd.NA, index=merged.index, dtype="boolean")
    for (_, rule), rows in merged.groupby(["year", "progress_rule"]):
        if rule == "none":
            result[rows.index] = True
            continue
        used = [c for c in PROGRESS if rows[c].notna().all()]
        if not used:
            continue
        below = pd.DataFrame({c: rows[PROGRESS[c]] < rows[c] for c in used})
        known = pd.DataFrame({c: rows[PROGRESS[c]].notna() for c in used})
        verdict = below.all(axis=1) if rule == "below_all" else below.any(axis=1)
        # "all below" is decided False by one known "not below"; "any" by one known "below"
        decided = known.all(axis=1) | (known & (below if rule == "below_any" else ~below)).any(
            axis=1)
        result[rows.index] = verdict.where(decided, pd.NA).astype("boolean")
    return result


def floor_summary(status: pd.DataFrame, la_code: int) -> pd.DataFrame:
    """Per year: schools below the floor (and unknown) in the LA, and the LA and England shares."""
    rows = []
    for year, sub in status.groupby("year"):
        la = sub[sub["la_code"] == la_code]
        judged = la[~la["floor_status"].isin([NO_RESULT, NOT_COVERED])]
        eng = sub[~sub["floor_status"].isin([NO_RESULT, NOT_COVERED])]
        rows.append({
            "year": int(year), "la_schools": len(judged),
            "la_below_floor": int((judged["floor_status"] == BELOW).sum()),
            "la_progress_unknown": int((judged["floor_status"] == UNKNOWN).sum()),
            "la_not_covered": int((la["floor_status"] == NOT_COVERED).sum()),
            "la_below_floor_pct": 100 * (judged["floor_status"] == BELOW).mean()
            if len(judged) else np.nan,
            "england_below_floor_pct": 100 * (eng["floor_status"] == BELOW).mean()
            if len(eng) else np.nan,
        })
    return pd.DataFrame(rows)
