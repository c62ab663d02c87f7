"""Each notebook's verdict function records its one-sentence verdict with the results."""

from types import SimpleNamespace

import pandas as pd

from analysis_lib.attainment import verdict as attainment_verdict
from analysis_lib.context import RunContext
from analysis_lib.impact.verdict import one_sentence
from analysis_lib.results import Estimate, ResultsRecorder


def test_attainment_verdict_records_the_gap_against_england(tmp_path):
    ctx = RunContext(notebook="01", la_code=335, la_name="Walsall", comparator_codes=(),
                     comparators="england", first_year=2016, last_year=2025,
                     data_source="synthetic", data_dir=None, output_dir=tmp_path)
    results = ResultsRecorder(ctx)
    results.add(Estimate("gap_la", "Walsall: gap", 23.89, "percentage points", "m", 20.8,
                         26.9, interval_kind="confidence"))
    results.add(Estimate("gap_la_minus_england", "Difference", 3.67, "percentage points", "m",
                         0.57, 6.7, interval_kind="confidence"))
    attainment_verdict.verdict(results)
    assert results.verdict == (
        "Walsall: gap: 23.9 percentage points (95% interval 20.8 to 26.9), wider than "
        "England's by 3.7 percentage points (95% interval 0.6 to 6.7).")


def test_impact_sentence_says_what_the_methods_find_together():
    unclear = SimpleNamespace(att=-3.02, ci_low=-6.41, ci_high=0.38)
    did = pd.Series({"att": -1.8, "ci_low": -4.69, "ci_high": 1.1})
    text = one_sentence(what="a child entering care", matching=unclear, did=did)
    assert text.endswith("neither method can tell the programme's effect from no effect.")
    assert "matched comparison -3.0 (95% CI -6.4 to +0.4)" in text
    lower = SimpleNamespace(att=-3.0, ci_low=-5.0, ci_high=-1.0)
    assert one_sentence(what="x", matching=lower).endswith(
        "programme families had a lower chance of x.")
    assert one_sentence(what="x", matching=lower, did=pd.Series(
        {"att": 2.0, "ci_low": 1.0, "ci_high": 3.0})).endswith("the methods disagree.")
    assert one_sentence(what="x", problem="No family data.") == "No family data."
