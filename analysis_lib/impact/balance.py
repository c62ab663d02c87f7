"""Covariate balance: standardised mean differences before and after matching.

SMD = (weighted mean of programme families - weighted mean of comparison families) / SD,
where SD is the standard deviation (n - 1 denominator) of the covariate among *all*
programme families before matching, so the yardstick is the same before and after (the
ATT convention of MatchIt and of Matching's ``MatchBalance``, which prints 100 x SMD).
|SMD| < 0.1 is the usual threshold for adequate balance (Austin 2009).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BALANCE_THRESHOLD = 0.1


def _weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    return float(np.sum(values * weights) / np.sum(weights))


def smd(values: pd.Series, treated: pd.Series, weights: pd.Series | None = None,
        sd_treated: float | None = None) -> float:
    """Standardised mean difference of one covariate (treated minus comparison).

    ``weights`` (default 1) weight both groups; ``sd_treated`` is the yardstick (default:
    SD of the treated units in ``values``, n - 1 denominator).
    """
    w = pd.Series(1.0, index=values.index) if weights is None else weights.reindex(values.index)
    t = treated.reindex(values.index).astype(bool)
    sd = float(values[t].std(ddof=1)) if sd_treated is None else sd_treated
    diff = _weighted_mean(values[t], w[t]) - _weighted_mean(values[~t], w[~t])
    if sd == 0:
        return 0.0 if diff == 0 else float(np.sign(diff) * np.inf)
    return diff / sd


def balance_table(sample: pd.DataFrame, covariates, match_weights: pd.Series) -> pd.DataFrame:
    """SMDs before and after matching, one row per covariate.

    ``sample`` has ``treated`` (0/1) and the covariates; ``match_weights`` (indexed like
    the sample) is 1 for each matched programme family and the number of times (ties
    shared) each comparison family was used; unmatched families are absent or 0.
    Columns: covariate, mean_programme, mean_comparison_before, mean_comparison_after,
    smd_before, smd_after, balanced_after.
    """
    treated = sample["treated"].astype(bool)
    matched_w = match_weights.reindex(sample.index).fillna(0.0)
    rows = []
    for cov in covariates:
        x = sample[cov].astype(float)
        sd_t = float(x[treated].std(ddof=1))
        keep = matched_w > 0
        after = smd(x[keep], treated[keep], matched_w[keep], sd_treated=sd_t)
        rows.append({
            "covariate": cov,
            "mean_programme": float(x[treated].mean()),
            "mean_comparison_before": float(x[~treated].mean()),
            "mean_comparison_after": _weighted_mean(x[keep & ~treated], matched_w[keep & ~treated]),
            "smd_before": smd(x, treated, sd_treated=sd_t),
            "smd_after": after,
            "balanced_after": bool(abs(after) < BALANCE_THRESHOLD),
        })
    return pd.DataFrame(rows)


def love_plot_data(table: pd.DataFrame) -> pd.DataFrame:
    """Long form for a love plot: covariate, stage ("before"/"after"), abs_smd."""
    long = table.melt(id_vars="covariate", value_vars=["smd_before", "smd_after"],
                      var_name="stage", value_name="smd")
    long["stage"] = long["stage"].str.replace("smd_", "", regex=False)
    long["abs_smd"] = long["smd"].abs()
    order = table.assign(a=table["smd_before"].abs()).sort_values("a")["covariate"]
    long["covariate"] = pd.Categorical(long["covariate"], categories=list(order), ordered=True)
    return long.sort_values(["covariate", "stage"]).reset_index(drop=True)
