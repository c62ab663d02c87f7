"""School-level gaps and funnel plots of disadvantaged pupils' attainment against cohort size.

Funnel plots follow Spiegelhalter (2005, "Funnel plots for comparing institutional
performance", Statistics in Medicine 24:1185-1202): each school's proportion of
disadvantaged pupils meeting the standard is plotted against its number of disadvantaged
pupils, with 95% and 99.8% control limits around a target (the national or LA pooled rate).
Exact limits use the binomial quantile with Spiegelhalter's interpolation (his Appendix A.1.1);
normal limits use ``target +/- z sqrt(phi target (1 - target) / n)``. School results vary
more than binomial chance allows (overdispersion); ``overdispersion_factor`` estimates the
multiplicative factor phi from Winsorised z-scores (Spiegelhalter's section 6.2), and with
phi > 1 limits are widened on the normal scale. Counts of disadvantaged pupils meeting the
standard are derived from the published (rounded) school percentages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats.mstats import winsorize

from analysis_lib.attainment.gaps import newcombe_difference
from analysis_lib.disclosure import is_suppressed, suppress
from analysis_lib.errors import DataNotAvailableError

COVERAGES = (0.95, 0.998)
WINSOR_TAIL = 0.10


def school_gaps(schools: pd.DataFrame) -> pd.DataFrame:
    """Per school and year: disadvantaged and other pupils' results and the gap (pp).

    ``schools`` is ``ks_attainment_school``. Adds ``disadvantaged_meeting`` and
    ``other_meeting`` (derived from percentages), ``gap`` (other - disadvantaged, pp) and a
    Newcombe 95% interval. Schools without both groups get NaN.
    """
    out = schools.copy()
    out["disadvantaged_meeting"] = (out["pct_disadvantaged"] / 100
                                    * out["disadvantaged_pupils"]).round()
    out["other_meeting"] = (out["pct_other"] / 100 * out["other_pupils"]).round()
    out["gap"] = out["pct_other"] - out["pct_disadvantaged"]
    _, low, high = newcombe_difference(out["other_meeting"], out["other_pupils"],
                                       out["disadvantaged_meeting"], out["disadvantaged_pupils"])
    out["ci_low"], out["ci_high"] = 100 * low, 100 * high
    return out


def gap_distribution(gaps: pd.DataFrame, la_code: int, year: int,
                     comparison: str | None = "England") -> pd.DataFrame:
    """Quartiles of school gaps (pp) in the LA and across all schools of ``gaps`` (labelled
    ``comparison``; None leaves that row out) in one year, unweighted."""
    in_year = gaps[(gaps["year"] == year) & gaps["gap"].notna()]
    areas = [("LA", in_year[in_year["la_code"] == la_code])]
    if comparison is not None:
        areas.append((comparison, in_year))
    rows = []
    for area, sub in areas:
        q = sub["gap"].quantile([0.25, 0.5, 0.75])
        rows.append({"area": area, "schools": len(sub), "lower_quartile": q.iloc[0],
                     "median": q.iloc[1], "upper_quartile": q.iloc[2],
                     "share_with_gap_pct": 100 * (sub["gap"] > 0).mean() if len(sub) else np.nan})
    return pd.DataFrame(rows)


def exact_binomial_limit(target: float, n, p: float) -> np.ndarray:
    """Spiegelhalter's interpolated binomial p-quantile of the observed proportion (0-1)."""
    n = np.asarray(n, dtype=float)
    r = stats.binom.ppf(p, n, target)
    upper_cdf = stats.binom.cdf(r, n, target)
    lower_cdf = stats.binom.cdf(r - 1, n, target)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(upper_cdf > lower_cdf, (upper_cdf - p) / (upper_cdf - lower_cdf), 0.0)
        return np.clip((r - alpha) / n, 0.0, 1.0)


def funnel_limits(target: float, n, *, method: str = "exact", phi: float = 1.0,
                  coverages=COVERAGES) -> pd.DataFrame:
    """Control limits (proportions 0-1) around ``target`` for cohort sizes ``n``.

    Columns ``n``, ``lower_95``, ``upper_95``, ``lower_99.8``, ``upper_99.8``. ``method`` is
    "exact" (binomial, interpolated) or "normal"; ``phi`` > 1 (overdispersion) forces the
    normal method with variance multiplied by ``phi``.
    """
    if not 0 < target < 1:
        raise ValueError(f"target must be a proportion strictly between 0 and 1, got {target}")
    if method not in ("exact", "normal"):
        raise ValueError(f"method must be 'exact' or 'normal', got {method!r}")
    n = np.asarray(n, dtype=float)
    out = pd.DataFrame({"n": n})
    for cov in coverages:
        tail = (1 - cov) / 2
        label = f"{100 * cov:g}"
        if method == "exact" and phi <= 1:
            low = exact_binomial_limit(target, n, tail)
            high = exact_binomial_limit(target, n, 1 - tail)
        else:
            half = stats.norm.ppf(1 - tail) * np.sqrt(phi * target * (1 - target) / n)
            low, high = np.clip(target - half, 0, 1), np.clip(target + half, 0, 1)
        out[f"lower_{label}"], out[f"upper_{label}"] = low, high
    return out


