"""Gap intervals: Newcombe (1998) worked examples, honesty rules and per-area tables."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis_lib.attainment.gaps import (
    NOTE_DERIVED,
    NOTE_NO_COUNTS,
    NOTE_POINTS,
    area_gap_table,
    group_gaps,
    newcombe_difference,
)
from analysis_lib.attainment.measures import group_pair
from analysis_lib.errors import DataNotAvailableError

# Newcombe RG (1998) "Interval estimation for the difference between independent proportions:
# comparison of eleven methods", Statistics in Medicine 17:873-890, Table II, method 10
# (hybrid score interval from Wilson score limits, no continuity correction).
# Note: 56/70 - 48/80 is exactly 0.8 - 0.6 = 0.2000 with interval 0.0524 to 0.3339.
# Call: newcombe_difference(m, n, x, y) -> statsmodels confint_proportions_2indep(
#       m, n, x, y, method="newcomb").  Published to 4 decimals.
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), 0.2000, (0.0524, 0.3339)),
    ((9, 10, 3, 10), 0.6000, (0.1705, 0.8090)),
    ((6, 7, 2, 7), 0.5714, (0.0582, 0.8062)),
    ((5, 56, 0, 29), 0.0893, (-0.0381, 0.1926)),
    ((0, 10, 0, 20), 0.0000, (-0.1611, 0.2775)),
    ((0, 10, 0, 10), 0.0000, (-0.2775, 0.2775)),
    ((10, 10, 0, 20), 1.0000, (0.6791, 1.0000)),
    ((10, 10, 0, 10), 1.0000, (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("counts", "diff", "interval"), NEWCOMBE_TABLE_II)
def test_newcombe_table_ii_method_10(counts, diff, interval):
    d, low, high = newcombe_difference(*counts)
    assert d == pytest.approx(diff, abs=5e-5)
    assert (low, high) == pytest.approx(interval, abs=5e-5)


@given(st.integers(1, 400), st.integers(1, 400), st.data())
def test_gap_interval_is_antisymmetric(n1, n2, data):
    c1, c2 = data.draw(st.integers(0, n1)), data.draw(st.integers(0, n2))
    d, lo, hi = newcombe_difference(c1, n1, c2, n2)
    d2, lo2, hi2 = newcombe_difference(c2, n2, c1, n1)
    assert d == pytest.approx(-d2)
    assert (lo, hi) == pytest.approx((-hi2, -lo2), abs=1e-9)
    assert lo <= d <= hi


def test_missing_counts_give_nan_not_error():
    d, lo, hi = newcombe_difference([56, np.nan], [70, 10], [48, 3], [80, 10])
    assert np.isnan(d[1]) and np.isnan(lo[1]) and np.isnan(hi[1])
    assert lo[0] == pytest.approx(0.0524, abs=5e-5)


def _row(level, la, region, group, n, meeting, value, unit="percent", measure="rwm",
         year=2019, name=None):
    return {"year": year, "geographic_level": level, "la_code": la, "region_code": region,
            "area_name": name or str(la), "key_stage": 2, "measure": measure,
            "regime": "expected_standard", "unit": unit, "pupil_group": group,
            "eligible_pupils": n, "pupils_meeting": meeting, "value": value,
            "missing_reason": None}


def _fixture():
    rows = [
        _row("National", pd.NA, None, "disadvantaged", 80, 48, 60.0, name="England"),
        _row("National", pd.NA, None, "not_disadvantaged", 70, 56, 80.0, name="England"),
        _row("Regional", pd.NA, "E12000005", "disadvantaged", 200, 100, 50.0),
        _row("Regional", pd.NA, "E12000005", "not_disadvantaged", 200, 140, 70.0),
        # LA 335: counts published
        _row("Local authority", 335, "E12000005", "disadvantaged", 80, 48, 60.0),
        _row("Local authority", 335, "E12000005", "not_disadvantaged", 70, 56, 80.0),
        # LA 333: eligible published, meeting not (derive), LA 336: percentages only (LAIT)
        _row("Local authority", 333, "E12000005", "disadvantaged", 100, np.nan, 45.0),
        _row("Local authority", 333, "E12000005", "not_disadvantaged", 100, np.nan, 65.0),
        _row("Local authority", 336, "E12000005", "disadvantaged", np.nan, np.nan, 41.0),
        _row("Local authority", 336, "E12000005", "not_disadvantaged", np.nan, np.nan, 66.0),
    ]
    df = pd.DataFrame(rows)
    df["la_code"] = df["la_code"].astype("Int64")
    return df


def test_group_gaps_counts_derived_and_percentages_only():
    gaps = group_gaps(_fixture(), group_pair("disadvantaged")).set_index("area_name")
    walsall = gaps.loc["335"]
    assert walsall["gap"] == pytest.approx(20.0)
    assert (walsall["ci_low"], walsall["ci_high"]) == pytest.approx((5.243, 33.387), abs=1e-3)
    assert walsall["interval_note"] == ""
    derived = gaps.loc["333"]
    assert derived["focal_meeting"] == 45 and derived["interval_note"] == NOTE_DERIVED
    assert derived["ci_low"] < 20 < derived["ci_high"]
    lait = gaps.loc["336"]
    assert lait["gap"] == pytest.approx(25.0)
    assert math.isnan(lait["ci_low"]) and lait["interval_note"] == NOTE_NO_COUNTS


def test_points_measure_has_gap_but_no_interval():
    df = pd.DataFrame([
        _row("National", pd.NA, None, "disadvantaged", 100, np.nan, 37.5, "points", "att8"),
        _row("National", pd.NA, None, "not_disadvantaged", 300, np.nan, 50.0, "points", "att8"),
    ])
    gaps = group_gaps(df, group_pair("disadvantaged"))
    assert gaps["gap"].iloc[0] == pytest.approx(12.5)
    assert math.isnan(gaps["ci_low"].iloc[0]) and gaps["interval_note"].iloc[0] == NOTE_POINTS


def test_nested_social_care_group_interval_is_scaled_rest_of_cohort():
    df = pd.DataFrame([
        _row("National", pd.NA, None, "cla", 70, 21, 30.0),
        _row("National", pd.NA, None, "all", 1070, 621, 621 / 10.7),
    ])
    gap = group_gaps(df, group_pair("cla")).iloc[0]
    # rest of cohort: 600/1000 vs group 21/70; p_all - p_cla = (1 - 70/1070)(0.6 - 0.3)
    _, lo, hi = newcombe_difference(600, 1000, 21, 70)
    scale = 1000 / 1070
    assert gap["gap"] == pytest.approx(100 * scale * 0.3)
    assert (gap["ci_low"], gap["ci_high"]) == pytest.approx((100 * scale * lo, 100 * scale * hi))


def test_area_gap_table_roles_and_missing_group():
    gaps = group_gaps(_fixture(), group_pair("disadvantaged"))
    table = area_gap_table(gaps, la_code=335, region_code="E12000005",
                           comparator_codes=(336, 333, 335))
    assert table["role"].tolist() == ["LA", "England", "Region", "Comparator", "Comparator"]
    assert table.loc[table["role"] == "Comparator", "la_code"].tolist() == [336, 333]
    with pytest.raises(DataNotAvailableError):
        area_gap_table(gaps, la_code=999, region_code=None)
    with pytest.raises(DataNotAvailableError):
        group_gaps(_fixture(), group_pair("fsm"))


def test_row_order_does_not_change_gaps():
    df = _fixture()
    a = group_gaps(df, group_pair("disadvantaged"))
    b = group_gaps(df.sample(frac=1, random_state=3), group_pair("disadvantaged"))
    pd.testing.assert_frame_equal(a, b)


def test_difference_of_gaps_mover():
    from analysis_lib.attainment.gaps import difference_of_gaps

    # symmetric intervals reduce to the usual sqrt(se1^2 + se2^2)
    d, lo, hi = difference_of_gaps(20.0, (17.0, 23.0), 15.0, (11.0, 19.0))
    assert d == 5.0 and (lo, hi) == pytest.approx((0.0, 10.0))
    d, lo, hi = difference_of_gaps(20.0, (18.0, 23.0), 15.0, (14.0, 19.0))
    assert (lo, hi) == pytest.approx((5 - np.sqrt(4 + 16), 5 + np.sqrt(9 + 1)))
    assert math.isnan(difference_of_gaps(20.0, (np.nan, np.nan), 15.0, (14.0, 16.0))[1])
