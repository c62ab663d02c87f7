"""Floor standards: the rule in force each year, applied school by school."""

import numpy as np
import pandas as pd
import pytest

from analysis_lib.attainment.floors import (
    ABOVE,
    BELOW,
    NOT_COVERED,
    UNKNOWN,
    floor_status,
    floor_summary,
    rule_for,
    rules_from_reference,
)
from analysis_lib.errors import DataNotAvailableError

# 2011: Walsall Cabinet 27 July 2011 (../shared/sources): 60% Level 4+ English and maths AND
# below the median expected progress of 87% (English) and 86% (maths).
# Shaped like load("floor_standards") (data/reference/floor_standards.csv).
REFERENCE = pd.DataFrame({
    "year": [2011, 2016, 2009],
    "threshold_pct": [60.0, 65.0, 55.0],
    "progress_english_pct": [87.0, np.nan, np.nan],
    "progress_maths_pct": [86.0, np.nan, np.nan],
    "measure": ["Level 4+ in English and maths; below floor if also below the medians",
                "expected standard unless progress scores are sufficient",
                "Level 4+ in English and maths (no progress element)"],
    "verified": [True, False, False],
})
RULES = rules_from_reference(REFERENCE)


def test_rules_from_reference():
    assert RULES.set_index("year")["progress_rule"].to_dict() == {
        2009: "none", 2011: "below_all", 2016: "below_any"}
    assert RULES["verified"].tolist() == [False, True, False]


def _school(year, urn, pct_all, eng, mat, la=335, *, scores=(np.nan,) * 3, cohort=30,
            school_type="mainstream"):
    reading, writing, maths = scores
    return {"year": year, "urn": urn, "la_code": la, "pct_all": pct_all,
            "progress_english_pct": eng, "progress_maths_pct": mat, "reading_progress": reading,
            "writing_progress": writing, "maths_progress": maths, "cohort": cohort,
            "school_type": school_type}


def test_2011_rule_needs_low_attainment_and_both_progress_measures_below_median():
    schools = pd.DataFrame([
        _school(2011, 1, 55.0, 80.0, 80.0),   # below on all three -> below floor
        _school(2011, 2, 55.0, 90.0, 80.0),   # English progress above median -> above
        _school(2011, 3, 60.0, 80.0, 80.0),   # exactly 60% is not below the threshold
        _school(2011, 4, 55.0, np.nan, 80.0),  # maths below, English unknown -> unknown
        _school(2011, 5, 55.0, np.nan, 90.0),  # maths above -> decided above
        _school(2011, 6, np.nan, 80.0, 80.0),  # no result
    ])
    status = floor_status(schools, RULES).set_index("urn")["floor_status"]
    assert status.to_dict() == {1: BELOW, 2: ABOVE, 3: ABOVE, 4: UNKNOWN, 5: ABOVE,
                                6: "no result"}


def test_each_year_uses_its_own_thresholds_under_the_same_rule():
    rules = pd.concat([RULES, RULES[RULES["year"] == 2011].assign(
        year=2012, progress_english_threshold=np.nan, progress_maths_threshold=np.nan)])
    schools = pd.DataFrame([_school(2011, 1, 55.0, 80.0, 80.0),
                            _school(2012, 2, 55.0, 80.0, 80.0)])
    status = floor_status(schools, rules).set_index("urn")["floor_status"]
    assert status.to_dict() == {1: BELOW, 2: UNKNOWN}


def test_sufficient_progress_rule_without_progress_scores_is_unknown_not_guessed():
    schools = pd.DataFrame([_school(2016, 1, 50.0, np.nan, np.nan),
                            _school(2016, 2, 70.0, np.nan, np.nan)])
    status = floor_status(schools, RULES).set_index("urn")["floor_status"]
    assert status.to_dict() == {1: UNKNOWN, 2: ABOVE}


def test_below_any_rule_with_thresholds():
    rules = RULES.assign(progress_english_threshold=[np.nan, 87.0, 80.0],
                         progress_maths_threshold=[np.nan, 86.0, 80.0])
    schools = pd.DataFrame([_school(2016, 1, 50.0, 85.0, 70.0),
                            _school(2016, 2, 50.0, 85.0, 85.0),
                            _school(2016, 3, 50.0, np.nan, 70.0)])
    status = floor_status(schools, rules).set_index("urn")["floor_status"]
    assert status.to_dict() == {1: BELOW, 2: ABOVE, 3: BELOW}


