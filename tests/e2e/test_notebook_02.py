"""Notebook 02 runs end to end through papermill, on synthetic and on real data."""

from __future__ import annotations

import papermill
import pytest

from tests.e2e.conftest import by_name, run_notebook, saved_images, shown_images


def run(tmp_path, **parameters) -> dict:
    return run_notebook("02_ofsted_trajectory", tmp_path, **parameters)


@pytest.mark.slow
def test_runs_for_another_la_with_a_planted_truth_only_for_walsall(tmp_path):
    results = run(tmp_path, la="Sandwell")
    assert results["la_name"] == "Sandwell" and results["synthetic"] is True
    found = by_name(results)
    for name in ("did_outsourcing_effect", "synth_outsourcing_effect"):
        assert found[name]["ci_low"] <= found[name]["value"] <= found[name]["ci_high"]
        assert found[name]["truth"] is None  # the outsourcing effect is planted in Walsall
    executed = (tmp_path / "executed.ipynb").read_text()
    assert "no outsourcing or arm" in executed  # the run says it is a what-if
    assert found["ordered_logit_after"]["unit"] == "odds ratio"
    for name in ("synthetic-control.png", "event-study.png", "tables.xlsx",
                 "grade-transitions.csv", "la-inspection-timeline.png"):
        assert (tmp_path / "out" / name).exists(), name
    assert shown_images(tmp_path / "executed.ipynb") == saved_images(tmp_path / "out")


@pytest.mark.slow
def test_runs_for_primary_schools_and_the_mean_grade(tmp_path):
    results = run(tmp_path, la="335", phase="primary", outcome="mean_grade")
    found = by_name(results)
    assert found["did_outsourcing_effect"]["unit"].startswith("grade points")
    assert found["did_outsourcing_effect"]["truth"] is None  # planted for the share only


@pytest.mark.slow
def test_bad_parameter_stops_with_one_clear_message(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="phase must be one of"):
        run(tmp_path, phase="nursery")


@pytest.mark.slow
@pytest.mark.real_data
def test_official_data_timeline_without_school_inspections(tmp_path, real_data_dir):
    results = run(tmp_path, data_source="official", data_dir=str(real_data_dir))
    assert results["data_source"] == "official" and results["synthetic"] is False
    assert by_name(results) == {}  # no school inspection files: no school-level estimates
    executed = (tmp_path / "executed.ipynb").read_text()
    assert "Not available for this run" in executed
    assert "School inspection data are not available" in executed
    assert (tmp_path / "out" / "la-inspection-timeline.png").exists()
