"""Shares during and after, pooled over snapshots, and where a series must stop."""

import numpy as np
import pandas as pd
import pytest

from analysis_lib.ofsted.as_at import comparison_areas, snapshot_years
from analysis_lib.ofsted.period_shares import area_roles, period_shares, snapshot_periods
from analysis_lib.ofsted.periods import last_covered_snapshot


def test_snapshot_periods_follow_31_august():
    periods = snapshot_periods(range(2005, 2021), "2002-12-01", "2013-04-01")
    assert periods == {"during": list(range(2005, 2013)), "after": list(range(2013, 2021))}


def test_pooled_share_weights_schools_and_clusters_by_school():
    # LA 1: school a good in both years, b poor in both; LA 2: one good school in 2007 only
    as_at = pd.DataFrame({"year": [2006, 2007, 2006, 2007, 2007],
                          "urn": [1, 1, 2, 2, 3], "la_code": [1, 1, 1, 1, 2],
                          "phase": "primary", "grade": [2, 2, 3, 3, 1]})
    out = period_shares(as_at, {"LA": [1], "England": None}, "2005-01-01", "2013-04-01")
    la = out[out.area == "LA"].iloc[0]
    assert la.share_good_or_outstanding == 50 and la.n_school_years == 4 and la.n_schools == 2
    assert la.ci_low < 50 < la.ci_high
    england = out[out.area == "England"].iloc[0]
    assert england.share_good_or_outstanding == pytest.approx(60)
    # cluster-robust SE of a mean by hand: residuals 40, 40, -60, -60, 40 summed by school
    # (80, -120, 40), with statsmodels' small-sample factor G/(G-1) * (N-1)/(N-K)
    by_hand = np.sqrt(3 / 2 * 4 / 4 * (80**2 + 120**2 + 40**2) / 5**2)
    assert england.se == pytest.approx(by_hand)
    assert set(out.role) == {"la", "england"}
    assert set(out.period) == {"during"}  # no snapshot after the end


def test_areas_and_roles():
    areas = comparison_areas(335, [333, 336], [330, 335, 336], la_label="Walsall",
                             region_label="West Midlands")
    assert list(areas) == ["Walsall", "West Midlands", "Comparators", "England"]
    assert area_roles(areas) == {"la": "Walsall", "region": "West Midlands",
                                 "comparators": "Comparators", "england": "England"}
    same = comparison_areas(335, [330, 336], [330, 335, 336], la_label="Walsall")
    assert list(same) == ["Walsall", "Comparators", "England"]  # region = the comparators


@pytest.mark.parametrize(("end", "year", "missing"), [
    ("2020-02-26", 2020, 19),   # the real records: 19 days before inspections stopped
    ("2019-07-20", 2019, 10),   # summer term almost complete
    ("2019-10-10", 2019, 0),    # early in 2019/20: only the year before is covered
    ("2019-05-01", 2018, 0),
])
def test_last_covered_snapshot(end, year, missing):
    assert last_covered_snapshot(end) == (year, missing)


def test_series_stops_where_the_records_end():
    years, note = snapshot_years(2000, 2024, "2020-02-26")
    assert years[-1] == 2020 and "26 February 2020" in note and "stale" in note
    assert snapshot_years(2000, 2024, "2025-07-25")[0][-1] == 2024  # no grades after 2024
    assert snapshot_years(2000, 2018, "2020-02-26")[1] == ""  # asked to stop earlier
