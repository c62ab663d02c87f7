"""The interval-label checker (tests/interval_labels.py) on a small fixture pack: it passes
intervals named by their kind and fails every deliberately mislabelled one."""

import json

import pandas as pd
import pytest

from analysis_lib.packs.index_page import headline_lines
from analysis_lib.results import INTERVAL_KINDS, Estimate, interval_label
from tests.interval_labels import Interval, pack_findings, text_findings, visible_text

PLACEBO = {"name": "did_outsourcing_effect", "label": "Difference-in-differences effect",
           "value": 6.0, "ci_low": 2.0, "ci_high": 9.25, "unit": "percentage points",
           "method": "two-way fixed effects; placebo-in-space interval", "headline": True,
           "interval_kind": "placebo_range",
           "caveats": ["LA-clustered 95% CI 5.10 to 6.90 (unreliable with one treated LA)"]}
SHARE = {"name": "share_during_la", "label": "Share good or outstanding", "value": 58.0,
         "ci_low": 50.0, "ci_high": 66.0, "unit": "percent", "method": "pooled snapshots",
         "headline": True, "interval_kind": "confidence", "caveats": []}


def _pack(tmp_path, results=(PLACEBO, SHARE), index="", workbook=None):
    run = tmp_path / "walsall" / "02_ofsted_trajectory"
    run.mkdir(parents=True)
    (run / "results.json").write_text(json.dumps({"results": list(results)}))
    (tmp_path / "manifest.json").write_text(json.dumps({"runs": [{"run_id": "walsall/02"}]}))
    sidecar = {"results": list(results)}
    lines = "".join(f"<li>{line}</li>" for line in headline_lines(sidecar))
    (tmp_path / "index.html").write_text(
        f"<html><head><style>.CI {{}}</style></head><body><ul>{lines}</ul>{index}</body></html>")
    if workbook is not None:
        with pd.ExcelWriter(tmp_path / "walsall" / "walsall_tables.xlsx") as writer:
            workbook.to_excel(writer, sheet_name="estimates", index=False)
    return tmp_path


def test_a_pack_that_names_each_interval_by_its_kind_passes(tmp_path):
    table = pd.DataFrame({"estimate": ["did", "share"], "value": [6.0, 58.0],
                          "low": [2.0, 50.0], "high": [9.25, 66.0],
                          "interval": [interval_label("placebo_range"), "95% CI"]})
    found, read = pack_findings(_pack(tmp_path, workbook=table))
    assert found == []
    assert read == {"sidecars": 1, "html": 1, "workbooks": 1, "manifest": 1}
    index = visible_text((tmp_path / "index.html").read_text())
    assert "range of 95% of placebo estimates 2.0 to 9.2" in index or "9.25" in index


def test_a_placebo_range_called_a_ci_in_the_index_fails(tmp_path):
    found, _ = pack_findings(_pack(tmp_path, index="<p>DiD: +6.0 (95% CI 2.0 to 9.3)</p>"))
    assert [(f.where, f.text) for f in found] == [("index.html", "CI 2.0 to 9.3")]


def test_a_placebo_range_called_a_confidence_interval_in_a_sidecar_fails(tmp_path):
    mislabelled = PLACEBO | {"method": "placebo-in-space 95% confidence interval"}
    found, _ = pack_findings(_pack(tmp_path, results=(mislabelled, SHARE)))
    assert found and found[0].where.endswith("did_outsourcing_effect.method")
    worded = PLACEBO | {"caveats": ["95% CI 2.00 to 9.25 from placebo LAs"]}
    found, _ = pack_findings(_pack(tmp_path / "b", results=(worded, SHARE)))
    assert [f.text for f in found] == ["CI 2.00 to 9.25"]


def test_a_placebo_range_under_a_ci_header_in_a_workbook_fails(tmp_path):
    table = pd.DataFrame({"estimate": ["did"], "value": [6.0], "95% CI low": [2.0],
                          "95% CI high": [9.25]})
    found, _ = pack_findings(_pack(tmp_path, workbook=table))
    assert len(found) == 1 and "[estimates] row 2" in found[0].where


def test_a_confidence_interval_may_be_called_a_ci():
    intervals = [Interval("confidence", 50.0, 66.0), Interval("placebo_range", 2.0, 9.25)]
    assert text_findings("Share 58.0 (95% CI 50.0 to 66.0)", intervals, "x") == []
    assert text_findings("confidence interval: 50 to 66", intervals, "x") == []
    assert len(text_findings("confidence interval: 2 to 9", intervals, "x")) == 1


@pytest.mark.parametrize("kind", sorted(INTERVAL_KINDS))
def test_the_library_wording_passes_for_every_kind(kind):
    estimate = Estimate("e", "Effect", 6.0, "points", "m", 2.0, 9.25, interval_kind=kind)
    intervals = [Interval(kind, 2.0, 9.25)]
    assert text_findings(estimate.describe(2), intervals, "describe") == []
    mislabelled = estimate.describe(2).replace(interval_label(kind), "95% CI")
    assert bool(text_findings(mislabelled, intervals, "x")) == (kind != "confidence")
