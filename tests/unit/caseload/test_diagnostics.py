"""Residuals, leave-one-LA-out influence and VIF."""

from __future__ import annotations

import numpy as np
import pytest

from analysis_lib.caseload.diagnostics import leave_one_entity_out, residuals_vs_fitted, vif
from analysis_lib.caseload.models import fit
from tests.unit.caseload.conftest import simulated_panel

REGRESSORS = ["x1", "x2"]


@pytest.mark.parametrize("model", ["fe", "re", "pooled"])
def test_fitted_plus_residual_is_the_observed_outcome(model):
    data = simulated_panel(n_entities=12, seed=2)
    frame = residuals_vs_fitted(fit(data, "y", REGRESSORS, model))
    observed = data["y"].loc[list(zip(frame["la_code"], frame["year"], strict=True))]
    np.testing.assert_allclose(frame["fitted"] + frame["residual"], observed.to_numpy())


def test_first_difference_residuals_are_one_per_consecutive_pair():
    data = simulated_panel(n_entities=6, years=range(2013, 2017), seed=2)
    frame = residuals_vs_fitted(fit(data, "y", REGRESSORS, "fd"))
    assert len(frame) == 6 * 3 and frame["year"].min() == 2014


def test_leave_one_out_puts_a_distorting_la_first():
    data = simulated_panel(n_entities=12, seed=9)
    distorted = data.copy()
    rows = distorted.index.get_level_values(0) == 105
    distorted.loc[rows, "y"] += 8 * (distorted.loc[rows, "x1"] - distorted.loc[rows, "x1"].mean())
    table = leave_one_entity_out(distorted, "y", REGRESSORS, "fe")
    x1 = table[table["term"] == "x1"]
    assert x1.iloc[0]["la_code"] == 105
    assert len(x1) == 12 and (x1["n_obs_without"] == 88).all()
    full = fit(distorted, "y", REGRESSORS, "fe").params["x1"]
    assert x1.iloc[0]["change"] == pytest.approx(x1.iloc[0]["estimate_without"] - full)


def test_vif_flags_collinear_regressors():
    data = simulated_panel(n_entities=20, seed=10)
    rng = np.random.default_rng(0)
    data["x3"] = data["x1"] * 2 + rng.normal(0, 0.05, len(data))
    table = vif(data, ["x1", "x2", "x3"]).set_index("term")
    assert table.loc["x1", "vif_levels"] > 100 and table.loc["x1", "vif_within"] > 100
    assert table.loc["x2", "vif_levels"] < 2


@pytest.mark.parametrize("model", ["fe", "pooled", "fd"])
def test_leave_one_out_equals_refitting_the_panel_model(model):
    data = simulated_panel(n_entities=8, seed=12)
    data = data[np.random.default_rng(1).random(len(data)) > 0.15]  # unbalanced
    table = leave_one_entity_out(data, "y", REGRESSORS, model)
    for entity in (100, 104):
        refit = fit(data.drop(index=entity, level=0), "y", REGRESSORS, model)
        got = table[table["la_code"] == entity].set_index("term")
        for term in REGRESSORS:
            assert got.loc[term, "estimate_without"] == pytest.approx(refit.params[term],
                                                                      abs=1e-9)
        assert got["n_obs_without"].iloc[0] == refit.nobs
