"""Caveats, headline estimates and the verdict are built from the results passed in."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd

from analysis_lib.caseload import estimates
from analysis_lib.caseload.caveats import caveats, caveats_markdown
from analysis_lib.caseload.effects import Counterfactual
from analysis_lib.caseload.estimates import headline_estimates, planted_coefficients
from analysis_lib.caseload.models import HausmanTest
from analysis_lib.caseload.panel import DEFAULT_REGRESSORS, build_panel
from analysis_lib.caseload.verdict import verdict

TABLE = pd.DataFrame({
    "term": ["caseload_per_fte", "agency_rate"], "estimate": [-0.83, -0.12],
    "se": [0.2, 0.05], "ci_low": [-1.23, -0.22], "ci_high": [-0.43, 0.02], "p": [0.001, 0.09],
    "model": "fe", "n_obs": 412, "n_las": 37, "n_years": 9})
HAUSMAN = HausmanTest(statistic=12.5, df=2, p=0.0019, terms=("caseload_per_fte", "agency_rate"))
CF = Counterfactual(335, "caseload_per_fte", "assessments_45_days_pct", 2024, 19.0, 16.0, 78.0,
                    80.49, 79.29, 81.69)


def fake_ctx(synthetic: bool):
    return SimpleNamespace(la_name="Walsall", synthetic=synthetic, data_dir=None)


def test_planted_coefficients_are_read_from_the_truth_file(tmp_path, monkeypatch):
    (tmp_path / "truth.json").write_text(json.dumps({"effects": {"caseload_timeliness": {
        "beta_caseload": -0.8, "beta_agency": -0.15, "unit": "pp"}}}))
    monkeypatch.setattr("analysis_lib.context.SYNTHETIC_DIR", tmp_path)
    assert planted_coefficients() == {"caseload_per_fte": -0.8, "agency_rate": -0.15}
    other = tmp_path / "another_england"
    other.mkdir()
    (other / "truth.json").write_text(json.dumps({"effects": {"caseload_timeliness": {
        "beta_caseload": -0.5, "beta_agency": -0.1, "unit": "pp"}}}))
    assert planted_coefficients(other) == {"caseload_per_fte": -0.5, "agency_rate": -0.1}


def test_truths_attach_to_their_terms_only_for_the_planted_outcome(monkeypatch):
    monkeypatch.setattr(estimates, "planted_coefficients",
                        lambda data_dir=None: {"caseload_per_fte": -0.8, "agency_rate": -0.1})
    found = {e.name: e for e in headline_estimates(fake_ctx(True), TABLE, "fe",
                                                   "assessments_45_days_pct", CF, HAUSMAN)}
    assert found["fe_caseload_per_fte"].truth == -0.8
    assert found["fe_caseload_per_fte"].covers_truth
    official = headline_estimates(fake_ctx(False), TABLE, "fe", "assessments_45_days_pct")
    assert all(e.truth is None for e in official)
    counterfactual = found["counterfactual_outcome_at_england_median"]
    assert counterfactual.value == 80.49
    # the truth: Walsall's own 78.0 moved by the planted -0.8 to the median (16 from 19)
    assert counterfactual.truth == 78.0 + (-0.8) * (16.0 - 19.0)
    assert found["hausman_p"].headline is False
    assert "Cluster-robust" in found["hausman_p"].method
    other = headline_estimates(fake_ctx(True), TABLE, "fe", "rereferral_pct")
    assert all(e.truth is None for e in other)


def test_verdict_numbers_come_from_the_table():
    text = verdict(TABLE, "fe", "assessments_45_days_pct", "Walsall", CF, HAUSMAN, 37,
                   [2017, 2025])
    assert "0.83 points lower (95% confidence interval -1.23 to -0.43)" in text
    assert "interval includes no effect" in text  # agency: -2.2 to 0.2 per 10 points
    assert "37 LAs, 2017-2025" in text and "rejects random effects" in text
    assert "80.5%" in text


def test_caveats_follow_the_data_source_and_the_la(tiny_tables):
    wf, cin = tiny_tables
    build = build_panel(wf, cin, outcome="assessments_45_days_pct",
                        regressors=DEFAULT_REGRESSORS, first_year=2015, last_year=2017)
    reference = pd.DataFrame({"measure": ["caseload_per_fte"], "x": [2013.5], "value": [25.2],
                              "date": ["2013-03-31"]})
    official = caveats(build, TABLE, "fe", hausman=HAUSMAN, synthetic=False, la_name="Walsall",
                       reference_points=reference)
    text = " ".join(official)
    assert "reverse causality" in text
    assert "2017" in text and "council's own measures" in text
    assert "Walsall's figures marked on the charts (2013)" in text
    assert "3 LA-years lack the outcome or a regressor" in text
    assert "1 LA-years in the years asked for are in one collection" in text
    assert "SYNTHETIC" not in text
    synthetic = caveats(build, TABLE, "fe", hausman=HAUSMAN, synthetic=True, la_name="Sandwell")
    assert "SYNTHETIC" in " ".join(synthetic)
    assert "council's own" not in " ".join(synthetic)
    assert caveats_markdown(synthetic).startswith("**Caveats**\n\n- ")


def test_counterfactual_is_recorded_with_a_prediction_and_a_coefficient_only_interval(
        monkeypatch):
    monkeypatch.setattr(estimates, "planted_coefficients",
                        lambda data_dir=None: {"caseload_per_fte": -0.8, "agency_rate": -0.1})
    cf = Counterfactual(335, "caseload_per_fte", "assessments_45_days_pct", 2024, 19.0, 16.0,
                        78.0, 80.49, 79.29, 81.69, prediction_low=63.0, prediction_high=98.0)
    found = {e.name: e for e in headline_estimates(fake_ctx(True), TABLE, "fe",
                                                   "assessments_45_days_pct", cf)}
    prediction = found["counterfactual_outcome_at_england_median"]
    band = found["counterfactual_outcome_at_england_median_coefficient_only"]
    assert prediction.interval_kind == "prediction" and band.interval_kind == "coefficient_only"
    assert (prediction.ci_low, prediction.ci_high) == (63.0, 98.0)
    assert (band.ci_low, band.ci_high) == (79.29, 81.69)
    assert prediction.value == band.value == 80.49 and prediction.truth == band.truth
    for estimate in (prediction, band):
        assert estimate.headline
        assert any("within-LA slope" in c and "between-LA difference" in c
                   for c in estimate.caveats)
        assert "CI" not in estimate.describe()
    assert "95% prediction interval 63.0 to 98.0" in prediction.describe()
