"""Notebook 04 runs top to bottom via papermill: on the synthetic England for other LAs and
outcomes, on the SYNTHETIC example of an LA's own records, on a council-named copy of it, and on
published data (no estimate for an LA; the published evidence instead)."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis_lib.context import SYNTHETIC_DIR, planted_truth
from analysis_lib.data.synth.tf_example import EXAMPLE_DIR
from tests.e2e.conftest import by_name, run_notebook, saved_images, shown_images


def run(tmp_path: Path, **parameters) -> dict:
    return run_notebook("04_troubled_families_impact", tmp_path, **parameters)


def executed_text(tmp_path: Path) -> str:
    """Every output of the executed notebook as text (markdown, tables, printed lines)."""
    cells = json.loads((tmp_path / "executed.ipynb").read_text())["cells"]
    parts = []
    for cell in cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append("".join(data.get("text/markdown") or data.get("text/html")
                                 or data.get("text/plain") or output.get("text") or ""))
    return "\n".join(parts)


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
def test_synthetic_example_records_in_the_template(tmp_path):
    sidecar = run(tmp_path, data_source="local", data_dir=str(EXAMPLE_DIR))
    assert sidecar["data_source"] == "local" and sidecar["synthetic"] is True
    truth = json.loads((EXAMPLE_DIR / "truth.json").read_text())
    planted = truth["effects"]["troubled_families"]["outcomes"]["child_entered_care"]["value"]
    found = by_name(sidecar)
    for name in ("matching_att", "did_att"):
        assert found[name]["truth"] == planted and found[name]["covers_truth"] is True
        assert found[name]["interval_kind"] == "confidence"
    assert found["matching_att"]["n"] <= truth["config"]["treated_families"]
    benchmark = pd.read_csv(tmp_path / "out" / "tf-benchmark.csv")
    assert benchmark["data_source"].str.startswith("SYNTHETIC DATA").all()
    assert set(benchmark["origin"]) == {"SYNTHETIC example records", "published"}
    text = executed_text(tmp_path)
    assert "comparison is within the LA" in text and "SYNTHETIC data" in text
    assert shown_images(tmp_path / "executed.ipynb") == saved_images(tmp_path / "out")


@pytest.mark.slow
def test_a_councils_own_records_are_not_labelled_synthetic(tmp_path):
    own = tmp_path / "council_records"
    own.mkdir()
    for path in EXAMPLE_DIR.glob("tf_family_*.csv"):  # no truth.json: no planted effect
        shutil.copy(path, own / path.name.replace("SYNTHETIC_example", "2024"))
    sidecar = run(tmp_path, data_source="local", data_dir=str(own), method="matching")
    assert sidecar["synthetic"] is False
    estimate = by_name(sidecar)["matching_att"]
    assert estimate["truth"] is None and estimate["ci_low"] < estimate["ci_high"]
    benchmark = pd.read_csv(tmp_path / "out" / "tf-benchmark.csv")
    assert not benchmark["data_source"].str.contains("SYNTHETIC").any()
    assert "Walsall's own records" in set(benchmark["origin"])
    text = executed_text(tmp_path)
    assert "SYNTHETIC" not in text and "Walsall's own family records" in text


@pytest.mark.slow
@pytest.mark.real_data
def test_official_data_show_published_evidence_and_no_estimate(tmp_path, real_data_dir):
    sidecar = run(tmp_path, data_source="official", data_dir=str(real_data_dir))
    assert sidecar["data_source"] == "official" and sidecar["synthetic"] is False
    assert sidecar["results"] == []  # no family-level records are published: no estimate
    text = executed_text(tmp_path)
    assert "no estimate for Walsall" in text and "SYNTHETIC" not in text
    for published in ("383 families identified", "13 families turned around",
                      "local press report citing DCLG figures",
                      "no significant or systematic impact", "1.7% of programme families",
                      "secondary summary of the publication"):
        assert published in text, published
    benchmark = pd.read_csv(tmp_path / "out" / "tf-benchmark.csv")
    assert set(benchmark["origin"]) == {"published"} and benchmark["ci_low"].isna().all()
    assert (tmp_path / "out" / "benchmark.png").exists()


@pytest.mark.slow
@pytest.mark.real_data
def test_official_data_for_an_la_without_published_figures(tmp_path, real_data_dir):
    sidecar = run(tmp_path, la="Hampshire", data_source="official",
                  data_dir=str(real_data_dir), method="matching")
    assert sidecar["results"] == []
    text = executed_text(tmp_path)
    assert "No published Troubled Families figures are recorded for Hampshire" in text
    assert "no significant or systematic impact" in text