def test_attainment_only_rule_and_years_without_a_floor():
    schools = pd.DataFrame([_school(2009, 1, 50.0, np.nan, np.nan),
                            _school(2009, 2, 56.0, np.nan, np.nan),
                            _school(2022, 3, 10.0, np.nan, np.nan)])
    status = floor_status(schools, RULES)
    assert status.set_index("urn")["floor_status"].to_dict() == {1: BELOW, 2: ABOVE}
    assert rule_for(RULES, 2022) is None
    assert rule_for(RULES, 2011)["attainment_threshold_pct"] == 60


def test_summary_counts_and_shares():
    schools = pd.DataFrame([_school(2011, 1, 55.0, 80.0, 80.0),
                            _school(2011, 2, 70.0, 80.0, 80.0),
                            _school(2011, 3, 50.0, 80.0, 80.0, la=333),
                            _school(2011, 4, 70.0, 80.0, 80.0, la=333)])
    summary = floor_summary(floor_status(schools, RULES), 335).iloc[0]
    assert (summary["la_schools"], summary["la_below_floor"]) == (2, 1)
    assert summary["la_below_floor_pct"] == pytest.approx(50.0)
    assert summary["england_below_floor_pct"] == pytest.approx(50.0)


def test_bad_rules_are_rejected():
    with pytest.raises(DataNotAvailableError):
        rules_from_reference(REFERENCE.drop(columns="threshold_pct"))
    with pytest.raises(DataNotAvailableError):
        floor_status(pd.DataFrame([_school(2011, 1, 50.0, 1.0, 1.0)]),
                     RULES.assign(progress_rule="sometimes"))


# DfE 2016-2019 (LG Inform metric 6103, quoting DfE): above the floor with 65% at the expected
# standard, or progress of at least -5 reading, -7 writing, -5 maths; only mainstream schools
# with 11 or more eligible pupils are counted.
SCORES_2016 = REFERENCE[REFERENCE["year"] == 2016].assign(
    progress_reading_score=-5.0, progress_writing_score=-7.0, progress_maths_score=-5.0)


def test_2016_rule_uses_progress_scores_in_every_subject():
    rules = rules_from_reference(SCORES_2016)
    schools = pd.DataFrame([
        # 61% and -6 in each subject: RS Assessment's worked example of a school below
        _school(2016, 1, 61.0, np.nan, np.nan, scores=(-6.0, -6.0, -6.0)),
        _school(2016, 2, 61.0, np.nan, np.nan, scores=(-4.0, -6.9, -5.0)),  # all sufficient
        _school(2016, 3, 61.0, np.nan, np.nan, scores=(-4.0, -7.1, 0.0)),   # writing short
        _school(2016, 4, 65.0, np.nan, np.nan, scores=(-9.0, -9.0, -9.0)),  # 65% is enough
        _school(2016, 5, 50.0, np.nan, np.nan, scores=(np.nan, -8.0, 1.0)),  # known shortfall
        _school(2016, 6, 50.0, np.nan, np.nan, scores=(np.nan, 1.0, 1.0)),  # undecided
    ])
    status = floor_status(schools, rules).set_index("urn")["floor_status"]
    assert status.to_dict() == {1: BELOW, 2: ABOVE, 3: BELOW, 4: ABOVE, 5: BELOW, 6: UNKNOWN}


def test_special_schools_and_small_cohorts_are_not_covered():
    rules = rules_from_reference(SCORES_2016)
    low = (-9.0, -9.0, -9.0)
    schools = pd.DataFrame([_school(2016, 1, 10.0, np.nan, np.nan, scores=low),
                            _school(2016, 2, 10.0, np.nan, np.nan, scores=low, cohort=10),
                            _school(2016, 3, 10.0, np.nan, np.nan, scores=low,
                                    school_type="special")])
    status = floor_status(schools, rules)
    assert status.set_index("urn")["floor_status"].to_dict() == {
        1: BELOW, 2: NOT_COVERED, 3: NOT_COVERED}
    summary = floor_summary(status, 335).iloc[0]
    assert (summary["la_schools"], summary["la_below_floor"], summary["la_not_covered"]) == (
        1, 1, 2)
