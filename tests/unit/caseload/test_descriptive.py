"""The LA against comparators and England, and the council's own reference points."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis_lib.caseload.descriptive import (
    council_reference_points,
    descriptive_series,
    latest_comparison,
    reference_years,
)


def test_series_hold_the_la_comparators_their_median_and_england(tiny_tables):
    series = descriptive_series(tiny_tables, 301, [302, 303], ["caseload_per_fte"], 2015, 2017,
                                la_name="Alpha")
    groups = series.groupby("series").size().to_dict()
    assert groups == {"Alpha": 3, "Comparator LA": 5, "Comparator median": 3, "England": 3}
    median_2016 = series[(series["series"] == "Comparator median") & (series["year"] == 2016)]
    assert median_2016["value"].item() == pytest.approx((23.0 + 24.0) / 2)


def test_latest_comparison_takes_the_las_last_year(tiny_tables):
    series = descriptive_series(tiny_tables, 303, [301, 302], ["assessments_45_days_pct"],
                                2015, 2017, la_name="Gamma")
    latest = latest_comparison(series, "Gamma")
    assert latest["year"].tolist() == [2016]  # Gamma's 2017 outcome is "x"
    assert latest["England"].tolist() == [84.0]


FACTS = pd.DataFrame({
    "fact_id": list("abcde"), "topic": ["workforce"] * 3 + ["timeliness", "workforce"],
    "la_code": pd.array([335, 335, 335, 335, 336], dtype="Int64"),
    "date": ["2013-03-31", "2013-09", "2013-12-03", "2013-11", "2013-03-31"],
    "measure": ["open_cases_per_worker", "agency_staff_pct_fte", "vacancies",
                "initial_assessments_10_days_pct", "open_cases_per_worker"],
    "value": [25.2, 53.9, 36.0, 72.8, 30.0],
    "unit": ["cases per worker", "percent of FTE", "posts", "percent", "cases per worker"],
    "description": ["open CIN, CP and LAC cases per worker", "agency staff % of FTE",
                    "vacancies", "initial assessments within 10 working days", "x"],
    "source": ["Walsall scrutiny 2014"] * 5, "source_detail": [""] * 5})


def test_council_reference_points_map_to_comparable_measures_on_their_axes():
    points = council_reference_points(FACTS, 335).set_index("measure")
    assert set(points.index) == {"caseload_per_fte", "agency_rate", "assessments_45_days_pct"}
    assert points.loc["caseload_per_fte", "x"] == pytest.approx(2013.5)
    assert points.loc["agency_rate", "x"] == pytest.approx(2014.0)
    assert points.loc["assessments_45_days_pct", "x"] == pytest.approx(2013 + 8 / 12)
    assert "council's own measure" in points.loc["caseload_per_fte", "label"]


def test_no_reference_points_for_other_las():
    assert council_reference_points(FACTS, 999).empty


def test_reference_years_come_from_the_figures_dates():
    assert reference_years(council_reference_points(FACTS, 335)) == "2013"
    assert reference_years(pd.DataFrame({"date": ["2014-09", "2012"]})) == "2012-2014"
    assert reference_years(council_reference_points(FACTS, 999)) == ""
