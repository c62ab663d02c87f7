import pandas as pd
import pytest

from analysis_lib.ofsted.frameworks import framework_for, grade_label, label_inspections


@pytest.mark.parametrize("date, code", [
    ("2004-07-01", "pre-2005"), ("2005-09-01", "2005"), ("2009-08-31", "2005"),
    ("2009-09-01", "2009"), ("2012-08-31", "2009"), ("2012-09-01", "2012"),
    ("2015-09-01", "2015"), ("2019-08-31", "2015"), ("2019-09-01", "2019"),
    ("2024-08-31", "2019"), ("2024-09-01", "2024"), ("2026-01-01", "2024")])
def test_framework_by_date(date, code):
    assert framework_for([date]).iloc[0] == code


def test_grade_three_changes_name_in_september_2012():
    assert grade_label(3, "2012-08-31") == "Satisfactory"
    assert grade_label(3, "2012-09-01") == "Requires improvement"
    assert grade_label(2, "2006-01-01") == "Good"
    assert grade_label(None, "2025-01-01") is None
    with pytest.raises(ValueError):
        grade_label(5, "2010-01-01")


def test_flags(history):
    inspections, _ = history
    labelled = label_inspections(inspections)
    first = labelled.iloc[0]
    assert first["grade3_is_satisfactory"] and first["grade_word"] == "Satisfactory"
    ungraded = labelled[labelled["inspection_date"] == pd.Timestamp("2024-10-01")].iloc[0]
    assert ungraded["ungraded_framework"] and pd.isna(ungraded["good_or_outstanding"])
    assert labelled["good_or_outstanding"].sum() == 4
