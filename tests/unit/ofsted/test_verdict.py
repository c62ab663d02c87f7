import pandas as pd
import pytest

from analysis_lib.context import start_run
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.ofsted.design import EventDesign
from analysis_lib.ofsted.did import DidResult
from analysis_lib.ofsted.events import EventWindow
from analysis_lib.ofsted.verdict import estimates, verdict
from analysis_lib.unavailable import Unavailable, guarded

DESIGN = EventDesign("return in-house", 2013, (2010, 2011, 2012), (2016, 2017),
                     "after vs during", -1, "Design note from the data.")


def _did(estimate, ci):
    return DidResult(estimate=estimate, se_clustered=0.5, ci_clustered=(estimate - 1,
                     estimate + 1), ci_placebo=ci, p_placebo=0.04, n_placebos=99,
                     n_controls=9, nobs=50, event_study=pd.DataFrame(),
                     pretrend_wald=1.0, pretrend_df=2, pretrend_p=0.6,
                     pretrend_placebo_p=0.7, design=DESIGN)


@pytest.fixture
def ctx(tmp_path):
    return start_run("02_ofsted_trajectory", la="Walsall", first_year=2006, last_year=2024,
                     data_source="official", output_dir=str(tmp_path))


def test_estimates_flip_the_return_in_house_into_an_outsourcing_effect(ctx):
    found = estimates(ctx, outcome="share_good_or_outstanding", phase="all",
                      did=_did(-6.0, (-9.0, -2.0)), synth=Unavailable("no donors"))
    (did,) = found
    assert did.value == 6.0 and (did.ci_low, did.ci_high) == (2.0, 9.0)
    assert did.truth is None  # official data carry no planted truth
    text = verdict(ctx, found, did=_did(-6.0, (-9.0, -2.0)), synth=None)
    assert "+6.0 percentage points" in text and "+2.0 to +9.0" in text
    assert "higher than it would have been" in text and "Design note" in text


def test_verdict_without_school_data_says_why(ctx):
    text = verdict(ctx, [], school_note=Unavailable("No school inspection files."))
    assert "No school inspection files." in text


def test_guarded_passes_on_and_creates_unavailable():
    @guarded
    def step(x):
        if x == 0:
            raise DataNotAvailableError("nothing for x = 0")
        return x + 1

    assert step(1) == 2
    assert step(0) == Unavailable("nothing for x = 0")
    missing = Unavailable("earlier step")
    assert step(missing) is missing
    assert "earlier step" in missing._repr_markdown_()


def test_truth_only_for_the_focus_la_and_window(tmp_path):
    def run(la, start="2002-12-01", end="2013-04-01"):
        ctx = start_run("02_ofsted_trajectory", la=la, first_year=2006, last_year=2024,
                        output_dir=str(tmp_path))
        window = EventWindow(pd.Timestamp(start), pd.Timestamp(end), "test")
        return estimates(ctx, outcome="share_good_or_outstanding", phase="all", window=window,
                         did=_did(-6.0, (-9.0, -2.0)))[0].truth

    assert run("Walsall") is not None
    assert run("Sandwell") is None
    assert run("Walsall", start="2005-12-01") is None


def test_period_estimates_and_the_source_label(ctx):
    by_period = pd.DataFrame({
        "area": ["Walsall", "Walsall", "England"], "role": ["la", "la", "england"],
        "period": ["during", "after", "during"], "first_year": [2006, 2013, 2006],
        "last_year": [2012, 2020, 2012], "share_good_or_outstanding": [58.0, 77.0, 68.0],
        "se": [4.0, 3.0, 0.3], "ci_low": [50.0, 71.0, 67.4], "ci_high": [66.0, 83.0, 68.6],
        "n_school_years": [700, 800, 9000], "n_schools": [100, 110, 2000]})
    found = {e.name: e for e in estimates(ctx, outcome="share_good_or_outstanding",
                                          phase="all", by_period=by_period,
                                          source="a third-party compilation")}
    during = found["share_good_or_outstanding_during_la"]
    assert (during.value, during.ci_low, during.interval_kind) == (58.0, 50.0, "confidence")
    assert "inspection records: a third-party compilation" in during.caveats
    text = verdict(ctx, list(found.values()), source="a third-party compilation")
    assert "a third-party compilation" in text
    assert "58.0% of Walsall's graded schools" in text and "England 68.0%" in text


def test_verdict_without_an_event_says_so_once(ctx):
    reason = "Sandwell has no outsourced ... arrangement, so there is no event to evaluate."
    text = verdict(ctx, [], did=Unavailable(reason), synth=Unavailable(reason),
                   intervention_note=f"**No event to evaluate.** {reason}")
    assert text.count(reason) == 1 and "Difference-in-differences" not in text


def test_ordered_logit_odds_ratios_are_recorded_but_not_headlines(ctx):
    """A one-LA x period contrast with school-clustered errors understates its uncertainty,
    so it is kept out of the headlines, and says why."""
    from analysis_lib.ofsted.ordered import OrderedFit

    params = pd.DataFrame({"term": ["in_la", "in_la x after (vs during)"],
                           "coef": [0.1, 0.4], "se": [0.1, 0.2], "ci_low": [-0.1, 0.0],
                           "ci_high": [0.3, 0.8], "odds_ratio": [1.105, 1.492]})
    fit = OrderedFit(params=params, cut_points=pd.Series(dtype=float), nobs=900,
                     n_clusters=300, interval="cluster")
    found = estimates(ctx, outcome="share_good_or_outstanding", phase="all", ordered=fit,
                      source="test records")
    (odds,) = found
    assert odds.name == "ordered_logit_after" and not odds.headline
    assert odds.interval_kind == "confidence" and odds.ci_high == pytest.approx(2.2255, 1e-3)
    assert odds.caveats[0] == "inspection records: test records"
    assert odds.caveats[1].startswith("not a headline") and "one-LA" in odds.caveats[1]


def test_a_placebo_range_is_named_as_one_in_the_verdict():
    from analysis_lib.ofsted.verdict import _effect_text
    from analysis_lib.results import Estimate

    effect = Estimate("did_outsourcing_effect", "DiD", 3.2, "percentage points", "DiD",
                      -21.9, 23.5, interval_kind="placebo_range")
    text = _effect_text(effect)
    assert "range of 95% of placebo estimates -21.9 to +23.5" in text
    assert "95% interval" not in text and "confidence" not in text
