"""Time series of attainment and gaps that never join across an assessment change or a gap year.

Two things break a KS2/KS4 series: a change of measure or assessment regime (KS2 levels to the
expected standard in 2016; English and maths to reading, writing and maths in 2012; KS4 letter
to number grades in 2017) and years with no results (no KS2 tests in 2020 and 2021). Every
series returned here is complete over the requested years: a year without a value is a NaN
row, and between two consecutive years with different regimes a NaN separator row is inserted
at the half year, so a line drawn through the frame in one call stops at each break.
``segment`` numbers the unbroken runs, for charts that draw each run separately.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.levels import Z95, t_value

REGIME_KEYS = ["measure", "regime"]
# how :func:`gap_trend` took each year's variance
CLUSTERED_VARIANCE, INDEPENDENT_VARIANCE = "school-clustered", "independent pupils"


def with_breaks(frame: pd.DataFrame, by: list[str], values: list[str], first_year: int,
                last_year: int) -> pd.DataFrame:
    """Complete, break-aware series for each ``by`` group over ``first_year..last_year``.

    ``frame`` has ``year``, ``measure``, ``regime``, the ``by`` columns and ``values``.
    Returns the same columns with ``year`` as float (separator rows sit at ``x.5``), plus
    ``segment`` (int, unbroken run within the group; -1 on NaN rows) and ``is_separator``.
    """
    years = pd.DataFrame({"year": np.arange(first_year, last_year + 1)})
    out = []
    for key, rows in frame.groupby(by, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        rows = rows[(rows["year"] >= first_year) & (rows["year"] <= last_year)]
        full = years.merge(rows[["year", *REGIME_KEYS, *values]], on="year", how="left")
        present = full[values].notna().any(axis=1)
        full.loc[~present, REGIME_KEYS] = np.nan
        regime = full["measure"].astype(str) + "|" + full["regime"].astype(str)
        changed = present & present.shift(fill_value=False) & (regime != regime.shift())
        separators = full.loc[changed, ["year"]].assign(year=lambda d: d["year"] - 0.5)
        new_run = present & (~present.shift(fill_value=False) | changed)
        full["segment"] = np.where(present, new_run.cumsum() - 1, -1)
        full["is_separator"] = False
        separators = separators.assign(segment=-1, is_separator=True)
        both = pd.concat([full.astype({"year": float}), separators], ignore_index=True)
        both = both.sort_values("year", kind="stable").reset_index(drop=True)
        for col, val in zip(by, key, strict=True):
            both[col] = val
        out.append(both)
    if not out:
        raise DataNotAvailableError("No series to draw in the requested years")
    result = pd.concat(out, ignore_index=True)
    return result[[*by, "year", *REGIME_KEYS, *values, "segment", "is_separator"]]


def benchmark_series(gaps: pd.DataFrame, *, la_code: int, region_code: str | None,
                     comparator_codes=()) -> pd.DataFrame:
    """Gap rows for the LA, England, its region and the comparators' average, with ``role``.

    The comparator average is the unweighted mean of the comparator LAs' percentages and gaps
    (each LA counts once, as in DfE's statistical-neighbour averages); it has no interval.
    """
    cols = ["year", "measure", "regime", "focal_pct", "reference_pct", "gap", "ci_low",
            "ci_high", *[c for c in ("binomial_se", "clustered_se", "design_df") if c in gaps]]
    parts = [gaps.loc[gaps["la_code"] == la_code, cols].assign(role="LA"),
             gaps.loc[gaps["geographic_level"] == "National", cols].assign(role="England")]
    if region_code:
        reg = gaps[(gaps["geographic_level"] == "Regional") & (gaps["region_code"] == region_code)]
        parts.append(reg[cols].assign(role="Region"))
    comps = gaps[gaps["la_code"].isin([c for c in comparator_codes if c != la_code])]
    if not comps.empty:
        mean = (comps.groupby(["year", "measure", "regime"], as_index=False)
                [["focal_pct", "reference_pct", "gap"]].mean()
                .assign(ci_low=np.nan, ci_high=np.nan, binomial_se=np.nan,
                        clustered_se=np.nan, design_df=np.nan,
                        role="Comparators (average)"))
        parts.append(mean[[*cols, "role"]])
    return pd.concat(parts, ignore_index=True)


def current_regime(series: pd.DataFrame) -> pd.DataFrame:
    """Rows of the latest measure/regime in ``series`` (the years that compare like with like)."""
    present = series.dropna(subset=["gap"]).sort_values("year")
    if present.empty:
        raise DataNotAvailableError("No gap values to describe a trend")
    last = present.iloc[-1]
    same = (present["measure"] == last["measure"]) & (present["regime"] == last["regime"])
    return present[same]


def _slope_se(fit) -> float:
    """Standard error of a WLS slope fitted with weights 1/variance: the known-variance one,
    times the residual dispersion (statsmodels' scale) when that exceeds 1."""
    known = np.sqrt(np.asarray(fit.normalized_cov_params)[1, 1])
    return float(known * np.sqrt(max(1.0, fit.scale)))


def gap_trend(series: pd.DataFrame) -> dict:
    """Average change in the gap per year within the current regime, with a 95% interval.

    Weighted least squares of gap on year (statsmodels WLS), each year weighted by 1/its
    variance. Where school counts give the LA a design (``clustered_se`` and ``design_df``,
    from :func:`gaps.group_gaps`), that variance is taken as known: it allows for pupils,
    cohort make-up and shocks to a school's year, while a school's lasting effect, which
    shifts every year's gap alike and does not move the slope, is left out; t on the
    design's degrees of freedom. Otherwise the independent-pupils variance (``binomial_se``,
    else each year's interval half-width) is scaled by the residual dispersion about the line
    when that exceeds 1, with t on years - 2; unweighted OLS when there are no intervals.
    Needs 3+ years.
    Returns slope (percentage points per year), ci_low, ci_high, first_year, last_year, n.
    """
    rows = current_regime(series)
    if len(rows) < 3:
        raise DataNotAvailableError(
            f"Only {len(rows)} year(s) in the current assessment regime: too few for a trend")
    years = rows["year"].astype(float) - rows["year"].min()
    x = sm.add_constant(years)
    gap = rows["gap"].astype(float)
    year_se = (rows["ci_high"] - rows["ci_low"]) / (2 * Z95)
    weight_se = rows["binomial_se"] if "binomial_se" in rows else year_se
    design_df = rows["design_df"] if "design_df" in rows else pd.Series(np.nan, rows.index)
    if design_df.notna().all() and (rows["clustered_se"] > 0).all():
        fit = sm.WLS(gap, x, weights=1 / rows["clustered_se"]**2).fit(cov_type="fixed scale")
        half = t_value(design_df.min()) * fit.bse.iloc[1]
        low, high = fit.params.iloc[1] - half, fit.params.iloc[1] + half
        variance = CLUSTERED_VARIANCE
    elif (year_se > 0).all() and (weight_se > 0).all():
        fit = sm.WLS(gap, x, weights=1 / weight_se**2).fit()
        half = t_value(fit.df_resid) * _slope_se(fit)
        low, high = fit.params.iloc[1] - half, fit.params.iloc[1] + half
        variance = INDEPENDENT_VARIANCE
    else:
        fit = sm.OLS(gap, x).fit()
        low, high = fit.conf_int().iloc[1]
        variance = "residual"
    return {"slope": float(fit.params.iloc[1]), "ci_low": float(low), "ci_high": float(high),
            "first_year": int(rows["year"].min()), "last_year": int(rows["year"].max()),
            "n": int(len(rows)), "measure": str(rows["measure"].iloc[-1]),
            "variance": variance}
