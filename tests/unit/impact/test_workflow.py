"""Notebook parameter checks stop early with every problem listed."""

import pytest

from analysis_lib.errors import ParameterError
from analysis_lib.impact.workflow import check_parameters

GOOD = dict(phase=1, outcome="child_entered_care", followup_months=24, method="both",
            comparison_pool="both", caliper_sd=0.2, unit_costs={"child_entered_care": 1.0})


def test_good_parameters_pass():
    check_parameters(**GOOD)
    check_parameters(**{**GOOD, "caliper_sd": None, "unit_costs": None})


def test_every_problem_is_listed_at_once():
    bad = {**GOOD, "phase": 4, "outcome": "exclusions", "followup_months": 0, "method": "iv",
           "comparison_pool": "region", "caliper_sd": -1}
    with pytest.raises(ParameterError) as err:
        check_parameters(**bad)
    message = str(err.value)
    for word in ("phase", "outcome", "followup_months", "method", "comparison_pool",
                 "caliper_sd", "unit_costs"):
        assert word in message


def test_unit_costs_must_cover_the_outcome():
    with pytest.raises(ParameterError, match="youth_custody"):
        check_parameters(**{**GOOD, "outcome": "youth_custody"})
