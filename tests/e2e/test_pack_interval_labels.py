"""No interval that is not a confidence interval is called a "CI" anywhere in a whole pack:
HTML reports and index.html, Excel workbooks, results.json sidecars and the manifest (see
tests/interval_labels.py; its unit tests show it fails on a mislabelled interval)."""

import json

import pytest

from tests.interval_labels import pack_findings

pytestmark = pytest.mark.slow


def test_only_confidence_intervals_are_called_cis_in_the_neighbours_pack(neighbours_pack):
    found, read = pack_findings(neighbours_pack)
    assert read["sidecars"] == 12 and read["manifest"] == 1  # 3 LAs x 4 notebooks
    assert read["html"] >= 25 and read["workbooks"] >= 15  # reports, index; run and LA books
    kinds = {r.get("interval_kind") for p in neighbours_pack.glob("*/*/results.json")
             for r in json.loads(p.read_text())["results"]}
    assert {"confidence", "placebo_range"} <= kinds  # intervals of more than one kind to check
    assert found == [], "\n".join(f"{f.where}: {f.text}" for f in found)
