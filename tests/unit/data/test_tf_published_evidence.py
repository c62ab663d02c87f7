"""The published Troubled Families evidence: every figure has its original source, figures that
reached the project second-hand are marked so, and the figures the issue names are there."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis_lib.data as data
from analysis_lib.data import store
from analysis_lib.data.build import read_reference
from analysis_lib.errors import DataFileError

FILE = "tf_published_evidence.csv"


@pytest.fixture(scope="module")
def evidence() -> pd.DataFrame:
    return data.load("tf_published_evidence").set_index("evidence_id")


def test_every_figure_has_a_source_and_a_status(evidence):
    assert evidence["source"].str.len().min() > 20
    assert evidence["finding"].str.len().min() > 5
    linked = evidence["source_url"].notna()
    assert evidence.loc[linked, "source_url"].str.startswith("https://").all()
    assert "no web address" in evidence.loc[~linked, "notes"].str.cat()  # said, not hidden
    assert evidence["value"].notna().sum() >= 20
    assert set(evidence["evidence_status"]) == {"official", "official_via_summary",
                                                "press_citing_official", "unverified"}


def test_only_figures_read_at_their_source_are_verified(evidence):
    second_hand = evidence["evidence_status"] != "official"
    assert not evidence.loc[second_hand, "verified"].any()
    via = evidence[evidence["evidence_status"] == "official_via_summary"]
    assert via["retrieved_via"].notna().all()  # the summary the figure came through is named


def test_national_evaluations(evidence):
    phase1 = evidence.loc["tf1_national_impact_2016"]
    assert "no significant or systematic impact" in phase1.finding
    assert phase1.source.startswith("NIESR") and phase1.evidence_status == "official"
    care = evidence.loc["tf2_children_looked_after_19_24m"]
    assert (care.programme_pct, care.comparison_pct, care.value) == (1.7, 2.5, -0.8)
    assert care.period == "19-24 months after joining" and care.outcome == "child_entered_care"
    assert care.source.startswith("MHCLG") and "March 2019" in care.source
    assert care.evidence_status == "official_via_summary" and not care.verified
    assert evidence.loc["tf2_benefit_per_pound", "value"] == 2.28
    assert evidence.loc["tf2_jsa_claimants", "evidence_status"] == "unverified"
    for key in ("tf2_adult_custody_24m", "tf2_juvenile_custody_24m",
                "tf2_juvenile_convictions_24m"):
        assert evidence.loc[key, "kind"] == "impact" and evidence.loc[key, "value"] < 0


def test_published_relative_differences_agree_with_the_rates(evidence):
    rates = evidence.dropna(subset=["programme_pct"])
    assert len(rates) == 4
    relative = 100 * (rates.programme_pct - rates.comparison_pct) / rates.comparison_pct
    assert (relative - rates.relative_difference_pct).abs().max() < 1.5


def test_walsall_phase1_counts_are_marked_as_press_reports(evidence):
    walsall = evidence[evidence["la_code"] == 335]
    press = walsall[walsall["evidence_status"] == "press_citing_official"].set_index("as_at")
    assert press.loc["2013-06-30", "value"] == 383 and press.loc["2013-07-31", "value"] == 13
    assert press["source"].str.contains("Express & Star").all()
    council = walsall[walsall["evidence_status"] == "official"]
    assert sorted(council["value"]) == [92, 413]


def test_no_troubled_families_fact_is_kept_twice():
    assert not data.load("reference_facts")["topic"].eq("troubled_families").any()


@pytest.mark.parametrize(("change", "problem"), [
    ({"verified": True, "evidence_status": "official_via_summary"}, "verified only"),
    ({"comparison_pct": None}, "come together"),
    ({"value": -0.5}, "programme_pct minus comparison_pct"),
    ({"evidence_status": "blog"}, "isin"),
])
def test_the_schema_refuses_inconsistent_rows(change, problem):
    table = read_reference(FILE)
    row = table["evidence_id"] == "tf2_children_looked_after_19_24m"
    for column, value in change.items():
        table[column] = table[column].astype(object)
        table.loc[row, column] = value
    with pytest.raises(DataFileError, match=problem):
        store.validate("tf_published_evidence", table, FILE)
