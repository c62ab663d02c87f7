"""Matching wrapper on hand-made scores: neighbours, ties, caliper, ATT and AI variance."""

import numpy as np
import pandas as pd
import pytest

from analysis_lib.errors import DataNotAvailableError, ParameterError
from analysis_lib.impact.matching import match_nearest, matched_att, matching_weights


def _units():
    # treated 1, 2; controls 10, 11, 12, 13
    score = pd.Series([0.0, 1.0, 0.1, 0.9, 1.1, 5.0], index=[1, 2, 10, 11, 12, 13])
    treated = pd.Series([1, 1, 0, 0, 0, 0], index=score.index)
    return score, treated


def test_nearest_with_ties_shares_the_weight():
    score, treated = _units()
    pairs = match_nearest(score, treated, caliper_sd=None)
    got = {(r.treated_id, r.control_id): r.weight for r in pairs.itertuples()}
    # unit 1 -> 10 alone; unit 2 is equidistant from 11 and 12 -> half each
    assert got == {(1, 10): 1.0, (2, 11): 0.5, (2, 12): 0.5}


def test_caliper_drops_treated_without_close_control():
    score = pd.Series([0.0, 3.0, 0.05, 10.0], index=[1, 2, 10, 11])
    treated = pd.Series([1, 1, 0, 0], index=score.index)
    sd = np.std(score.to_numpy())
    pairs = match_nearest(score, treated, caliper_sd=0.2)
    assert set(pairs["treated_id"]) == {1}
    assert pairs["distance_sd"].iloc[0] == pytest.approx(0.05 / sd)


def test_att_and_abadie_imbens_variance_by_hand():
    pairs = pd.DataFrame({"treated_id": [1, 2, 2, 3], "control_id": [10, 11, 12, 10],
                          "weight": [1.0, 0.5, 0.5, 1.0],
                          "y_treated": [5.0, 3.0, 3.0, 4.0], "y_control": [2.0, 1.0, 2.0, 2.0]})
    res = matched_att(pairs, n_treated=4)
    tau_i = np.array([3.0, 1.5, 2.0])
    att = tau_i.mean()
    tau_pair = np.array([3.0, 2.0, 1.0, 2.0])
    w = np.array([1.0, 0.5, 0.5, 1.0])
    sigma2 = 0.5 * np.sum(w * (tau_pair - att) ** 2) / w.sum()
    # control 10 used twice (K=2, KK=2), 11 and 12 half each (K=.5, KK=.25)
    k_term = (4 - 2) + 2 * (0.25 - 0.25)
    var = (np.sum((tau_i - att) ** 2) + sigma2 * k_term) / 9
    assert res.att == pytest.approx(att)
    assert res.se == pytest.approx(np.sqrt(var))
    assert res.ci_low == pytest.approx(att - 1.959964 * np.sqrt(var), rel=1e-5)
    assert (res.n_treated, res.n_treated_matched, res.n_dropped) == (4, 3, 1)
    assert res.n_controls_used == 3


def test_row_order_does_not_change_the_result():
    score, treated = _units()
    a = match_nearest(score, treated, caliper_sd=None)
    b = match_nearest(score.iloc[::-1], treated.iloc[::-1], caliper_sd=None)
    key = ["treated_id", "control_id"]
    pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True),
                                  b.sort_values(key).reset_index(drop=True))


def test_matching_weights_count_control_use():
    pairs = pd.DataFrame({"treated_id": [1, 2, 2], "control_id": [10, 10, 11],
                          "weight": [1.0, 0.5, 0.5]})
    w = matching_weights(pairs)
    assert w.to_dict() == {1: 1.0, 2: 1.0, 10: 1.5, 11: 0.5}


def test_bad_inputs_raise_clear_errors():
    score, treated = _units()
    with pytest.raises(ParameterError):
        match_nearest(score, treated, m=0)
    with pytest.raises(DataNotAvailableError):
        match_nearest(pd.Series(1.0, index=score.index), treated)
    with pytest.raises(DataNotAvailableError):
        matched_att(pd.DataFrame(columns=["treated_id", "control_id", "weight", "y_treated",
                                          "y_control"]))
