import pandas as pd
import pytest

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.ofsted.as_at import (
    area_shares,
    as_at_grades,
    grade_distribution,
    la_year_panel,
    snapshot_years,
)


def _grades(frame, year):
    part = frame[frame["year"] == year].set_index("urn")
    return {urn: (None if pd.isna(g) else int(g)) for urn, g in part["grade"].items()}


def test_as_at_reconstruction(history):
    inspections, schools = history
    frame = as_at_grades(inspections, schools, range(2006, 2025))
    assert _grades(frame, 2006) == {1: 3, 2: None, 4: 2}  # 2 not inspected until 2007
    assert _grades(frame, 2009) == {1: 3, 2: 3, 3: None, 4: 2}
    assert _grades(frame, 2010) == {1: 2, 3: 2, 4: 2}  # school 2 closed 31 July 2010
    # 11 converted 2012-01-01 with no inspection: inherits its predecessor's good grade
    row = frame[(frame["year"] == 2012) & (frame["urn"] == 11)].iloc[0]
    assert row["grade"] == 2 and row["inherited"] and row["graded_urn"] == 1
    assert 1 not in _grades(frame, 2012)  # the predecessor is closed, not double counted
    assert _grades(frame, 2014) == {11: 1, 3: 2, 4: 2}
    assert not frame[(frame["year"] == 2014) & (frame["urn"] == 11)]["inherited"].iloc[0]
    # the ungraded 2024-25 inspection does not replace the last grade (and is after 31 Aug)
    assert _grades(frame, 2024)[3] == 2


def test_without_schools_table_predecessor_drops_out(history):
    inspections, _ = history
    frame = as_at_grades(inspections, None, [2013, 2014])
    assert _grades(frame, 2013)[1] == 2 and 11 not in _grades(frame, 2013)
    assert 1 not in _grades(frame, 2014) and _grades(frame, 2014)[11] == 1


def test_series_stops_in_2024(history):
    inspections, schools = history
    years, note = snapshot_years(2020, 2026)
    assert years[-1] == 2024 and "1 September 2024" in note
    assert snapshot_years(2006, 2010)[1] == ""
    with pytest.raises(DataNotAvailableError):
        as_at_grades(inspections, schools, [2025])


def test_shares_and_distribution(history):
    inspections, schools = history
    frame = as_at_grades(inspections, schools, [2009, 2014])
    shares = area_shares(frame, 335, [999], la_label="Walsall").set_index(["year", "area"])
    walsall = shares.loc[(2009, "Walsall")]
    assert walsall["n_schools"] == 2 and walsall["n_good_or_outstanding"] == 0
    assert shares.loc[(2014, "Walsall"), "share_good_or_outstanding"] == 100
    assert shares.loc[(2014, "England"), "n_schools"] == 3
    assert shares.loc[(2009, "Walsall"), "mean_grade"] == 3
    dist = grade_distribution(shares.reset_index())
    part = dist[(dist["year"] == 2009) & (dist["area"] == "England")]
    assert part["n"].sum() == 3 and part["percent"].sum() == pytest.approx(100)
    primary = area_shares(frame, 335, [999], phase="primary").set_index(["year", "area"])
    assert primary.loc[(2009, "LA"), "n_schools"] == 1


def test_panel_is_row_order_invariant(history):
    inspections, schools = history
    frame = as_at_grades(inspections, schools, [2009, 2014])
    a = la_year_panel(frame)
    b = la_year_panel(frame.sample(frac=1, random_state=3))
    pd.testing.assert_frame_equal(a, b)
    assert a.set_index(["la_code", "year"]).loc[(335, 2009), "value"] == 0
    mean = la_year_panel(frame, outcome="mean_grade").set_index(["la_code", "year"])
    assert mean.loc[(335, 2014), "value"] == 1.5
