"""Troubled Families progress tables and family-level records."""

from __future__ import annotations

import pandas as pd

from tests.unit.synth.conftest import one, read


def test_progress_is_cumulative_and_walsall_matches_december_2013(small_synth):
    prog = read(one(small_synth / "raw", "troubled_families/tf_progress_by_la_*.csv"))
    counts = ["Families identified", "Families worked with", "Families turned around"]
    prog[counts] = prog[counts].astype(int)
    dec13 = prog[(prog["LA code"] == "335") & (prog.Date == "2013-12-31")].iloc[0]
    assert dec13["Families identified"] == 413 and dec13["Families turned around"] == 92
    jun13 = prog[(prog["LA code"] == "335") & (prog.Date == "2013-06-30")].iloc[0]
    assert jun13["Families identified"] == 383 and jun13["Families turned around"] == 13
    ordered = prog.sort_values(["LA code", "Phase", "Date"])
    steps = ordered.groupby(["LA code", "Phase"])[counts].diff().dropna()
    assert (steps >= 0).all().all()
    assert (prog["Families identified"] >= prog["Families turned around"]).all()


def test_families_selection_cohorts_and_outcomes(small_synth, truth):
    fam = read(one(small_synth / "raw", "troubled_families/tf_family_records_*.csv"))
    treated = fam.treated == "True"
    start = pd.to_numeric(fam.start_year, errors="coerce")
    assert start[~treated].isna().all()
    assert set(start[treated & (fam.phase == "1")]) <= {2012, 2013, 2014}
    assert set(start[treated & (fam.phase == "2")]) <= {2015, 2016, 2017, 2018, 2019}
    assert (fam.workless == "True")[treated].mean() > (fam.workless == "True")[~treated].mean()
    out = read(one(small_synth / "raw", "troubled_families/tf_family_outcomes_*.csv"))
    assert set(out.year.astype(int)) == set(range(2009, 2022))
    assert set(out.outcome) == set(truth["config"]["tf_effects_pp"])
    assert len(out) == len(fam) * 13 * len(truth["config"]["tf_effects_pp"])
    planted = truth["effects"]["troubled_families"]["outcomes"]["child_entered_care"]
    assert abs(planted["finite_sample_att_pp"] - planted["value"]) < 1.5


def test_two_way_fixed_effects_recover_planted_att(small_synth, truth):
    from linearmodels.panel import PanelOLS

    fam = read(one(small_synth / "raw", "troubled_families/tf_family_records_*.csv"))
    out = read(one(small_synth / "raw", "troubled_families/tf_family_outcomes_*.csv"))
    care = out[out.outcome == "child_entered_care"].merge(fam[["family_id", "start_year"]])
    care = care.astype({"year": int, "value": float})
    start = pd.to_numeric(care.start_year, errors="coerce")
    care["post"] = (care.year >= start).astype(float)  # NaN start (never treated) -> 0
    panel = care.set_index(["family_id", "year"])
    fit = PanelOLS(panel.value, panel[["post"]], entity_effects=True, time_effects=True).fit(
        cov_type="clustered", cluster_entity=True)
    lo, hi = fit.conf_int().loc["post"]
    planted = truth["effects"]["troubled_families"]["outcomes"]["child_entered_care"]["value"]
    assert lo < planted / 100 < hi
