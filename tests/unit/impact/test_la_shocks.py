"""A shock shared by all of an LA's families in a year: the within-LA comparison cancels it,
a comparison with other LAs' families does not, and each estimate's caveat says which."""

import numpy as np
import pandas as pd
import pytest

from analysis_lib.impact.outcomes import match_families
from analysis_lib.impact.propensity import analysis_sample, comparison_note, fit_propensity
from analysis_lib.impact.staggered import callaway_santanna, family_panel
from analysis_lib.impact.verdict import la_shock_caveat

YEARS = list(range(2009, 2018))


def families(n=900, seed=3):
    """Programme families in LA 335 only (starting 2012-2014); never-treated in 335 and 336."""
    rng = np.random.default_rng(seed)
    la = rng.choice([335, 336], size=n)
    workless = rng.integers(0, 2, n)
    treated = (rng.random(n) < 1 / (1 + np.exp(-(-0.5 + 1.0 * workless)))) & (la == 335)
    start = rng.choice([2012, 2013, 2014], size=n)
    return pd.DataFrame({
        "family_id": np.arange(1, n + 1), "la_code": la, "phase": 1, "treated": treated,
        "start_year": pd.Series(start, dtype="Int64").where(treated, pd.NA),
        "n_children": rng.integers(1, 5, n), "lone_parent": rng.random(n) < 0.4,
        "workless": workless.astype(bool), "prior_cin": rng.random(n) < 0.3,
        "prior_persistent_absence": rng.random(n) < 0.3,
        "prior_offending": rng.random(n) < 0.2, "deprivation_decile": rng.integers(1, 11, n)})


def outcome_wide(fam, seed=4):
    """Families x years of a yearly chance (0-1) with a -0.03 effect from the start year."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(0.05, 0.15, (len(fam), 1)) + rng.normal(0, 0.02, (len(fam), len(YEARS)))
    start = fam["start_year"].fillna(9999).to_numpy(int)[:, None]
    effect = np.where(np.array(YEARS)[None, :] >= start, -0.03, 0.0)
    return pd.DataFrame(base + effect, index=fam["family_id"].to_numpy(), columns=YEARS)


def with_la_shock(fam, wide, la_code=335, seed=5):
    """The same outcomes with a yearly shock (SD 5 pp) shared by every family of one LA."""
    shock = np.random.default_rng(seed).normal(0, 0.05, len(YEARS))
    in_la = (fam.set_index("family_id")["la_code"] == la_code).reindex(wide.index).to_numpy()
    return wide + np.where(in_la[:, None], shock[None, :], 0.0)


def estimates(fam, wide, pool):
    sample = analysis_sample(fam, 335, [336], phase=1, pool=pool)
    model = fit_propensity(sample)
    matched, _ = match_families(sample, model, wide, followup_months=24)
    did = callaway_santanna(family_panel(sample, wide)).aggregate("simple")
    return matched.att, float(did["att"])


def test_within_la_estimates_are_unchanged_by_an_la_year_shock():
    fam = families()
    wide = outcome_wide(fam)
    before = estimates(fam, wide, "same_la")
    after = estimates(fam, with_la_shock(fam, wide), "same_la")
    assert after == pytest.approx(before, abs=1e-9)


def test_estimates_with_other_las_families_move_with_an_la_year_shock():
    fam = families()
    wide = outcome_wide(fam)
    for pool in ("both", "comparators"):
        before = estimates(fam, wide, pool)
        after = estimates(fam, with_la_shock(fam, wide), pool)
        assert abs(after[0] - before[0]) > 0.1 and abs(after[1] - before[1]) > 0.1  # pp


def test_caveat_names_the_remaining_assumption_or_the_exposure():
    within = la_shock_caveat("matched comparison families", 0, 120)
    assert "cancels" in within and "Remaining assumption" in within
    across = la_shock_caveat("matched comparison families", 30, 120)
    assert "30 of the 120" in across and "does not allow for it" in across
    assert "MacKinnon & Webb" in across and "same_la" in across


def test_synthetic_comparison_note_says_whether_la_shocks_cancel():
    assert "cancels" in comparison_note("synthetic", "Walsall", "same_la")
    for pool in ("both", "comparators"):
        note = comparison_note("synthetic", "Walsall", pool)
        assert "does not cancel" in note and "comparator LAs" in note
