import pytest

from analysis_lib.errors import ParameterError
from analysis_lib.ofsted.workflow import check_parameters


def test_parameters_are_checked_together():
    check_parameters("2002-12-01", "2013-04-01", "all", "mean_grade", ["Sandwell", 333])
    with pytest.raises(ParameterError) as err:
        check_parameters("2013-04-01", "2002-12-01", "nursery", "happiness", ["Nowhere", 333])
    text = str(err.value)
    for part in ("must be before", "phase must be one of", "outcome must be one of",
                 "Unknown local authority 'Nowhere'"):
        assert part in text
    with pytest.raises(ParameterError, match="donor_pool"):
        check_parameters("2002-12-01", "2013-04-01", "all", "mean_grade", "everyone")
