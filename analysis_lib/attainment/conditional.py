"""Each LA's attainment of disadvantaged pupils conditional on intake: a school-level GLM.

Model (statsmodels GLM, binomial family, logit link) for school i in LA j and year t:

    logit P(disadvantaged pupil meets the standard) = a_j + b * disadvantaged_share_i + c_t

fitted to every school's disadvantaged pupils (successes = pupils meeting, derived from the
published percentage; trials = disadvantaged pupils). ``a_j`` is the LA's effect; we report it
relative to the unweighted average LA (a contrast, with its interval from ``t_test``), on the
log-odds scale and in percentage points at the national average rate. The dispersion is
estimated from Pearson's chi-squared (quasi-binomial), because school results vary more than
binomial chance. Assumptions: one regime (years of one measure), a linear logit in the
school's disadvantaged share, common year effects; repeated years of a school are treated as
independent (intervals are somewhat too narrow where schools persist).

For speed (a pack fits this once per data version, but on ~100,000 school-years a dense
IRLS fit takes minutes), schools are pooled into cells of LA x year x band of disadvantaged
share (``SHARE_BAND`` = 0.05 wide), each at its pupil-weighted mean share. A binomial GLM on
pooled cells has the same likelihood as on schools except that shares within a band are set
to their mean: with the share coefficients seen in practice (under 1 on the logit scale) this
moves a prediction by less than 0.03 logits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.special import expit, logit

from analysis_lib.errors import DataNotAvailableError

MIN_SCHOOLS_PER_LA = 3
SHARE_BAND = 0.05


def model_frame(gaps: pd.DataFrame) -> pd.DataFrame:
    """School-years usable by the model: disadvantaged pupils > 0 and a result published."""
    rows = gaps[(gaps["disadvantaged_pupils"] > 0) & gaps["disadvantaged_meeting"].notna()
                & (gaps["cohort"] > 0)].copy()
    rows["disadvantaged_share"] = rows["disadvantaged_pupils"] / rows["cohort"]
    counts = rows.groupby("la_code")["urn"].transform("nunique")
    rows = rows[counts >= MIN_SCHOOLS_PER_LA]
    if rows["la_code"].nunique() < 2:
        raise DataNotAvailableError("Too few LAs with school results to compare LAs")
    rows["la_code"] = rows["la_code"].astype(int)
    return rows.sort_values(["la_code", "year", "urn"], kind="stable").reset_index(drop=True)


def pooled_cells(rows: pd.DataFrame, band: float = SHARE_BAND) -> pd.DataFrame:
    """LA x year x share-band cells: pupils, pupils meeting and mean share (pupil-weighted)."""
    cells = rows.assign(band=np.floor(rows["disadvantaged_share"] / band).astype(int),
                        weighted=rows["disadvantaged_share"] * rows["disadvantaged_pupils"])
    out = cells.groupby(["la_code", "year", "band"], as_index=False).agg(
        disadvantaged_pupils=("disadvantaged_pupils", "sum"),
        disadvantaged_meeting=("disadvantaged_meeting", "sum"), weighted=("weighted", "sum"))
    out["disadvantaged_share"] = out["weighted"] / out["disadvantaged_pupils"]
    return out.drop(columns=["weighted", "band"])


def _design(rows: pd.DataFrame):
    las = np.sort(rows["la_code"].unique())
    years = np.sort(rows["year"].unique())
    la_dummies = pd.get_dummies(pd.Categorical(rows["la_code"], categories=las), dtype=float)
    la_dummies.columns = [f"la_{c}" for c in las]
    year_dummies = pd.get_dummies(pd.Categorical(rows["year"], categories=years),
                                  dtype=float).iloc[:, 1:]
    year_dummies.columns = [f"year_{y}" for y in years[1:]]
    x = pd.concat([la_dummies, rows[["disadvantaged_share"]].reset_index(drop=True),
                   year_dummies], axis=1)
    return x, las


def la_effects(gaps: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Fit the model and return (effects per LA, model info).

    Effects frame: ``la_code``, ``schools``, ``disadvantaged_pupils``, ``effect_logodds``,
    ``ci_low``, ``ci_high`` (95%), ``effect_pp``, ``pp_low``, ``pp_high`` (percentage points
    relative to the average LA at the national rate), ``rank`` (1 = highest). Info: number of
    school-years, years, the share coefficient with interval, dispersion, national rate.
    """
    rows = model_frame(gaps)
    cells = pooled_cells(rows)
    x, las = _design(cells)
    meeting = cells["disadvantaged_meeting"].to_numpy(float)
    trials = cells["disadvantaged_pupils"].to_numpy(float)
    # proportions with var_weights=trials: with a two-column endog, statsmodels 0.15's
    # scale="X2" misestimates the dispersion (about 1/mean trials), so intervals shrink.
    fit = sm.GLM(meeting / trials, x, family=sm.families.Binomial(),
                 var_weights=trials).fit(scale="X2")
    k = len(las)
    contrast = np.zeros((k, x.shape[1]))
    contrast[:, :k] = np.eye(k) - 1.0 / k
    test = fit.t_test(contrast)
    ci = np.asarray(test.conf_int())
    rate = meeting.sum() / trials.sum()
    base = logit(rate)
    effect = np.asarray(test.effect)
    table = pd.DataFrame({"la_code": las, "effect_logodds": effect,
                          "ci_low": ci[:, 0], "ci_high": ci[:, 1]})
    for col, src in (("effect_pp", effect), ("pp_low", ci[:, 0]), ("pp_high", ci[:, 1])):
        table[col] = 100 * (expit(base + src) - rate)
    sizes = rows.groupby("la_code").agg(schools=("urn", "nunique"),
                                        disadvantaged_pupils=("disadvantaged_pupils", "sum"))
    table = table.merge(sizes, left_on="la_code", right_index=True)
    table["rank"] = table["effect_logodds"].rank(ascending=False, method="min").astype(int)
    share_ci = fit.conf_int().loc["disadvantaged_share"]
    info = {"school_years": int(len(rows)), "cells": int(len(cells)),
            "years": sorted(int(y) for y in rows["year"].unique()),
            "share_coef": float(fit.params["disadvantaged_share"]),
            "share_ci": (float(share_ci.iloc[0]), float(share_ci.iloc[1])),
            "dispersion": float(fit.scale), "national_rate": float(rate), "las": int(k)}
    return table.sort_values("effect_logodds", kind="stable").reset_index(drop=True), info
