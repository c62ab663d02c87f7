"""Allowing for pupils clustered in schools: design effects for a difference of group means.

A gap (or the gap index) is a difference of two group means, ``mean_a - mean_b``, each a ratio
of totals over the pupils of an area. Pupils of one school share its teaching and its year's
circumstances, so their results vary together and the independent-pupils (binomial or Welch)
variance understates how much the area's gap would move were its cohorts drawn again.

The clustered variance is the linearised (Taylor) variance with schools as clusters: each
school contributes ``c = (sum_a - M_a n_a) / N_a - (sum_b - M_b n_b) / N_b`` (its pupils'
deviations from the area means), and ``V = G / (G - 1) x sum(c^2)`` over the area's ``G``
schools (the CR1 small-sample factor; Cameron and Miller 2015, J. Human Resources 50:317-372).
It also carries the variation from cohort sizes and group shares that differ from year to
year, which a binomial interval omits.

Intervals keep the shape of the independent-pupils interval on *effective* sample sizes,
Korn and Graubard's (1998, Survey Methodology 24:193-201) device for proportions from
clustered samples: every count is divided by ``k = deff x (t_{G-1} / z)^2``, where
``deff = V / V_independent`` and the t ratio spends the ``G - 1`` degrees of freedom of the
clustered variance. ``k`` is floored at 1: pupil-level sampling error is always present, so no
interval is narrower than the independent-pupils one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib import geography
from analysis_lib.levels import Z95, t_value


def clustered_difference(schools: pd.DataFrame, by: list[str], *, sum_a: str, n_a: str,
                         sum_b: str, n_b: str, stratum: str | None = None) -> pd.DataFrame:
    """Per group of ``by``: the difference of means a - b and its school-clustered variance.

    ``schools`` has one row per school (the cluster) with each group's total (``sum_*``: pupils
    meeting a standard, or summed ranks) and pupil count (``n_*``). Schools lacking a group
    still count as clusters. With ``stratum`` (a column, e.g. the LA), each stratum's schools
    are a fixed part of the area: contributions are centred within their stratum and the
    CR1 factor is that stratum's, so lasting differences between strata add no variance.
    Returns ``by`` plus ``schools`` (G), ``difference`` and ``clustered_variance`` (NaN with
    fewer than 2 schools, in every stratum, or an empty group).
    """
    frame = schools[by].copy()
    for col in (sum_a, n_a, sum_b, n_b):
        frame[col] = schools[col].astype(float).fillna(0.0)
    totals = frame.groupby(by, dropna=False)[[sum_a, n_a, sum_b, n_b]].transform("sum")
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_a, mean_b = totals[sum_a] / totals[n_a], totals[sum_b] / totals[n_b]
        frame["_c"] = ((frame[sum_a] - mean_a * frame[n_a]) / totals[n_a]
                       - (frame[sum_b] - mean_b * frame[n_b]) / totals[n_b])
        frame["_difference"] = mean_a - mean_b
    strata = [*by, stratum] if stratum else by
    if stratum:
        frame[stratum] = schools[stratum].to_numpy()
    within = frame.groupby(strata, dropna=False)["_c"]
    g_h = within.transform("size").astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        centred = frame["_c"] - within.transform("mean") if stratum else frame["_c"]
        frame["_c2"] = (g_h / (g_h - 1) * centred**2).where(g_h >= 2)
    grouped = frame.groupby(by, dropna=False)
    out = grouped.agg(schools=("_c", "size"), difference=("_difference", "first"))
    out["clustered_variance"] = grouped["_c2"].sum(min_count=1)
    return out.reset_index()


def effective_size_divisor(clustered_variance, independent_variance, schools) -> np.ndarray:
    """Korn-Graubard divisor ``k = max(1, deff x (t_{G-1} / z)^2)`` of every pupil count.

    NaN inputs (no clustered variance) give 1: the independent-pupils interval, unchanged.
    """
    v, v0, g = (np.asarray(a, dtype=float) for a in (clustered_variance, independent_variance,
                                                       schools))
    with np.errstate(invalid="ignore", divide="ignore"):
        t = t_value(g - 1)
        k = v / v0 * (t / Z95) ** 2
    return np.where(np.isfinite(k), np.maximum(k, 1.0), 1.0)


def _regions(la_codes: pd.Series, years: pd.Series) -> pd.Series:
    """Region (E12...) of each LA code in its year (as the LA was placed that year)."""
    out = pd.Series(None, index=la_codes.index, dtype=object)
    for year in years.unique():
        table = geography.las(int(year)).drop_duplicates("la_code").set_index("la_code")
        at = years == year
        out[at] = la_codes[at].map(table["region_code"]).to_numpy()
    return out


def gap_design(schools: pd.DataFrame) -> pd.DataFrame:
    """School-clustered variance of the other-minus-disadvantaged gap (proportions 0-1) of
    every LA, region and England in every year of ``schools``.

    ``schools`` is ``ks_attainment_school`` for one measure. Schools whose percentage for
    either group is missing (suppressed) are left out of the variances but not of
    ``school_pupils`` (the pupils the file covers). A region's or England's LAs are strata.
    Returns ``year``, ``area`` (LA code as text, E12 region code, or "England"), ``schools``,
    ``school_pupils``, ``clustered_variance`` and ``independent_variance`` (binomial, same
    schools).
    """
    schools = schools[schools["la_code"].notna()]
    rows = schools[["year", "la_code", "disadvantaged_pupils", "other_pupils"]].copy()
    rows["la_code"] = rows["la_code"].astype(int)
    rows["met_dis"] = (schools["pct_disadvantaged"] / 100 * rows["disadvantaged_pupils"]).round()
    rows["met_other"] = (schools["pct_other"] / 100 * rows["other_pupils"]).round()
    rows["pupils"] = rows["disadvantaged_pupils"].fillna(0) + rows["other_pupils"].fillna(0)
    known = (rows["met_dis"].notna() & rows["met_other"].notna()
             & (rows["disadvantaged_pupils"] > 0) & (rows["other_pupils"] > 0))
    areas = {"la": rows["la_code"].astype(str), "region": _regions(rows["la_code"], rows["year"]),
             "england": pd.Series("England", index=rows.index)}
    parts = []
    for level, area in areas.items():
        framed = rows.assign(area=area.to_numpy()).dropna(subset=["area"])
        pupils = framed.groupby(["year", "area"])["pupils"].sum().rename("school_pupils")
        framed = framed[known.reindex(framed.index).to_numpy()]
        design = clustered_difference(framed, ["year", "area"], sum_a="met_other",
                                      n_a="other_pupils", sum_b="met_dis",
                                      n_b="disadvantaged_pupils",
                                      stratum=None if level == "la" else "la_code")
        sums = framed.groupby(["year", "area"])[["met_dis", "disadvantaged_pupils",
                                                 "met_other", "other_pupils"]].sum()
        p_dis = sums["met_dis"] / sums["disadvantaged_pupils"]
        p_other = sums["met_other"] / sums["other_pupils"]
        sums["independent_variance"] = (p_dis * (1 - p_dis) / sums["disadvantaged_pupils"]
                                        + p_other * (1 - p_other) / sums["other_pupils"])
        parts.append(design.merge(sums[["independent_variance"]].reset_index(),
                                  on=["year", "area"]).merge(pupils.reset_index(),
                                                             on=["year", "area"]))
    out = pd.concat(parts, ignore_index=True)
    return out[["year", "area", "schools", "school_pupils", "clustered_variance",
                "independent_variance"]]
