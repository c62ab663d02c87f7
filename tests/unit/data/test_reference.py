"""The cited reference tables: each loads, validates and holds the facts the issue names."""

import pandas as pd
import pytest

import analysis_lib.data as data
from analysis_lib.data.reference import fact
from analysis_lib.errors import ParameterError


@pytest.mark.parametrize(("fact_id", "value"), [
    ("walsall_caseload_2013_03", 25.2), ("walsall_caseload_2013_09", 22.9),
    ("walsall_caseload_2013_10", 20.7), ("walsall_agency_2013_08", 65.6),
    ("walsall_agency_2013_09", 53.9), ("walsall_vacancy_rate_2013", 22),
    ("walsall_vacancy_rate_offers_2013", 14.4), ("walsall_turnover_12m_2013_10", 16.6),
    ("walsall_ia_10days_2013_11", 72.8), ("walsall_ia_backlog_2013_08", 448),
    ("walsall_ia_backlog_2013_11", 22), ("england_agency_rate_2025", 13.0)])
def test_council_and_national_facts(fact_id, value):
    row = fact(fact_id)
    assert row.value == value and row.source and row.source_detail


def test_every_fact_is_cited_and_unverified_ones_are_flagged():
    facts = data.load("reference_facts")
    assert facts.source.str.len().min() > 10 and facts.source_detail.str.len().min() > 2
    flagged = facts.set_index("fact_id").verified
    assert not flagged["england_ks2_gap_index_2011"]
    assert flagged["walsall_caseload_2013_03"]


def test_unknown_fact():
    with pytest.raises(ParameterError):
        fact("no_such_fact")


def test_floor_standards_2011():
    floor = data.load("floor_standards", years=(2011, 2011)).iloc[0]
    assert (floor.threshold_pct, floor.progress_english_pct, floor.progress_maths_pct) == (
        60, 87, 86)
    assert floor.verified


def test_walsall_serco_and_other_arrangements():
    table = data.load("interventions")
    serco = table[(table.la_code == 335) & (table.provider == "Serco")].iloc[0]
    assert serco.start_date == pd.Timestamp("2002-12-01")
    assert serco.end_date == pd.Timestamp("2013-04-01")
    others = {"Islington", "Bradford", "Southwark", "Hackney", "Leeds", "Waltham Forest",
              "Haringey", "Swindon"}
    assert others <= set(table.la_name)
    assert table[table.la_name.isin(others)].start_date_approximate.all()


def test_interventions_carry_a_confidence_and_weak_rows_are_marked():
    table = data.load("interventions")
    assert set(table.confidence) == {"documented", "reported", "weak"}
    weak = table[table.confidence == "weak"]
    assert {"Sandwell", "Waltham Forest"} <= set(weak.la_name)
    assert weak.notes.notna().all()  # each says why it is weak
    # every event from the compiled list names its source's web address
    compiled = table.source_detail.str.startswith("compiled list", na=False)
    assert compiled.sum() >= 20 and table[compiled].source_url.notna().all()
    serco = table[(table.la_code == 335) & (table.provider == "Serco")].iloc[0]
    assert serco.confidence == "documented"


def test_walsall_lea_grades_in_la_inspections(tmp_path):
    lea = data.load("la_inspections", source="official", data_dir=tmp_path, la=335)
    grades = lea[lea.framework == "LEA"].set_index(
        [lea.inspection_date.dt.year, "judgement"]).grade
    assert grades[(2000, "overall_effectiveness")] == 7
    assert grades[(2002, "overall_effectiveness")] == 7
    assert grades[(2004, "improvement_since_last_inspection")] == 2
    assert grades[(2004, "capacity_to_improve")] == 2
    assert grades[(2004, "current_performance")] == 3
    assert set(lea.scale_max) == {7}
