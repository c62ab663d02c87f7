"""Notebook 04 runs top to bottom via papermill for other LAs, outcomes and data sources."""

from pathlib import Path

import pytest

from analysis_lib.context import SYNTHETIC_DIR, planted_truth
from tests.e2e.conftest import by_name, run_notebook, saved_images, shown_images


def run(tmp_path: Path, **parameters) -> dict:
    return run_notebook("04_troubled_families_impact", tmp_path, **parameters)


@pytest.mark.slow
@pytest.mark.skipif(not (SYNTHETIC_DIR / "truth.json").exists(),
                    reason="synthetic data not generated (evidence data synth)")
def test_other_la_outcome_and_phase(tmp_path):
    sidecar = run(tmp_path, la="Sandwell", phase=2, outcome="youth_custody")
    assert sidecar["la_name"] == "Sandwell" and sidecar["synthetic"]
    assert sidecar["parameters"]["outcome"] == "youth_custody"
    found = by_name(sidecar)
    truth = planted_truth("troubled_families", "outcomes.youth_custody.value")
    for name in ("matching_att", "did_att"):
        est = found[name]
        assert est["ci_low"] < est["value"] < est["ci_high"]
        assert est["truth"] == truth
        assert est["unit"] == "percentage points a year"
    assert {"matching_evalue", "fiscal_benefit"} <= set(found)
    assert (tmp_path / "out" / "tables.xlsx").exists()
    assert (tmp_path / "out" / "event-study.png").exists()
    assert shown_images(tmp_path / "executed.ipynb") == saved_images(tmp_path / "out")


@pytest.mark.slow
@pytest.mark.real_data
def test_official_data_runs_with_notes_only(tmp_path, real_data_dir):
    sidecar = run(tmp_path, data_source="official", data_dir=str(real_data_dir),
                  method="matching")
    assert sidecar["data_source"] == "official"
    assert sidecar["results"] == []  # no family-level records are published
