"""Notebook 01 runs end to end through papermill, on synthetic and on real LA-level data."""

from __future__ import annotations

import papermill
import pytest

from tests.e2e.conftest import by_name, run_notebook, saved_images, shown_images


def run(tmp_path, **parameters) -> dict:
    return run_notebook("01_attainment_gaps", tmp_path, **parameters)


@pytest.mark.slow
def test_runs_for_another_la_with_every_section(tmp_path):
    results = run(tmp_path, la="Sandwell", first_year=2010)
    assert results["la_name"] == "Sandwell" and results["synthetic"] is True
    found = by_name(results)
    gap = found["gap_la"]
    assert gap["ci_low"] < gap["value"] < gap["ci_high"]
    assert gap["truth"] is None  # the gap is planted for Walsall only
    for name in ("gap_england", "gap_trend_la", "gap_index_la", "schools_below_95",
                 "la_effect_conditional"):
        assert name in found, name
    out = tmp_path / "out"
    for file in ("gap-by-area.png", "gap-over-time.png", "funnel-plot.png",
                 "la-effects-caterpillar.png", "tables.xlsx", "headline-gaps.csv"):
        assert (out / file).exists(), file
    assert shown_images(tmp_path / "executed.ipynb") == saved_images(out)


@pytest.mark.slow
def test_walsall_headline_covers_the_planted_gap(tmp_path):
    found = by_name(run(tmp_path))
    assert found["gap_la"]["truth"] is not None and found["gap_la"]["covers_truth"] is True


@pytest.mark.slow
def test_unknown_group_stops_with_one_clear_message(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="groups='boys'"):
        run(tmp_path, groups="boys")


@pytest.mark.slow
@pytest.mark.real_data
def test_real_lait_data_run_la_sections_and_skip_school_sections(tmp_path, real_data_dir):
    results = run(tmp_path, data_source="official", data_dir=str(real_data_dir))
    assert results["data_source"] == "official" and results["synthetic"] is False
    found = by_name(results)
    gap = found["gap_la"]
    assert gap["truth"] is None and gap["ci_low"] is None  # LAIT: percentages, no counts
    assert "no interval" in gap["caveats"][0]
    assert "gap_england" in found and "gap_trend_la" in found
    assert "la_effect_conditional" not in found and "schools_below_95" not in found
    executed = (tmp_path / "executed.ipynb").read_text()
    assert "School-level data are not present" in executed
    assert "Pupil-level data are not present" in executed
