"""Calibration statistics, measure extraction and comparison on hand-made panels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis_lib.data.calibration import compare, measures, report
from analysis_lib.data.calibration.statistics import (
    consecutive_grade_correlation,
    grade_shares,
    panel_statistics,
)


def _panel(values: dict[int, list[float]], first_year: int = 2016) -> pd.DataFrame:
    return pd.DataFrame([(la, first_year + k, v) for la, series in values.items()
                         for k, v in enumerate(series)], columns=["la_code", "year", "value"])


def test_fixed_la_levels_are_fully_persistent_with_nothing_within():
    # LA levels 10, 12, 17 plus a national trend of +1 a year
    stats = panel_statistics(_panel({1: [10, 11, 12], 2: [12, 13, 14], 3: [17, 18, 19]}))
    assert stats["mean"] == pytest.approx(14.0)
    assert stats["between_la_sd"] == pytest.approx(np.std([10, 12, 17], ddof=1))
    assert stats["lag1_correlation"] == pytest.approx(1.0)
    assert stats["within_la_share"] == pytest.approx(0.0)
    assert (stats["n_las"], stats["n_la_years"], stats["n_pairs"]) == (3, 9, 6)


def test_see_saw_within_las_is_anti_persistent_and_all_within():
    stats = panel_statistics(_panel({1: [1, -1, 1, -1], 2: [-1, 1, -1, 1],
                                     3: [2, -2, 2, -2], 4: [-2, 2, -2, 2]}))
    assert stats["lag1_correlation"] == pytest.approx(-1.0)
    assert stats["within_la_share"] == pytest.approx(1.0)
    assert stats["between_la_sd"] == pytest.approx(0.0)


def test_pairs_need_consecutive_years_and_missing_values_are_left_out():
    panel = pd.DataFrame({"la_code": [1, 1, 1, 2, 2, 2], "year": [2016, 2017, 2019] * 2,
                          "value": [1.0, 2.0, 3.0, 5.0, np.nan, 4.0]})
    stats = panel_statistics(panel)
    assert stats["n_la_years"] == 5
    assert stats["n_pairs"] == 1  # only LA 1's 2016-2017; 2017-2019 is not a year apart


def test_repeated_la_year_is_refused_with_the_la_and_year():
    panel = _panel({1: [1, 2], 2: [3, 4]})
    with pytest.raises(ValueError, match="LA 2 in 2017"):
        panel_statistics(pd.concat([panel, panel.tail(1)]))
    with pytest.raises(ValueError, match="la_code, year, value"):
        panel_statistics(panel.drop(columns="year"))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), shift=st.floats(-50, 50))
def test_row_order_and_year_effects_change_only_the_mean(seed, shift):
    rng = np.random.default_rng(seed)
    panel = _panel({la: list(rng.normal(la, 1.0, 6)) for la in range(1, 9)})
    base = panel_statistics(panel)
    shuffled = panel_statistics(panel.sample(frac=1, random_state=seed))
    year_effects = panel.assign(value=panel.value + shift * (panel.year - 2016))
    moved = panel_statistics(year_effects)
    for key in ("between_la_sd", "lag1_correlation", "within_la_share"):
        assert shuffled[key] == pytest.approx(base[key])
        assert moved[key] == pytest.approx(base[key], abs=1e-9)
    assert moved["mean"] == pytest.approx(base["mean"] + shift * 2.5)


def test_grade_shares_and_their_refusal_of_odd_grades():
    shares = grade_shares(pd.Series([1, 2, 2, 3, 3, 3, 4, 4, None]))
    assert shares == pytest.approx({"pct_grade_1": 12.5, "pct_grade_2": 25.0,
                                    "pct_grade_3": 37.5, "pct_grade_4": 25.0})
    with pytest.raises(ValueError, match=r"\[7\]"):
        grade_shares(pd.Series([1, 7]))


def test_consecutive_grades_pair_each_la_in_date_order():
    inspections = pd.DataFrame({
        "la_code": [1, 1, 2, 2, 3, 3, 1],
        "inspection_date": pd.to_datetime(["2015-01-01", "2019-01-01", "2015-01-01",
                                           "2019-01-01", "2015-01-01", "2019-01-01",
                                           "2023-01-01"]),
        "grade": [2, 3, 4, 4, 1, 2, 4]})
    out = consecutive_grade_correlation(inspections.sample(frac=1, random_state=3))
    assert out["n_pairs"] == 4  # LA 1: 2->3, 3->4; LA 2: 4->4; LA 3: 1->2
    assert out["correlation"] == pytest.approx(np.corrcoef([3, 4, 4, 2], [2, 3, 4, 1])[0, 1])


def _tidy_tables(shift: float = 0.0, spread: float = 1.0) -> dict[str, pd.DataFrame]:
    """The four tables in their tidy layout for 30 LAs, 2016-2025 (+ excluded LA 201)."""
    rng = np.random.default_rng(1)
    codes = [201, *range(300, 330)]
    years = list(range(2016, 2026))
    base = {c: rng.normal(0, 1) for c in codes}
    rows = [(y, c, 16 + shift + spread * 2 * base[c] + rng.normal(0, 1)) for c in codes
            for y in years]
    panel = pd.DataFrame(rows, columns=["year", "la_code", "value"])
    la = panel.assign(geographic_level="Local authority")
    england = pd.DataFrame({"year": years, "la_code": pd.NA, "value": 99.0,
                            "geographic_level": "National"})
    wide = pd.concat([la, england], ignore_index=True)
    workforce = wide.assign(**{m.column: wide.value for m in measures.PANEL_MEASURES
                               if m.table == "workforce_la"})
    cin = wide.assign(**{m.column: wide.value for m in measures.PANEL_MEASURES
                         if m.table == "cin_la"})
    groups = {"disadvantaged": 0.0, "not_disadvantaged": 20.0, "all": 15.0}
    ks = pd.concat([wide.assign(pupil_group=g, value=wide.value + 30 + add, key_stage=2,
                                measure="rwm_expected_standard") for g, add in groups.items()])
    insp = pd.DataFrame([(c, pd.Timestamp(f"{y}-06-01"), fw, "inspection", j, g, 4)
                         for c in codes
                         for y, fw, j, g in [(2010, "SLAC", "safeguarding", 1 + c % 4),
                                             (2010, "SLAC", "looked_after_children", 2),
                                             (2015, "SIF", "overall_effectiveness", 1 + c % 4),
                                             (2019, "ILACS", "overall_effectiveness",
                                              1 + (c + 1) % 4)]],
                        columns=["la_code", "inspection_date", "framework", "inspection_type",
                                 "judgement", "grade", "scale_max"])
    return {"workforce_la": workforce, "cin_la": cin, "ks_attainment_la": ks,
            "la_inspections": insp}


def test_panel_values_keep_las_only_from_the_first_year_without_tiny_las():
    tables = _tidy_tables()
    caseload = measures.panel_values(measures.PANEL_MEASURES[0], tables["workforce_la"])
    assert caseload.year.min() == measures.WORKFORCE_FIRST_YEAR
    assert set(caseload.la_code) == set(range(300, 330))
    gap = next(m for m in measures.PANEL_MEASURES if m.column == "gap")
    assert measures.panel_values(gap, tables["ks_attainment_la"]).value.to_numpy() == (
        pytest.approx(20.0))


def test_grade_values_leave_out_re_inspections_and_the_lea_scale():
    insp = _tidy_tables()["la_inspections"]
    extra = insp.head(2).assign(inspection_type="re-inspection")
    lea = insp.head(1).assign(scale_max=7, grade=6, framework="SLAC")
    slac = measures.GRADE_MEASURES[0]
    kept = measures.grade_values(slac, pd.concat([insp, extra, lea]))
    assert len(kept) == 30 and kept.grade.between(1, 4).all()


def test_identical_panels_are_within_every_tolerance():
    tables = _tidy_tables()
    table = compare.calibration_table(tables, tables)
    assert list(zip(table.measure, table.statistic, strict=True)) == compare.row_keys()
    assert table.within_tolerance.all()
    means = table[table.statistic == "mean"]
    assert (means.check == 0).all() and (table[table.statistic == "between_la_sd"].check == 1).all()


def test_a_shifted_or_doubled_spread_panel_fails_the_right_statistics():
    real = _tidy_tables()
    table = compare.calibration_table(real, _tidy_tables(shift=2.0, spread=2.0))
    caseload = table[table.measure == "caseload_per_fte"].set_index("statistic")
    assert not caseload.loc["mean", "within_tolerance"]
    assert not caseload.loc["between_la_sd", "within_tolerance"]
    assert caseload.loc["between_la_sd", "check"] == pytest.approx(2.0, rel=0.2)
    assert caseload.loc["between_la_sd", "check_kind"] == "ratio"


@pytest.mark.parametrize("statistic, real, synthetic, ok", [
    ("mean", 10.0, 10.5, True), ("mean", 10.0, 10.6, False),
    ("between_la_sd", 2.0, 1.34, True), ("between_la_sd", 2.0, 3.1, False),
    ("lag1_correlation", 0.6, 0.74, True), ("within_la_share", 0.4, 0.2, False),
    ("pct_grade_2", 40.0, 49.0, True), ("pct_grade_2", 40.0, 29.0, False)])
def test_tolerance_rules(statistic, real, synthetic, ok):
    *_, within = compare._rule(statistic, real, synthetic, real_sd=2.0)
    assert within is ok


def test_text_and_markdown_tables_show_every_row():
    tables = _tidy_tables()
    table = compare.calibration_table(tables, tables)
    text = report.as_text(table)
    assert text.splitlines()[-1] == f"{len(table)} of {len(table)} statistics within tolerance"
    markdown = report.as_markdown(table).splitlines()
    assert len(markdown) == len(table) + 2
    assert all(line.count(" | ") == len(report.HEADER) - 1 for line in markdown[2:])
