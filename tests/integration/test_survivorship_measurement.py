"""The survivorship measurement runs the notebook's own pipeline on a small synthetic England:
unfiltered it reproduces the notebook's estimates, with an identity filter the bias is exactly
zero, and with the 2017-18 filter it is measured for every LA."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis_lib.data import load
from analysis_lib.data.synth import SynthConfig, generate
from analysis_lib.ofsted import did, events, survivorship, synth
from analysis_lib.ofsted.as_at import as_at_grades
from analysis_lib.ofsted.counterfactual import (
    during_values,
    outcome_panel,
    to_outcome_units,
    unit_controls,
    washout_design,
)

pytestmark = pytest.mark.slow
YEARS = list(range(2006, 2021))
WINDOW = (pd.Timestamp("2002-12-01"), pd.Timestamp("2013-04-01"))
DATA_END = pd.Timestamp("2020-02-26")
OUTCOME, PHASE, SPEC = "share_good_or_outstanding", "all", "statistical_neighbours"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("EVIDENCE_PROCESSED_DIR", str(tmp_path_factory.mktemp("processed")))
    mp.setenv("EVIDENCE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    out = generate(tmp_path_factory.mktemp("synth"), seed=11,
                   config=SynthConfig(school_scale=0.15, family_scale=0.02))
    inspections = load("school_inspections", source="synthetic", data_dir=out)
    schools = load("schools", source="synthetic", data_dir=out)
    excluded = set(events.excluded_las(load("interventions")).la_code)
    las = sorted(int(c) for c in inspections.la_code.unique())
    pool = [c for c in las if c not in excluded]
    yield inspections, schools, excluded, pool, [c for c in las if c not in pool]
    mp.undo()


def _measure(small, token):
    inspections, schools, excluded, pool, extra = small
    return survivorship.every_la(
        inspections, schools, data_end=DATA_END, years=YEARS, window=WINDOW, outcome=OUTCOME,
        phase=PHASE, pool=pool, excluded=excluded, spec=SPEC, extra_units=extra,
        key={"test": token})


def test_unfiltered_version_is_the_notebook_pipeline(small):
    inspections, schools, excluded, pool, _ = small
    measured = _measure(small, "real filter")["complete"]["by_la"].loc[335]
    cut = inspections[inspections.inspection_date <= DATA_END]
    panel, scale = outcome_panel(as_at_grades(cut, schools, YEARS), OUTCOME, PHASE)
    design = washout_design(panel.year.unique(), *WINDOW)
    controls_of = unit_controls(pool, SPEC, excluded)
    did_result = did.did_analysis(panel, 335, unit_controls([335], SPEC, excluded)[335],
                                  design, did.placebo_fits(panel, controls_of, design))
    synth_result = synth.synth_analysis(panel, 335, pool, design,
                                        synth.placebo_fits(panel, pool, design))
    during = during_values(panel, 335, design)
    for name, raw in (("did_outsourcing_effect", did_result.estimate),
                      ("synth_outsourcing_effect", synth_result.fit.effect)):
        expected = to_outcome_units(design.sign_to_outsourcing * raw, during, scale)
        assert measured[name] == pytest.approx(expected)


def test_bias_is_zero_when_the_filter_removes_nothing(small, monkeypatch):
    monkeypatch.setattr(survivorship, "survivors_only", lambda insp, sch: (insp, sch))
    measured = _measure(small, "identity filter")
    bias = measured["survivors"]["by_la"] - measured["complete"]["by_la"]
    assert (bias.abs().fillna(0) < 1e-12).all().all()


def test_the_2017_18_filter_moves_the_estimates_of_every_la(small):
    measured = _measure(small, "real filter")
    summary = survivorship.bias_summary({v: measured[v]["by_la"] for v in measured}, 335)
    assert set(summary.estimate) == {"share_good_or_outstanding_during_la",
                                     "share_good_or_outstanding_after_la",
                                     "did_outsourcing_effect", "synth_outsourcing_effect"}
    assert (summary.n_las > 100).all()
    assert (summary.bias_p97_5_all_las - summary.bias_p2_5_all_las > 0.1).all()
    during = summary.set_index("estimate").loc["share_good_or_outstanding_during_la"]
    assert during.bias_p2_5_all_las < during.bias_mean_all_las < during.bias_p97_5_all_las
