"""Staggered DiD wrapper on a small simulated panel with a known effect."""

import numpy as np
import pandas as pd
import pytest

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.impact.staggered import callaway_santanna, family_panel


def simulated(n=300, effect=-3.0, seed=7):
    rng = np.random.default_rng(seed)
    years = np.arange(2010, 2017)
    start = rng.choice([0, 2013, 2014], size=n, p=[0.5, 0.25, 0.25])
    ids = np.arange(1, n + 1)
    fe = rng.normal(0, 2, n)
    rows = []
    for i, g, a in zip(ids, start, fe, strict=True):
        for t in years:
            y = 10 + a + 0.5 * (t - 2010) + (effect if g and t >= g else 0) + rng.normal(0, .5)
            rows.append((i, t, y, g))
    return pd.DataFrame(rows, columns=["family_id", "year", "y", "first_year"])


def test_recovers_a_constant_effect():
    res = callaway_santanna(simulated())
    simple = res.aggregate("simple")
    assert simple["ci_low"] < -3.0 < simple["ci_high"]
    assert simple["se"] < 0.2
    assert res.pretest_p > 0.01
    pre = res.event_study[res.event_study["event_time"] < 0]
    assert pre["att"].abs().max() < 0.5


def test_needs_never_treated_families():
    panel = simulated()
    with pytest.raises(DataNotAvailableError):
        callaway_santanna(panel[panel["first_year"] > 0])


def test_family_panel_is_balanced_and_scaled():
    sample = pd.DataFrame({"treated": [1, 0, 0], "start_year": [2013, None, None],
                           "n_children": [2, 3, 1]}, index=pd.Index([1, 2, 3], name="family_id"))
    wide = pd.DataFrame({2012: [0.0, 1.0, np.nan], 2013: [1.0, 0.0, 0.0]}, index=[1, 2, 3])
    panel = family_panel(sample, wide)
    assert sorted(panel["family_id"].unique()) == [1, 2]  # family 3 has a gap
    assert panel["y"].max() == 100.0
    assert panel.groupby("family_id")["first_year"].first().to_dict() == {1: 2013, 2: 0}
    assert "n_children" in panel
