"""DiD / event-study wrapper: exact recovery on a hand-built panel and agreement with the
dummy-variable (LSDV) OLS regression in statsmodels."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.ofsted.design import EventDesign, choose_design
from analysis_lib.ofsted.did import (
    did_analysis,
    event_study,
    placebo_fits,
    placebo_interval,
    twfe_did,
)

DESIGN = EventDesign("return in-house", 2013, (2010, 2011, 2012), (2013, 2014, 2015),
                     "after vs during", -1, "")


def _panel(effect=3.0, noise=0.0, seed=0, n=25):
    rng = np.random.default_rng(seed)
    rows = []
    for unit in range(100, 100 + n):
        a = rng.normal(0, 5)
        for year in range(2010, 2016):
            value = a + 0.7 * (year - 2010) ** 1.5 + rng.normal(0, noise)
            value += effect if (unit == 100 and year >= 2013) else 0
            rows.append((unit, year, value))
    return pd.DataFrame(rows, columns=["la_code", "year", "value"])


def test_exact_effect_without_noise():
    estimate, se, nobs = twfe_did(_panel(), 100, range(101, 111), DESIGN)
    assert estimate == pytest.approx(3.0, abs=1e-9) and nobs == 66
    coefs, wald, df, p = event_study(_panel(), 100, range(101, 111), DESIGN)
    assert coefs.set_index("event_time")["coef"].to_dict() == pytest.approx(
        {-3: 0, -2: 0, -1: 0, 0: 3, 1: 3, 2: 3}, abs=1e-9)
    assert df == 2


def test_matches_lsdv_ols():
    panel = _panel(noise=1.0, seed=4)
    estimate, _, _ = twfe_did(panel, 100, range(101, 111), DESIGN)
    data = panel[panel["la_code"] <= 110].assign(
        d=lambda f: ((f["la_code"] == 100) & (f["year"] >= 2013)).astype(float))
    ols = smf.ols("value ~ d + C(la_code) + C(year)", data=data).fit()
    assert estimate == pytest.approx(ols.params["d"], abs=1e-8)


def test_placebo_inference_covers_planted_effect():
    panel = _panel(effect=-4.0, noise=1.0, seed=7, n=25)
    controls_of = {u: [c for c in range(101, 125) if c != u][:10] for u in range(101, 125)}
    placebos = placebo_fits(panel, controls_of, DESIGN)
    assert len(placebos) == 24
    # the fast placebo path gives the PanelOLS point estimate
    assert placebos.loc[101, "estimate"] == pytest.approx(
        twfe_did(panel, 101, controls_of[101], DESIGN)[0], abs=1e-8)
    result = did_analysis(panel, 100, range(101, 111), DESIGN, placebos)
    assert result.ci_placebo[0] < -4.0 < result.ci_placebo[1]
    assert result.ci_placebo[1] < 0 and result.p_placebo < 0.05
    assert 0 <= result.pretrend_placebo_p <= 1


def test_a_placebo_la_whose_panel_cannot_identify_an_effect_is_left_out():
    """Found by the validation harness: a small LA with no pre-event outcome (no graded
    school yet) made the placebo regression singular and stopped the whole DiD."""
    panel = _panel(effect=-4.0, noise=1.0, seed=7, n=25)
    panel = panel[~((panel["la_code"] == 105) & (panel["year"] < 2013))]
    controls_of = {u: [c for c in range(101, 125) if c != u][:10] for u in range(101, 125)}
    placebos = placebo_fits(panel, controls_of, DESIGN)
    assert 105 not in placebos.index and len(placebos) == 23


def test_placebo_interval_needs_enough_placebos():
    (low, high), p = placebo_interval(1.0, pd.Series([0.1] * 5))
    assert np.isnan(low) and np.isnan(p)


def test_too_few_controls():
    with pytest.raises(DataNotAvailableError):
        twfe_did(_panel(), 100, [101], DESIGN)


def test_design_choice():
    late = choose_design(range(2006, 2025), "2002-12-01", "2013-04-01")
    assert late.event == "return in-house" and late.pre_years[0] == 2006
    assert late.sign_to_outsourcing == -1 and late.post_years[0] == 2013
    early = choose_design(range(1998, 2025), "2002-12-01", "2013-04-01")
    assert early.event == "outsourcing" and early.pre_years == (1998, 1999, 2000, 2001, 2002)
    assert early.post_years[-1] == 2012
    with pytest.raises(DataNotAvailableError):
        choose_design(range(2014, 2020), "2002-12-01", "2013-04-01")


def test_washout_years_are_shown_but_not_pooled():
    design = EventDesign("return in-house", 2013, (2010, 2011, 2012), (2015,),
                         "after vs during", -1, "", washout_years=(2013, 2014))
    panel = _panel(noise=0.0)
    panel.loc[(panel["la_code"] == 100) & (panel["year"] == 2013), "value"] += 10
    estimate, _, nobs = twfe_did(panel, 100, range(101, 111), design)
    assert estimate == pytest.approx(3.0, abs=1e-9) and nobs == 44
    coefs = event_study(panel, 100, range(101, 111), design)[0].set_index("year")["coef"]
    assert coefs[2013] == pytest.approx(13.0, abs=1e-9) and coefs[2014] == pytest.approx(3.0)
