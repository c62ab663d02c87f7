"""Quarter on quarter: `--compare-to` on two packs whose synthetic Englands differ by a known,
planted change.

Both Englands come from the same seed; the second plants a caseload effect 2.5 times as
strong (-0.8 -> -2.0 points per case) and no agency effect (-0.15 -> 0). The generator draws
each component from its own random stream, so only the children-in-need (timeliness) data
change: the LAIT file that also feeds the workforce and attainment tables changes too, but
those tables' built contents do not, and the changes must say so.
"""

from __future__ import annotations

import json

import pytest

from analysis_lib.data.synth import SynthConfig, generate
from tests.e2e.pack_support import evidence, write_spec

pytestmark = pytest.mark.slow
SMALL = dict(school_scale=0.03, family_scale=0.03)


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    root = tmp_path_factory.mktemp("quarters")
    englands = {"before": SynthConfig(**SMALL),
                "after": SynthConfig(**SMALL, beta_caseload=-2.0, beta_agency=0.0)}
    out = {}
    for quarter, config in englands.items():
        data = generate(root / f"england_{quarter}", seed=11, config=config)
        spec = write_spec(root, name=f"q_{quarter}", source="synthetic", data_dir=str(data),
                          las=["Walsall"], notebooks=["03_caseload_regressions"])
        extra = ["--compare-to", out["before"] / "manifest.json"] if out else []
        done = evidence("pack", spec, "--output-root", root, "--workers", "1", "--quiet",
                        *extra, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr
        out[quarter] = root / f"q_{quarter}"
    return out


def test_changes_report_the_planted_change_and_nothing_else(packs):
    changes = json.loads((packs["after"] / "changes.json").read_text())
    rows = {r["name"]: r for r in changes["estimates"]}
    caseload, agency = rows["fe_caseload_per_fte"], rows["fe_agency_rate"]
    assert caseload["previous"]["value"] == pytest.approx(-0.8, abs=0.25)
    assert caseload["current"]["value"] == pytest.approx(-2.0, abs=0.25)
    assert caseload["rule"] == "se" and caseload["larger_than_uncertainty"] is True
    assert not caseload["direction_changed"] and caseload["significance_changed"] is False
    assert agency["rule"] == "se" and agency["larger_than_uncertainty"] is True
    assert agency["excludes_zero"] == {"previous": True, "current": False}
    assert agency["significance_changed"] is True
    counterfactual = rows["counterfactual_outcome_at_england_median"]
    assert counterfactual["rule"] == "overlap"  # a coefficient-only interval: no SE rule
    inputs = changes["inputs"]
    changed_tables = {t["name"] for t in inputs["tables"]}
    assert changed_tables == {"cin_la"}
    assert {"workforce_la", "ks_attainment_la"} <= set(inputs["tables_unchanged"])
    assert not inputs["code"]["changed"]
    assert [p["name"] for p in inputs["parameters"]] == ["data_dir"]  # the two Englands' folders
    assert inputs["data_fingerprint"]["previous"] != inputs["data_fingerprint"]["current"]
    assert changes["verdicts"][0]["changed"]
    assert changes["summary"]["larger_than_uncertainty"] >= 2


def test_changes_page_is_linked_from_the_index_and_readable(packs):
    index = (packs["after"] / "index.html").read_text()
    assert '<a href="changes.html">What changed since the previous pack</a>' in index
    page = (packs["after"] / "changes.html").read_text()
    assert page.count("<h1>") == 1 and "SYNTHETIC DATA" in page
    assert "yes (se rule)" in page and "cin_la" in page
    manifest = json.loads((packs["after"] / "manifest.json").read_text())
    assert manifest["compared_to"] == str(packs["before"].resolve())
    assert set(manifest["data"]["tables"]) >= {"cin_la", "workforce_la"}
    assert manifest["code"]["analysis_lib_sources_sha256"]
    results = json.loads((packs["after"] / "walsall" / "03_caseload_regressions" /
                          "results.json").read_text())
    assert results["provenance"]["analysis_lib_sources_sha256"] == \
        manifest["code"]["analysis_lib_sources_sha256"]
    assert results["provenance"]["git_commit"] == manifest["code"]["git_commit"]
