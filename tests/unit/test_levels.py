"""One interval level and its critical values for every module."""

import pytest
from scipy import stats

from analysis_lib import levels


def test_the_95_percent_critical_values():
    assert levels.Z95 == pytest.approx(1.959964, abs=1e-6)
    assert levels.z_value(0.90) == pytest.approx(1.644854, abs=1e-6)
    assert levels.t_value(9) == pytest.approx(2.262157, abs=1e-6)
    assert levels.t_value(9) == stats.t.ppf(0.975, 9)
