"""Each headline estimate's truth is defined once, from a hand-made truth file."""

from __future__ import annotations

import pytest

from analysis_lib.validation import targets

TRUTHS = {
    "config": {"focus_la": 335},
    "effects": {
        "ks2_disadvantage_gap": {"expected": {
            "region_code": "E12000005",
            "focus_la": {"2016": {"gap_pp": 20.0, "gap_variance_pp2": 4.0},
                         "2017": {"gap_pp": 21.0, "gap_variance_pp2": 4.0},
                         "2019": {"gap_pp": 24.0, "gap_variance_pp2": 1.0}},
            "england": {"2019": {"gap_pp": 19.5, "gap_variance_pp2": 0.01}}}},
        "ks2_gap_index": {"expected": {"2019": {"england": 2.9, "focus_la": 3.3}}},
        "outsourcing_inspections": {"finite_sample_by_year_pp": {
            "2006": 4.0, "2007": 6.0, "2013": 3.0, "2016": 1.0, "2017": -1.0, "2018": 3.0}},
        "caseload_timeliness": {"beta_caseload": -0.8, "beta_agency": -0.15},
        "troubled_families": {"outcomes": {"youth_custody": {"value": -1.0}}},
    },
}


def test_every_target_has_a_kind_and_a_definition():
    for name, target in targets.TARGETS.items():
        assert target.kind in (targets.EXPECTED, targets.FINITE_SAMPLE, targets.PARAMETER)
        assert len(target.definition) > 30, name


def test_gaps_and_index_by_area_and_year():
    assert targets.gap(TRUTHS, "focus_la", 2019) == 24.0
    assert targets.gap(TRUTHS, "england", 2019) == 19.5
    assert targets.gap(TRUTHS, "england", 2018) is None
    assert targets.gap_region_code(TRUTHS) == "E12000005"
    assert targets.gap_index(TRUTHS, "focus_la", 2019) == 3.3
    assert targets.gap_index(TRUTHS, "england", 2011) is None


def test_trend_is_the_weighted_slope_of_the_expected_gaps():
    # weights 1/4, 1/4, 1 at years 2016, 2017, 2019: centre 2018, slope by hand
    w, x, y = [0.25, 0.25, 1.0], [2016, 2017, 2019], [20.0, 21.0, 24.0]
    centre = sum(a * b for a, b in zip(w, x, strict=True)) / sum(w)
    slope = (sum(a * (b - centre) * c for a, b, c in zip(w, x, y, strict=True))
             / sum(a * (b - centre) ** 2 for a, b in zip(w, x, strict=True)))
    assert targets.gap_trend(TRUTHS, 2016, 2019) == pytest.approx(slope)
    assert targets.gap_trend(TRUTHS, 2016, 2017) == pytest.approx(1.0)
    assert targets.gap_trend(TRUTHS, 2019, 2025) is None  # one year: no slope


def test_outsourcing_contrast_pools_years_as_the_design_does():
    # return in-house: minus (mean after - mean during)
    assert targets.outsourcing_contrast(TRUTHS, (2006, 2007), (2016, 2017, 2018), -1) == \
        pytest.approx(5.0 - 1.0)
    assert targets.outsourcing_contrast(TRUTHS, (2006,), (2007,), 1) == pytest.approx(2.0)
    assert targets.outsourcing_contrast(TRUTHS, (2005,), (2007,), 1) is None


def test_parameters_and_the_finite_sample_counterfactual():
    assert targets.coefficient(TRUTHS, "beta_agency") == -0.15
    beta = targets.coefficient(TRUTHS, "beta_caseload")
    assert targets.counterfactual(beta, 80.0, 20.0, 16.0) == pytest.approx(83.2)
    assert targets.troubled_families_att(TRUTHS, "youth_custody") == -1.0
