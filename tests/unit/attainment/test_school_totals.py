"""Do a performance table's schools add up to its LA row? Hand-worked bounds and a wrong row."""

import numpy as np
import pandas as pd
import pytest

from analysis_lib.attainment.school_totals import disagreements, la_totals_check, school_bounds

NAN = np.nan
# Three schools of one LA, as ks_attainment_school holds them. True figures behind the
# suppression: school C has 2 disadvantaged and 2 other pupils, 1 of whom meets the standard;
# school B's 3 disadvantaged pupils include 1 meeting it, its 17 others 9.
SCHOOLS = pd.DataFrame({
    "year": 2018, "la_code": 850, "key_stage": 2, "measure": "rwm_expected_standard",
    "urn": [1, 2, 3], "school_type": ["mainstream", "mainstream", "special"],
    "cohort": [30.0, 20.0, 4.0], "disadvantaged_pupils": [10.0, 3.0, NAN],
    "other_pupils": [20.0, 17.0, NAN], "pct_all": [60.0, 50.0, NAN],
    "pct_disadvantaged": [40.0, NAN, NAN], "pct_other": [70.0, NAN, NAN]})
# The LA row those schools make: 54 pupils, 15 disadvantaged, 39 other; 29 meet the standard
# (54%), 5 disadvantaged (33%), 24 other (62%).
LA_ROW = {"year": 2018, "record_type": "la", "la_code": 850, "area_name": "Hampshire",
          "key_stage": 2, "measure": "rwm_expected_standard", "cohort": 54.0,
          "disadvantaged_pupils": 15.0, "other_pupils": 39.0, "pct_all": 54.0,
          "pct_disadvantaged": 33.0, "pct_other": 62.0}


def check(**changes) -> pd.DataFrame:
    return la_totals_check(SCHOOLS, pd.DataFrame([{**LA_ROW, **changes}])).set_index(
        "quantity")


def test_bounds_follow_rounding_and_suppression():
    bounds = school_bounds(SCHOOLS)
    assert bounds["disadvantaged_pupils"][0].tolist() == [10, 3, 0]
    assert bounds["disadvantaged_pupils"][1].tolist() == [10, 3, 4]
    # 60% of 30 -> exactly 18 (17.85-18.15); 50% of 20 -> 10; suppressed -> 0-4
    assert bounds["pct_all"][0].tolist() == [18, 10, 0]
    assert bounds["pct_all"][1].tolist() == [18, 10, 4]
    # school B's disadvantaged: 0-3 from the count, and at most its 10 meeting overall
    assert bounds["pct_disadvantaged"][1].tolist() == [4, 3, 4]


def test_the_true_la_row_agrees():
    result = check()
    assert result["agrees"].all()
    eligible = result.loc["eligible pupils"]
    assert (eligible.published, eligible.computed, eligible.computed_low) == (54, 54, 54)
    disadvantaged = result.loc["disadvantaged pupils"]
    assert (disadvantaged.computed_low, disadvantaged.computed_high) == (13, 17)
    assert disadvantaged.schools_suppressed == 1
    everyone = result.loc["% meeting the standard: all pupils"]
    assert everyone.computed == pytest.approx(100 * 28 / 50)
    assert (everyone.computed_low, everyone.computed_high) == pytest.approx(
        (100 * 28 / 54, 100 * 32 / 54))


@pytest.mark.parametrize(("changes", "quantity"), [
    ({"disadvantaged_pupils": 18.0}, "disadvantaged pupils"),
    ({"cohort": 55.0}, "eligible pupils"),
    ({"pct_all": 51.0}, "% meeting the standard: all pupils"),
    ({"pct_other": 80.0}, "% meeting the standard: other pupils")])
def test_a_published_figure_the_schools_cannot_make_is_flagged(changes, quantity):
    result = check(**changes)
    assert disagreements(result.reset_index())["quantity"].tolist() == [quantity]


def test_rounding_alone_is_not_a_disagreement():
    # 53.7% rounds to 54, but 53.5 and 54.4 could too; 51.85 is the schools' lowest: 52 agrees
    assert check(pct_all=52.0).loc["% meeting the standard: all pupils", "agrees"]


def test_unpublished_la_figures_are_not_judged():
    result = check(pct_disadvantaged=NAN)
    assert pd.isna(result.loc["% meeting the standard: disadvantaged pupils", "agrees"])
    assert disagreements(result.reset_index()).empty
