"""Summary statistics of an LA panel, the same for real and synthetic data.

A *panel* is one value per (LA, year): columns ``la_code``, ``year``, ``value``. An
*inspection list* is one graded judgement per LA inspection: ``la_code``,
``inspection_date``, ``grade`` (1 outstanding ... 4 inadequate).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PANEL_STATISTICS = ("mean", "between_la_sd", "lag1_correlation", "within_la_share")
GRADES = (1, 2, 3, 4)


def _checked_panel(panel: pd.DataFrame) -> pd.DataFrame:
    missing = {"la_code", "year", "value"} - set(panel.columns)
    if missing:
        raise ValueError(f"panel lacks column(s) {sorted(missing)}; expected la_code, year, "
                         "value")
    d = panel[["la_code", "year", "value"]].dropna()
    repeated = d.duplicated(["la_code", "year"])
    if repeated.any():
        first = d[repeated].iloc[0]
        raise ValueError(f"panel has more than one value for LA {first.la_code} in "
                         f"{first.year}; expected one row per LA and year")
    return d.astype({"la_code": int, "year": int, "value": float})


def panel_statistics(panel: pd.DataFrame) -> dict[str, float]:
    """Cross-LA mean, spread between LAs and year-to-year persistence within an LA.

    - ``mean``: mean over LAs of each LA's mean over its years (every LA weighs the same);
    - ``between_la_sd``: standard deviation (n - 1) of those LA means;
    - ``lag1_correlation``: Pearson correlation of an LA's value in year t with its value in
      year t - 1, both as deviations from their year's cross-LA mean (so a national trend
      adds nothing), pooled over every LA with both years;
    - ``within_la_share``: share of the variance left after removing year means that lies
      within LAs (deviations from the LA's own mean): the variation an LA and year
      fixed-effects regression works with (0 = LAs never move relative to each other).

    Also ``n_las``, ``n_la_years`` and ``n_pairs`` (LA-year pairs behind the correlation).
    Rows with a missing value are left out.
    """
    d = _checked_panel(panel)
    la_means = d.groupby("la_code")["value"].mean()
    deviation = d["value"] - d.groupby("year")["value"].transform("mean")
    within = deviation - deviation.groupby(d["la_code"]).transform("mean")
    total = float((deviation**2).sum())
    current = pd.DataFrame({"la_code": d["la_code"], "year": d["year"], "now": deviation})
    before = current.assign(year=current["year"] + 1).rename(columns={"now": "before"})
    pairs = current.merge(before, on=["la_code", "year"])
    lag1 = (float(np.corrcoef(pairs["now"], pairs["before"])[0, 1])
            if len(pairs) > 2 and pairs["now"].std() > 0 and pairs["before"].std() > 0
            else np.nan)
    return {"mean": float(la_means.mean()),
            "between_la_sd": float(la_means.std(ddof=1)),
            "lag1_correlation": lag1,
            "within_la_share": float((within**2).sum()) / total if total > 0 else np.nan,
            "n_las": int(la_means.size), "n_la_years": int(len(d)), "n_pairs": int(len(pairs))}


def grade_shares(grades: pd.Series) -> dict[str, float]:
    """Percentage of judgements at each grade: ``pct_grade_1`` ... ``pct_grade_4``."""
    g = pd.to_numeric(grades, errors="coerce").dropna().astype(int)
    odd = sorted(set(g) - set(GRADES))
    if odd:
        raise ValueError(f"grades {odd} are outside 1-4")
    counts = g.value_counts().reindex(GRADES, fill_value=0)
    n = int(counts.sum())
    return {f"pct_grade_{k}": (100 * float(counts[k]) / n if n else np.nan) for k in GRADES}


def consecutive_grade_correlation(inspections: pd.DataFrame) -> dict[str, float]:
    """Pearson correlation of each LA's grade with its previous inspection's grade.

    ``inspections``: ``la_code``, ``inspection_date``, ``grade``; pairs are consecutive
    inspections of the same LA in date order. Returns ``correlation`` and ``n_pairs``.
    """
    d = inspections[["la_code", "inspection_date", "grade"]].dropna()
    d = d.sort_values(["la_code", "inspection_date"], kind="stable")
    previous = d.groupby("la_code")["grade"].shift()
    pairs = pd.DataFrame({"now": d["grade"], "before": previous}).dropna().astype(float)
    ok = len(pairs) > 2 and pairs["now"].std() > 0 and pairs["before"].std() > 0
    return {"correlation": float(np.corrcoef(pairs["now"], pairs["before"])[0, 1])
            if ok else np.nan, "n_pairs": int(len(pairs))}
