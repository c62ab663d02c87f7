"""A pack on the local worker pool: failures kept and listed, retries, reports and index."""

import json

import nbformat
import pytest

from tests.e2e.pack_support import evidence, pack_args, records, write_spec

pytestmark = pytest.mark.slow


def test_a_failing_notebook_does_not_stop_the_pack(tmp_path):
    spec = write_spec(tmp_path, name="mixed", las=["Walsall", "Sandwell"],
                      notebooks=["ok", "failing"])
    done = evidence(*pack_args(spec, tmp_path / "out", "--workers", 2))
    assert done.returncode == 1, done.stderr
    assert "2/4 runs succeeded, 2 failed" in done.stdout
    assert "FAILED walsall/failing (attempt 1): ValueError in cell 5: fixture failure" in (
        done.stdout)
    pack = tmp_path / "out" / "mixed"
    status = {run_id: r["status"] for run_id, r in records(pack).items()}
    assert status == {"sandwell/failing": "failed", "sandwell/ok": "ok",
                      "walsall/failing": "failed", "walsall/ok": "ok"}
    kept = nbformat.read(str(pack / "walsall" / "failing.ipynb"), as_version=4)
    errors = [o for c in kept.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.output_type == "error"]
    assert errors and errors[0]["ename"] == "ValueError"
    assert (pack / "walsall" / "failing" / "partial.csv").is_file()
    manifest = json.loads((pack / "manifest.json").read_text())
    assert manifest["counts"] == {"runs": 4, "ok": 2, "failed": 2, "not_run": 0}
    assert {r["run_id"]: r["error"] and r["error"]["cell"] for r in manifest["runs"]} == {
        "walsall/ok": None, "walsall/failing": 5, "sandwell/ok": None, "sandwell/failing": 5}
    report = (pack / "walsall" / "ok.html").read_text()
    with_code = (pack / "walsall" / "ok.code.html").read_text()
    assert "Fixture value for Walsall" in report and "Fixture value for Walsall" in with_code
    assert "hashlib" not in report and "hashlib" in with_code
    index = (pack / "index.html").read_text()
    assert "SYNTHETIC DATA" in index and "Fixture value" in index and "failed" in index
    assert (pack / "walsall" / "walsall_tables.xlsx").is_file()


def test_retries_recover_a_transient_failure(tmp_path):
    for retries, code, attempt in ((0, 1, 1), (1, 0, 2)):
        marker = tmp_path / f"marker{retries}"
        spec = write_spec(tmp_path, name=f"flaky{retries}", las=["Walsall"],
                          notebooks=["flaky"], overrides={"flaky": {"marker": str(marker)}})
        done = evidence(*pack_args(spec, tmp_path / "out", "--retries", retries))
        assert done.returncode == code, done.stdout + done.stderr
        record = records(tmp_path / "out" / f"flaky{retries}")["walsall/flaky"]
        assert record["attempt"] == attempt
        assert record["status"] == ("ok" if code == 0 else "failed")


def test_spec_errors_stop_before_anything_runs(tmp_path):
    spec = write_spec(tmp_path, name="../../escape", las=["Atlantis"], notebooks=["nope"])
    done = evidence(*pack_args(spec, tmp_path / "out"))
    assert done.returncode == 2
    assert "3 problem(s)" in done.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path.parent / "escape").exists()
