"""The real-data pack end to end: Walsall and two of its statistical neighbours, every
notebook, on the real published extracts in ../shared/data/real (skipped without them).

Every run must succeed and answer from the published files: nothing labelled synthetic,
notebook 02's comparison around Walsall's return in-house made from the third-party
compilation of Ofsted's judgements and labelled as such, its effects given as placebo
ranges, and notebook 04 making no estimate of an effect for any LA.
"""

import json
import re

import pytest
import yaml

from tests.e2e.pack_support import ROOT, evidence, write_spec

pytestmark = pytest.mark.slow
SPEC = ROOT / "parameters" / "packs" / "real_walsall_neighbours.yaml"
LAS = ("walsall", "sandwell", "tameside")


@pytest.fixture(scope="module")
def pack(tmp_path_factory, real_data_dir):
    raw = yaml.safe_load(SPEC.read_text())
    raw.update(name="real3", las=["Walsall", "Sandwell", "Tameside"], data_dir=str(real_data_dir))
    folder = tmp_path_factory.mktemp("real")
    done = evidence("pack", write_spec(folder, **raw), "--output-root", folder, "--workers", 2,
                    "--quiet", timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder / "real3"


def _results(pack, la, notebook):
    return json.loads((pack / la / notebook / "results.json").read_text(encoding="utf-8"))


def test_every_run_succeeds_on_official_data(pack):
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["runs"]) == 12 and {r["status"] for r in manifest["runs"]} == {"ok"}
    assert manifest["synthetic"] is False
    for la in LAS:
        for path in (pack / la).glob("*/results.json"):
            found = json.loads(path.read_text(encoding="utf-8"))
            assert found["data_source"] == "official" and found["synthetic"] is False, path


def test_no_report_labels_its_figures_synthetic(pack):
    for report in [pack / "index.html", *pack.glob("*/*.html")]:
        text = re.sub(r"<[^>]+>", " ", report.read_text(encoding="utf-8"))
        assert "SYNTHETIC DATA" not in text, report


def test_walsalls_return_in_house_is_compared_on_the_compiled_inspections(pack):
    found = {e["name"]: e for e in _results(pack, "walsall", "02_ofsted_trajectory")["results"]}
    for name in ("did_outsourcing_effect", "synth_outsourcing_effect"):
        effect = found[name]
        assert effect["interval_kind"] == "placebo_range"
        assert effect["ci_low"] < effect["value"] < effect["ci_high"]
        assert "third-party compilation" in effect["caveats"][0]
    during, after = (found[f"share_good_or_outstanding_{p}_la"] for p in ("during", "after"))
    assert during["interval_kind"] == after["interval_kind"] == "confidence"
    assert 0 < during["value"] < 100 and 0 < after["value"] < 100


def test_no_troubled_families_effect_is_estimated_from_published_data(pack):
    for la in LAS:
        found = _results(pack, la, "04_troubled_families_impact")
        assert not [e for e in found["results"] if e["name"] in ("matching_att", "did_att")]
        assert "no estimate" in found["verdict"].lower()
