"""The notebook's own parameters are checked up front, with one message."""

from __future__ import annotations

import pytest

from analysis_lib.caseload.run import check_parameters
from analysis_lib.errors import ParameterError

GOOD = dict(outcome="assessments_45_days_pct", regressors=["caseload_per_fte", "agency_rate"],
            model="fe", counterfactual_term="caseload_per_fte")


def test_good_parameters_pass():
    check_parameters(**GOOD)


@pytest.mark.parametrize(("change", "message"), [
    ({"model": "gmm"}, "model must be one of"),
    ({"counterfactual_term": "vacancy_rate"}, "counterfactual_term 'vacancy_rate'"),
    ({"regressors": []}, "at least one regressor"),
    ({"outcome": "happiness"}, "outcome 'happiness'"),
])
def test_impossible_parameters_stop_early(change, message):
    with pytest.raises(ParameterError, match=message):
        check_parameters(**(GOOD | change))
