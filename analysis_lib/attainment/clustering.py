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
year, which a binomial interval omits. A region's or England's clusters are its LAs (each
LA's schools summed), so a shock to an LA's year counts there too.

An area's gap is a census of its schools, and its interval covers the gap expected from
*those* schools. A school's lasting difference from the area (its usual intake and
teaching) is part of that expected gap, not noise, yet it enters every year's ``c``. So
each cluster's deviation totals are taken about their mean over the years of one measure,
with the HC2 leverage correction ``K / (K - 1)`` for a mean of ``K`` years (MacKinnon and
White 1985, J. Econometrics 29:305-325); a cluster seen in one year only keeps its raw
contribution. Centring totals, not rates, keeps the variation of the school's cohort size
and make-up from year to year, which the expected gap (at expected sizes) does not hold.
What remains (pupils, cohort make-up and shocks to a school's year) is pooled
over the measure's years into one design effect per area, Kish's (1995, Survey Methods in
Social Investigation) averaged design effect ``deff = sum(V_t) / sum(V_independent_t)``, on
the residual degrees of freedom of the cluster-and-year decomposition (cluster-years, less
the clusters seen twice or more, less years).

Intervals keep the shape of the independent-pupils interval on *effective* sample sizes,
Korn and Graubard's (1998, Survey Methodology 24:193-201) device for proportions from
clustered samples: every count is divided by ``k = deff x (t_df / z)^2``, the t ratio
spending the pooled degrees of freedom (one year of a few schools: G - 1). Pupil-level
sampling error is always present, so ``deff`` never falls below its pupils-within-schools
part (binomial within each school). That part is below the independent-pupils variance
when schools differ, as in any stratified sample, so ``k`` may be below 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib import geography
from analysis_lib.levels import Z95, t_value


def clustered_difference(schools: pd.DataFrame, by: list[str], *, sum_a: str, n_a: str,
                         sum_b: str, n_b: str, stratum: str | None = None,
                         lasting: list[str] | None = None) -> pd.DataFrame:
    """Per group of ``by``: the difference of means a - b and its school-clustered variance.

    ``schools`` has one row per school (the cluster) with each group's total (``sum_*``: pupils
    meeting a standard, or summed ranks) and pupil count (``n_*``). Schools lacking a group
    still count as clusters. With ``stratum`` (a column, e.g. the LA), each stratum's schools
    are a fixed part of the area: contributions are centred within their stratum and the
    CR1 factor is that stratum's, so lasting differences between strata add no variance.
    With ``lasting`` (columns naming one school over a spell, e.g. area, measure and URN),
    each school's deviations are taken about its mean over the spell (module docstring).
    Returns ``by`` plus ``schools`` (G), ``difference`` and ``clustered_variance`` (NaN with
    fewer than 2 schools, in every stratum, or an empty group).
    """
    frame = schools[by].copy()
    for col in (sum_a, n_a, sum_b, n_b):
        frame[col] = schools[col].astype(float).fillna(0.0)
    totals = frame.groupby(by, dropna=False)[[sum_a, n_a, sum_b, n_b]].transform("sum")
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_a, mean_b = totals[sum_a] / totals[n_a], totals[sum_b] / totals[n_b]
        dev_a, dev_b = frame[sum_a] - mean_a * frame[n_a], frame[sum_b] - mean_b * frame[n_b]
        inflate = pd.Series(1.0, index=frame.index)
        if lasting:
            dev_a, dev_b, inflate = _about_school_means(schools[lasting], dev_a, dev_b)
        frame["_c"] = dev_a / totals[n_a] - dev_b / totals[n_b]
        frame["_difference"] = mean_a - mean_b
    strata = [*by, stratum] if stratum else by
    if stratum:
        frame[stratum] = schools[stratum].to_numpy()
    within = frame.groupby(strata, dropna=False)["_c"]
    g_h = within.transform("size").astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        centred = frame["_c"] - within.transform("mean") if stratum else frame["_c"]
        frame["_c2"] = (g_h / (g_h - 1) * centred**2 * inflate).where(g_h >= 2)
    grouped = frame.groupby(by, dropna=False)
    out = grouped.agg(schools=("_c", "size"), difference=("_difference", "first"))
    out["clustered_variance"] = grouped["_c2"].sum(min_count=1)
    return out.reset_index()


def _about_school_means(keys: pd.DataFrame, dev_a: pd.Series, dev_b: pd.Series):
    """Both groups' deviation totals less the school's mean total over the rows sharing its
    ``keys`` (its lasting difference goes; its cohort's size and make-up that year stay),
    and each row's HC2 factor ``K / (K - 1)`` for a mean of ``K`` years (1, with the raw
    totals, for a school seen once)."""
    grouped = pd.DataFrame({"a": dev_a, "b": dev_b}).groupby([keys[c] for c in keys],
                                                             dropna=False)
    k = grouped["a"].transform("size").astype(float)
    once = k < 2
    out_a = (dev_a - grouped["a"].transform("mean")).where(~once, dev_a)
    out_b = (dev_b - grouped["b"].transform("mean")).where(~once, dev_b)
    return out_a, out_b, (k / (k - 1)).where(~once, 1.0)


def effective_size_divisor(design_effect, dof) -> np.ndarray:
    """Korn-Graubard divisor ``k = deff x (t_dof / z)^2`` of every pupil count.

    NaN inputs (no clustered variance) give 1: the independent-pupils interval, unchanged.
    """
    deff, dof = (np.asarray(a, dtype=float) for a in (design_effect, dof))
    with np.errstate(invalid="ignore", divide="ignore"):
        k = deff * (t_value(dof) / Z95) ** 2
    return np.where(np.isfinite(k), k, 1.0)


def pooled_design_effect(design: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Each area's design effect pooled over the years of one spell (measure), its floor
    (the pooled pupil-level variance within clusters) and the pool's residual degrees of
    freedom (cluster-years, less the clusters seen twice or more, less years; at least 1).

    ``design`` has ``year``, ``area``, ``spell``, ``schools`` (clusters), ``clustered_variance``,
    ``within_variance`` and ``independent_variance``; ``clusters`` the ``area``, ``spell``
    and ``cluster`` of every cluster-year the variances used. Returns ``area``, ``spell``,
    ``design_effect`` (never below its floor) and ``design_df``.
    """
    used = design[design["clustered_variance"].notna()]
    pooled = used.groupby(["area", "spell"]).agg(
        v=("clustered_variance", "sum"), within=("within_variance", "sum"),
        v0=("independent_variance", "sum"), rows=("schools", "sum"), years=("year", "nunique"))
    seen = clusters.groupby(["area", "spell", "cluster"]).size()
    repeated = (seen >= 2).groupby(["area", "spell"]).sum()  # a mean was taken out
    pooled["design_effect"] = np.maximum(pooled["v"], pooled["within"]) / pooled["v0"]
    pooled["design_df"] = np.maximum(
        pooled["rows"] - repeated.reindex(pooled.index).fillna(0) - pooled["years"], 1.0)
    return pooled[["design_effect", "design_df"]].reset_index()


def _regions(la_codes: pd.Series, years: pd.Series) -> pd.Series:
    """Region (E12...) of each LA code in its year (as the LA was placed that year)."""
    out = pd.Series(None, index=la_codes.index, dtype=object)
    for year in years.unique():
        table = geography.las(int(year)).drop_duplicates("la_code").set_index("la_code")
        at = years == year
        out[at] = la_codes[at].map(table["region_code"]).to_numpy()
    return out


COUNTS = ["met_dis", "disadvantaged_pupils", "met_other", "other_pupils"]


def _school_rows(schools: pd.DataFrame) -> pd.DataFrame:
    """Per school-year: counts of both groups (meeting derived from the percentages), its
    pupils, whether both groups' results are known, and its within-school binomial variance
    terms (``p (1 - p) n / (n - 1)`` per group, to be divided by the area's group size^2)."""
    schools = schools[schools["la_code"].notna()]
    rows = schools[["year", "urn", "measure", "la_code", "disadvantaged_pupils",
                    "other_pupils"]].copy()
    rows["la_code"] = rows["la_code"].astype(int)
    rows["met_dis"] = (schools["pct_disadvantaged"] / 100 * rows["disadvantaged_pupils"]).round()
    rows["met_other"] = (schools["pct_other"] / 100 * rows["other_pupils"]).round()
    rows["pupils"] = rows["disadvantaged_pupils"].fillna(0) + rows["other_pupils"].fillna(0)
    rows["known"] = (rows["met_dis"].notna() & rows["met_other"].notna()
                     & (rows["disadvantaged_pupils"] > 0) & (rows["other_pupils"] > 0))
    for met, n, out in (("met_dis", "disadvantaged_pupils", "within_dis"),
                        ("met_other", "other_pupils", "within_other")):
        p = rows[met] / rows[n]
        rows[out] = (p * (1 - p) * rows[n] ** 2 / (rows[n] - 1)).where(rows[n] > 1, 0.0)
    return rows


def gap_design(schools: pd.DataFrame) -> pd.DataFrame:
    """School-clustered variance of the other-minus-disadvantaged gap (proportions 0-1) of
    every LA, region and England in every year of ``schools``, and its pooled design effect.

    ``schools`` is ``ks_attainment_school`` for one measure a year (``select_measure``). An
    LA's clusters are its schools; a region's or England's, its LAs (so a shock to an LA's
    year counts). Schools whose percentage for either group is missing (suppressed) are left
    out of the variances but not of ``school_pupils`` (the pupils the file covers). Returns
    ``year``, ``area`` (LA code as text, E12 region code, or "England"), ``schools``
    (clusters), ``school_pupils``, ``clustered_variance`` (about each cluster's lasting
    deviation), ``within_variance`` (pupils within schools), ``independent_variance``
    (binomial, same schools), ``design_effect`` and ``design_df`` (pooled over the years of
    the year's measure).
    """
    rows = _school_rows(schools)
    levels = ((rows["la_code"].astype(str), "urn"),
              (_regions(rows["la_code"], rows["year"]), "la_code"),
              (pd.Series("England", index=rows.index), "la_code"))
    parts, used = [], []
    for area, key in levels:
        framed = rows.assign(area=area.to_numpy()).dropna(subset=["area"])
        pupils = framed.groupby(["year", "area"])["pupils"].sum().rename("school_pupils")
        framed = framed[framed["known"]]
        units = framed.groupby(["year", "area", "measure", key], as_index=False)[COUNTS].sum()
        used.append(units[["area", "measure", key]].rename(columns={key: "cluster"}))
        design = clustered_difference(units, ["year", "area"], sum_a="met_other",
                                      n_a="other_pupils", sum_b="met_dis",
                                      n_b="disadvantaged_pupils",
                                      lasting=["area", "measure", key])
        sums = framed.groupby(["year", "area"])[[*COUNTS, "within_dis", "within_other"]].sum()
        p_dis = sums["met_dis"] / sums["disadvantaged_pupils"]
        p_other = sums["met_other"] / sums["other_pupils"]
        sums["independent_variance"] = (p_dis * (1 - p_dis) / sums["disadvantaged_pupils"]
                                        + p_other * (1 - p_other) / sums["other_pupils"])
        sums["within_variance"] = (sums["within_dis"] / sums["disadvantaged_pupils"] ** 2
                                   + sums["within_other"] / sums["other_pupils"] ** 2)
        parts.append(design.merge(sums[["independent_variance", "within_variance"]]
                                  .reset_index(), on=["year", "area"])
                     .merge(pupils.reset_index(), on=["year", "area"]))
    out = pd.concat(parts, ignore_index=True)
    out["spell"] = out["year"].map(rows.groupby("year")["measure"].first())
    clusters = pd.concat(used, ignore_index=True).rename(columns={"measure": "spell"})
    out = out.merge(pooled_design_effect(out, clusters), on=["area", "spell"], how="left")
    return out[["year", "area", "schools", "school_pupils", "clustered_variance",
                "within_variance", "independent_variance", "design_effect", "design_df"]]
