"""Notebook 03 runs end to end through papermill, on synthetic and on real data."""

from __future__ import annotations

import papermill
import pytest

from tests.e2e.conftest import by_name, run_notebook, saved_images, shown_images


def run(tmp_path, **parameters) -> dict:
    return run_notebook("03_caseload_regressions", tmp_path, **parameters)


@pytest.mark.slow
def test_runs_for_another_la_and_records_results_that_cover_the_truth(tmp_path):
    results = run(tmp_path, la="Sandwell")
    assert results["la_name"] == "Sandwell" and results["synthetic"] is True
    found = by_name(results)
    for term in ("caseload_per_fte", "agency_rate"):
        estimate = found[f"fe_{term}"]
        assert estimate["truth"] is not None and estimate["covers_truth"] is True
    counterfactual = found["counterfactual_outcome_at_england_median"]
    assert counterfactual["ci_low"] <= counterfactual["value"] <= counterfactual["ci_high"]
    assert (tmp_path / "out" / "caseload-descriptive-panel.png").exists()
    assert (tmp_path / "out" / "tables.xlsx").exists()
    assert shown_images(tmp_path / "executed.ipynb") == saved_images(tmp_path / "out")


@pytest.mark.slow
def test_runs_for_another_outcome_and_model(tmp_path):
    results = run(tmp_path, la="335", outcome="rereferral_pct", model="fd")
    found = by_name(results)
    assert found["fd_caseload_per_fte"]["truth"] is None  # no truth planted for re-referrals
    assert results["parameters"]["outcome"] == "rereferral_pct"


@pytest.mark.slow
def test_unknown_outcome_stops_with_one_clear_message(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="outcome 'wellbeing'"):
        run(tmp_path, outcome="wellbeing")


@pytest.mark.slow
@pytest.mark.real_data
def test_runs_on_the_real_la_year_panel(tmp_path, real_data_dir):
    results = run(tmp_path, data_source="official", data_dir=str(real_data_dir))
    assert results["data_source"] == "official" and results["synthetic"] is False
    found = by_name(results)
    caseload = found["fe_caseload_per_fte"]
    assert caseload["truth"] is None and caseload["n"] > 1000
    assert caseload["ci_low"] < caseload["value"] < caseload["ci_high"]
    rows = (tmp_path / "out" / "caseload-coverage-by-year.csv").read_text()
    assert "2017" in rows and "2013" not in rows  # DfE workforce starts 2017 (2016 via LAIT)
