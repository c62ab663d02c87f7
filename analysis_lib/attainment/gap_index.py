"""DfE's disadvantage gap index: the mean-rank method, from pupil-level scores.

Method (DfE SFR 40/2014, "Measuring disadvantaged pupils' attainment gaps over time"):
1. rank every eligible pupil in England in the year by attainment (KS2: fine grade before 2016,
   scaled score after; ties share their average rank);
2. turn ranks into percentile ranks on 0-1 (rank / number of pupils nationally);
3. take the mean percentile rank of disadvantaged pupils and of all other pupils (nationally,
   or within an LA using the national ranks);
4. gap index = 20 x (mean rank of others - mean rank of disadvantaged).

Scaling (documented here because the reference note marks DfE's scaling "unverified"): when
every disadvantaged pupil ranks below every other pupil, the difference in mean percentile
ranks is exactly 0.5 whatever the group sizes, so the factor 20 makes complete separation
score 10, no gap score 0, and a reversed gap run to -10. Nationally this equals
20 x (AUC - 0.5), where AUC is the probability that a random other pupil outranks a random
disadvantaged pupil (ties counted half) -- which the unit tests check with scipy's
Mann-Whitney U. DfE published 3.34 (2011) to 2.91 (2019) for KS2.

Because the index depends only on ranks it survives changes of scale (levels to scaled
scores). Exact agreement with DfE's published values needs the National Pupil Database; on
synthetic data, published values are only a plausibility range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analysis_lib.attainment import clustering
from analysis_lib.errors import DataNotAvailableError

SCALE = 20.0
# On synthetic data the computed national index is only checked to lie near DfE's published
# values: within this many index points of the published range (DfE's own values moved by
# 0.43 between 2011 and 2019).
PLAUSIBLE_TOLERANCE = 0.5


def national_percentile_ranks(pupils: pd.DataFrame) -> pd.Series:
    """Each pupil's percentile rank (0-1) among all pupils with a score in the same year."""
    by_year = pupils.groupby("year")["score"]
    return by_year.rank(method="average") / by_year.transform("count")


def welch_interval(mean1, var1, n1, mean2, var2, n2, alpha: float = 0.05):
    """Welch's interval for ``mean1 - mean2`` from group summaries (vectorised).

    The same interval as ``statsmodels.stats.weightstats.CompareMeans.tconfint_diff(
    usevar="unequal")`` (the unit tests check this); computed from summaries because the
    all-LA table has thousands of groups. Groups with fewer than 2 pupils give NaN.
    """
    m1, v1, c1, m2, v2, c2 = (np.asarray(a, dtype=float) for a in (mean1, var1, n1, mean2,
                                                                   var2, n2))
    with np.errstate(invalid="ignore", divide="ignore"):
        a, b = v1 / c1, v2 / c2
        se = np.sqrt(a + b)
        dof = (a + b) ** 2 / (a**2 / (c1 - 1) + b**2 / (c2 - 1))
        half = stats.t.ppf(1 - alpha / 2, dof) * se
    ok = (c1 >= 2) & (c2 >= 2)
    diff = np.where(ok, m1 - m2, np.nan)
    return diff, np.where(ok, diff - half, np.nan), np.where(ok, diff + half, np.nan)


def _school_sums(ranked: pd.DataFrame) -> pd.DataFrame:
    """Per school and year: summed percentile ranks and pupils of each group."""
    columns = pd.MultiIndex.from_product([["sum", "count"], [False, True]])
    sums = ranked.groupby(["year", "la_code", "urn", "disadvantaged"], observed=True)[
        "rank"].agg(["sum", "count"]).unstack("disadvantaged").reindex(columns=columns)
    sums = sums.fillna(0)
    out = pd.DataFrame({"rank_other": sums[("sum", False)], "n_other": sums[("count", False)],
                        "rank_dis": sums[("sum", True)], "n_dis": sums[("count", True)]},
                       index=sums.index)
    return out.reset_index()


