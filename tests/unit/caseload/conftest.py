"""Hand-made tidy frames in the workforce_la / cin_la layout, and a seeded toy panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def geography(level: str, la_code, name: str) -> dict:
    return {"geographic_level": level, "la_code": la_code, "region_code": None,
            "area_name": name}


@pytest.fixture
def tiny_tables():
    """Three LAs x 2015-2017 plus England; one gap of each kind (see test_panel)."""
    wf, cin = [], []
    for code, name in ((301, "Alpha"), (302, "Beta"), (303, "Gamma")):
        for year in (2015, 2016, 2017):
            wf.append({"year": year, **geography("Local authority", code, name),
                       "caseload_per_fte": 15.0 + code % 10 + year % 10,
                       "agency_rate": 10.0 + year % 10, "vacancy_rate": 12.0,
                       "turnover_rate": 14.0, "social_worker_fte": 100.0,
                       "missing_reason": None})
            cin.append({"year": year, **geography("Local authority", code, name),
                        "referrals": 900.0, "rereferral_pct": 20.0,
                        "assessments_45_days_pct": 80.0 + code % 10 - year % 10,
                        "cin_rate_per_10k": 320.0, "cpp_subsequent_pct": 22.0,
                        "missing_reason": None})
    for year in (2015, 2016, 2017):
        wf.append({"year": year, **geography("National", None, "England"),
                   "caseload_per_fte": 16.0, "agency_rate": 15.0, "vacancy_rate": 16.0,
                   "turnover_rate": 15.0, "social_worker_fte": 30000.0,
                   "missing_reason": None})
        cin.append({"year": year, **geography("National", None, "England"),
                    "referrals": 600000.0, "rereferral_pct": 22.0,
                    "assessments_45_days_pct": 84.0, "cin_rate_per_10k": 330.0,
                    "cpp_subsequent_pct": 23.0, "missing_reason": None})
    wf, cin = pd.DataFrame(wf), pd.DataFrame(cin)
    wf["la_code"] = wf["la_code"].astype("Int64")
    cin["la_code"] = cin["la_code"].astype("Int64")
    # Beta 2016: agency rate suppressed (c); Gamma 2017: outcome not available (x).
    beta16 = (wf["la_code"] == 302) & (wf["year"] == 2016)
    wf.loc[beta16, ["agency_rate", "missing_reason"]] = [np.nan, "agency_rate=c"]
    gamma17 = (cin["la_code"] == 303) & (cin["year"] == 2017)
    cin.loc[gamma17, ["assessments_45_days_pct", "missing_reason"]] = [
        np.nan, "assessments_45_days_pct=x"]
    # Alpha 2015: vacancy rate blank without a symbol; Gamma 2015 has no workforce return.
    alpha15 = (wf["la_code"] == 301) & (wf["year"] == 2015)
    wf.loc[alpha15, "vacancy_rate"] = np.nan
    wf = wf[~((wf["la_code"] == 303) & (wf["year"] == 2015)).fillna(False)].reset_index(drop=True)
    return wf, cin


def simulated_panel(n_entities: int = 40, years=range(2013, 2021), *, beta=(-0.8, -0.15),
                    correlated: bool = True, seed: int = 1) -> pd.DataFrame:
    """Outcome y = 80 + beta1*x1 + beta2*x2 + entity effect + year effect + noise.

    With ``correlated`` the entity effect moves with x1's entity mean (RE inconsistent).
    """
    rng = np.random.default_rng(seed)
    years = list(years)
    rows = []
    year_effect = {y: rng.normal(0, 2) for y in years}
    for i in range(n_entities):
        alpha = rng.normal(0, 4)
        x1_mean = 18 + (alpha if correlated else rng.normal(0, 4)) * 0.8
        for y in years:
            x1 = x1_mean + rng.normal(0, 2)
            x2 = 15 + rng.normal(0, 6)
            out = (80 + beta[0] * x1 + beta[1] * x2 + alpha + year_effect[y]
                   + rng.normal(0, 1.5))
            rows.append({"la_code": 100 + i, "year": y, "x1": x1, "x2": x2, "y": out})
    return pd.DataFrame(rows).set_index(["la_code", "year"])
