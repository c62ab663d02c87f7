"""Readers and load() on the real DfE/Ofsted extracts in ../shared/data/real (skipped when
absent). Expected values are the published figures named in ../shared/REFERENCES.md or read
from the extract's own rows (cited per test)."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis_lib.data as data
from analysis_lib.data.readers import neighbours, ofsted_schools

pytestmark = pytest.mark.real_data


def test_workforce_2016_to_2025(real):
    wf = real("workforce_la")
    assert set(wf.year) == set(range(2016, 2026))
    england = wf[wf.geographic_level == "National"].set_index("year")
    # REFERENCES.md: England agency rate 2025 = 13.0; caseload 2017 17.7, 2025 15.2
    assert england.loc[2025, "agency_rate"] == 13.0
    assert england.loc[2017, "caseload_per_fte"] == 17.7
    assert england.loc[2025, "caseload_per_fte"] == 15.2
    walsall = wf[wf.la_code == 335].set_index("year")
    # csww_indicators_2017_to_2025.csv, Walsall rows; 2016 from LAIT Work_Force_*
    assert walsall.loc[2017, "caseload_per_fte"] == 17.2
    assert walsall.loc[2016, "caseload_per_fte"] == 14.3
    assert walsall.loc[2019, "agency_rate"] == 19.1
    assert len(wf[wf.geographic_level == "Regional"].region_code.unique()) == 9


def test_workforce_matches_every_national_reference_fact(real):
    england = real("workforce_la").query("geographic_level == 'National'").set_index("year")
    facts = data.load("reference_facts").set_index("fact_id")
    for year in range(2017, 2026):
        assert england.loc[year, "caseload_per_fte"] == facts.loc[f"england_caseload_{year}",
                                                                  "value"]
        assert england.loc[year, "agency_rate"] == facts.loc[f"england_agency_rate_{year}",
                                                             "value"]


def test_children_in_need(real):
    cin = real("cin_la", la=335, include_benchmarks=False).set_index("year")
    assert set(cin.index) == set(range(2013, 2026))
    # LAIT Continue_Assess_Comp and CIN for Walsall; c1/d3 columns present from 2013
    assert cin.loc[2016, "assessments_45_days_pct"] == 97.6
    assert cin.loc[2025, "cin_rate_per_10k"] == 409.3
    assert cin.loc[2013:2025, "referrals"].notna().all()
    assert cin.cpp_subsequent_pct.notna().sum() >= 12


def test_attainment_disadvantage_and_social_care_groups(real):
    ks = real("ks_attainment_la", la=335, years=(2016, 2025))
    ks2 = ks[(ks.key_stage == 2) & (ks.measure == "rwm_expected_standard")]
    england = ks2[ks2.geographic_level == "National"].set_index(["year", "pupil_group"]).value
    # REFERENCES.md: 2016 disadvantaged 39 vs other 61 in the real file
    assert (england[(2016, "disadvantaged")], england[(2016, "not_disadvantaged")]) == (39, 61)
    walsall = ks2[ks2.la_code == 335].set_index(["year", "pupil_group"]).value
    assert walsall[(2019, "disadvantaged")] == 49
    assert {2020, 2021}.isdisjoint(set(ks2[ks2.pupil_group == "disadvantaged"].year))
    assert {"cin", "cpp", "cla"} <= set(ks.pupil_group)
    suppressed = ks[ks.value.isna()]
    assert suppressed.missing_reason.notna().all()


def test_la_inspections(real):
    insp = real("la_inspections", la=335)
    frameworks = set(insp.framework)
    assert {"LEA", "SLAC", "CPI", "SIF", "ILACS"} <= frameworks
    ilacs = insp[(insp.framework == "ILACS") & (insp.judgement == "overall_effectiveness")]
    # Ofsted LA inspection outcomes: Walsall ILACS 4 October 2021, Good
    assert ilacs.set_index("inspection_date").grade[pd.Timestamp("2021-10-04")] == 2
    assert len(ilacs) == 1  # the 2009-2023 file's copy of the same inspection is dropped
    slac = insp[(insp.framework == "SLAC") & (insp.judgement == "safeguarding")]
    assert slac.grade.tolist() == [4]


def test_schools_from_the_gias_snapshot_and_the_spine(real, real_data_dir):
    schools = real("schools").set_index("urn")
    snapshot = ofsted_schools.read_school_rating_snapshot(
        real_data_dir / "ofsted_schools" / "school_ofsted_rating_gias_2024.csv")
    walsall = snapshot[snapshot.la_code == 335].set_index("urn")
    assert len(walsall) == 115  # PROVENANCE.md: Walsall has 115 schools in the snapshot
    # every snapshot school is in the table, with the 2024 rating as its latest grade (the
    # spine places URN 146563 in Birmingham, where the snapshot says Walsall: spine wins)
    assert walsall.index.isin(schools.index).all()
    assert (schools.loc[walsall.index, "latest_overall_effectiveness"]
            == walsall.latest_overall_effectiveness).all()
    assert schools.loc[146563, "la_code"] == 330


def test_statistical_neighbours_match_the_reference_csv(real_data_dir):
    ref = data.load("statistical_neighbours").set_index(["model", "la_code", "rank"])
    for reader, name in [(neighbours.read_sn_2021,
                          "New_Statistical_Neighbour_Groupings_April_2021.csv"),
                         (neighbours.read_sn_2025, "sn_model_2025_wide.csv")]:
        read = reader(real_data_dir / "lookups" / name).set_index(["model", "la_code", "rank"])
        model = read.index.get_level_values("model")[0]
        assert len(read) == (ref.index.get_level_values("model") == model).sum()
        joined = read.join(ref, rsuffix="_ref", how="left")
        assert (joined.neighbour_code == joined.neighbour_code_ref).all()
        assert (joined.closeness.str.strip() == joined.closeness_ref.str.strip()).all()
