"""Quarter-on-quarter comparison rules, on hand-made estimates and manifests."""

import json
import math

import pytest

from analysis_lib.errors import SpecError
from analysis_lib.packs.changes_page import render_changes
from analysis_lib.packs.compare import (
    change_test,
    changes,
    compare_estimate,
    compare_inputs,
    load_previous,
)


def est(value, low=None, high=None, se=None, kind="confidence"):
    return {"value": value, "ci_low": low, "ci_high": high, "se": se,
            "interval_kind": kind if low is not None else None}


def test_se_rule_compares_the_difference_with_its_combined_standard_error():
    rule, larger, threshold = change_test(est(-0.8, -0.9, -0.7, se=0.05),
                                          est(-0.6, -0.7, -0.5, se=0.05))
    assert rule == "se" and threshold == pytest.approx(1.959964 * math.sqrt(0.005))
    assert larger is True  # 0.2 > 0.139
    assert change_test(est(-0.8, -0.9, -0.7, se=0.05),
                       est(-0.7, -0.8, -0.6, se=0.05))[1] is False  # 0.1 < 0.139


def test_other_interval_kinds_use_non_overlapping_intervals():
    placebo = dict(kind="placebo_range")
    assert change_test(est(5, -5, 15, **placebo), est(20, 16, 24, **placebo)) == (
        "overlap", True, None)
    assert change_test(est(5, -5, 15, **placebo), est(12, 2, 22, **placebo))[1] is False
    # a confidence interval without a standard error falls back to overlap too
    assert change_test(est(1, 0, 2), est(1.5, 0.5, 2.5))[0] == "overlap"


def test_without_intervals_a_change_cannot_be_judged():
    assert change_test(est(3), est(4)) == ("none", None, None)
    assert change_test(est(3), est(3)) == ("none", False, None)


def test_direction_and_significance_changes():
    row = compare_estimate(est(-0.8, -0.9, -0.7, se=0.05), est(0.1, -0.05, 0.25, se=0.08))
    assert row["direction_changed"] and row["significance_changed"]
    assert row["excludes_zero"] == {"previous": True, "current": False}
    assert row["difference"] == pytest.approx(0.9) and row["status"] == "changed"
    same = compare_estimate(est(2, 1, 3, se=0.5), est(2, 1, 3, se=0.5))
    assert same["status"] == "unchanged" and not same["direction_changed"]
    assert same["larger_than_uncertainty"] is False
    assert compare_estimate(None, est(1))["status"] == "new"
    assert compare_estimate(est(1), None)["status"] == "removed"


def manifest(tables, commit="a" * 40, parameters=None, runs=None):
    return {"pack": "q", "started": "2025-01-01T00:00:00Z",
            "code": {"version": "v", "git_commit": commit, "analysis_lib_version": "0.1",
                     "analysis_lib_sources_sha256": commit[:8]},
            "data": {"source": "synthetic", "fingerprint": "f" + commit[:3], "tables": tables},
            "packages": {"pandas": "2.2.3"},
            "runs": runs or [{"run_id": "walsall/nb", "la_code": 335, "la_name": "Walsall",
                              "notebook": "nb", "status": "ok",
                              "parameters": parameters or {"la": "Walsall", "x": 1},
                              "outputs": {"output_dir": "walsall/nb"}}]}


def test_inputs_name_the_tables_code_and_parameters_that_changed():
    before = manifest({"cin_la": "1", "workforce_la": "2"})
    after = manifest({"cin_la": "3", "workforce_la": "2"}, commit="b" * 40,
                     parameters={"la": "Walsall", "x": 2})
    inputs = compare_inputs(before, after)
    assert inputs["tables"] == [{"name": "cin_la", "previous": "1", "current": "3"}]
    assert inputs["tables_unchanged"] == ["workforce_la"]
    assert inputs["code"]["changed"] and inputs["code"]["git_commit"]["current"] == "b" * 40
    assert inputs["parameters"] == [{"run_id": "walsall/nb", "name": "x", "previous": 1,
                                     "current": 2}]
    assert inputs["packages"] == []


def _write_pack(folder, m, results):
    (folder / "walsall" / "nb").mkdir(parents=True)
    (folder / "walsall" / "nb" / "results.json").write_text(json.dumps(results))
    (folder / "manifest.json").write_text(json.dumps(m))


def test_changes_read_both_packs_and_render_a_page(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    _write_pack(old, manifest({"t": "1"}), {"verdict": "Lower.", "results": [
        {"name": "b", "label": "Effect <b>", "unit": "pp", "headline": True,
         **est(-0.8, -0.9, -0.7, se=0.05)}]})
    _write_pack(new, manifest({"t": "2"}), {"verdict": "Higher.", "results": [
        {"name": "b", "label": "Effect <b>", "unit": "pp", "headline": True,
         **est(0.8, 0.7, 0.9, se=0.05)},
        {"name": "c", "label": "Aside", "unit": "", "headline": False, **est(1)}]})
    previous = load_previous(old)  # a folder or its manifest.json
    assert previous.folder == old and load_previous(old / "manifest.json").folder == old
    (old / "walsall" / "nb" / "results.json").unlink()  # read when loaded, not afterwards
    data = changes(previous, json.loads((new / "manifest.json").read_text()), new)
    (row,) = data["estimates"]
    assert row["la_name"] == "Walsall" and row["larger_than_uncertainty"]
    assert data["summary"]["direction_changed"] == 1
    assert data["verdicts"][0]["changed"] and data["verdicts"][0]["current"] == "Higher."
    page = render_changes(data, synthetic=True)
    assert "Effect &lt;b&gt;" in page and "SYNTHETIC DATA" in page
    assert page.count("<h1>") == 1 and "yes (se rule)" in page


def test_a_missing_previous_pack_is_a_clear_error(tmp_path):
    with pytest.raises(SpecError, match="--compare-to"):
        load_previous(tmp_path / "nowhere")
