"""Ordered logit wrapper against the published UCLA example (R MASS::polr)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels
from statsmodels.miscmodels.ordinal_model import OrderedModel

from analysis_lib.ofsted.ordered import (
    OrderedLogit,
    design_matrix,
    fit_ordered_logit,
    inspection_frame,
    la_period_model,
)

UCLA = Path(statsmodels.__file__).parent / "miscmodels/tests/results/ologit_ucla.csv"
# Published: R MASS::polr(apply ~ pared + public + gpa, data = ologit_ucla, method = "logistic")
# as reported by UCLA IDRE "Ordinal logistic regression | R data analysis examples" and stored
# in ../shared/REFERENCES.md: pared 1.04769, public -0.05879, gpa 0.61594,
# cut-points 2.203915 and 4.299363. polr stops at a looser tolerance than statsmodels'
# Newton steps, so its cut-points differ by about 6e-4: the tolerance is 1e-3.
POLR = {"pared": 1.04769, "public": -0.05879, "gpa": 0.61594}
POLR_CUTS = [2.203915, 4.299363]


@pytest.fixture(scope="module")
def ucla():
    data = pd.read_csv(UCLA)
    data["apply"] = pd.Categorical(data["apply"], ordered=True,
                                   categories=["unlikely", "somewhat likely", "very likely"])
    return data


@pytest.mark.parametrize("interval", ["cluster", "bootstrap"])
def test_matches_polr(ucla, interval):
    groups = np.arange(len(ucla))  # one observation per cluster
    fit = fit_ordered_logit(ucla["apply"], ucla[["pared", "public", "gpa"]], groups,
                            interval=interval, n_boot=20, seed=1)
    coef = fit.params.set_index("term")["coef"]
    for term, value in POLR.items():
        assert coef[term] == pytest.approx(value, abs=1e-3)
    assert fit.cut_points.to_numpy() == pytest.approx(POLR_CUTS, abs=1e-3)
    assert fit.nobs == 400
    assert (fit.params["ci_low"] < fit.params["coef"]).all()
    assert (fit.params["ci_high"] > fit.params["coef"]).all()


def test_ordered_logit_is_statsmodels_logit_model(ucla):
    """The expit shortcut changes no number: same estimates, standard errors and likelihood."""
    exog = ucla[["pared", "public", "gpa"]]
    ours = OrderedLogit(ucla["apply"], exog).fit(method="newton", disp=False)
    theirs = OrderedModel(ucla["apply"], exog, distr="logit").fit(method="newton", disp=False)
    np.testing.assert_allclose(ours.params, theirs.params, rtol=1e-10)
    np.testing.assert_allclose(ours.bse, theirs.bse, rtol=1e-7)
    assert ours.llf == pytest.approx(theirs.llf, rel=1e-12)
    with pytest.raises(ValueError, match="logit"):
        OrderedLogit(ucla["apply"], exog, distr="probit")


def _synthetic_inspections(effect, seed=0, n_schools=300):
    rng = np.random.default_rng(seed)
    rows = []
    for urn in range(n_schools):
        la = 335 if urn < 100 else 336 + urn % 5
        u = rng.normal()
        for year in range(2006, 2022, 3):
            date = pd.Timestamp(year=year + int(rng.integers(0, 3)), month=3, day=1)
            latent = u + (effect if (la == 335 and date >= pd.Timestamp("2013-04-01")) else 0)
            latent += rng.logistic()
            better = int(np.digitize(latent, [-1.5, 0.5, 2.5])) + 1
            rows.append((urn, la, "primary" if urn % 2 else "secondary", date, 5 - better))
    frame = pd.DataFrame(rows, columns=["urn", "la_code", "phase", "inspection_date",
                                        "overall_effectiveness"])
    frame["predecessor_urn"] = pd.array([None] * len(frame), dtype="Int64")
    return frame


def test_la_model_recovers_a_planted_shift():
    inspections = _synthetic_inspections(effect=1.0)
    frame = inspection_frame(inspections, None, 335, [336, 337, 338, 339, 340],
                             "2002-12-01", "2013-04-01")
    assert set(frame["period"]) == {"during", "after"}
    fit = la_period_model(frame)
    row = fit.params.set_index("term").loc["in_la x after (vs during)"]
    assert row["ci_low"] < 1.0 < row["ci_high"] and row["ci_low"] > 0
    assert "deprivation_10pp" not in fit.params["term"].to_list()  # unknown without schools


def test_design_drops_collinear_columns():
    frame = pd.DataFrame({"in_la": [1, 1, 0, 0], "period": ["during", "after"] * 2,
                          "phase": ["primary"] * 4, "deprivation_10pp": [1.0, 1.0, 1.0, 1.0],
                          "framework": ["2009", "2015", "2009", "2015"]})
    exog, dropped = design_matrix(frame)
    assert "deprivation_10pp" in dropped
    assert list(exog.columns) == ["in_la", "in_la x after (vs during)", "framework: 2015"]


def test_closed_predecessor_takes_its_successors_deprivation(history):
    inspections, schools = history
    schools = schools.assign(disadvantaged_share=[None, 0.25, 0.4, 0.1, 0.3])
    frame = inspection_frame(inspections, schools, 335, [999], "2002-12-01", "2013-04-01")
    by_urn = frame.groupby("urn")["deprivation_10pp"].first()
    assert by_urn[1] == pytest.approx(2.5) and by_urn[11] == pytest.approx(2.5)
    assert len(frame) == 7  # the ungraded 2024-25 inspection is left out
