"""Standardised mean differences against a hand computation."""

import pandas as pd
import pytest

from analysis_lib.impact.balance import balance_table, love_plot_data, smd


def _sample():
    return pd.DataFrame({"treated": [1, 1, 1, 0, 0, 0, 0],
                         "x": [2.0, 4.0, 6.0, 1.0, 2.0, 3.0, 10.0]},
                        index=[1, 2, 3, 10, 11, 12, 13])


def test_smd_by_hand():
    s = _sample()
    # treated mean 4, SD (n-1) = 2; control mean 4 -> 0
    assert smd(s["x"], s["treated"]) == pytest.approx(0.0)
    # weights: controls 10 (x=1) twice, 11 (x=2) once -> weighted mean 4/3
    w = pd.Series([1, 1, 1, 2, 1, 0, 0], index=s.index, dtype=float)
    assert smd(s["x"], s["treated"], w) == pytest.approx((4 - 4 / 3) / 2)


def test_balance_table_uses_unmatched_treated_sd_before_and_after():
    s = _sample()
    w = pd.Series({1: 1.0, 2: 1.0, 10: 2.0, 11: 1.0})  # treated 3 unmatched
    row = balance_table(s, ["x"], w).iloc[0]
    assert row["mean_programme"] == pytest.approx(4.0)
    assert row["mean_comparison_before"] == pytest.approx(4.0)
    assert row["smd_before"] == pytest.approx(0.0)
    # after: matched treated mean (2+4)/2 = 3, controls (1*2 + 2*1)/3 = 4/3; SD stays 2
    assert row["mean_comparison_after"] == pytest.approx(4 / 3)
    assert row["smd_after"] == pytest.approx((3 - 4 / 3) / 2)
    assert not row["balanced_after"]


def test_love_plot_data_is_long_and_absolute():
    table = pd.DataFrame({"covariate": ["a", "b"], "smd_before": [-0.5, 0.2],
                          "smd_after": [0.05, -0.01]})
    long = love_plot_data(table)
    assert len(long) == 4
    assert long["abs_smd"].min() >= 0
    assert list(long["covariate"].cat.categories) == ["b", "a"]
