"""The pack index and manifest, built from records and results sidecars."""

import json
import re
from pathlib import Path

from analysis_lib.packs.plan import plan_runs
from analysis_lib.packs.report import (
    headline_lines,
    manifest,
    render_index,
    write_pack_outputs,
    write_workbook,
)
from analysis_lib.packs.runner import LaWorkbooks, PackOptions
from analysis_lib.packs.spec import validate_spec

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notebooks"
CODE = {"version": "v1", "git": False, "analysis_lib_sources_sha256": "abc"}
RESULT = {"name": "gap", "label": "Gap <b>", "value": 12.345, "ci_low": 9.1, "ci_high": 15.2,
          "interval_kind": "confidence",
          "unit": "pp", "method": "m", "truth": 12.0, "headline": True}


def setup_pack(tmp_path, source="synthetic"):
    spec = validate_spec({"name": "rep", "source": source, "las": ["Walsall"],
                          "notebooks": ["ok", "failing"]}, FIXTURES)
    runs = plan_runs(spec, tmp_path, "fp", "abc")
    ok, failing = runs
    ok.output_dir.mkdir(parents=True)
    (ok.output_dir / "results.json").write_text(json.dumps({"verdict": "Wider <than> England.",
                                                            "results": [
        RESULT, {**RESULT, "name": "aside", "label": "Not headline", "headline": False}]}))
    (ok.output_dir / "trend.csv").write_text("year,value\n2010,1.5\n")
    records = {ok.run_id: {"status": "ok", "seconds": 1.25, "attempt": 1},
               failing.run_id: {"status": "failed", "attempt": 2, "seconds": 0.5, "error": {
                   "type": "ValueError", "message": "<script>alert(1)</script>", "cell": 5}}}
    return spec, runs, records


def test_headline_lines_show_value_interval_and_unit():
    assert headline_lines({"results": [RESULT]}) == ["Gap <b>: 12.35 pp (95% CI 9.10 to 15.20)"]
    assert headline_lines({"results": [{**RESULT, "ci_low": None}]}) == ["Gap <b>: 12.35 pp"]
    placebo = {**RESULT, "interval_kind": "placebo_range"}
    assert headline_lines({"results": [placebo]}) == [
        "Gap <b>: 12.35 pp (range of 95% of placebo estimates 9.10 to 15.20)"]
    assert headline_lines(None) == []


def test_index_labels_synthetic_data_and_escapes_notebook_text(tmp_path):
    spec, runs, records = setup_pack(tmp_path)
    page = render_index(spec, runs, records, CODE, "fp", interrupted=False)
    assert "SYNTHETIC DATA" in page and "Walsall (335)" in page
    assert ('<th scope="row">Gap &lt;b&gt;</th><td>12.35 pp</td><td>95% CI 9.10 to 15.20</td>'
            '<td>excludes zero</td>') in page
    assert "Not headline" not in page
    assert "<script>" not in page and "ValueError (cell 5)" in page
    assert "1 of 2 runs succeeded" in page


def test_official_pack_has_no_synthetic_banner(tmp_path):
    spec, runs, records = setup_pack(tmp_path, source="official")
    assert "SYNTHETIC DATA" not in render_index(spec, runs, records, CODE, "fp", False)


def test_manifest_lists_every_run(tmp_path):
    spec, runs, records = setup_pack(tmp_path)
    data = manifest(spec, runs, records, CODE, "fp", PackOptions(output_root=tmp_path),
                    started=0.0, seconds=2.0, interrupted=False)
    assert data["counts"] == {"runs": 2, "ok": 1, "failed": 1, "not_run": 0}
    assert data["data"] == {"source": "synthetic", "data_dir": "", "fingerprint": "fp",
                            "tables": {}}
    assert data["runs"][1]["error"]["type"] == "ValueError"
    assert data["runs"][0]["outputs"]["notebook"] == "walsall/ok.ipynb"
    assert "papermill" in data["packages"] and data["spec"]["name"] == "rep"


