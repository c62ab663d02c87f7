"""Run contexts shared by the notebook 04 unit tests."""

import pytest


@pytest.fixture
def run_for(tmp_path, monkeypatch):
    """A run context for notebook 04 (built tables cached under tmp_path)."""
    from analysis_lib.context import start_run

    monkeypatch.setenv("EVIDENCE_PROCESSED_DIR", str(tmp_path / "processed"))

    def _start(**params):
        base = dict(la="Walsall", first_year=2009, last_year=2021, data_source="synthetic",
                    data_dir="", output_dir=str(tmp_path / "out"))
        return start_run("04_troubled_families_impact", **(base | params))

    return _start
