"""Planning is deterministic; records are saved once and a rerun resumes from them."""

from __future__ import annotations

import json

import pytest

from analysis_lib.errors import ParameterError
from analysis_lib.validation import runner, scenarios
from analysis_lib.validation.replication import lost_record


class InProcessExecutor:
    """The executors' interface, running a stand-in replication in this process."""

    submitted: list = []

    def __init__(self, lose=()):
        self._done, self._lose = [], set(lose)

    def submit(self, job, attempt):
        InProcessExecutor.submitted.append(job.run_id)
        if job.index in self._lose:
            self._done.append(lost_record(job, attempt, "WorkerDied", "killed"))
        else:
            self._done.append({"status": "done", "run_id": job.run_id,
                               "job": {"scenario": job.scenario, "index": job.index,
                                       "seed": job.seed}})

    def next_done(self):
        return self._done.pop(0)

    def close(self):
        pass


@pytest.fixture()
def fake_executor(monkeypatch):
    InProcessExecutor.submitted = []
    lose: set = set()
    monkeypatch.setattr("analysis_lib.validation.executors.make_executor",
                        lambda kind, workers, scheduler="": InProcessExecutor(lose))
    return lose


def _options(tmp_path, **changes):
    settings = {"scenarios": ("default", "treated_pretrend"), "replications": 3,
                "scenario_replications": 2} | changes
    return runner.ValidationOptions(output_dir=tmp_path, progress=False, **settings)


def test_plan_is_deterministic_and_shares_seeds_across_scenarios(tmp_path):
    jobs = runner.plan(_options(tmp_path))
    assert [j.run_id for j in jobs] == ["default/rep-0001", "default/rep-0002",
                                        "default/rep-0003", "treated_pretrend/rep-0001",
                                        "treated_pretrend/rep-0002"]
    assert jobs == runner.plan(_options(tmp_path))
    assert jobs[0].seed == jobs[3].seed != jobs[1].seed  # rep 1 of each: same England
    assert jobs[3].switches == {"focus_ofsted_trend": 0.02}
    assert jobs[3].notebooks == ("02_ofsted_trajectory",)
    assert jobs[3].config().focus_ofsted_trend == 0.02 and jobs[3].config().school_scale == 0.1
    other_seed = runner.plan(_options(tmp_path, master_seed=1))
    assert other_seed[0].seed != jobs[0].seed and other_seed[0].key != jobs[0].key


def test_a_notebook_filter_keeps_only_scenarios_that_run_it(tmp_path):
    jobs = runner.plan(_options(tmp_path, notebooks=("01_attainment_gaps",)))
    assert {j.scenario for j in jobs} == {"default"}
    assert all(j.notebooks == ("01_attainment_gaps",) for j in jobs)


def test_records_are_saved_and_a_rerun_resumes(tmp_path, fake_executor):
    first = runner.run_validation(_options(tmp_path))
    assert len(first.records) == 5 and first.resumed == 0
    saved = sorted(p.relative_to(tmp_path / "records").as_posix()
                   for p in (tmp_path / "records").rglob("*.json"))
    key = runner.plan(_options(tmp_path))[0].key
    assert saved[0] == f"{key}/default/rep-0001.json"
    InProcessExecutor.submitted = []
    again = runner.run_validation(_options(tmp_path, replications=4))
    assert InProcessExecutor.submitted == ["default/rep-0004"]  # only the new one
    assert again.resumed == 5 and len(again.records) == 6
    assert json.loads((tmp_path / "records" / saved[0]).read_text()) == first.records[0]


def test_a_lost_replication_is_not_saved_so_it_is_drawn_again(tmp_path, fake_executor):
    fake_executor.add(2)
    result = runner.run_validation(_options(tmp_path, scenarios=("default",)))
    assert [r["run_id"] for r in result.lost] == ["default/rep-0002"]
    assert len(result.records) == 2
    fake_executor.clear()
    InProcessExecutor.submitted = []
    runner.run_validation(_options(tmp_path, scenarios=("default",)))
    assert InProcessExecutor.submitted == ["default/rep-0002"]


def test_unknown_scenarios_are_refused():
    with pytest.raises(ParameterError, match="unknown scenario"):
        scenarios.select(["default", "asteroid"])


def test_rewording_the_report_keeps_the_records_key():
    from analysis_lib.code_version import LIB_DIR

    assert all((LIB_DIR / name).is_file() for name in runner.REPORTING_MODULES)
    assert len(runner.records_code_hash()) == 64
