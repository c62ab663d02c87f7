"""Interrupting a pack (SIGINT, SIGKILL) then --resume gives the uninterrupted pack's results."""

import json
import os
import shutil
import signal
import subprocess
import time

import psutil
import pytest

from tests.e2e.pack_support import (
    ROOT,
    evidence,
    evidence_args,
    pack_args,
    records,
    results_sidecars,
    write_spec,
)

pytestmark = pytest.mark.slow


def _wait_for_first_record(pack, runner, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and runner.poll() is None:
        if records(pack):
            return
        time.sleep(0.1)
    raise AssertionError("no run finished before the timeout")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_pack_resumes_to_identical_results(tmp_path, sig):
    spec = write_spec(tmp_path, name="resume", las=["Walsall", "Sandwell", "Dudley"],
                      notebooks=["slow", "ok"], overrides={"slow": {"seconds": 1.5}})
    root = tmp_path / "out"
    pack = root / "resume"
    done = evidence(*pack_args(spec, root, "--workers", 1))
    assert done.returncode == 0, done.stdout + done.stderr
    reference = results_sidecars(pack)
    assert len(reference) == 6
    shutil.rmtree(root)

    runner = subprocess.Popen(evidence_args(*pack_args(spec, root, "--workers", 1)),
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    _wait_for_first_record(pack, runner)
    helpers = psutil.Process(runner.pid).children(recursive=True)
    os.kill(runner.pid, sig)
    runner.wait(timeout=120)
    assert runner.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL)
    _, alive = psutil.wait_procs(helpers, timeout=20)
    assert alive == []  # workers and kernels do not outlive the runner
    finished = {k: r for k, r in records(pack).items() if r["status"] == "ok"}
    assert 1 <= len(finished) < 6
    if sig == signal.SIGINT:
        manifest = json.loads((pack / "manifest.json").read_text())
        assert manifest["interrupted"] and manifest["counts"]["ok"] == len(finished)

    done = evidence(*pack_args(spec, root, "--workers", 1, "--resume"))
    assert done.returncode == 0, done.stdout + done.stderr
    after = records(pack)
    # Resume reuses a run only if its inputs are unchanged; in a shared working tree another
    # edit of analysis_lib or a regenerated data set between the two invocations legitimately
    # changes every input hash, and then every run must be executed again.
    unchanged = all(after[k]["input_hash"] == r["input_hash"] for k, r in finished.items())
    reused = len(finished) if unchanged else 0
    assert f"{reused} reused from a previous run" in done.stdout
    for run_id, record in finished.items():
        assert (after[run_id]["started"] == record["started"]) is unchanged
    assert results_sidecars(pack) == reference
    leftovers = [p.name for p in pack.rglob(".*") if p.is_file()]
    assert leftovers == []
    manifest = json.loads((pack / "manifest.json").read_text())
    assert manifest["counts"] == {"runs": 6, "ok": 6, "failed": 0, "not_run": 0}
    assert sum(r["resumed"] for r in manifest["runs"]) == reused
