"""On the default synthetic data, DiD and synthetic control recover the planted outsourcing
effect on Walsall's share of schools good or outstanding (truth.json:
``outsourcing_inspections``, average over the 31 August snapshots 2006-2012).

School data start in 2005/06, so both designs use the return in-house (April 2013) as the
event; the implied outsourcing effect is minus the change at the return. The planted effect
fades out of the snapshots by about 2016 (`value_by_year_pp`), which the three wash-out years
allow for.
"""

from __future__ import annotations

import pytest

from analysis_lib.context import planted_truths, start_run
from analysis_lib.ofsted import comparison, counterfactual, verdict
from analysis_lib.ofsted import workflow as ofsted

OUTCOME, PHASE = "share_good_or_outstanding", "all"


@pytest.fixture(scope="module")
def planted():
    effect = planted_truths()["effects"]
    return effect["outsourcing_inspections"]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    ctx = start_run("02_ofsted_trajectory", la="Walsall", first_year=2000, last_year=2024,
                    output_dir=str(tmp_path_factory.mktemp("ofsted")))
    snaps = ofsted.snapshots(ctx)
    window = comparison.event_window(ctx)  # Walsall's own record: Dec 2002 to Apr 2013
    setup = counterfactual.counterfactual_setup(ctx, snaps, OUTCOME, PHASE, window)
    did = counterfactual.difference_in_differences(ctx, setup)
    synth = counterfactual.synthetic_control(ctx, setup)
    found = verdict.estimates(ctx, outcome=OUTCOME, phase=PHASE, did=did, synth=synth,
                              setup=setup, window=window)
    return setup, {e.name: e for e in found}


def test_design_is_the_return_in_house(recorded):
    setup, _ = recorded
    assert setup.design.event == "return in-house"
    assert setup.design.pre_years == tuple(range(2006, 2013))
    assert setup.design.post_years[0] == 2016 and setup.design.post_years[-1] == 2024


@pytest.mark.parametrize("name", ["did_outsourcing_effect", "synth_outsourcing_effect"])
def test_intervals_cover_the_effect_the_design_targets(recorded, planted, name):
    """The target is the effect on Walsall's realised schools, pooled as the design pools
    years: mean over the during-outsourcing snapshots 2006-2012 minus mean over the
    post-washout snapshots 2016-2024 (the effect lingers in grades not yet re-inspected)."""
    estimate = recorded[1][name]
    by_year = planted["finite_sample_by_year_pp"]
    during = sum(by_year[str(y)] for y in range(2006, 2013)) / 7
    after = sum(by_year[str(y)] for y in range(2016, 2025)) / 9
    assert estimate.truth == pytest.approx(during - after)
    assert estimate.ci_low <= estimate.truth <= estimate.ci_high, estimate
    assert estimate.value > 0  # the planted shift improved grades during outsourcing
