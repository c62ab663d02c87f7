"""Published evidence views: the LA's counts, England's findings, and the benchmark table that
sets a run's estimates (with their interval) beside published figures (without one)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis_lib.impact import evidence
from analysis_lib.results import Estimate


def rows() -> pd.DataFrame:
    base = {"programme": "TF", "phase": 1, "period": "p", "unit": "u", "notes": None,
            "programme_pct": None, "comparison_pct": None, "outcome": None, "value": None,
            "source": "a publication", "verified": False}
    data = [
        {"evidence_id": "la_b", "la_code": 335, "kind": "count", "measure": "families_identified",
         "as_at": "2013-12-03", "value": 413.0, "finding": "413 identified",
         "evidence_status": "official", "verified": True},
        {"evidence_id": "la_a", "la_code": 335, "kind": "count",
         "measure": "families_turned_around", "as_at": "2013-07-31", "value": 13.0,
         "finding": "13 turned around", "evidence_status": "press_citing_official"},
        {"evidence_id": "nat_count", "la_code": None, "kind": "count",
         "measure": "families_identified", "as_at": "2014-12-31", "value": 117910.0,
         "finding": "117,910 identified", "evidence_status": "official"},
        {"evidence_id": "nat_p1", "la_code": None, "kind": "impact",
         "measure": "national_impact_study", "as_at": "2016-10", "finding": "no impact",
         "evidence_status": "official"},
        {"evidence_id": "nat_cla", "la_code": None, "kind": "impact", "phase": 2,
         "measure": "children_looked_after", "as_at": "2019-03", "value": -0.8,
         "outcome": "child_entered_care", "finding": "1.7% against 2.5%",
         "evidence_status": "official_via_summary"},
        {"evidence_id": "nat_jsa", "la_code": None, "kind": "impact", "phase": 2,
         "measure": "jsa_claimants", "as_at": "2019-03", "finding": "about 10% fewer",
         "evidence_status": "unverified"},
    ]
    out = pd.DataFrame([base | d for d in data])
    out["la_code"] = out["la_code"].astype("Int64")
    return out.astype({"value": float})


def test_la_figures_oldest_first_with_how_they_were_obtained():
    figures = evidence.la_figures(rows(), 335)
    assert figures["finding"].tolist() == ["13 turned around", "413 identified"]
    assert figures["how_obtained"].tolist() == [
        evidence.STATUS_NOTES["press_citing_official"], ""]
    assert evidence.la_figures(rows(), 850).empty
    assert "recorded for Hampshire" in evidence.no_la_figures_note("Hampshire")


def test_national_evidence_keeps_the_order_of_kinds():
    table = evidence.national_evidence(rows())
    assert table["finding"].tolist() == ["no impact", "1.7% against 2.5%", "about 10% fewer",
                                         "117,910 identified"]
    assert table["how_obtained"].iloc[2].startswith("UNVERIFIED")
    assert len(evidence.national_evidence(rows(), kinds=("count",))) == 1


def test_published_counts_for_the_progress_chart():
    counts = evidence.published_counts(rows(), 335).sort_values("date")
    assert counts["measure"].tolist() == ["turned around", "identified"]
    assert counts["date"].iloc[0] == pd.Timestamp("2013-07-31")


def test_benchmark_puts_run_estimates_with_intervals_beside_published_figures_without():
    est = Estimate("matching_att", "Matched ATT", -3.0, "percentage points a year", "m",
                   ci_low=-6.0, ci_high=0.5, interval_kind="confidence", truth=-2.5)
    table = evidence.benchmark_table(rows(), [est], "SYNTHETIC demonstration",
                                     "child_entered_care")
    run, published = table.iloc[0], table.iloc[1:]
    assert (run.origin, run.value, run.ci_low, run.ci_high) == (
        "SYNTHETIC demonstration", -3.0, -6.0, 0.5)
    assert run.interval == "95% confidence interval" and run.truth == -2.5
    assert set(published.origin) == {"published"}
    assert published.ci_low.isna().all() and set(published.interval) == {"none reported"}
    assert published.truth.isna().all()
    # the JSA finding has neither a figure nor an impact study's standing: not drawn
    assert published.label.str.contains("children looked after").sum() == 1
    assert published.label.str.contains("national impact study").sum() == 1
    assert not published.label.str.contains("jsa").any()
    cla = published[published.label.str.contains("children looked after")].iloc[0]
    assert cla.same_outcome and cla.value == pytest.approx(-0.8) and cla.note
    study = published[published.label.str.contains("impact study")].iloc[0]
    assert math.isnan(study.value) and not study.same_outcome


def test_benchmark_without_estimates_holds_published_figures_only():
    table = evidence.benchmark_table(rows(), [], "Walsall's own records", "youth_custody")
    assert set(table.origin) == {"published"} and len(table) == 2


def test_run_labels():
    assert evidence.run_label(True, "synthetic", "Walsall") == "SYNTHETIC demonstration"
    assert evidence.run_label(True, "local", "Walsall") == "SYNTHETIC example records"
    assert evidence.run_label(False, "local", "Walsall") == "Walsall's own records"
