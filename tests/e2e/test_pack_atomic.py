"""A crash part-way through a run never leaves a run that looks complete."""

import pytest

from analysis_lib.packs.execute import completed_record, execute_run
from analysis_lib.packs.html_report import HtmlReports
from analysis_lib.packs.kernels import KernelFactory, KernelPool
from analysis_lib.packs.plan import plan_runs
from analysis_lib.packs.spec import validate_spec
from tests.e2e.pack_support import FIXTURES

pytestmark = pytest.mark.slow


class Crash(BaseException):
    """Stands for the process dying (SIGKILL, power cut) at a given point."""


class CrashingReports(HtmlReports):
    def write(self, notebook, targets, **kwargs):
        targets["report"].write_text("<html>half")  # a non-atomic writer would leave this
        raise Crash


def test_crash_before_the_record_leaves_the_run_incomplete(tmp_path):
    spec = validate_spec({"name": "atomic", "las": ["Walsall"], "notebooks": ["ok"]}, FIXTURES)
    run = plan_runs(spec, tmp_path, "fp", "code")[0]
    pool = KernelPool(KernelFactory("python3"), ahead=False)
    try:
        record = execute_run(run, pool, HtmlReports())
        assert record["status"] == "ok" and completed_record(run) is not None
        with pytest.raises(Crash):
            execute_run(run, pool, CrashingReports())
        assert completed_record(run) is None  # the old record went first, no new one came
        assert not run.record_path.exists()
        assert not list(run.la_dir.glob(".*"))  # no temporary files left behind
        assert execute_run(run, pool, HtmlReports())["status"] == "ok"
        assert completed_record(run) is not None
    finally:
        pool.close()
