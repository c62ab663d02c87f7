"""The dask.distributed executor produces the same results sidecars as the local pool."""

import pytest

from analysis_lib.packs.runner import PackOptions, run_pack
from analysis_lib.packs.spec import validate_spec
from tests.e2e.pack_support import FIXTURES, results_sidecars

pytestmark = pytest.mark.slow


def test_dask_executor_matches_local_executor(tmp_path):
    distributed = pytest.importorskip("distributed")
    spec = validate_spec({"name": "dask", "las": ["Walsall", "Sandwell"],
                          "notebooks": ["ok", "echo"],
                          "overrides": {"echo": {"text": "same everywhere"}}}, FIXTURES)
    local = run_pack(spec, PackOptions(output_root=tmp_path / "local", workers=2,
                                       progress=False))
    assert local.ok
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        remote = run_pack(spec, PackOptions(output_root=tmp_path / "dask", executor="dask",
                                            scheduler=cluster.scheduler_address,
                                            progress=False))
    assert remote.ok
    expected = results_sidecars(tmp_path / "local" / "dask")
    assert len(expected) == 4
    assert results_sidecars(tmp_path / "dask" / "dask") == expected
    assert {r["worker_pid"] for r in remote.records.values()} == {__import__("os").getpid()}
