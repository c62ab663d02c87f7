"""Family outcomes: the yearly indicator panel and follow-up windows after a start year.

Outcomes are yearly 0/1 indicators per family (e.g. a child in the family entered care
that year). An effect is a change in the yearly probability, in percentage points. The
follow-up window of a family starting in year s covers s .. s + ceil(months / 12) - 1;
a comparison family is measured over the same calendar window as the programme family
it is matched to, so both face the same years.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis_lib.errors import DataNotAvailableError, ParameterError
from analysis_lib.impact.matching import MatchingResult, match_nearest, matched_att
from analysis_lib.impact.propensity import PropensityModel

OUTCOMES = {
    "child_entered_care": "a child in the family entering care",
    "youth_custody": "a young person in the family receiving a custodial sentence",
    "persistent_absence": "a child in the family persistently absent from school",
    "out_of_work_benefits": "an adult in the family claiming out-of-work benefits",
}


def check_outcome(outcome: str) -> str:
    if outcome not in OUTCOMES:
        raise ParameterError(f"outcome must be one of {sorted(OUTCOMES)}, got {outcome!r}")
    return outcome


def followup_years(followup_months: int) -> int:
    """Whole years of follow-up (12 months -> 1, 18 or 24 -> 2)."""
    if not isinstance(followup_months, int) or not 1 <= followup_months <= 120:
        raise ParameterError(f"followup_months must be a whole number from 1 to 120, "
                             f"got {followup_months!r}")
    return math.ceil(followup_months / 12)


def outcome_wide(outcomes: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Families x years of one outcome's yearly 0/1 values (missing where not observed)."""
    check_outcome(outcome)
    rows = outcomes[outcomes["outcome"] == outcome]
    if rows.empty:
        raise DataNotAvailableError(f"No family outcome records for {outcome!r}.")
    return rows.pivot(index="family_id", columns="year", values="value").sort_index(axis=1)


def window_mean(wide: pd.DataFrame, family_ids, start_years, n_years: int) -> np.ndarray:
    """Mean yearly value of each family over its window (NaN if no year is observed)."""
    values = wide.reindex(pd.Index(family_ids)).to_numpy(float)
    years = wide.columns.to_numpy(int)
    starts = np.asarray(start_years, dtype=int).reshape(-1, 1)
    in_window = (years >= starts) & (years < starts + n_years)
    masked = np.where(in_window, values, np.nan)
    with np.errstate(invalid="ignore"):
        counts = np.sum(~np.isnan(masked), axis=1)
        totals = np.nansum(masked, axis=1)
    return np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)


def match_families(sample: pd.DataFrame, model: PropensityModel, wide: pd.DataFrame,
                   followup_months: int, caliper_sd: float | None = 0.2,
                   m: int = 1) -> tuple[MatchingResult, pd.DataFrame]:
    """Match programme families to comparison families on the logit propensity score and
    estimate the ATT on the yearly outcome probability over follow-up, in percentage points.

    Returns the result and the pairs (with each side's outcome in percentage points).
    """
    n_years = followup_years(followup_months)
    pairs = match_nearest(model.logit_score, sample["treated"], m=m, caliper_sd=caliper_sd)
    start = sample.loc[pairs["treated_id"], "start_year"].astype(int).to_numpy()
    pairs["start_year"] = start
    pairs["y_treated"] = 100 * window_mean(wide, pairs["treated_id"], start, n_years)
    pairs["y_control"] = 100 * window_mean(wide, pairs["control_id"], start, n_years)
    pairs = pairs.dropna(subset=["y_treated", "y_control"])
    weight_sum = pairs.groupby("treated_id")["weight"].transform("sum")
    pairs["weight"] = pairs["weight"] / weight_sum
    result = matched_att(pairs, n_treated=int(sample["treated"].sum()))
    return result, pairs.reset_index(drop=True)
