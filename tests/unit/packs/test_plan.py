"""Runs of a pack: one per LA x notebook, paths inside the pack folder, input hashes."""

import json
from pathlib import Path

from analysis_lib.packs.execute import completed_record
from analysis_lib.packs.plan import plan_runs
from analysis_lib.packs.provenance import sha256_file
from analysis_lib.packs.spec import validate_spec

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notebooks"


def pack(**changes):
    raw = {"name": "plan", "las": ["Walsall", "Sandwell"], "notebooks": ["ok", "echo"],
           "overrides": {"echo": {"text": "a"}}}
    raw.update(changes)
    return validate_spec(raw, FIXTURES)


def test_one_run_per_la_and_notebook(tmp_path):
    runs = plan_runs(pack(), tmp_path, "fp", "code")
    assert [r.run_id for r in runs] == ["walsall/ok", "walsall/echo", "sandwell/ok",
                                        "sandwell/echo"]
    echo = runs[1]
    assert echo.parameters == {"la": "Walsall", "data_source": "synthetic", "data_dir": "",
                               "output_dir": str((tmp_path / "plan/walsall/echo").resolve()),
                               "text": "a"}
    assert echo.output_notebook == (tmp_path / "plan/walsall/echo.ipynb").resolve()
    assert echo.record_path.name == "echo.run.json"


def test_input_hash_tracks_every_input(tmp_path):
    base = {r.run_id: r.input_hash for r in plan_runs(pack(), tmp_path, "fp", "code")}
    assert base == {r.run_id: r.input_hash for r in plan_runs(pack(), tmp_path, "fp", "code")}
    assert len(set(base.values())) == 4
    changed = {
        "data": plan_runs(pack(), tmp_path, "fp2", "code"),
        "code": plan_runs(pack(), tmp_path, "fp", "code2"),
        "parameter": plan_runs(pack(overrides={"echo": {"text": "b"}}), tmp_path, "fp", "code"),
        "source": plan_runs(pack(source="official"), tmp_path, "fp", "code"),
    }
    for runs in changed.values():
        assert base["walsall/echo"] != {r.run_id: r.input_hash for r in runs}["walsall/echo"]
    only_echo = {r.run_id: r.input_hash for r in changed["parameter"]}
    assert only_echo["walsall/ok"] == base["walsall/ok"]


def _fake_complete(run):
    run.output_dir.mkdir(parents=True)
    (run.output_dir / "results.json").write_text("{}")
    files = {"echo/results.json": sha256_file(run.output_dir / "results.json")}
    run.record_path.write_text(json.dumps({"status": "ok", "input_hash": run.input_hash,
                                           "files": files}))


def test_completed_record_requires_status_hash_and_intact_files(tmp_path):
    run = plan_runs(pack(), tmp_path, "fp", "code")[1]
    assert completed_record(run) is None
    _fake_complete(run)
    assert completed_record(run)["status"] == "ok"
    other = plan_runs(pack(overrides={"echo": {"text": "b"}}), tmp_path, "fp", "code")[1]
    assert completed_record(other) is None  # same place, different inputs
    (run.output_dir / "results.json").write_text('{"tampered": true}')
    assert completed_record(run) is None
    run.record_path.write_text("{not json")
    assert completed_record(run) is None


def test_las_sharing_a_name_run_apart_and_each_as_itself(tmp_path):
    from analysis_lib.geography import resolve_la

    runs = plan_runs(pack(las=[835, 838], notebooks=["ok"], overrides={}), tmp_path, "fp",
                     "code")
    assert [(r.run_id, r.parameters["la"]) for r in runs] == [("dorset-835/ok", "835"),
                                                              ("dorset/ok", "Dorset")]
    assert [resolve_la(r.parameters["la"])[0] for r in runs] == [835, 838]