def test_workbook_collects_tables_of_successful_runs(tmp_path):
    import pandas as pd

    spec, runs, records = setup_pack(tmp_path)
    (runs[1].output_dir).mkdir(parents=True)
    (runs[1].output_dir / "partial.csv").write_text("a\n1\n")
    path = write_workbook(runs, records, synthetic=True)
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["oktrend", "about"]
    assert sheets["oktrend"]["value"].tolist() == [1.5]
    assert "SYNTHETIC DATA" in sheets["about"].iloc[0]["notebook"]


def test_la_workbook_is_written_once_its_last_run_ends(tmp_path):
    spec, runs, records = setup_pack(tmp_path)
    ok, failing = runs
    so_far = {ok.run_id: records[ok.run_id]}
    workbooks = LaWorkbooks(spec, runs, so_far)
    workbooks.run_ended(ok)
    assert workbooks.written == {}  # Walsall's failing run has not ended yet
    so_far[failing.run_id] = records[failing.run_id]
    workbooks.run_ended(failing)
    path = workbooks.written[ok.la_slug]
    assert path == ok.la_dir / "walsall_tables.xlsx" and path.is_file()
    path.write_bytes(b"already written")  # the end of the pack does not write it again
    paths = write_pack_outputs(spec, runs, records, code=CODE, fingerprint="fp",
                               options=PackOptions(output_root=tmp_path), started=0.0,
                               seconds=1.0, interrupted=False, workbooks=workbooks.written)
    assert paths[f"workbook:{ok.la_slug}"] == path
    assert path.read_bytes() == b"already written"


def test_index_is_an_accessible_page_with_verdicts_and_small_charts(tmp_path):
    spec, runs, records = setup_pack(tmp_path)
    page = render_index(spec, runs, records, {**CODE, "git_commit": "c" * 40}, "fp", False,
                        titles={"ok": "Fixture OK"}, changes="changes.html")
    assert page.count("<h1>") == 1 and '<html lang="en">' in page
    assert '<a class="skip-link" href="#main">' in page and '<main id="main"' in page
    assert "<strong>Verdict:</strong> Wider &lt;than&gt; England." in page
    assert "<caption>Walsall, Fixture OK: headline estimates</caption>" in page
    assert ('<svg role="img" aria-label="Gap &lt;b&gt;: 12.35 pp; 95% CI 9.10 to 15.20; the '
            'interval excludes zero."') in page
    assert "Fixture OK: <span class=\"ok\">completed</span>" in page
    assert "failing: <span class=\"failed\">failed</span>" in page
    assert 'href="changes.html">What changed since the previous pack</a>' in page
    assert "commit cccccccccccc" in page
    headings = re.findall(r"<h([1-6])", page)
    assert all(int(b) - int(a) <= 1 for a, b in zip(headings, headings[1:], strict=False))


def test_manifest_records_table_fingerprints_and_code(tmp_path):
    spec, runs, records = setup_pack(tmp_path)
    code = {**CODE, "git_commit": "c" * 40}
    data = manifest(spec, runs, records, code, "fp", PackOptions(output_root=tmp_path),
                    started=0.0, seconds=2.0, interrupted=False, tables={"las": "h1"})
    assert data["data"]["tables"] == {"las": "h1"} and data["code"]["git_commit"] == "c" * 40


def test_index_shows_an_unavailable_section_in_the_notebooks_words(tmp_path):
    spec, runs, records = setup_pack(tmp_path)
    sidecar = runs[0].output_dir / "results.json"
    sidecar.write_text(json.dumps({"results": [], "unavailable": [
        {"section": "School view", "message": "No <school> results."}]}))
    page = render_index(spec, runs, records, CODE, "fp", interrupted=False)
    assert ('<strong>School view:</strong> Not available for this run. No &lt;school&gt; '
            'results.</p>') in page
