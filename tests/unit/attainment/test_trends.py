"""Regime breaks: series never join across 2016 (levels -> expected standard) or 2020-2021."""

import numpy as np
import pandas as pd
import pytest

from analysis_lib.attainment.trends import benchmark_series, gap_trend, with_breaks
from analysis_lib.errors import DataNotAvailableError


def _series():
    years = [2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2022, 2023]
    measure = ["em_level4"] * 2 + ["rwm_level4"] * 4 + ["rwm_expected_standard"] * 6
    regime = ["levels"] * 6 + ["expected_standard"] * 6
    return pd.DataFrame({"year": years, "measure": measure, "regime": regime,
                         "role": "LA", "gap": np.linspace(20, 25, len(years)),
                         "ci_low": np.linspace(15, 20, len(years)),
                         "ci_high": np.linspace(25, 30, len(years))})


def _joined_pairs(frame):
    """Consecutive points a single line would join (both finite, adjacent rows)."""
    ok = frame["gap"].notna().to_numpy()
    years = frame["year"].to_numpy()
    return [(years[i], years[i + 1]) for i in range(len(frame) - 1) if ok[i] and ok[i + 1]]


def test_no_line_joins_across_breaks():
    out = with_breaks(_series(), ["role"], ["gap"], 2008, 2025)
    pairs = _joined_pairs(out)
    assert (2015.0, 2016.0) not in pairs and (2011.0, 2012.0) not in pairs
    assert not [p for p in pairs if p[0] < 2020 < p[1] or p[0] < 2021 < p[1]]
    assert all(b - a == 1 for a, b in pairs)
    assert out.loc[out["year"].isin([2020.0, 2021.0, 2008.0, 2024.0]), "gap"].isna().all()
    assert set(out.loc[out["is_separator"], "year"]) == {2011.5, 2015.5}


def test_segments_are_unbroken_runs():
    out = with_breaks(_series(), ["role"], ["gap"], 2010, 2023)
    runs = out[out["segment"] >= 0].groupby("segment")["year"].agg(["min", "max"])
    assert runs.to_records(index=False).tolist() == [
        (2010.0, 2011.0), (2012.0, 2015.0), (2016.0, 2019.0), (2022.0, 2023.0)]


def test_years_outside_range_are_dropped_and_groups_kept_apart():
    two = pd.concat([_series(), _series().assign(role="England", gap=1.0)])
    out = with_breaks(two, ["role"], ["gap"], 2016, 2019)
    assert out.groupby("role").size().to_dict() == {"England": 4, "LA": 4}
    assert out["year"].between(2016, 2019).all()


def test_gap_trend_uses_current_regime_only():
    trend = gap_trend(_series())
    assert (trend["first_year"], trend["last_year"], trend["n"]) == (2016, 2023, 6)
    step = 5 / 11  # linspace step per row; the years 2020-2021 are absent
    assert trend["ci_low"] < trend["slope"] < trend["ci_high"]
    assert 0 < trend["slope"] < 2 * step


def test_gap_trend_needs_three_years():
    with pytest.raises(DataNotAvailableError):
        gap_trend(_series().iloc[:7])


def test_benchmark_series_roles():
    gaps = pd.DataFrame({
        "year": [2019] * 5, "measure": "m", "regime": "r",
        "geographic_level": ["Local authority"] * 3 + ["National", "Regional"],
        "la_code": pd.array([335, 333, 336, pd.NA, pd.NA], dtype="Int64"),
        "region_code": ["E1", "E1", "E1", None, "E1"],
        "focal_pct": [50.0, 40, 44, 45, 47], "reference_pct": [70.0, 66, 68, 67, 69],
        "gap": [20.0, 26, 24, 22, 22], "ci_low": 1.0, "ci_high": 2.0})
    out = benchmark_series(gaps, la_code=335, region_code="E1", comparator_codes=[333, 336])
    assert out.set_index("role")["gap"].to_dict() == {
        "LA": 20.0, "England": 22.0, "Region": 22.0, "Comparators (average)": 25.0}
