"""Bias, RMSE, coverage with its Monte Carlo SE, failures and flag rates from records."""

from __future__ import annotations

import math

import pytest

from analysis_lib.validation import summary


@pytest.fixture()
def table(records):
    return summary.coverage_table(summary.estimates_frame(records)).set_index(
        ["scenario", "estimate"])


def test_coverage_bias_and_rmse_of_an_estimate(table):
    gap = table.loc[("default", "gap_la")]
    assert gap["replications"] == 4 and gap["coverage_n"] == 4
    assert gap["coverage"] == pytest.approx(0.75)  # 13 in [12, 14] misses 10
    assert gap["coverage_mc_se"] == pytest.approx(math.sqrt(0.75 * 0.25 / 4))
    assert gap["bias"] == pytest.approx((-1 + 1 + 3 + 0) / 4)
    assert gap["rmse"] == pytest.approx(math.sqrt((1 + 1 + 9 + 0) / 4))
    assert gap["median_width"] == pytest.approx(3.0)  # widths 4, 4, 2, 2
    assert gap["not_computed_share"] == 0 and gap["outside_band"]


def test_a_failed_notebook_counts_as_not_computed(table):
    matching = table.loc[("default", "matching_att")]
    assert matching["replications"] == 4 and matching["not_computed_share"] == 0.25
    assert matching["coverage"] == 1.0 and matching["coverage_n"] == 3


def test_estimates_without_truth_or_interval_are_listed_without_coverage(table):
    index = table.loc[("default", "gap_index_england")]
    assert math.isnan(index["coverage"]) and index["not_computed_share"] == 0
    assert not index["outside_band"]
    assert ("default", "rank") not in table.index  # not a headline estimate


def test_each_scenario_is_summarised_on_its_own(table):
    clustered = table.loc[("school_clustering", "gap_la")]
    assert clustered["replications"] == 1 and clustered["coverage"] == 0.0
    assert ("school_clustering", "matching_att") not in table.index  # notebook 04 not run


def test_flag_rates_of_the_diagnostics(records):
    found = summary.diagnostics_table(records).set_index(["scenario", "diagnostic"])
    funnel = found.loc[("default", "funnel_overdispersion")]
    assert funnel["computed"] == 4 and funnel["flag_rate"] == 1.0  # phi 1.2 ... 1.8 > 1
    balance = found.loc[("default", "tf_balance")]
    assert balance["flag_rate"] == 0.0  # SMD 0.05 < 0.1
    tf_pretrend = found.loc[("default", "tf_pretrend")]
    assert tf_pretrend["computed"] == 0  # never recorded: not counted as a flag


def test_scenario_changes_put_coverage_beside_the_default(records):
    table = summary.coverage_table(summary.estimates_frame(records))
    changes = summary.scenario_changes(table).set_index(["scenario", "estimate"])
    row = changes.loc[("school_clustering", "gap_la")]
    assert row["default_coverage"] == pytest.approx(0.75) and row["loses_coverage"]


def test_a_run_without_diagnostics_reports_none(records):
    from analysis_lib.validation.report import diagnostics_markdown

    caseload_only = [{**r, "job": {**r["job"], "notebooks": ["03_caseload_regressions"]}}
                     for r in records]
    found = summary.diagnostics_table(caseload_only)
    assert found.empty and "flag_rate" in found.columns
    assert "diagnostic (notebook)" in diagnostics_markdown(found, "default")
