"""Analysis sample (comparison pool) and the propensity model."""

import numpy as np
import pandas as pd
import pytest

from analysis_lib.errors import DataNotAvailableError, ParameterError
from analysis_lib.impact.propensity import (
    COVARIATES,
    analysis_sample,
    fit_propensity,
    overlap_table,
)


def families(n=600, seed=1):
    rng = np.random.default_rng(seed)
    la = rng.choice([335, 336, 999], size=n)
    workless = rng.integers(0, 2, n)
    treated = (rng.random(n) < 1 / (1 + np.exp(-(-1.0 + 1.5 * workless)))) & (la == 335)
    return pd.DataFrame({
        "family_id": np.arange(1, n + 1), "la_code": la, "phase": 1,
        "treated": treated, "start_year": np.where(treated, 2013, pd.NA),
        "n_children": rng.integers(1, 5, n), "lone_parent": rng.random(n) < 0.4,
        "workless": workless.astype(bool), "prior_cin": rng.random(n) < 0.3,
        "prior_persistent_absence": rng.random(n) < 0.3,
        "prior_offending": rng.random(n) < 0.2, "deprivation_decile": rng.integers(1, 11, n)})


def test_pool_choices():
    f = families()
    both = analysis_sample(f, 335, [336], phase=1)
    same = analysis_sample(f, 335, [336], phase=1, pool="same_la")
    other = analysis_sample(f, 335, [336], phase=1, pool="comparators")
    assert set(both.loc[both.treated == 1, "la_code"]) == {335}
    assert set(both.loc[both.treated == 0, "la_code"]) == {335, 336}
    assert set(same["la_code"]) == {335}
    assert set(other.loc[other.treated == 0, "la_code"]) == {336}
    assert 999 not in set(both["la_code"])
    assert both["same_la"].sum() == (both["la_code"] == 335).sum()


def test_bad_parameters_and_missing_data():
    f = families()
    with pytest.raises(ParameterError):
        analysis_sample(f, 335, [336], phase=4)
    with pytest.raises(ParameterError):
        analysis_sample(f, 335, [336], phase=1, pool="region")
    with pytest.raises(DataNotAvailableError):
        analysis_sample(f, 336, [335], phase=1)  # no treated families in 336


def test_logit_recovers_the_selection_on_worklessness():
    sample = analysis_sample(families(n=4000), 335, [], phase=1, pool="same_la")
    model = fit_propensity(sample, COVARIATES)
    coef = model.coefficients().set_index("term")
    assert coef.loc["workless", "log_odds"] == pytest.approx(1.5, abs=0.35)
    assert model.score.between(0, 1).all()
    assert np.allclose(1 / (1 + np.exp(-model.logit_score)), model.score)
    overlap = overlap_table(model, sample["treated"], bins=10)
    assert overlap.groupby("group")["share"].sum().round(6).eq(1).all()
    assert overlap.groupby("group")["families"].sum()["programme"] == sample["treated"].sum()


def test_comparison_note_says_who_is_compared_and_what_is_assumed():
    from analysis_lib.impact.propensity import comparison_note

    local = comparison_note("local", "Walsall", "both")
    assert "within the LA" in local and "Assumption" in local and "treated = 0" in local
    assert "no comparison is made" in comparison_note("official", "Walsall", "both")
    assert "comparator LAs" in comparison_note("synthetic", "Walsall", "both")