def _index_rows(ranked: pd.DataFrame, schools: pd.DataFrame, keys: list[str],
                alpha: float) -> pd.DataFrame:
    summary = ranked.groupby([*keys, "disadvantaged"], observed=True)["rank"].agg(
        ["mean", "var", "count"]).unstack("disadvantaged")
    other = summary.xs(False, axis=1, level=1).reindex(columns=["mean", "var", "count"])
    dis = summary.xs(True, axis=1, level=1).reindex(columns=["mean", "var", "count"])
    diff, low, high = welch_interval(other["mean"], other["var"], other["count"],
                                     dis["mean"], dis["var"], dis["count"], alpha)
    design = clustering.clustered_difference(
        schools, keys, sum_a="rank_other", n_a="n_other", sum_b="rank_dis", n_b="n_dis",
        stratum=None if "la_code" in keys else "la_code").set_index(keys).reindex(summary.index)
    g = design["schools"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        half = stats.t.ppf(1 - alpha / 2, g - 1) * np.sqrt(design["clustered_variance"])
    half = np.fmax(np.asarray(half, dtype=float), high - diff)  # never below Welch's
    return pd.DataFrame({"disadvantaged_pupils": dis["count"].fillna(0).astype(int),
                         "other_pupils": other["count"].fillna(0).astype(int),
                         "schools": design["schools"].fillna(0).astype(int),
                         "gap_index": SCALE * diff, "ci_low": SCALE * (diff - half),
                         "ci_high": SCALE * (diff + half)}, index=summary.index).reset_index()


def gap_index_table(pupils: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Gap index for England and every LA in every year of ``ks2_pupils``.

    Returns ``year``, ``geographic_level`` ("National"/"Local authority"), ``la_code``,
    ``disadvantaged_pupils``, ``other_pupils``, ``schools``, ``gap_index`` and a 95%
    interval. The interval treats the national ranks as fixed and the area's pupils as drawn
    again from its schools: the school-clustered variance of the difference of mean ranks
    (:mod:`clustering`; England's LAs are strata) with ``t`` on schools - 1 degrees of
    freedom, never narrower than Welch's interval for independent pupils; times 20.
    """
    pupils = pupils.dropna(subset=["score"]).reset_index(drop=True)
    if pupils.empty:
        raise DataNotAvailableError("No pupil-level scores: the gap index needs pupil data "
                                    "(the National Pupil Database is not public)")
    ranked = pd.DataFrame({"year": pupils["year"].astype(int),
                           "la_code": pupils["la_code"].astype(int),
                           "urn": pupils["urn"].astype(int),
                           "disadvantaged": pupils["disadvantaged"].astype(bool),
                           "rank": national_percentile_ranks(pupils)})
    schools = _school_sums(ranked)
    national = _index_rows(ranked, schools, ["year"], alpha).assign(
        geographic_level="National", la_code=pd.NA)
    local = _index_rows(ranked, schools, ["year", "la_code"], alpha).assign(
        geographic_level="Local authority")
    out = pd.concat([national, local], ignore_index=True)
    out["la_code"] = out["la_code"].astype("Int64")
    cols = ["year", "geographic_level", "la_code", "disadvantaged_pupils", "other_pupils",
            "schools", "gap_index", "ci_low", "ci_high"]
    return out[cols].sort_values(["year", "geographic_level", "la_code"], kind="stable",
                                 na_position="first").reset_index(drop=True)


def compare_with_published(index: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """National computed index beside DfE's published national values (``year``, ``published``).

    Adds ``difference`` and ``plausible``: the computed value lies within
    ``PLAUSIBLE_TOLERANCE`` of the range of published values (the only fair check on
    synthetic data; exact agreement needs the National Pupil Database).
    """
    national = index.loc[index["geographic_level"] == "National", ["year", "gap_index"]]
    out = national.merge(published[["year", "published"]], on="year", how="outer")
    out["difference"] = out["gap_index"] - out["published"]
    low, high = published["published"].min(), published["published"].max()
    out["plausible"] = out["gap_index"].between(low - PLAUSIBLE_TOLERANCE,
                                                high + PLAUSIBLE_TOLERANCE)
    return out.sort_values("year").reset_index(drop=True)
