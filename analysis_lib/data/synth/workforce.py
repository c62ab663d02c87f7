"""Synthetic children's social care panel by LA: workforce, children in need, timeliness.

Reporting years 2013-2025 (workforce at 30 September of the year before; children in
need in the year to 31 March). Every LA code existing in a year has a row. The planted
effect: for LA i in year t,
``assessments_45_days_pct = alpha_i + gamma_t + beta_caseload * caseload_fte
+ beta_agency * agency_rate_fte + e_it``, using the *published* (rounded)
caseload and agency rate of the same reporting year; ``alpha_i`` is correlated with
the LA's typical caseload, so only a within-LA comparison recovers the betas. ``e_it`` is
a stationary AR(1) series within each LA (lag-1 autocorrelation ``TIMELINESS_NOISE_RHO``)
with a long left tail and mean 0; its sd is proportional to the LA's typical distance
from 100% (an LA near the ceiling has little room to vary) and ``noise_sd`` on average
(root mean square over LAs). It is independent of the regressors, so the betas stay the
within-LA regression coefficients.

Every measure is an LA's permanent level plus a stationary AR(1) deviation (on the log
scale for rates that are skewed across LAs). Their sizes are calibrated to the real panels
(docs/calibration.md): the cross-LA mean, the spread of LA means and the year-to-year
persistence within an LA of the published 2016/17-2025 series (DfE children's social work
workforce; children in need, incl. LAIT), solved for the three parameters of each measure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib import geography
from analysis_lib.data.synth.drift import LevelAndDrift, ar1, level_and_drift, lognormal
from analysis_lib.data.synth.geography_frame import PREDECESSORS, LAFrame

YEARS = list(range(2013, 2026))
NAT_CASELOAD = [16.6, 16.1, 16.1, 16.1, 17.7, 17.4, 16.9, 16.3, 16.3, 16.6, 16.0, 15.4, 15.2]
NAT_AGENCY = [15.0, 15.5, 16.0, 16.1, 15.8, 15.4, 15.8, 15.4, 15.5, 17.6, 17.9, 16.2, 13.0]
# the focus LA's path (council papers: 20-25 open cases per worker and 54-66% agency in 2013)
FOCUS_CASELOAD = [24.0, 23.2, 22.0, 21.0, 19.0, 19.5, 17.0, 14.0, 13.5, 15.5, 12.5, 12.8, 12.0]
FOCUS_AGENCY = [45.0, 40.0, 33.0, 29.0, 30.0, 27.0, 19.0, 15.0, 10.0, 10.0, 8.0, 11.0, 8.0]
TIMELINESS_LEVEL = [-3.0, -2.0, -1.0, 0.0, 0.5, 1.0, 1.0, 2.5, 3.5, 1.5, 0.0, 0.5, 1.0]
TIMELINESS_NOISE_RHO = 0.55
TIMELINESS_NOISE_SHAPE = 4.0  # gamma shape of the negated innovations: skewness -1
# permanent level + AR(1) deviation of each measure, solved from the real panels' statistics
CASELOAD = LevelAndDrift(1.7, 1.85, 0.38)  # cases per FTE
AGENCY_LOG = LevelAndDrift(0.30, 0.55, 0.80)
VACANCY_LOG = LevelAndDrift(0.36, 0.48, 0.68)
TURNOVER_LOG = LevelAndDrift(0.22, 0.34, 0.11)
CIN_RATE_LOG = LevelAndDrift(0.25, 0.14, 0.60)
REREFERRAL = LevelAndDrift(3.1, 4.6, 0.58)  # percentage points
CPP_SUBSEQUENT = LevelAndDrift(3.0, 4.5, 0.20)  # percentage points


def la_sizes(frame: LAFrame) -> pd.Series:
    """Relative size (England's number of primary schools) of every LA code, incl. predecessors.

    Independent of ``school_scale``.
    """
    units = frame.units.set_index("la_code")["size"].astype(float)
    sizes = units.to_dict()
    for succ, (preds, _) in PREDECESSORS.items():
        for p in preds:
            sizes[p] = sizes.get(p, 0.0) + units[succ] / len(preds)
    return pd.Series(sizes).sort_index()


def la_years(years: list[int]) -> pd.DataFrame:
    """Every (year, LA code) for LAs existing in the year."""
    rows = [(y, int(c)) for y in years for c in sorted(geography.las(y).la_code.unique())]
    return pd.DataFrame(rows, columns=["year", "la_code"])


def simulate_panel(frame: LAFrame, focus_la: int, beta_caseload: float, beta_agency: float,
                   noise_sd: float, rng: np.random.Generator) -> pd.DataFrame:
    """LA x year panel of workforce counts and rates, CIN activity and timeliness."""
    panel = la_years(YEARS)
    codes = np.sort(panel.la_code.unique())
    n, t = len(codes), len(YEARS)
    focus = codes == focus_la
    c_i, c_drift = level_and_drift(rng, n, t, CASELOAD)
    c_i[focus] = np.mean(np.subtract(FOCUS_CASELOAD, NAT_CASELOAD))  # its path's typical level
    alpha_i = 98.3 - 1.4 * c_i[:, 0] + rng.normal(0, 3.15, n)
    caseload = np.clip(np.asarray(NAT_CASELOAD) + c_i + c_drift, 8, 35)
    agency = np.clip(lognormal(rng, n, t, AGENCY_LOG, NAT_AGENCY), 0.5, 70)
    caseload[focus] = np.asarray(FOCUS_CASELOAD) + rng.normal(0, 0.4, t)
    agency[focus] = np.asarray(FOCUS_AGENCY) + rng.normal(0, 1.0, t)
    size = la_sizes(frame).reindex(codes).to_numpy()
    fte = np.round(size[:, None] * 1.6 * np.exp(rng.normal(0, 0.12, (n, t))) + 1, 1)
    vacancy = np.clip(lognormal(rng, n, t, VACANCY_LOG, 17.0), 0.5, 60)
    turnover = np.clip(lognormal(rng, n, t, TURNOVER_LOG, 15.6), 1, 45)
    cin_rate = lognormal(rng, n, t, CIN_RATE_LOG, 364.0)
    rereferral = np.clip(20.9 + sum(level_and_drift(rng, n, t, REREFERRAL)), 5, 45)
    cpp_subsequent = np.clip(20.2 + sum(level_and_drift(rng, n, t, CPP_SUBSEQUENT)), 3, 50)
    typical = (alpha_i + np.mean(TIMELINESS_LEVEL) + beta_caseload * caseload.mean(axis=1)
               + beta_agency * agency.mean(axis=1))
    headroom = np.clip(100 - typical, 1.0, None)  # an LA's typical distance from 100%
    scale = headroom / np.sqrt(np.mean(headroom**2))  # less room to vary near 100%
    noise = scale[:, None] * ar1(rng, n, t, noise_sd, TIMELINESS_NOISE_RHO,
                                 TIMELINESS_NOISE_SHAPE)

    pos = pd.Series(np.arange(n), index=codes)
    i, k = pos[panel.la_code].to_numpy(), np.searchsorted(YEARS, panel.year)
    out = panel.copy()
    out["inpost_fte"] = fte[i, k]
    out["agency_fte"] = np.round(fte[i, k] * agency[i, k] / (100 - agency[i, k]), 1)
    out["vacancy_fte"] = np.round(fte[i, k] * vacancy[i, k] / (100 - vacancy[i, k]), 1)
    out["leavers_fte"] = np.round(fte[i, k] * turnover[i, k] / 100, 1)
    out["starters_fte"] = np.round(out.leavers_fte * np.exp(rng.normal(0.05, 0.15, len(out))), 1)
    out["case_holders_fte"] = np.round(fte[i, k] * rng.uniform(0.55, 0.7, len(out)), 1)
    out["cases"] = np.round(out.case_holders_fte * caseload[i, k]).astype(int)
    out["caseload_fte"] = np.round(out.cases / out.case_holders_fte, 1)
    out["agency_rate_fte"] = np.round(100 * out.agency_fte / (out.agency_fte + out.inpost_fte), 1)
    out["vacancy_rate_fte"] = np.round(
        100 * out.vacancy_fte / (out.vacancy_fte + out.inpost_fte), 1)
    out["turnover_rate_fte"] = np.round(100 * out.leavers_fte / out.inpost_fte, 1)
    children = size[i] * 620.0
    out["children"] = np.round(children)
    out["cin_count"] = np.round(children * cin_rate[i, k] / 10000)
    out["referral_count"] = np.round(out.cin_count * rng.uniform(1.3, 1.7, len(out)), -1)
    out["rereferral_count"] = np.round(out.referral_count * rereferral[i, k] / 100, -1)
    out["cpp_start"] = np.round(out.cin_count * rng.uniform(0.12, 0.18, len(out)), -1)
    out["cpp_subsequent"] = np.round(out.cpp_start * cpp_subsequent[i, k] / 100, -1)
    out["assessments"] = np.round(out.referral_count * 0.9)
    gamma = np.asarray(TIMELINESS_LEVEL)[k]
    out["la_timeliness_effect"] = alpha_i[i]
    out["assessments_45_days_pct"] = np.clip(
        alpha_i[i] + gamma + beta_caseload * out.caseload_fte + beta_agency * out.agency_rate_fte
        + noise[i, k], 5, 100)
    out["assessments_45_days"] = np.round(out.assessments * out.assessments_45_days_pct / 100)
    return out
