"""Small-number suppression, including secondary suppression by differencing."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis_lib.disclosure import SUPPRESSED, suppress, threshold_for


def test_small_counts_and_their_derived_values_are_marked_not_blanked():
    table = pd.DataFrame({"school": ["A", "B"], "pupils": [4, 30], "pct": [50.0, 60.0]})
    out = suppress(table, {"pupils": ["pct"]}, kind="pupils")
    assert out.loc[0, "pupils"] == SUPPRESSED and out.loc[0, "pct"] == SUPPRESSED
    assert out.loc[1, "pupils"] == 30 and out.loc[1, "pct"] == 60.0
    assert table.loc[0, "pupils"] == 4, "the input is not modified"


def test_threshold_is_configurable_and_defaults_by_kind():
    table = pd.DataFrame({"n": [7]})
    assert suppress(table, {"n": []}, kind="children").loc[0, "n"] == SUPPRESSED
    assert suppress(table, {"n": []}, kind="children", threshold=5).loc[0, "n"] == 7
    assert threshold_for("pupils") == 6
    with pytest.raises(ValueError, match="unknown unit"):
        threshold_for("unknown")


def test_secondary_suppression_stops_recovery_from_a_published_total():
    # Group total 60 is published elsewhere; hiding only the 3 would let 60-25-32 reveal it.
    table = pd.DataFrame({"la": ["X"] * 3, "group": ["a", "b", "c"], "n": [3, 25, 32]})
    out = suppress(table, {"n": []}, kind="pupils", margins=[["la"]])
    assert list(out["n"]) == [SUPPRESSED, SUPPRESSED, 32]


def test_missing_counts_are_left_missing():
    table = pd.DataFrame({"n": [None, 12.0]})
    out = suppress(table, {"n": []}, kind="children")
    assert pd.isna(out.loc[0, "n"]) and out.loc[1, "n"] == 12.0


@given(st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=30),
       st.integers(min_value=1, max_value=20))
def test_no_published_count_is_below_the_threshold(counts, threshold):
    out = suppress(pd.DataFrame({"n": counts}), {"n": []}, kind="pupils", threshold=threshold)
    shown = [v for v in out["n"] if v != SUPPRESSED]
    assert all(v >= threshold for v in shown)
    assert len(out) == len(counts), "no row is dropped"


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=2, max_size=12))
def test_no_group_has_exactly_one_suppressed_cell(counts):
    table = pd.DataFrame({"g": ["x"] * len(counts), "n": counts})
    out = suppress(table, {"n": []}, kind="pupils", threshold=10, margins=[["g"]])
    assert (out["n"] == SUPPRESSED).sum() != 1
