"""Notebook parameter checks stop early with every problem listed."""

import pytest

from analysis_lib.errors import ParameterError
from analysis_lib.parameters import check_parameters
from analysis_lib.unavailable import Unavailable

NOTEBOOK = "04_troubled_families_impact"

GOOD = dict(phase=1, outcome="child_entered_care", followup_months=24, method="both",
            comparison_pool="both", caliper_sd=0.2, unit_costs={"child_entered_care": 1.0})


def test_good_parameters_pass():
    check_parameters(NOTEBOOK, GOOD)
    check_parameters(NOTEBOOK, {**GOOD, "caliper_sd": None, "unit_costs": None})


def test_every_problem_is_listed_at_once():
    bad = {**GOOD, "phase": 4, "outcome": "exclusions", "followup_months": 0, "method": "iv",
           "comparison_pool": "region", "caliper_sd": -1}
    with pytest.raises(ParameterError) as err:
        check_parameters(NOTEBOOK, bad)
    message = str(err.value)
    for word in ("phase", "outcome", "followup_months", "method", "comparison_pool",
                 "caliper_sd", "unit_costs"):
        assert word in message


def test_unit_costs_must_cover_the_outcome():
    with pytest.raises(ParameterError, match="youth_custody"):
        check_parameters(NOTEBOOK, {**GOOD, "outcome": "youth_custody"})


def test_published_data_give_no_family_analysis_and_say_why(run_for, tmp_path):
    from analysis_lib.impact.workflow import family_data

    ctx = run_for(data_source="official", data_dir=str(tmp_path))
    data = family_data(ctx, phase=1, outcome="child_entered_care")
    assert isinstance(data, Unavailable) and "no estimate for Walsall" in data.message
    assert "not published" in data.message and "data_source = \"local\"" in data.message


def test_own_records_of_another_la_say_which_las_they_hold(run_for):
    from analysis_lib.data.synth.tf_example import EXAMPLE_DIR
    from analysis_lib.impact.workflow import family_data

    ctx = run_for(la="Sandwell", data_source="local", data_dir=str(EXAMPLE_DIR))
    problem = family_data(ctx, phase=1, outcome="child_entered_care").message
    assert "LA 333" in problem and "LA 335 phase 1 (300 families)" in problem
    walsall = family_data(run_for(data_source="local", data_dir=str(EXAMPLE_DIR)), phase=1,
                          outcome="child_entered_care")
    assert not isinstance(walsall, Unavailable) and walsall.sample["same_la"].all()
    assert walsall.summary()["families"].tolist() == [192, 108, 0]
