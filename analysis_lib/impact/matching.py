"""Nearest-neighbour matching on a score, with caliper and ties, and the matched ATT.

Design (the one Sekhon's R package ``Matching`` uses with ``Match(X=pscore, M=1)``):
each treated unit is matched *with replacement* to its ``m`` nearest comparison units on
the score; comparison units tied with the m-th nearest (within ``tie_tolerance``) share
the match weight equally. A caliper (in standard deviations of the score, Austin 2011
recommends 0.2 SD of the logit propensity score) drops treated units with no comparison
unit close enough, so the estimate is the ATT for the *matched* treated units.

The neighbour search uses ``scipy.spatial.cKDTree``. The standard error is Abadie and
Imbens' (2006) large-sample variance for matching with replacement under homoskedasticity,
exactly as ``Matching::Match`` computes it with its defaults (``Var.calc=0``,
``sample=FALSE``); it treats the score as known, so it ignores the uncertainty from
estimating the propensity score (Abadie & Imbens 2016).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from analysis_lib.errors import DataNotAvailableError, ParameterError
from analysis_lib.levels import z_value

DEFAULT_CALIPER_SD = 0.2
TIE_TOLERANCE = 1e-5  # on squared distance in SD units, as Matching's distance.tolerance


@dataclass(frozen=True)
class MatchingResult:
    """Matched ATT in the outcome's units, with its Abadie-Imbens SE and 95% interval."""

    att: float
    se: float
    ci_low: float
    ci_high: float
    n_treated: int
    n_treated_matched: int
    n_controls_used: int
    n_pairs: int
    mean_treated: float
    mean_control: float
    method: str = "1:m nearest-neighbour matching with replacement, Abadie-Imbens SE"

    @property
    def n_dropped(self) -> int:
        return self.n_treated - self.n_treated_matched


def match_nearest(score: pd.Series, treated: pd.Series, *, m: int = 1,
                  caliper_sd: float | None = DEFAULT_CALIPER_SD,
                  tie_tolerance: float = TIE_TOLERANCE) -> pd.DataFrame:
    """Match each treated unit to its ``m`` nearest comparison units on ``score``.

    ``score`` and ``treated`` share an index of unit ids. Distances are in standard
    deviations of the score over all units (population SD, as Matching). Returns one row
    per (treated, control) pair: ``treated_id``, ``control_id``, ``weight`` (1/number of
    matches of that treated unit, ties included) and ``distance_sd``. Treated units with
    no comparison unit within ``caliper_sd`` are left out.
    """
    if m < 1 or int(m) != m:
        raise ParameterError(f"m (matches per treated unit) must be a whole number >= 1, got {m}")
    if caliper_sd is not None and caliper_sd <= 0:
        raise ParameterError(f"caliper_sd must be positive or None, got {caliper_sd}")
    is_treated = treated.astype(bool).reindex(score.index)
    sd = float(np.std(score.to_numpy(float)))
    if not np.isfinite(sd) or sd == 0:
        raise DataNotAvailableError("The score does not vary, so units cannot be matched on it.")
    scaled = score.to_numpy(float) / sd
    t_ids = score.index[is_treated.to_numpy()]
    c_ids = score.index[~is_treated.to_numpy()]
    if len(t_ids) == 0 or len(c_ids) < m:
        raise DataNotAvailableError(
            f"Matching needs treated units and at least {m} comparison units; found "
            f"{len(t_ids)} treated and {len(c_ids)} comparison units.")
    xt = scaled[is_treated.to_numpy()].reshape(-1, 1)
    xc = scaled[~is_treated.to_numpy()].reshape(-1, 1)
    tree = cKDTree(xc)
    dist, _ = tree.query(xt, k=m)
    mth = np.asarray(dist).reshape(len(xt), -1)[:, -1]
    radius = np.sqrt(mth ** 2 + tie_tolerance)
    rows = []
    for i, (point, r) in enumerate(zip(xt, radius, strict=True)):
        if caliper_sd is not None and mth[i] > caliper_sd:
            continue
        hits = tree.query_ball_point(point, r=r)
        hits = sorted(hits)
        weight = 1.0 / len(hits)
        for j in hits:
            rows.append((t_ids[i], c_ids[j], weight, abs(float(point[0] - xc[j, 0]))))
    return pd.DataFrame(rows, columns=["treated_id", "control_id", "weight", "distance_sd"])


def matched_att(pairs: pd.DataFrame, n_treated: int | None = None,
                level: float = 0.95) -> MatchingResult:
    """ATT from matched pairs with outcomes, with the Abadie-Imbens (2006) variance.

    ``pairs`` needs ``treated_id``, ``control_id``, ``weight`` (summing to 1 per treated
    unit), ``y_treated`` and ``y_control`` (the comparison unit's outcome measured for that
    pair; it may differ between pairs when outcome windows follow the treated unit).
    ``n_treated`` is the number of treated units before any caliper drops (for reporting).

    Variance (Matching's ``Var.calc=0``): sigma^2 = 0.5 * weighted mean of squared
    deviations of pair effects from the ATT; Var = [sum_i (tau_i - ATT)^2
    + sigma^2 * sum_j (K_j^2 - KK_j)] / N1^2, with K_j the summed weights and KK_j the
    summed squared weights of control j.
    """
    if pairs.empty:
        raise DataNotAvailableError("No treated unit has a comparison unit within the caliper; "
                                    "widen the caliper or the comparison pool.")
    w = pairs["weight"].to_numpy(float)
    tau_pair = (pairs["y_treated"] - pairs["y_control"]).to_numpy(float)
    att = float(np.sum(w * tau_pair) / np.sum(w))
    per_treated = pairs.assign(wy=pairs["weight"] * pairs["y_control"]).groupby("treated_id")
    y_t = per_treated["y_treated"].first()
    y_c_hat = per_treated["wy"].sum() / per_treated["weight"].sum()
    tau_i = (y_t - y_c_hat).to_numpy(float)
    n1 = len(tau_i)
    sigma2 = 0.5 * float(np.sum(w * (tau_pair - att) ** 2) / np.sum(w))
    by_control = pairs.assign(w2=pairs["weight"] ** 2).groupby("control_id")
    k = by_control["weight"].sum().to_numpy(float)
    kk = by_control["w2"].sum().to_numpy(float)
    var = (np.sum((tau_i - att) ** 2) + sigma2 * np.sum(k ** 2 - kk)) / n1 ** 2
    se = float(np.sqrt(var))
    z = z_value(level)
    return MatchingResult(
        att=att, se=se, ci_low=float(att - z * se), ci_high=float(att + z * se),
        n_treated=int(n_treated if n_treated is not None else n1), n_treated_matched=n1,
        n_controls_used=int(len(k)), n_pairs=int(len(pairs)),
        mean_treated=float(y_t.mean()), mean_control=float(y_c_hat.mean()))


def matching_weights(pairs: pd.DataFrame) -> pd.Series:
    """Per-unit weights of the matched sample: 1 per matched treated unit, K_j per control."""
    treated = pd.Series(1.0, index=pd.Index(pairs["treated_id"].unique()))
    controls = pairs.groupby("control_id")["weight"].sum()
    return pd.concat([treated, controls]).rename("match_weight")
