"""Percentage-point gaps between two pupil groups, with honest 95% intervals, per area and year.

The gap is ``reference - focal`` (positive when the focal group, e.g. disadvantaged pupils,
trails). Its interval is Newcombe's hybrid score interval for a difference of independent
proportions (Newcombe 1998, Statistics in Medicine 17:873-890, method 10), computed by
``statsmodels.stats.proportion.confint_proportions_2indep(method="newcomb")``.

Assumptions and honesty rules:
- An interval needs pupil counts. Where only percentages are published (LAIT), the gap has no
  interval and ``interval_note`` says why; denominators are never invented.
- Where the eligible count is published but the number meeting the standard is not, the
  number meeting is derived from the published (rounded) percentage and the note says so.
- Social-care groups (CIN, CPP, CLA) are compared with *all* pupils, as DfE publishes them.
  All pupils include the group, so the two are not independent: the interval is that of the
  group against the rest of the cohort, scaled by ``1 - f`` (``f`` the group's share), since
  ``p_all - p_group = (1 - f) (p_rest - p_group)``.
- The interval answers "what if the cohort had been drawn again" from the same schools: it
  covers the gap expected from the area's schools. Pupils of a school vary together, so where
  school-level counts cover the area (``design``, from :func:`clustering.gap_design`), the
  counts are divided by the Korn-Graubard effective-size divisor of the school-clustered
  variance (``design_effect``); elsewhere pupils are treated as independent and the note says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep

from analysis_lib.attainment.clustering import effective_size_divisor
from analysis_lib.attainment.measures import GroupPair
from analysis_lib.errors import DataNotAvailableError

AREA_KEYS = ["year", "geographic_level", "la_code", "region_code", "area_name", "key_stage",
             "measure", "regime", "unit"]
NOTE_NO_COUNTS = "no interval: only percentages are published (no pupil counts)"
NOTE_DERIVED = "pupils meeting the standard derived from the published percentage"
NOTE_POINTS = "no interval: a difference of mean points needs pupil-level spread"
NOTE_NESTED = "interval for all pupils minus the group, scaled by the rest-of-cohort share"
NOTE_CLUSTERED = "allows for pupils clustered in schools (school-clustered design effect)"
NOTE_INDEPENDENT = "pupils treated as independent (no school-level counts for this area)"
# school-level counts allow for clustering only when their schools hold this share of the
# area's pupils (e.g. not when the performance tables of only some LAs are present)
MIN_SCHOOL_COVERAGE = 0.8


def newcombe_difference(count1, nobs1, count2, nobs2, alpha: float = 0.05):
    """Difference ``count1/nobs1 - count2/nobs2`` and its Newcombe hybrid score interval.

    Proportions on 0-1; array-like inputs give arrays; missing inputs give NaN.
    """
    c1, n1, c2, n2 = (np.asarray(v, dtype=float) for v in (count1, nobs1, count2, nobs2))
    with np.errstate(invalid="ignore", divide="ignore"):
        diff = c1 / n1 - c2 / n2
        ok = np.isfinite(diff) & (n1 > 0) & (n2 > 0)
        low, high = np.full(diff.shape, np.nan), np.full(diff.shape, np.nan)
        if ok.any():
            lo, hi = confint_proportions_2indep(c1[ok], n1[ok], c2[ok], n2[ok],
                                                method="newcomb", alpha=alpha)
            low[ok], high[ok] = lo, hi
    if diff.ndim == 0:
        return float(diff), float(low), float(high)
    return diff, low, high


def _group_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Per row: percentage, eligible pupils and pupils meeting (derived when only % given)."""
    n = rows["eligible_pupils"].astype(float)
    meeting = rows["pupils_meeting"].astype(float)
    derived = meeting.isna() & n.notna() & rows["value"].notna() & (rows["unit"] == "percent")
    meeting = meeting.where(~derived, (rows["value"] / 100 * n).round())
    from_counts = (100 * meeting / n).where(n > 0)
    pct = from_counts.fillna(rows["value"]).where(rows["unit"] == "percent", rows["value"])
    return pd.DataFrame({"pct": pct, "n": n, "meeting": meeting, "derived": derived},
                        index=rows.index)


