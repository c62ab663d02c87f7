"""Whether a year's school rows cover England or only some LAs' performance-table files."""

import pandas as pd

from analysis_lib.attainment.coverage import coverage, england_row

TOTALS = pd.DataFrame({"year": [2018, 2018, 2018], "la_code": [850, None, None],
                       "record_type": ["la", "england_all_schools", "england_state_funded"],
                       "cohort": [14463.0, 624151.0, 619703.0],
                       "pct_disadvantaged": [49.0, 51.0, 51.0]})


def test_one_las_file_is_not_england():
    schools = pd.DataFrame({"year": 2018, "la_code": [850, 850], "cohort": [14000.0, 463.0]})
    scope = coverage(schools, TOTALS, 2018)
    assert not scope.england and scope.la_codes == (850,)
    assert scope.label == "schools in the files (Hampshire)"
    assert scope.england_row["record_type"] == "england_state_funded"  # DfE's RECTYPE 5


def test_every_school_of_england_is_england():
    schools = pd.DataFrame({"year": 2018, "la_code": [850, 936], "cohort": [600000.0, 19703.0]})
    scope = coverage(schools, TOTALS, 2018)
    assert scope.england and scope.label == "England"


def test_no_england_row_means_no_england():
    schools = pd.DataFrame({"year": 2018, "la_code": [850], "cohort": [1e9]})
    assert not coverage(schools, TOTALS[TOTALS["record_type"] == "la"], 2018).england
    assert england_row(TOTALS, 2017) is None
