"""The plain-English verdict is built from recorded estimates only."""

from pathlib import Path

from analysis_lib.attainment.verdict import verdict
from analysis_lib.context import RunContext
from analysis_lib.results import Estimate, ResultsRecorder


def _recorder(synthetic=True):
    ctx = RunContext(notebook="01_attainment_gaps", la_code=335, la_name="Walsall",
                     comparator_codes=(), comparators="england", first_year=2016,
                     last_year=2025, data_source="synthetic" if synthetic else "official",
                     data_dir=None, output_dir=Path("."))
    return ResultsRecorder(ctx)


def test_verdict_uses_the_numbers_and_words_from_the_intervals():
    results = _recorder()
    ci = {"interval_kind": "confidence"}
    results.extend([
        Estimate("gap_la", "Walsall: gap", 23.9, "percentage points", "m", 20.8, 26.9, **ci),
        Estimate("gap_england", "England: gap", 20.2, "percentage points", "m", 20.0, 20.5,
                 **ci),
        Estimate("gap_la_minus_england", "d", 3.7, "percentage points", "m", 0.6, 6.8, **ci),
        Estimate("gap_trend_la", "Walsall: change", 0.1, "pp per year", "m", -0.4, 0.5, **ci),
        Estimate("la_effect_conditional", "e", -9.0, "percentage points", "m", -10.1, -7.8,
                 caveats=("rank 140 of 156 LAs",), **ci),
    ])
    text = verdict(results)
    assert "the gap is 23.9 percentage points (95% interval 20.8 to 26.9)" in text
    assert "wider than England's by 3.7" in text
    assert "no clear change" in text
    assert "9.0 percentage points below the average LA" in text and "rank 140 of 156" in text
    assert "synthetic data" in text


def test_verdict_is_honest_about_missing_intervals_and_sections():
    results = _recorder(synthetic=False)
    results.add(Estimate("gap_la", "Walsall: gap", 25.0, "percentage points", "difference"))
    text = verdict(results)
    assert "no interval: pupil counts not published" in text
    assert "Trend" not in text and "synthetic" not in text
