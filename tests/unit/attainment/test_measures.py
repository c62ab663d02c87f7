"""Measure and group selection."""

import pandas as pd
import pytest

from analysis_lib.attainment.measures import group_pair, select_measure
from analysis_lib.errors import DataNotAvailableError, ParameterError


def _table(rows):
    return pd.DataFrame(rows, columns=["year", "key_stage", "measure"])


def test_headline_follows_the_measure_in_force_each_year():
    table = _table([(2011, 2, "em_level4"), (2012, 2, "em_level4"), (2012, 2, "rwm_level4"),
                    (2016, 2, "rwm_expected_standard"), (2016, 4, "5em_ac"),
                    (2016, 4, "l2basics_94"), (2017, 4, "5em_ac"), (2017, 4, "l2basics_94")])
    ks2 = select_measure(table, 2, "headline")
    assert list(zip(ks2["year"], ks2["measure"], strict=True)) == [
        (2011, "em_level4"), (2012, "rwm_level4"), (2016, "rwm_expected_standard")]
    ks4 = select_measure(table, 4, "headline")
    assert list(zip(ks4["year"], ks4["measure"], strict=True)) == [
        (2016, "5em_ac"), (2017, "l2basics_94")]


def test_headline_falls_back_to_earlier_measure_when_not_published():
    schools = _table([(2014, 2, "em_level4"), (2016, 2, "rwm_expected_standard")])
    assert select_measure(schools, 2, "headline")["measure"].tolist() == [
        "em_level4", "rwm_expected_standard"]


def test_named_measure_and_errors():
    table = _table([(2016, 2, "rwm_expected_standard"), (2016, 2, "maths_progress")])
    assert len(select_measure(table, 2, "maths_progress")) == 1
    with pytest.raises(DataNotAvailableError, match="maths_progress"):
        select_measure(table, 2, "gps")
    with pytest.raises(ParameterError):
        select_measure(table, 3, "headline")


def test_group_pairs():
    assert group_pair("disadvantaged").reference == "not_disadvantaged"
    assert group_pair("FSM").reference == "not_fsm"
    cla = group_pair("cla")
    assert (cla.reference, cla.nested) == ("all", True)
    with pytest.raises(ParameterError):
        group_pair("boys")


def test_check_parameters_lists_every_problem():
    from analysis_lib.parameters import check_parameters

    check_parameters("01_attainment_gaps",
                     dict(key_stage=2, measure="headline", groups="cla", funnel_target="la"))
    with pytest.raises(ParameterError) as err:
        check_parameters("01_attainment_gaps",
                         dict(key_stage=3, measure="gcse", groups="boys", funnel_target="x"))
    text = str(err.value)
    assert all(word in text for word in ("key_stage", "gcse", "boys", "funnel_target"))
