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
    est = Estimate("gap", "Gap", 21.456, "pp", "Newcombe", ci_low=18.04, ci_high=24.96)
    assert est.describe() == "Gap: 21.5 pp (95% CI 18.0 to 25.0)"
    assert Estimate("x", "X", math.nan, "pp", "m").describe() == "X: not available"


def test_covers_truth():
    assert Estimate("g", "G", 2.0, "pp", "m", 1.0, 3.0, truth=2.5).covers_truth is True
    assert Estimate("g", "G", 2.0, "pp", "m", 1.0, 3.0, truth=3.5).covers_truth is False
    assert Estimate("g", "G", 2.0, "pp", "m").covers_truth is None


def test_sidecar_is_deterministic_and_machine_independent(ctx):
    recorder = ResultsRecorder(ctx)
    recorder.add(Estimate("gap", "Gap", 21.1234567891, "pp", "m", 18.0, 24.0, n=300, truth=20.0))
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
