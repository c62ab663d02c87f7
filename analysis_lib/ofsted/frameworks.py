"""Ofsted school inspection frameworks, grade labels and the flags that a long series needs.

Overall effectiveness is graded 1 (outstanding) to 4 (inadequate) from the section 5
framework of September 2005. Grade 3 was 'satisfactory' until 31 August 2012 and
'requires improvement' from 1 September 2012: same number, a different (tougher) meaning,
so it is flagged. From 1 September 2024 Ofsted gives no overall effectiveness grade, so
school series stop at the 31 August 2024 snapshot.
"""

from __future__ import annotations

import pandas as pd

# (first day, code, description); each framework runs until the next one starts.
FRAMEWORKS: tuple[tuple[str, str, str], ...] = (
    ("1900-01-01", "pre-2005", "Section 10 inspections before the section 5 framework"),
    ("2005-09-01", "2005", "Section 5 framework (September 2005)"),
    ("2009-09-01", "2009", "Revised section 5 framework (September 2009)"),
    ("2012-09-01", "2012", "September 2012 framework: 'requires improvement' replaces "
                           "'satisfactory'"),
    ("2015-09-01", "2015", "Common inspection framework (September 2015)"),
    ("2019-09-01", "2019", "Education inspection framework (September 2019)"),
    ("2024-09-01", "2024", "No overall effectiveness grade from 1 September 2024"),
)
FRAMEWORK_ORDER = [code for _, code, _ in FRAMEWORKS]
REQUIRES_IMPROVEMENT_FROM = pd.Timestamp("2012-09-01")
NO_OVERALL_GRADE_FROM = pd.Timestamp("2024-09-01")
LAST_GRADED_AS_AT_YEAR = 2024
SERIES_STOP_REASON = (
    "Ofsted stopped giving schools a single overall effectiveness grade on 1 September 2024, "
    "so the series of latest overall grades ends with the snapshot at 31 August 2024.")
GRADE_LABELS = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}
SATISFACTORY = "Satisfactory"
GOOD_OR_OUTSTANDING = (1, 2)


def framework_for(dates) -> pd.Series:
    """Framework code ('2005', '2009', ... '2024', or 'pre-2005') for each inspection date."""
    dates = pd.to_datetime(pd.Series(dates))
    starts = [pd.Timestamp(start) for start, _, _ in FRAMEWORKS]
    bins = pd.IntervalIndex.from_breaks([*starts, pd.Timestamp("2262-01-01")], closed="left")
    cut = pd.cut(dates, bins)
    codes = pd.Series(pd.Categorical(cut).codes, index=dates.index)
    return codes.map(dict(enumerate(FRAMEWORK_ORDER))).where(dates.notna())


def grade_label(grade, date) -> str | None:
    """Ofsted's word for an overall effectiveness grade at an inspection date."""
    if grade is None or pd.isna(grade):
        return None
    grade = int(grade)
    if grade not in GRADE_LABELS:
        raise ValueError(f"overall effectiveness must be 1-4, got {grade}")
    if grade == 3 and pd.Timestamp(date) < REQUIRES_IMPROVEMENT_FROM:
        return SATISFACTORY
    return GRADE_LABELS[grade]


def label_inspections(inspections: pd.DataFrame) -> pd.DataFrame:
    """Add framework and grade flags to a `school_inspections` frame.

    Adds ``framework_by_date`` (from the date, whatever the file says), ``grade_word``
    (satisfactory/requires improvement by date), ``grade3_is_satisfactory`` (grade 3 given
    under the pre-September-2012 meaning), ``ungraded_framework`` (inspected from September
    2024, when no overall grade exists) and ``good_or_outstanding`` (grade 1 or 2; missing
    when there is no grade).
    """
    out = inspections.copy()
    dates = pd.to_datetime(out["inspection_date"])
    grades = out["overall_effectiveness"].astype("Int64")
    out["framework_by_date"] = framework_for(dates).to_numpy()
    out["grade_word"] = [grade_label(g, d) for g, d in zip(grades, dates, strict=True)]
    out["grade3_is_satisfactory"] = (grades == 3).fillna(False).to_numpy() & (
        dates < REQUIRES_IMPROVEMENT_FROM).to_numpy()
    out["ungraded_framework"] = (dates >= NO_OVERALL_GRADE_FROM).to_numpy()
    out["good_or_outstanding"] = grades.isin(GOOD_OR_OUTSTANDING).astype("boolean").where(
        grades.notna())
    return out
