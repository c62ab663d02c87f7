"""Estimates and the results sidecar."""

from __future__ import annotations

import json
import math

import pytest

from analysis_lib.context import RunContext
from analysis_lib.results import Estimate, ResultsRecorder


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    import analysis_lib.data

    monkeypatch.setattr(analysis_lib.data, "fingerprint", lambda source, data_dir=None: "fp",
                        raising=False)
    return RunContext(notebook="01_test", la_code=335, la_name="Walsall",
                      comparator_codes=(333,), comparators="statistical_neighbours",
                      first_year=2016, last_year=2025, data_source="synthetic", data_dir=None,
                      output_dir=tmp_path, parameters={"la": "Walsall", "output_dir": "x"})


def test_describe_uses_fixed_precision_and_interval():
    est = Estimate("gap", "Gap", 21.456, "pp", "Newcombe", ci_low=18.04, ci_high=24.96,
                   interval_kind="confidence")
    assert est.describe() == "Gap: 21.5 pp (95% CI 18.0 to 25.0)"
    assert Estimate("x", "X", math.nan, "pp", "m").describe() == "X: not available"


def test_covers_truth():
    assert Estimate("g", "G", 2.0, "pp", "m", 1.0, 3.0, truth=2.5,
                    interval_kind="confidence").covers_truth is True
    assert Estimate("g", "G", 2.0, "pp", "m", 1.0, 3.0, truth=3.5,
                    interval_kind="confidence").covers_truth is False
    assert Estimate("g", "G", 2.0, "pp", "m").covers_truth is None


def test_sidecar_is_deterministic_and_machine_independent(ctx):
    recorder = ResultsRecorder(ctx)
    recorder.add(Estimate("gap", "Gap", 21.1234567891, "pp", "m", 18.0, 24.0, n=300, truth=20.0,
                          interval_kind="confidence"))
    first = recorder.write().read_text()
    second = recorder.write().read_text()
    assert first == second
    data = json.loads(first)
    assert data["synthetic"] is True and data["la_code"] == 335
    assert data["results"][0]["value"] == 21.123457
    assert data["results"][0]["covers_truth"] is True
    assert "output_dir" not in data["parameters"], "paths differ between machines"
    assert data["provenance"]["data_fingerprint"] == "fp"


def test_headline_text_lists_only_headlines(ctx):
    recorder = ResultsRecorder(ctx)
    recorder.add(Estimate("a", "A", 1.0, "pp", "m"))
    recorder.add(Estimate("b", "B", 2.0, "pp", "m", headline=False))
    assert recorder.headline_text() == "A: 1.0 pp"


@pytest.mark.parametrize("kind, words", [
    ("placebo_range", "range of 95% of placebo estimates"),
    ("prediction", "95% prediction interval"),
    ("coefficient_only", "95% interval from coefficient uncertainty only"),
])
def test_only_a_confidence_interval_is_called_a_ci(kind, words):
    text = Estimate("d", "D", 2.0, "pp", "m", 1.0, 3.0, interval_kind=kind).describe()
    assert text == f"D: 2.0 pp ({words} 1.0 to 3.0)"
    assert "CI" not in text


def test_an_interval_must_say_what_it_is():
    with pytest.raises(ValueError, match="interval_kind"):
        Estimate("d", "D", 2.0, "pp", "m", 1.0, 3.0)
    with pytest.raises(ValueError, match="unknown interval kind|interval_kind"):
        Estimate("d", "D", 2.0, "pp", "m", 1.0, 3.0, interval_kind="CI")
    with pytest.raises(ValueError, match="no interval"):
        Estimate("d", "D", 2.0, "pp", "m", interval_kind="confidence")


def test_sidecar_records_interval_kind_and_se(ctx):
    recorder = ResultsRecorder(ctx)
    recorder.add(Estimate("g", "G", 2.0, "pp", "m", 1.0, 3.0, interval_kind="placebo_range"))
    recorder.add(Estimate("h", "H", 2.0, "pp", "m", 1.0, 3.0, interval_kind="confidence",
                          se=0.51))
    rows = {r["name"]: r for r in json.loads(recorder.write().read_text())["results"]}
    assert rows["g"]["interval_kind"] == "placebo_range" and rows["g"]["se"] is None
    assert rows["h"]["interval_kind"] == "confidence" and rows["h"]["se"] == 0.51


def test_sidecar_records_the_code_and_the_one_sentence_verdict(ctx):
    import subprocess

    from analysis_lib.code_version import PROJECT_ROOT, source_hash

    recorder = ResultsRecorder(ctx)
    assert recorder.record_verdict("  The gap is\nwider than England's.  ") == (
        "The gap is wider than England's.")
    data = json.loads(recorder.write().read_text())
    assert data["verdict"] == "The gap is wider than England's."
    provenance = data["provenance"]
    assert provenance["analysis_lib_sources_sha256"] == source_hash()
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                          cwd=PROJECT_ROOT)
    if head.returncode == 0:  # run from a checkout
        assert provenance["git_commit"] == head.stdout.strip()
        assert isinstance(provenance["git_dirty"], bool)
    with pytest.raises(ValueError):
        recorder.record_verdict("   ")


def test_an_unavailable_section_is_written_to_the_sidecar_only_when_there_is_one(ctx):
    recorder = ResultsRecorder(ctx)
    assert "unavailable" not in json.loads(recorder.write().read_text())
    shown = recorder.unavailable("School view", "no school-level results in this source")
    assert shown.message == "no school-level results in this source"
    data = json.loads(recorder.write().read_text())
    assert data["unavailable"] == [{"section": "School view",
                                    "message": "no school-level results in this source"}]


def test_an_unavailable_sections_reason_names_no_local_folder(ctx, tmp_path):
    from dataclasses import replace

    recorder = ResultsRecorder(replace(ctx, data_dir=tmp_path / "real"))
    recorder.unavailable("Schools", f"no school files in {tmp_path / 'real'}/attainment")
    data = json.loads(recorder.write().read_text())
    assert data["unavailable"][0]["message"] == "no school files in <data_dir>/attainment"
