"""Hand-made replication records, shaped as `replication.run_replication` writes them."""

from __future__ import annotations

import pytest

NOTEBOOKS = ("01_attainment_gaps", "04_troubled_families_impact")


def estimate(notebook, name, value, low, high, truth, kind="confidence", headline=True):
    return {"notebook": notebook, "name": name, "value": value, "ci_low": low,
            "ci_high": high, "interval_kind": kind, "truth": truth, "headline": headline,
            "unit": "pp", "se": None}


def record(scenario, index, estimates, diagnostics=None, failures=None,
           notebooks=NOTEBOOKS):
    return {"status": "done", "run_id": f"{scenario}/rep-{index:04d}",
            "job": {"scenario": scenario, "index": index, "notebooks": list(notebooks)},
            "estimates": estimates, "diagnostics": diagnostics or {},
            "failures": failures or {}, "cpu_seconds": {"total": 2.0}}


@pytest.fixture()
def records():
    """Four default replications: gap_la covers its truth (10) in 3 of 4; matching_att is
    missing once (notebook 04 failed); a non-headline estimate is ignored."""
    a, b = NOTEBOOKS
    out = []
    for i, (value, low, high) in enumerate([(9, 8, 12), (11, 9, 13), (13, 12, 14),
                                            (10, 9, 11)], start=1):
        rows = [estimate(a, "gap_la", value, low, high, 10.0),
                estimate(a, "gap_index_england", 2.0, None, None, None, kind=None),
                estimate(a, "rank", 3.0, None, None, None, kind=None, headline=False)]
        failures = {}
        if i == 4:
            failures = {b: "ValueError: boom"}
        else:
            rows.append(estimate(b, "matching_att", -2.0, -4.0, 0.0, -3.0))
        out.append(record("default", i, rows, {"funnel_overdispersion": 1.0 + 0.2 * i,
                                               "tf_balance": 0.05}, failures))
    out.append(record("school_clustering", 1, [estimate(a, "gap_la", 15, 13, 14.5, 10.0)],
                      {"funnel_overdispersion": 2.0}, notebooks=(a,)))
    return out
