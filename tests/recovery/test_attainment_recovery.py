"""On the default synthetic data the attainment library recovers Walsall's planted KS2 gap.

truth.json (effect ``ks2_disadvantage_gap``) plants the expected gap of the focus LA in the
last year (``value``) and records the gap the generated census actually contains
(``realised``), and the gap expected from the LA's schools (``expected``, the interval's
target). The Newcombe interval should cover the expected gap and the point estimate should
equal the realised census gap. The library functions are called directly.
"""

from __future__ import annotations

import pytest

from analysis_lib.attainment import conditional, gap_index, gaps, measures, schools, trends
from analysis_lib.context import planted_truths
from analysis_lib.data import load


@pytest.fixture(scope="module")
def planted() -> dict:
    truth = planted_truths()
    return truth["effects"]["ks2_disadvantage_gap"] | {"la": truth["config"]["focus_la"]}


@pytest.fixture(scope="module")
def la_gaps(planted):
    rows = measures.select_measure(load("ks_attainment_la", la=planted["la"]), 2, "headline")
    return gaps.group_gaps(rows, measures.group_pair("disadvantaged"))


def test_walsall_gap_interval_covers_the_planted_gap(planted, la_gaps):
    row = gaps.area_gap_table(la_gaps, la_code=planted["la"], region_code=None).iloc[0]
    assert row["year"] == planted["year"] and row["measure"] == "rwm_expected_standard"
    assert row["ci_low"] <= planted["value"] <= row["ci_high"], row.to_dict()
    assert row["gap"] == pytest.approx(planted["realised"]["gap_pp"], abs=0.01)
    # the target of the interval: the gap expected from Walsall's schools in that year
    expected = planted["expected"]["focus_la"][str(planted["year"])]["gap_pp"]
    assert row["ci_low"] <= expected <= row["ci_high"]
    assert abs(expected - planted["value"]) < 1  # the nominal value ignores the threshold


def test_england_gap_equals_the_realised_census_gap(planted, la_gaps):
    england = la_gaps[(la_gaps["geographic_level"] == "National")
                      & (la_gaps["year"] == planted["year"])].iloc[0]
    assert england["gap"] == pytest.approx(planted["england_realised"]["gap_pp"], abs=0.01)


def test_trend_never_joins_across_the_missing_years(planted, la_gaps):
    series = la_gaps[la_gaps["la_code"] == planted["la"]].assign(role="LA")
    drawn = trends.with_breaks(series, ["role"], ["gap"], 2010, 2025)
    assert drawn.loc[drawn["year"].isin([2020.0, 2021.0]), "gap"].isna().all()
    assert 2015.5 in drawn.loc[drawn["is_separator"], "year"].tolist()


def test_national_gap_index_is_in_a_plausible_range():
    pupils = load("ks2_pupils", years=(2019, 2019))
    national = gap_index.gap_index_table(pupils).query("geographic_level == 'National'")
    low, high = 2.91 - gap_index.PLAUSIBLE_TOLERANCE, 3.34 + gap_index.PLAUSIBLE_TOLERANCE
    assert low <= national["gap_index"].iloc[0] <= high


def test_conditional_comparison_finds_the_focus_la_below_average(planted):
    rows = load("ks_attainment_school", years=(2023, 2025))
    school_gaps = schools.school_gaps(measures.select_measure(rows, 2, "headline"))
    effects, _ = conditional.la_effects(school_gaps)
    mine = effects.set_index("la_code").loc[planted["la"]]
    assert mine["pp_high"] < 0, mine.to_dict()


def test_the_sidecar_truths_are_the_expected_targets(tmp_path):
    """Every headline estimate with a planted target carries it (see validation.targets) and,
    on the default England, its 95% interval covers it or misses narrowly."""
    from analysis_lib.attainment import sections
    from analysis_lib.context import start_run
    from analysis_lib.results import ResultsRecorder

    ctx = start_run("01_attainment_gaps", la="Walsall", first_year=2005, last_year=2025,
                    output_dir=str(tmp_path), write_files=False)
    results = ResultsRecorder(ctx)
    first = sections.headline(ctx, results, key_stage=2, measure="headline", groups="disadvantaged")
    sections.trend(ctx, results, first, key_stage=2)
    sections.gap_index_section(ctx, results, key_stage=2, groups="disadvantaged")
    truth = planted_truths()["effects"]
    gaps, index = truth["ks2_disadvantage_gap"]["expected"], truth["ks2_gap_index"]["expected"]
    found = results.estimates
    assert found["gap_la"].truth == gaps["focus_la"]["2025"]["gap_pp"]
    assert found["gap_england"].truth == gaps["england"]["2025"]["gap_pp"]
    assert found["gap_region"].truth == gaps["region"]["2025"]["gap_pp"]
    assert found["gap_index_la"].truth == index["2025"]["focus_la"]
    assert found["gap_index_england"].truth == index["2025"]["england"]
    assert found["gap_trend_la"].truth is not None
    # each 95% interval misses its truth in 1 England in 20 (the harness measures how
    # often); on this one draw at most one of the five may miss, and only narrowly
    missed = [found[name] for name in ("gap_la", "gap_england", "gap_region", "gap_trend_la",
                                       "gap_index_la") if not found[name].covers_truth]
    assert len(missed) <= 1, missed
    for e in missed:
        half = (e.ci_high - e.ci_low) / 2
        assert e.ci_low - half / 2 <= e.truth <= e.ci_high + half / 2, e
    assert list(tmp_path.iterdir()) == []  # write_files=False
