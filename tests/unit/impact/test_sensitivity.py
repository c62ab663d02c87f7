"""E-values against VanderWeele & Ding (2017)."""

import pytest

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.impact.sensitivity import evalue, evalue_from_difference, evalue_rr


def test_published_example():
    # VanderWeele & Ding (2017), Ann Intern Med 167:268: RR 3.9 (95% CI 1.8 to 8.7) gives
    # E-values 7.2 (estimate) and 3.0 (lower limit).
    e = evalue_rr(3.9, 1.8, 8.7)
    assert e.evalue_estimate == pytest.approx(7.26, abs=0.01)
    assert e.evalue_ci == pytest.approx(3.0, abs=0.01)


def test_protective_ratio_is_inverted_and_null_interval_gives_one():
    assert evalue(0.5) == pytest.approx(evalue(2.0))
    assert evalue(1.0) == 1.0
    assert evalue_rr(0.8, 0.6, 1.1).evalue_ci == 1.0
    assert evalue_rr(0.8, 0.6, 0.9).evalue_ci == pytest.approx(evalue(0.9))


def test_from_percentage_points():
    e = evalue_from_difference(-3.0, -5.0, -1.0, counterfactual_pp=10.0)
    assert e.risk_ratio == pytest.approx(0.7)
    assert e.evalue_ci == pytest.approx(evalue(0.9))
    with pytest.raises(DataNotAvailableError):
        evalue_from_difference(-1.0, -2.0, 0.0, counterfactual_pp=0.0)
