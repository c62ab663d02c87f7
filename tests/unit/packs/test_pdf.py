"""The LA's print document and what happens without a browser (no browser needed here)."""

import pytest

from analysis_lib.packs import browser
from analysis_lib.packs.pdf import print_document, write_la_pdfs
from analysis_lib.packs.plan import plan_runs
from analysis_lib.packs.spec import validate_spec
from tests.unit.packs.test_report import FIXTURES

REPORT = ('<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>'
          '<a class="skip-link" href="#main">Skip</a><main id="main" tabindex="-1">'
          "<h1>{title}</h1><p>{body}</p></main></body></html>")


def runs_with_reports(tmp_path):
    spec = validate_spec({"name": "p", "source": "synthetic", "las": ["Walsall"],
                          "notebooks": ["ok", "failing"]}, FIXTURES)
    runs = plan_runs(spec, tmp_path, "fp", "abc")
    for run, body in zip(runs, ("first", "second"), strict=True):
        run.la_dir.mkdir(parents=True, exist_ok=True)
        run.html_paths["report"].write_text(REPORT.format(title=f"{body} report", body=body))
    return runs


def test_print_document_joins_the_successful_reports_after_a_cover(tmp_path):
    runs = runs_with_reports(tmp_path)
    records = {runs[0].run_id: {"status": "ok"}, runs[1].run_id: {"status": "failed"}}
    page = print_document(runs, records, pack="p", synthetic=True)
    assert "<h1>Walsall: evidence pack p</h1>" in page and "SYNTHETIC DATA" in page
    assert "<li>first report</li>" in page and "second" not in page
    assert page.count('<section class="report-start">') == 1
    assert "skip-link" not in page.split("<body", 1)[1]
    assert print_document(runs, {}, pack="p", synthetic=True) is None


def test_without_a_browser_pdfs_say_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not browser.available()
    with pytest.raises(browser.BrowserUnavailable, match="apt-get install chromium"):
        write_la_pdfs(runs_with_reports(tmp_path), {}, pack="p", synthetic=False)
