"""On the default synthetic data the caseload models recover the planted coefficients.

truth.json (effect ``caseload_timeliness``) plants the effects of caseload per FTE and agency
rate on the share of assessments within 45 working days, with LA effects correlated with
caseload; two-way fixed effects should cover both, pooled OLS should not.
"""

from __future__ import annotations

import pytest

from analysis_lib.caseload.estimates import planted_coefficients
from analysis_lib.caseload.panel import DEFAULT_REGRESSORS
from analysis_lib.caseload.suite import compute_suite
from analysis_lib.data import load

OUTCOME = "assessments_45_days_pct"


@pytest.fixture(scope="module")
def suite():
    return compute_suite(load("workforce_la"), load("cin_la"), outcome=OUTCOME,
                         regressors=DEFAULT_REGRESSORS, model="fe", first_year=2013,
                         last_year=2025)


@pytest.mark.parametrize("term", ["caseload_per_fte", "agency_rate"])
def test_fixed_effects_intervals_cover_the_planted_coefficients(suite, term):
    truth = planted_coefficients()[term]
    row = suite.coefficient(term)
    assert row["ci_low"] <= truth <= row["ci_high"], (term, truth, row.to_dict())


def test_first_differences_also_cover_the_caseload_effect(suite):
    truth = planted_coefficients()["caseload_per_fte"]
    fd = suite.coefficients.set_index(["model", "term"]).loc[("fd", "caseload_per_fte")]
    assert fd["ci_low"] <= truth <= fd["ci_high"]


def test_pooled_ols_is_biased_by_the_correlated_la_effects(suite):
    truth = planted_coefficients()["caseload_per_fte"]
    pooled = suite.coefficients.set_index(["model", "term"]).loc[("pooled", "caseload_per_fte")]
    assert not pooled["ci_low"] <= truth <= pooled["ci_high"]
    assert suite.hausman.p < 0.05


def test_the_panel_uses_most_la_years(suite):
    assert suite.build.years == list(range(2013, 2026))
    assert suite.build.n_las >= 140
    assert suite.build.drop_summary()["rows"].sum() == suite.build.n_obs + len(suite.build.dropped)
