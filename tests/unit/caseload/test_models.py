"""Panel model wrappers: estimates, unbalanced panels, missing values, tidy table, Hausman."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from analysis_lib.caseload.models import (
    TABLE_COLUMNS,
    coefficient_table,
    fit,
    fit_all,
    hausman,
    la_means,
)
from analysis_lib.errors import ParameterError
from tests.unit.caseload.conftest import simulated_panel

REGRESSORS = ["x1", "x2"]


def test_fixed_effects_recover_the_coefficients_when_effects_are_correlated():
    data = simulated_panel(correlated=True)
    table = coefficient_table(fit_all(data, "y", REGRESSORS), REGRESSORS).set_index(
        ["model", "term"])
    for model in ("fe", "fd"):
        low, high = table.loc[(model, "x1"), ["ci_low", "ci_high"]]
        assert low <= -0.8 <= high, model
    # pooled OLS absorbs the LA effect into x1 and is pulled well away from the truth
    assert table.loc[("pooled", "x1"), "ci_low"] > -0.8


def test_unbalanced_fe_matches_dummy_variable_regression():
    data = simulated_panel(n_entities=25, seed=3)
    rng = np.random.default_rng(0)
    unbalanced = data[rng.random(len(data)) > 0.25]
    result = fit(unbalanced, "y", REGRESSORS, "fe")
    lsdv = smf.ols("y ~ x1 + x2 + C(la_code) + C(year)", data=unbalanced.reset_index()).fit(
        cov_type="cluster", cov_kwds={"groups": unbalanced.reset_index()["la_code"]})
    assert result.params["x1"] == pytest.approx(lsdv.params["x1"], abs=1e-10)
    assert result.params["x2"] == pytest.approx(lsdv.params["x2"], abs=1e-10)
    assert result.nobs == len(unbalanced)


def test_suppressed_values_are_dropped_not_imputed():
    data = simulated_panel(n_entities=20, seed=4)
    holed = data.copy()
    holed.iloc[[3, 10, 55], holed.columns.get_loc("x2")] = np.nan  # e.g. published as "c"
    holed.iloc[[7], holed.columns.get_loc("y")] = np.nan
    complete = holed.dropna()
    for model in ("fe", "re", "pooled"):
        with_holes = fit(holed, "y", REGRESSORS, model)
        reference = fit(complete, "y", REGRESSORS, model)
        assert with_holes.nobs == len(data) - 4
        np.testing.assert_allclose(with_holes.params, reference.params, rtol=1e-10)


def test_first_differences_do_not_bridge_gaps():
    data = simulated_panel(n_entities=10, years=range(2013, 2019), seed=5)
    gap = data.drop(index=[(100, 2015)])
    result = fit(gap, "y", REGRESSORS, "fd")
    # 10 entities x 5 differences, less 2 for the missing 2015 (2015-2014 and 2016-2015)
    assert result.nobs == 48


def test_tidy_table_has_one_row_per_model_and_regressor():
    data = simulated_panel(n_entities=15, seed=6)
    table = coefficient_table(fit_all(data, "y", REGRESSORS), REGRESSORS)
    assert list(table.columns) == TABLE_COLUMNS
    assert len(table) == 8 and set(table["term"]) == set(REGRESSORS)
    fe = table[table["model"] == "fe"].iloc[0]
    assert (fe["n_obs"], fe["n_las"], fe["n_years"]) == (120, 15, 8)
    assert (table["ci_low"] < table["estimate"]).all()
    assert (table["estimate"] < table["ci_high"]).all()


def test_standard_errors_are_clustered_by_la_by_default():
    data = simulated_panel(n_entities=15, seed=7)
    clustered = fit(data, "y", REGRESSORS, "fe")
    classical = fit(data, "y", REGRESSORS, "fe", cov_type="unadjusted")
    assert "Clustered" in str(clustered.summary) and "Unadjusted" in str(classical.summary)
    assert not np.allclose(clustered.std_errors, classical.std_errors)
    np.testing.assert_allclose(clustered.params, classical.params)


def hausman_for(correlated: bool, seed: int):
    data = simulated_panel(n_entities=40, years=range(2013, 2019), correlated=correlated,
                           seed=seed)
    return hausman(data, "y", REGRESSORS)


def test_hausman_has_about_its_nominal_size_when_re_is_right():
    tests = [hausman_for(False, seed) for seed in range(20)]
    rejections = np.mean([t.p < 0.05 for t in tests])
    assert rejections <= 0.15
    assert all(t.df == 2 and np.isfinite(t.statistic) and t.statistic >= 0 for t in tests)


def test_hausman_rejects_when_la_effects_move_with_the_regressors():
    tests = [hausman_for(True, seed) for seed in range(5)]
    assert all(t.p < 0.01 for t in tests)
    assert "rejects random effects" in tests[0].verdict()
    assert "robust to clustering by LA" in tests[0].verdict()


def test_hausman_keeps_its_size_when_errors_persist_within_an_la():
    """RE stays right (the errors are unrelated to the regressors), but each LA's errors
    follow a trend of their own with a spread that differs by LA: not the iid errors the
    classical form assumes."""
    rejections = []
    for seed in range(30):
        data = simulated_panel(n_entities=40, years=range(2013, 2021), correlated=False,
                               seed=100 + seed)
        rng = np.random.default_rng(seed)
        las = data.index.get_level_values(0)
        trend = pd.Series(rng.normal(0, 0.8, 40) * rng.uniform(0.2, 2, 40),
                          index=data.index.unique(0)).loc[las].to_numpy()
        data["y"] += trend * (data.index.get_level_values(1) - 2017)
        rejections.append(hausman(data, "y", REGRESSORS).p < 0.05)
    assert np.mean(rejections) <= 0.15


def test_la_means_are_over_the_rows_used():
    data = simulated_panel(n_entities=3, years=range(2013, 2016), seed=2)
    means = la_means(data, ["x1"])
    first = data.index.unique(0)[0]
    assert means.loc[first, "x1_la_mean"].nunique() == 1
    assert means.loc[first, "x1_la_mean"].iloc[0] == pytest.approx(data.loc[first, "x1"].mean())


def test_unknown_model_or_covariance_is_a_parameter_error():
    data = simulated_panel(n_entities=5)
    with pytest.raises(ParameterError, match="model must be one of"):
        fit(data, "y", REGRESSORS, "iv")
    with pytest.raises(ParameterError, match="cov_type"):
        fit(data, "y", REGRESSORS, "fe", cov_type="bootstrap")


def test_no_complete_rows_is_a_parameter_error():
    data = simulated_panel(n_entities=5).assign(x2=np.nan)
    with pytest.raises(ParameterError, match="no complete rows"):
        fit(data, "y", REGRESSORS, "fe")


def test_string_suppression_markers_count_as_missing():
    data = simulated_panel(n_entities=12, seed=8)
    marked = data.astype({"x2": object})
    marked.iloc[0, marked.columns.get_loc("x2")] = "c"
    result = fit(marked, "y", REGRESSORS, "fe")
    assert result.nobs == len(data) - 1
    assert isinstance(pd.DataFrame(result.params), pd.DataFrame)


@pytest.mark.parametrize("model", ["fe", "re", "fd", "pooled"])
def test_row_order_does_not_change_the_estimates(model):
    data = simulated_panel(n_entities=10, seed=13)
    shuffled = data.sample(frac=1, random_state=3)
    np.testing.assert_allclose(fit(shuffled, "y", REGRESSORS, model).params,
                               fit(data, "y", REGRESSORS, model).params, rtol=1e-10)
