"""Workforce, children in need and LAIT files; the timeliness effect is recoverable."""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from tests.unit.synth.conftest import one, read


def _csww(small_synth) -> pd.DataFrame:
    return read(one(small_synth / "raw", "csc_workforce/csww_indicators_*.csv"))


def test_workforce_years_levels_and_suppression(small_synth):
    csww = _csww(small_synth)
    assert set(csww.time_period.astype(int)) == set(range(2013, 2026))
    la = csww[csww.geographic_level == "Local authority"]
    assert {"x", "low"} <= set(la.caseload_fte) | set(la.agency_rate_fte)
    nat = csww[csww.geographic_level == "National"].set_index("time_period")
    assert nat.caseload_fte.astype(float).between(13, 20).all()
    walsall = la[la.old_la_code == "335"].set_index("time_period").caseload_fte
    numeric = pd.to_numeric(walsall, errors="coerce")
    assert numeric.loc[["2013", "2014", "2015"]].dropna().between(19, 27).all()


def test_workforce_rows_follow_boundary_changes(small_synth):
    csww = _csww(small_synth)
    years = csww.groupby("old_la_code").time_period.agg(lambda s: sorted(s.astype(int)))
    assert years["837"][-1] == 2018 and years["839"][0] == 2019
    assert years["909"][-1] == 2022 and years["943"][0] == 2023
    assert "875" not in years.index


def test_cin_files_suppress_small_counts(small_synth):
    c1 = read(one(small_synth / "raw", "children_in_need/c1_*.csv"))
    la = c1[c1.geographic_level == "Local authority"]
    assert (la.loc[la.old_la_code == "420", "no_further_action_count"] == "c").all()
    for col in ["referral_count", "rereferral_count", "no_further_action_count"]:
        shown = la.loc[la[col] != "c", col]
        assert (shown.astype(int) >= 10).all()
    d3 = read(one(small_synth / "raw", "children_in_need/d3_*.csv"))
    shown = d3[(d3.geographic_level == "Local authority") & (d3.CPP_start != "c")]
    assert (shown.CPP_start.astype(int) >= 10).all()


def test_two_way_fixed_effects_recover_planted_betas(small_synth, truth):
    lait = read(one(small_synth / "raw", "lait/lait_bds_long_*.csv"))
    y = lait[lait.measure_short == "Continue_Assess_Comp"].rename(columns={
        "years": "time_period", "value": "timely"})[["time_period", "old_la_code", "timely"]]
    csww = _csww(small_synth)
    df = csww[csww.geographic_level == "Local authority"].merge(
        y, on=["time_period", "old_la_code"])
    for col in ["timely", "caseload_fte", "agency_rate_fte"]:
        df[col] = pd.to_numeric(df[col], errors="coerce")
    df = df.dropna(subset=["timely", "caseload_fte", "agency_rate_fte"])
    fit = smf.ols("timely ~ caseload_fte + agency_rate_fte + C(old_la_code) + C(time_period)",
                  data=df).fit(cov_type="cluster", cov_kwds={"groups": df.old_la_code})
    planted = truth["effects"]["caseload_timeliness"]
    # one joint Wald test of both planted values (LA-clustered), false alarm rate 1%
    joint = fit.wald_test(f"caseload_fte = {planted['beta_caseload']}, "
                          f"agency_rate_fte = {planted['beta_agency']}", scalar=True)
    assert joint.pvalue > 0.01, (joint, fit.params[["caseload_fte", "agency_rate_fte"]])
    assert fit.params["caseload_fte"] < 0 and fit.params["agency_rate_fte"] < 0
    pooled = smf.ols("timely ~ caseload_fte + agency_rate_fte", data=df).fit()
    assert abs(pooled.params["caseload_fte"] - planted["beta_caseload"]) > abs(
        fit.params["caseload_fte"] - planted["beta_caseload"])
    assert np.isfinite(fit.params).all()
