"""Marginal effects over reporting steps and the counterfactual at the England median."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis_lib.caseload.effects import (
    counterfactual_at_median,
    england_median,
    marginal_effects,
)
from analysis_lib.caseload.verdict import describe_counterfactual

TABLE = pd.DataFrame({
    "term": ["caseload_per_fte", "agency_rate"], "estimate": [-0.8, -0.1], "se": [0.2, 0.05],
    "ci_low": [-1.2, -0.2], "ci_high": [-0.4, 0.0], "p": [0.001, 0.05], "model": "fe",
    "n_obs": 100, "n_las": 20, "n_years": 5})
PANEL = pd.DataFrame({"la_code": [335, 335, 336], "year": [2016, 2017, 2017],
                      "caseload_per_fte": [20.0, 19.0, 15.0],
                      "assessments_45_days_pct": [75.0, 78.0, 90.0]})


def test_marginal_effects_scale_estimate_and_interval_by_the_step():
    effects = marginal_effects(TABLE, "fe", "assessments_45_days_pct").set_index("term")
    assert effects.loc["caseload_per_fte", "effect"] == pytest.approx(-0.8)
    assert effects.loc["agency_rate", ["effect", "ci_low", "ci_high"]].tolist() == \
        pytest.approx([-1.0, -2.0, 0.0])
    assert "10 percentage points" in effects.loc["agency_rate", "change_in_regressor"]


def test_counterfactual_moves_the_latest_year_to_the_median():
    cf = counterfactual_at_median(PANEL, TABLE.set_index("term").loc["caseload_per_fte"], 335,
                                  term="caseload_per_fte", outcome="assessments_45_days_pct",
                                  median_by_year={2016: 17.0, 2017: 16.0})
    assert cf.year == 2017 and cf.actual_regressor == 19.0 and cf.median_regressor == 16.0
    # 3 fewer cases x -0.8 points per case = +2.4 points
    assert cf.predicted_outcome == pytest.approx(80.4)
    assert (cf.ci_low, cf.ci_high) == pytest.approx((79.2, 81.6))
    assert cf.change == pytest.approx(2.4)
    text = describe_counterfactual(cf, "Walsall")
    assert "80.4%" in text and "2017" in text and "16.0" in text


def test_counterfactual_for_an_la_without_data_says_why():
    cf = counterfactual_at_median(PANEL, TABLE.set_index("term").loc["caseload_per_fte"], 999,
                                  term="caseload_per_fte", outcome="assessments_45_days_pct",
                                  median_by_year={2017: 16.0})
    assert not cf.available and math.isnan(cf.ci_low)
    assert "no year" in describe_counterfactual(cf, "Nowhere")


def test_england_median_uses_la_rows_of_the_year_only():
    table = pd.DataFrame({"geographic_level": ["Local authority"] * 3 + ["National"],
                          "year": [2017, 2017, 2016, 2017],
                          "caseload_per_fte": [10.0, 20.0, 99.0, 50.0]})
    assert england_median(table, "caseload_per_fte", 2017) == 15.0


def test_prediction_interval_adds_outcome_variance_to_the_coefficients():
    cf = counterfactual_at_median(PANEL, TABLE.set_index("term").loc["caseload_per_fte"], 335,
                                  term="caseload_per_fte", outcome="assessments_45_days_pct",
                                  median_by_year={2017: 16.0}, outcome_variance=25.0)
    # gap 3 x se 0.2 = 0.6; sqrt(0.36 + 25) = 5.036 points either side of 80.4
    half = 1.959964 * math.sqrt(0.36 + 25.0)
    assert (cf.prediction_low, cf.prediction_high) == pytest.approx((80.4 - half, 80.4 + half))
    assert cf.prediction_low < cf.ci_low and cf.ci_high < cf.prediction_high
    text = describe_counterfactual(cf, "Walsall")
    assert "95% prediction interval" in text
    assert "95% interval from coefficient uncertainty only 79.2% to 81.6%" in text
    assert "CI" not in text


def test_a_prediction_interval_stays_within_the_percentage_scale():
    cf = counterfactual_at_median(PANEL, TABLE.set_index("term").loc["caseload_per_fte"], 335,
                                  term="caseload_per_fte", outcome="assessments_45_days_pct",
                                  median_by_year={2017: 16.0}, outcome_variance=400.0)
    assert cf.prediction_low > 0 and cf.prediction_high == 100.0  # 80.4 + 39.2 is cut


def test_marginal_effects_say_their_intervals_are_confidence_intervals():
    effects = marginal_effects(TABLE, "fe", "assessments_45_days_pct")
    assert (effects["interval_kind"] == "confidence").all()
