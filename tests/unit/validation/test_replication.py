"""A replication is deterministic, isolated in its own folder, and records what it ran."""

from __future__ import annotations

import os

import pytest

from analysis_lib.validation.replication import Job, replication_seed, run_replication


@pytest.mark.slow
def test_same_seed_same_record_and_nothing_left_behind(monkeypatch, tmp_path):
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path / "cache_of_the_caller"))
    job = Job("default", 1, replication_seed(7, 1), {}, ("03_caseload_regressions",),
              school_scale=0.03, family_scale=0.03)
    first, second = run_replication(job), run_replication(job)
    assert first["estimates"] == second["estimates"] and first["failures"] == {}
    names = {e["name"]: e for e in first["estimates"]}
    caseload = names["fe_caseload_per_fte"]
    assert caseload["truth"] == -0.8 and caseload["interval_kind"] == "confidence"
    assert caseload["ci_low"] < caseload["value"] < caseload["ci_high"]
    assert set(first["cpu_seconds"]) == {"generate", "03_caseload_regressions", "total"}
    assert os.environ["EVIDENCE_CACHE_DIR"] == str(tmp_path / "cache_of_the_caller")
    assert not (tmp_path / "cache_of_the_caller").exists()


@pytest.mark.slow
def test_a_failing_notebook_is_recorded_not_raised(monkeypatch):
    def boom(notebook, data_dir):
        raise RuntimeError("no data for this England")

    monkeypatch.setattr("analysis_lib.validation.replication.run_headlines", boom)
    job = Job("default", 1, 11, {}, ("03_caseload_regressions",), 0.03, 0.03)
    record = run_replication(job)
    assert record["estimates"] == []
    assert "RuntimeError: no data" in record["failures"]["03_caseload_regressions"]
