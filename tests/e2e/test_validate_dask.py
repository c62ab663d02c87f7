"""Replications on a dask.distributed cluster give the same records as on the local pool."""

from __future__ import annotations

import pytest

from analysis_lib.validation.runner import ValidationOptions, run_validation

pytestmark = pytest.mark.slow


def _estimates(result):
    return [(r["run_id"], r["estimates"]) for r in result.records]


def test_dask_and_local_replications_agree(tmp_path):
    distributed = pytest.importorskip("distributed")
    options = {"scenarios": ("default",), "replications": 2, "school_scale": 0.03,
               "family_scale": 0.03, "notebooks": ("03_caseload_regressions",),
               "progress": False}
    local = run_validation(ValidationOptions(output_dir=tmp_path / "local", workers=2,
                                             **options))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        remote = run_validation(ValidationOptions(
            output_dir=tmp_path / "dask", executor="dask",
            scheduler=cluster.scheduler_address, **options))
    assert not local.lost and not remote.lost and len(remote.records) == 2
    assert _estimates(remote) == _estimates(local)
    assert {e["name"] for e in remote.records[0]["estimates"]} >= {
        "fe_caseload_per_fte", "counterfactual_outcome_at_england_median"}
