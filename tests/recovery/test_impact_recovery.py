"""On the default synthetic data, both impact methods recover the planted programme effect.

The generator (analysis_lib/data/synth/troubled_families.py) plants a constant effect on
the yearly probability of each outcome from a family's start year on, with selection on
the recorded covariates only, so matching and the staggered DiD share the same target
(``truth.json`` -> effects.troubled_families.outcomes.<outcome>.value).
"""

import pytest

from analysis_lib.context import SYNTHETIC_DIR, start_run
from analysis_lib.impact import outcomes, staggered, workflow
from analysis_lib.impact.propensity import fit_propensity
from analysis_lib.unavailable import Unavailable

pytestmark = pytest.mark.skipif(not (SYNTHETIC_DIR / "truth.json").exists(),
                                reason="synthetic data not generated (evidence data synth)")


@pytest.fixture(scope="module", params=[1, 2], ids=["phase1", "phase2"])
def walsall(request, tmp_path_factory):
    ctx = start_run("04_troubled_families_impact", la="Walsall", first_year=2009,
                    last_year=2021, output_dir=str(tmp_path_factory.mktemp("tf")))
    data = workflow.family_data(ctx, phase=request.param, outcome="child_entered_care")
    assert not isinstance(data, Unavailable)
    return ctx, data


def test_matching_interval_covers_planted_effect(walsall):
    ctx, data = walsall
    truth = workflow.planted_effect(ctx, "child_entered_care")
    result, pairs = outcomes.match_families(data.sample, fit_propensity(data.sample),
                                            data.wide, followup_months=24, caliper_sd=0.2)
    assert result.ci_low <= truth <= result.ci_high
    assert result.n_treated_matched >= 0.95 * result.n_treated


def test_staggered_did_interval_covers_planted_effect(walsall):
    ctx, data = walsall
    truth = workflow.planted_effect(ctx, "child_entered_care")
    res = staggered.callaway_santanna(staggered.family_panel(data.sample, data.wide))
    simple = res.aggregate("simple")
    assert simple["ci_low"] <= truth <= simple["ci_high"]
    assert res.pretest_p > 0.01  # parallel trends hold by construction