def group_gaps(attainment: pd.DataFrame, pair: GroupPair, alpha: float = 0.05,
               design: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per area x year x measure: both groups' results and the gap with its interval.

    ``attainment`` is ``ks_attainment_la`` (any subset); ``design`` (optional) the school-
    clustered variances of the same gap, measure and years (:func:`clustering.gap_design`).
    Columns returned: the area keys, ``focal_pct``, ``reference_pct``, ``focal_pupils``,
    ``focal_meeting``, ``reference_pupils``, ``reference_meeting``, ``gap`` (percentage
    points, or points for a points measure), ``ci_low``, ``ci_high`` (95% by default),
    ``design_effect`` (the divisor of the counts; 1 when pupils are treated as independent),
    ``design_df`` (its degrees of freedom; NaN when independent), ``binomial_se`` (pp,
    independent pupils), ``clustered_se`` (pp, allowing for schools: the binomial one where
    pupils are treated as independent) and ``interval_note``.
    Areas lacking either group are dropped.
    """
    sides = {}
    for side, group in (("focal", pair.focal), ("reference", pair.reference)):
        rows = attainment[attainment["pupil_group"] == group]
        counts = _group_counts(rows)
        part = rows[AREA_KEYS].join(counts.add_prefix(f"{side}_"))
        sides[side] = part.rename(columns={f"{side}_n": f"{side}_pupils"})
    merged = sides["focal"].merge(sides["reference"], on=AREA_KEYS, how="inner")
    if merged.empty:
        present = sorted(attainment["pupil_group"].dropna().unique())
        raise DataNotAvailableError(
            f"No area has results for both {pair.focal_label} ({pair.focal!r}) and "
            f"{pair.reference_label} ({pair.reference!r}) for this key stage and measure; "
            f"pupil groups in this data source: {present}")
    merged["gap"] = merged["reference_pct"] - merged["focal_pct"]
    deff, merged["design_df"], clustered = _design(merged, design)
    merged["design_effect"] = effective_size_divisor(deff, merged["design_df"])
    low, high = _interval(merged, pair, alpha)
    merged["ci_low"], merged["ci_high"] = 100 * low, 100 * high
    p_f, p_r = merged["focal_pct"] / 100, merged["reference_pct"] / 100
    merged["binomial_se"] = 100 * np.sqrt(p_f * (1 - p_f) / merged["focal_pupils"]
                                          + p_r * (1 - p_r) / merged["reference_pupils"])
    merged["clustered_se"] = merged["binomial_se"] * np.sqrt(deff)
    merged["interval_note"] = _notes(merged, pair, clustered if design is not None else None)
    merged = merged.drop(columns=["focal_derived", "reference_derived"])
    return merged.sort_values(["year", "geographic_level", "la_code", "region_code"],
                              kind="stable", na_position="first").reset_index(drop=True)


def _area(frame: pd.DataFrame) -> pd.Series:
    """The area key of :func:`clustering.gap_design` for each row of ``frame``."""
    la = frame["la_code"].astype("Int64").astype(str)
    return la.where(frame["geographic_level"] == "Local authority",
                    frame["region_code"].where(frame["geographic_level"] == "Regional",
                                               "England"))


def _design(merged: pd.DataFrame, design: pd.DataFrame | None):
    """Per row: the pooled design effect and its degrees of freedom where school counts
    cover the row's area (1 and NaN where they do not), and whether they do."""
    percent = (merged["unit"] == "percent").to_numpy()
    if design is None or design.empty:
        return np.ones(len(merged)), np.full(len(merged), np.nan), np.zeros(len(merged), bool)
    keyed = merged[["year"]].assign(area=_area(merged).to_numpy()).merge(
        design, on=["year", "area"], how="left")
    pupils = (merged["focal_pupils"] + merged["reference_pupils"]).to_numpy()
    covered = percent & (keyed["school_pupils"].to_numpy() >= MIN_SCHOOL_COVERAGE * pupils) & (
        keyed["design_effect"].notna().to_numpy())
    return (np.where(covered, keyed["design_effect"], 1.0),
            np.where(covered, keyed["design_df"], np.nan), covered)


def _interval(merged: pd.DataFrame, pair: GroupPair, alpha: float):
    k = merged["design_effect"]
    f_n, f_m = merged["focal_pupils"] / k, merged["focal_meeting"] / k
    r_n, r_m = merged["reference_pupils"] / k, merged["reference_meeting"] / k
    percent = (merged["unit"] == "percent").to_numpy()
    if pair.nested:
        rest_n, rest_m = r_n - f_n, r_m - f_m
        _, low, high = newcombe_difference(rest_m, rest_n, f_m, f_n, alpha)
        scale = (rest_n / r_n).to_numpy()
        low, high = low * scale, high * scale
    else:
        _, low, high = newcombe_difference(r_m, r_n, f_m, f_n, alpha)
    return np.where(percent, low, np.nan), np.where(percent, high, np.nan)


def _notes(merged: pd.DataFrame, pair: GroupPair, clustered: np.ndarray | None) -> pd.Series:
    """Each row's interval note; ``clustered`` (when school counts were offered) says for
    which rows they allowed for clustering."""
    notes = pd.Series("", index=merged.index, dtype=object)
    derived = merged["focal_derived"] | merged["reference_derived"]
    notes[derived] = NOTE_DERIVED
    if clustered is not None:
        which = np.where(clustered, NOTE_CLUSTERED, NOTE_INDEPENDENT)
        notes = (notes + "; " + which).str.strip("; ")
    if pair.nested:
        has_ci = merged["ci_low"].notna()
        notes[has_ci] = (notes[has_ci] + "; " + NOTE_NESTED).str.strip("; ")
    notes[merged["ci_low"].isna() & merged["gap"].notna()] = NOTE_NO_COUNTS
    notes[merged["unit"] != "percent"] = NOTE_POINTS
    return notes


def area_gap_table(gaps: pd.DataFrame, *, la_code: int, region_code: str | None,
                   comparator_codes=(), year: int | None = None) -> pd.DataFrame:
    """The gap in one year for the LA, England, its region and each comparator LA.

    ``year`` defaults to the latest year with a gap for the LA. Adds ``role``
    ("LA", "England", "Region", "Comparator"); comparators are ordered as given.
    """
    la_rows = gaps[gaps["la_code"] == la_code].dropna(subset=["gap"])
    if la_rows.empty:
        raise DataNotAvailableError(f"No gap can be computed for LA {la_code} in these years")
    year = int(la_rows["year"].max()) if year is None else year
    in_year = gaps[gaps["year"] == year]
    parts = [in_year[in_year["la_code"] == la_code].assign(role="LA"),
             in_year[in_year["geographic_level"] == "National"].assign(role="England")]
    if region_code:
        regional = in_year[(in_year["geographic_level"] == "Regional")
                           & (in_year["region_code"] == region_code)]
        parts.append(regional.assign(role="Region"))
    order = {code: i for i, code in enumerate(comparator_codes) if code != la_code}
    comps = in_year[in_year["la_code"].isin(list(order))]
    parts.append(comps.assign(role="Comparator", _order=comps["la_code"].map(order))
                 .sort_values("_order").drop(columns="_order"))
    return pd.concat(parts, ignore_index=True)


def difference_of_gaps(gap1: float, ci1: tuple[float, float], gap2: float,
                       ci2: tuple[float, float]) -> tuple[float, float, float]:
    """``gap1 - gap2`` with an interval combined from the two gaps' intervals (MOVER).

    The method of variance estimates recovery (Zou & Donner 2008; Newcombe 2001 for
    differences of differences of proportions): ``L = d - sqrt((g1 - l1)^2 + (u2 - g2)^2)``,
    ``U = d + sqrt((u1 - g1)^2 + (g2 - l2)^2)``. Assumes the two gaps are independent
    (an LA against England is nearly so; the LA's pupils are a small part of England's).
    Returns (difference, low, high); NaN when either interval is missing.
    """
    (l1, u1), (l2, u2) = ci1, ci2
    d = gap1 - gap2
    low = d - np.sqrt((gap1 - l1) ** 2 + (u2 - gap2) ** 2)
    high = d + np.sqrt((u1 - gap1) ** 2 + (gap2 - l2) ** 2)
    return float(d), float(low), float(high)
