"""Fiscal benefit arithmetic."""

import pytest

from analysis_lib.errors import ParameterError
from analysis_lib.impact.fiscal import DEFAULT_UNIT_COSTS, UNIT_COST_SOURCES, fiscal_benefit


def test_outcomes_avoided_times_unit_cost():
    f = fiscal_benefit("child_entered_care", -3.0, -5.0, -1.0, families=400, years=2,
                       unit_costs={"child_entered_care": 1000})
    assert f.outcomes_avoided == pytest.approx(24.0)
    assert (f.outcomes_avoided_low, f.outcomes_avoided_high) == pytest.approx((8.0, 40.0))
    assert f.benefit_gbp == pytest.approx(24_000)
    assert (f.benefit_low_gbp, f.benefit_high_gbp) == pytest.approx((8_000, 40_000))


def test_missing_or_negative_unit_cost():
    with pytest.raises(ParameterError):
        fiscal_benefit("youth_custody", -1, -2, 0, 10, 1, unit_costs={"x": 1})
    with pytest.raises(ParameterError):
        fiscal_benefit("x", -1, -2, 0, 10, 1, unit_costs={"x": -5})


def test_every_default_cost_has_a_source():
    assert set(DEFAULT_UNIT_COSTS) == set(UNIT_COST_SOURCES)
