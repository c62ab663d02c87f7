"""Hand-built inspection histories shared by the Ofsted unit tests."""

import pandas as pd
import pytest


def _inspections(rows):
    frame = pd.DataFrame(rows, columns=["urn", "la_code", "phase", "inspection_date",
                                        "overall_effectiveness", "predecessor_urn"])
    frame["inspection_date"] = pd.to_datetime(frame["inspection_date"])
    frame["overall_effectiveness"] = frame["overall_effectiveness"].astype("Int64")
    frame["predecessor_urn"] = frame["predecessor_urn"].astype("Int64")
    frame["framework"] = "x"
    return frame


@pytest.fixture
def history():
    """LA 335: school 1 converts to academy 11 (2012-01-01, inspected 2014-03-01);
    school 2 closes on 2010-07-31; school 3 opens 2008-09-01 and is inspected in 2009 and
    2024-10 (no grade). LA 999: school 4, always good."""
    inspections = _inspections([
        (1, 335, "primary", "2006-05-10", 3, None),
        (1, 335, "primary", "2010-02-01", 2, None),
        (11, 335, "primary", "2014-03-01", 1, 1),
        (2, 335, "secondary", "2007-01-15", 4, None),
        (2, 335, "secondary", "2009-06-01", 3, None),
        (3, 335, "primary", "2009-11-20", 2, None),
        (3, 335, "primary", "2024-10-01", None, None),
        (4, 999, "primary", "2006-03-01", 2, None),
    ])
    schools = pd.DataFrame({
        "urn": [1, 11, 2, 3, 4],
        "la_code": pd.array([335, 335, 335, 335, 999], dtype="Int64"),
        "phase": ["primary", "primary", "secondary", "primary", "primary"],
        "open_date": pd.to_datetime([None, "2012-01-01", None, "2008-09-01", None]),
        "close_date": pd.to_datetime(["2011-12-31", None, "2010-07-31", None, None]),
        "predecessor_urn": pd.array([None, 1, None, None, None], dtype="Int64"),
        "is_academy": [False, True, False, False, False],
        "disadvantaged_share": [0.2, 0.2, 0.4, 0.1, 0.3],
    })
    return inspections, schools
