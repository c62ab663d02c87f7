"""Rows of the gap table as recorded estimates: the gaps and each group's percentage."""

from __future__ import annotations

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from analysis_lib.attainment import gaps
from analysis_lib.results import Estimate

PP = "percentage points"
NEWCOMBE = "Newcombe (1998) hybrid score interval (method 10) for a difference of proportions"
CLUSTERED = (NEWCOMBE + " on Korn-Graubard (1998) effective sample sizes from the "
             "school-clustered variance")


def gap_estimate(name: str, label: str, row: pd.Series, truth=None, headline=True) -> Estimate:
    """A gap row (from :func:`gaps.group_gaps`) as an estimate, its method named by its interval."""
    has_ci = pd.notna(row["ci_low"])
    caveats = (row["interval_note"],) if row["interval_note"] else ()
    unit = PP if row["unit"] == "percent" else "points"
    n = row["focal_pupils"] + row["reference_pupils"]
    method = CLUSTERED if gaps.NOTE_CLUSTERED in str(row["interval_note"]) else NEWCOMBE
    return Estimate(name=name, label=label, value=float(row["gap"]), unit=unit,
                    method=method if has_ci else "difference of published percentages",
                    ci_low=float(row["ci_low"]) if has_ci else None,
                    ci_high=float(row["ci_high"]) if has_ci else None,
                    n=int(n) if pd.notna(n) else None, truth=truth, headline=headline,
                    caveats=caveats, interval_kind="confidence" if has_ci else None)


def pct_estimate(name: str, label: str, row: pd.Series, side: str) -> Estimate:
    """One group's percentage (``side`` "focal" or "reference") with its Wilson interval."""
    n, meeting, pct = (row[f"{side}_pupils"], row[f"{side}_meeting"], row[f"{side}_pct"])
    unit = "percent" if row["unit"] == "percent" else "points"
    if pd.notna(n) and pd.notna(meeting) and n > 0:
        lo, hi = proportion_confint(meeting, n, method="wilson")
        return Estimate(name, label, float(pct), unit, "Wilson score interval", 100 * lo,
                        100 * hi, n=int(n), headline=False, interval_kind="confidence")
    return Estimate(name, label, float(pct), unit, "published percentage", headline=False,
                    caveats=(gaps.NOTE_NO_COUNTS,))