def overdispersion_factor(meeting, n, target) -> dict:
    """Multiplicative overdispersion phi = mean squared Winsorised z-score (10% each tail).

    ``target`` is one proportion for every school, or each school's own target (e.g. its
    LA's pooled rate), so each z-score is the school's standardised Pearson residual around
    the target it is judged against. Returns ``phi``, ``schools`` and ``p_value`` of the
    chi-squared test of phi = 1 (I x phi ~ chi2 with I - 1 df under no overdispersion).
    """
    meeting, n = np.asarray(meeting, dtype=float), np.asarray(n, dtype=float)
    target = np.broadcast_to(np.asarray(target, dtype=float), n.shape)
    keep = np.isfinite(meeting) & (n > 0) & (target > 0) & (target < 1)
    t = target[keep]
    z = (meeting[keep] / n[keep] - t) / np.sqrt(t * (1 - t) / n[keep])
    count = int(keep.sum())
    if count < 10:
        return {"phi": 1.0, "schools": count, "p_value": float("nan")}
    zw = np.asarray(winsorize(z, limits=(WINSOR_TAIL, WINSOR_TAIL)))
    phi = float(np.mean(zw**2))
    return {"phi": phi, "schools": count,
            "p_value": float(stats.chi2.sf(count * phi, count - 1))}


def funnel_points(gaps: pd.DataFrame, *, la_code: int, year: int, target: str = "national",
                  method: str = "exact", adjust_overdispersion: bool = True,
                  national_rate: float | None = None):
    """The LA's schools in one year placed against funnel limits for disadvantaged pupils.

    ``target`` "national" (``national_rate``, a proportion, where given, e.g. DfE's published
    England figure; else the pooled rate of disadvantaged pupils in all schools of ``gaps``
    that year) or "la" (pooled within the LA). Overdispersion is estimated from all schools
    of ``gaps`` that year, each around the target it would be judged against: the national
    rate, or with "la" its own LA's pooled rate. Returns ``(points, limits, info)``: points with
    ``proportion`` and ``position`` ("within", "above 95%", "above 99.8%", "below ..."),
    a smooth limits frame for drawing, and a dict with ``target``, ``phi``, ``p_value``.
    """
    in_year = gaps[(gaps["year"] == year) & (gaps["disadvantaged_pupils"] > 0)
                   & gaps["disadvantaged_meeting"].notna()]
    pool = in_year if target == "national" else in_year[in_year["la_code"] == la_code]
    if pool.empty or in_year[in_year["la_code"] == la_code].empty:
        raise DataNotAvailableError(f"No school results for disadvantaged pupils in {year}")
    rate = float(pool["disadvantaged_meeting"].sum() / pool["disadvantaged_pupils"].sum())
    if target == "national" and national_rate is not None:
        rate = float(national_rate)
    own_target = rate
    if target == "la":
        by_la = in_year.groupby("la_code")
        own_target = (by_la["disadvantaged_meeting"].transform("sum")
                      / by_la["disadvantaged_pupils"].transform("sum")).to_numpy()
    disp = overdispersion_factor(in_year["disadvantaged_meeting"],
                                 in_year["disadvantaged_pupils"], own_target)
    significant = np.isfinite(disp["p_value"]) and disp["p_value"] < 0.05
    phi = max(1.0, disp["phi"]) if adjust_overdispersion and significant else 1.0
    points = in_year[in_year["la_code"] == la_code].copy()
    points["proportion"] = points["disadvantaged_meeting"] / points["disadvantaged_pupils"]
    lim = funnel_limits(rate, points["disadvantaged_pupils"], method=method, phi=phi)
    lim.index = points.index
    points["position"] = "within"
    for label in ("95", "99.8"):
        points.loc[points["proportion"] > lim[f"upper_{label}"], "position"] = f"above {label}%"
        points.loc[points["proportion"] < lim[f"lower_{label}"], "position"] = f"below {label}%"
    top = max(int(in_year["disadvantaged_pupils"].max()), 2)
    curve = funnel_limits(rate, np.arange(1, top + 1), method=method, phi=phi)
    info = {"target": rate, "target_kind": target, "phi": phi, "phi_estimate": disp["phi"],
            "phi_schools": disp["schools"], "p_value": disp["p_value"],
            "method": method if phi == 1 else "normal (phi)"}
    return points, curve, info


def schools_outside(points: pd.DataFrame) -> pd.DataFrame:
    """Schools outside the 95% limits, with small-number suppression.

    Counts below DfE's threshold (6 pupils) are suppressed with their percentage and position
    (``analysis_lib.disclosure.suppress``); because being listed would itself reveal the
    position, such schools are withheld from the table and counted in ``attrs["withheld"]``.
    """
    cols = [c for c in ["urn", "school_name", "year", "disadvantaged_pupils",
                        "pct_disadvantaged", "position"] if c in points]
    outside = points.loc[points["position"] != "within", cols].sort_values(
        ["position", "urn"], kind="stable")
    marked = suppress(outside, {"disadvantaged_pupils": ["pct_disadvantaged", "position"]},
                      kind="pupils")
    hidden = marked["position"].map(is_suppressed).astype(bool)
    shown = marked[~hidden].reset_index(drop=True)
    shown.attrs["withheld"] = int(hidden.sum())
    return shown
