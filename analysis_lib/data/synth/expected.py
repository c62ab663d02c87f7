"""Expected KS2 results given the schools: what notebook 01's intervals should cover.

A school open in a KS2 year has latent level ``mu = year level + LA effect + quality`` (plus
its LA's drift that year, `attainment.LADrift`, which is part of the realised England); a
pupil meets the measure when ``mu - gap x disadvantaged + noise`` reaches the year's
threshold, where the noise is the pupil's N(0, 1) plus any failure-scenario shocks shared by
the LA or school (variance ``shock_variance``). Integrating that noise out, with expected
group sizes (mean cohort x disadvantaged share), gives the expected percentages and gap of
an LA, a region or England in a year: the quantity a census of pupils estimates, with
pupil-level (binomial) sampling error only. The same integration over the score scale gives
the expected DfE gap index (mean national percentile ranks, ties counted half).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from analysis_lib import geography
from analysis_lib.data.synth.attainment import (
    LADrift,
    _disadvantaged_share,
    _primary_on,
    _threshold,
    _year_level,
)
from analysis_lib.data.synth.geography_frame import LAFrame
from analysis_lib.data.synth.schools import la_code_on


def school_chances(frame: LAFrame, schools: pd.DataFrame, year: int,
                   shock_variance: float = 0.0, drift: LADrift | None = None) -> pd.DataFrame:
    """Per primary school open in ``year``: reporting LA, region, expected disadvantaged and
    other pupils, latent means and the chance that each group meets the measure."""
    sch = schools[_primary_on(schools, year)]
    units = frame.units.set_index("la_code").loc[sch.unit.to_numpy()]
    share = _disadvantaged_share(sch.dis_share.to_numpy(), year)
    mean_other = (_year_level(year, frame, schools) + units.la_effect_ks2.to_numpy()
                  + sch.quality.to_numpy())
    gap = units.gap_coef.to_numpy()
    if drift is not None:
        mean_other = mean_other + drift.level[year].reindex(sch.unit).to_numpy()
        gap = gap + drift.gap[year].reindex(sch.unit).to_numpy()
    mean_dis = mean_other - gap
    scale = np.sqrt(1.0 + shock_variance)
    la_code = la_code_on(frame, sch, year)
    regions = geography.las(year).drop_duplicates("la_code").set_index("la_code")["region_code"]
    return pd.DataFrame({
        "la_code": la_code, "region_code": regions.reindex(la_code).to_numpy(),
        "n_dis": sch.cohort_mean.to_numpy() * share,
        "n_other": sch.cohort_mean.to_numpy() * (1 - share),
        "mean_dis": mean_dis, "mean_other": mean_other, "scale": scale,
        "p_dis": norm.cdf((mean_dis - _threshold(year)) / scale),
        "p_other": norm.cdf((mean_other - _threshold(year)) / scale)})


def _gap(rows: pd.DataFrame) -> dict:
    n_dis, n_other = rows.n_dis.sum(), rows.n_other.sum()
    p_dis = float(np.average(rows.p_dis, weights=rows.n_dis))
    p_other = float(np.average(rows.p_other, weights=rows.n_other))
    variance = p_dis * (1 - p_dis) / n_dis + p_other * (1 - p_other) / n_other
    return {"disadvantaged_pct": round(100 * p_dis, 4), "other_pct": round(100 * p_other, 4),
            "gap_pp": round(100 * (p_other - p_dis), 4),
            "gap_variance_pp2": round(float(1e4 * variance), 6)}


def expected_gaps(frame: LAFrame, schools: pd.DataFrame, years, focus_la: int,
                  shock_variance: float = 0.0, drift: LADrift | None = None) -> dict:
    """Expected gap (pp) by year for the focus LA, its region and England, with the
    binomial variance of a census gap at the expected group sizes (for trend weights)."""
    region = geography.region_of(focus_la)
    out = {"focus_la": {}, "region": {}, "england": {}, "region_code": region}
    for year in years:
        rows = school_chances(frame, schools, year, shock_variance, drift)
        out["focus_la"][int(year)] = _gap(rows[rows.la_code == focus_la])
        out["region"][int(year)] = _gap(rows[rows.region_code == region])
        out["england"][int(year)] = _gap(rows)
    return out


def _score_edges(year: int) -> np.ndarray:
    """Latent-z bin edges of the reported scores (scaled 80-120, or fine grades 1.5-6.0)."""
    if year >= 2016:
        return (np.arange(80, 120) + 0.5 - 100) / 7
    return (np.round(np.arange(1.5, 6.0, 0.1), 1) + 0.05 - 4) / 0.8


def _score_probabilities(mean: np.ndarray, scale: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """P(score in each reported value) for N(mean, scale^2) latent scores (rows: schools)."""
    cdf = norm.cdf((edges[None, :] - mean[:, None]) / scale[:, None])
    return np.diff(np.column_stack([np.zeros(len(mean)), cdf, np.ones(len(mean))]), axis=1)


def expected_gap_index(frame: LAFrame, schools: pd.DataFrame, year: int, focus_la: int,
                       shock_variance: float = 0.0, drift: LADrift | None = None) -> dict:
    """Expected disadvantage gap index (20 x difference in mean national percentile rank)
    for England and the focus LA, with expected group sizes and score distributions."""
    rows = school_chances(frame, schools, year, shock_variance, drift)
    edges = _score_edges(year)
    scale = rows.scale.to_numpy()
    dis = _score_probabilities(rows.mean_dis.to_numpy(), scale, edges)
    other = _score_probabilities(rows.mean_other.to_numpy(), scale, edges)
    w_dis, w_other = rows.n_dis.to_numpy(), rows.n_other.to_numpy()
    national = (w_dis @ dis + w_other @ other) / (w_dis.sum() + w_other.sum())
    midrank = np.cumsum(national) - national / 2

    def index(keep: np.ndarray) -> float:
        rank_dis = (w_dis[keep] @ dis[keep]) @ midrank / w_dis[keep].sum()
        rank_other = (w_other[keep] @ other[keep]) @ midrank / w_other[keep].sum()
        return round(float(20 * (rank_other - rank_dis)), 4)

    return {"england": index(np.ones(len(rows), bool)),
            "focus_la": index(rows.la_code.to_numpy() == focus_la)}
