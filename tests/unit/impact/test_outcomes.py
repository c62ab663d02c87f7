"""Follow-up windows and matched-family estimation on a tiny panel."""

import numpy as np
import pandas as pd
import pytest

from analysis_lib.errors import ParameterError
from analysis_lib.impact.outcomes import followup_years, outcome_wide, window_mean


def test_followup_years():
    assert [followup_years(m) for m in (12, 18, 24, 25)] == [1, 2, 2, 3]
    with pytest.raises(ParameterError):
        followup_years(0)


def test_window_mean_follows_each_start_year():
    long = pd.DataFrame({"family_id": [1, 1, 1, 2, 2, 2], "year": [2012, 2013, 2014] * 2,
                         "outcome": "child_entered_care",
                         "value": [1.0, 0.0, 1.0, 0.0, 1.0, 1.0]})
    wide = outcome_wide(long, "child_entered_care")
    got = window_mean(wide, [1, 2, 2], [2013, 2013, 2014], 2)
    assert np.allclose(got, [0.5, 1.0, 1.0])  # family 2 from 2014: only 2014 observed
    assert np.isnan(window_mean(wide, [1], [2020], 2)[0])
    with pytest.raises(ParameterError):
        outcome_wide(long, "not_an_outcome")
