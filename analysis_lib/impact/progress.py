"""Programme progress: families identified, attached and turned around against target.

Counts in ``tf_la`` are cumulative at each reporting date. Because LAs differ in size,
comparisons use the percentage of each area's target; comparators and England are the
sums of their LAs' counts and targets. Payment-by-results counts say nothing about what
would have happened without the programme: that is what the later sections estimate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib.errors import DataNotAvailableError

MEASURES = {"families_identified": "identified", "families_attached": "attached",
            "families_turned_around": "turned around"}


def _area(rows: pd.DataFrame, label: str) -> pd.DataFrame:
    sums = rows.groupby("period_end")[["target_families", *MEASURES]].sum(min_count=1)
    long = sums.reset_index().melt(id_vars=["period_end", "target_families"],
                                   value_vars=list(MEASURES), var_name="measure",
                                   value_name="families")
    long["measure"] = long["measure"].map(MEASURES)
    long["pct_of_target"] = np.where(long["target_families"] > 0,
                                     100 * long["families"] / long["target_families"], np.nan)
    long.insert(0, "area", label)
    return long


def programme_progress(tf_la: pd.DataFrame, la_code: int, la_name: str, comparator_codes,
                       phase: int) -> pd.DataFrame:
    """Progress over time for the LA, its comparators (summed) and England (all LAs).

    Columns: area, period_end, target_families, measure, families, pct_of_target.
    """
    rows = tf_la[tf_la["phase"] == phase]
    own = rows[rows["la_code"] == la_code]
    if own.empty:
        raise DataNotAvailableError(f"No Troubled Families progress figures for {la_name} "
                                    f"in phase {phase}.")
    parts = [_area(own, la_name)]
    comps = rows[rows["la_code"].isin([c for c in comparator_codes if c != la_code])]
    if not comps.empty:
        parts.append(_area(comps, "Comparators (combined)"))
    parts.append(_area(rows, "England"))
    return pd.concat(parts, ignore_index=True).sort_values(
        ["area", "measure", "period_end"]).reset_index(drop=True)


def latest_progress(progress: pd.DataFrame) -> pd.DataFrame:
    """The latest reporting date of each area, one row per area and measure."""
    last = progress.groupby("area")["period_end"].transform("max")
    return progress[progress["period_end"] == last].reset_index(drop=True)
