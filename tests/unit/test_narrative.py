"""The LA context built from the reference tables: each LA gets its own story, or a plain
statement that none is recorded, and another LA's story only as a named comparator."""

import pandas as pd
import pytest

from analysis_lib import narrative

T = pd.Timestamp


def _intervention(code, name, provider, arrangement, start, end=None, *, service="education "
                  "(all LEA services)", confidence="documented", approx=(True, False),
                  notes="", source="Council cabinet paper"):
    return {"la_code": code, "la_name": name, "service": service, "provider": provider,
            "arrangement": arrangement, "start_date": T(start),
            "end_date": T(end) if end else pd.NaT, "start_date_approximate": approx[0],
            "end_date_approximate": approx[1], "confidence": confidence, "source": source,
            "notes": notes}


INTERVENTIONS = pd.DataFrame([
    _intervention(335, "Walsall", "Serco", "outsourced", "2002-12-01", "2013-04-01"),
    _intervention(335, "Walsall", "DfE improvement notice", "intervention", "2012-11-01",
                  service="children's safeguarding", approx=(True, True)),
    _intervention(333, "Sandwell", "not known", "direction", "2001-06-01", service=
                  "education (LEA)", confidence="weak", approx=(True, True),
                  notes="a list in a newspaper article only"),
    _intervention(380, "Bradford", "Serco (Education Bradford)", "outsourced", "2001-01-01",
                  "2011-01-01", confidence="reported", approx=(True, True)),
    _intervention(309, "Haringey", "private partner", "outsourced", "2001-01-01",
                  confidence="weak", approx=(True, True), notes="contradicted"),
])
FACTS = pd.DataFrame({
    "fact_id": ["w_start", "w_case_03", "w_case_09", "w_agency", "e_case"],
    "topic": ["intervention", "workforce", "workforce", "workforce", "workforce"],
    "la_code": pd.array([335, 335, 335, 335, None], dtype="Int64"),
    "date": ["2002-12", "2013-03-31", "2013-09-30", "2013-08", "2017"],
    "measure": ["contract_start", "open_cases_per_worker", "open_cases_per_worker",
                "agency_staff_pct_fte", "caseload_per_fte"],
    "value": [float("nan"), 25.2, 22.9, 65.6, 17.7],
    "unit": ["date", "cases per worker", "cases per worker", "percent of FTE", "cases"],
    "description": ["Serco appointed from December 2002", "Open cases per worker",
                    "Open cases per worker", "Agency share of FTE", "England caseload"],
    "source": ["Serco case study", "Scrutiny panel", "Scrutiny panel", "Scrutiny panel",
               "DfE"],
    "verified": [True, True, True, False, True]})
EVIDENCE = pd.DataFrame({
    "evidence_id": ["w_id", "s_id", "e_id"], "la_code": pd.array([335, 333, None], "Int64"),
    "as_at": ["2013-12-03", "2013-06-30", "2015-02-01"],
    "period": ["cumulative to 3 December 2013", "cumulative to June 2013", "to 2015"],
    "finding": ["413 eligible families identified", "516 families identified",
                "116,654 families turned around"],
    "source": ["Scrutiny panel", "Express & Star", "DCLG"],
    "evidence_status": ["official", "press_citing_official", "official"]})
LEA = pd.DataFrame({
    "la_code": [335, 335], "la_name": ["Walsall"] * 2,
    "inspection_date": [T("2000-07-01"), T("2004-10-01")],
    "inspection_type": ["LEA inspection", "LEA reinspection"],
    "judgement": ["overall_effectiveness", "current_performance"], "grade": [7, 3],
    "grade_label": ["Very poor", "Highly satisfactory"],
    "date_basis": ["approximate", "approximate"], "source": ["Serco case study"] * 2})


def test_an_la_with_an_arrangement_gets_its_own_dates_provider_and_confidence():
    text = narrative.interventions_text(INTERVENTIONS, 335, "Walsall", narrative.EDUCATION)
    assert "about December 2002 to 1 April 2013" in text
    assert "outsourced to Serco" in text and "documented" in text
    assert "improvement notice" not in text  # children's services, not education


def test_children_services_rows_are_kept_apart_from_education():
    text = narrative.interventions_text(INTERVENTIONS, 335, "Walsall", narrative.CHILDREN)
    assert "DfE improvement notice" in text and "Serco" not in text


def test_an_la_without_rows_is_told_so_plainly():
    text = narrative.interventions_text(INTERVENTIONS, 357, "Tameside")
    assert "records no" in text and "Tameside" in text
    assert "Serco" not in text and "2002" not in text


def test_weak_only_rows_are_marked_and_not_treated_as_established():
    text = narrative.interventions_text(INTERVENTIONS, 333, "Sandwell")
    assert "**weakly sourced**" in text
    assert "Not treated as established: a list in a newspaper article only." in text


def test_walsall_as_a_comparator_is_named_as_one():
    text = narrative.comparator_arrangements_text(INTERVENTIONS, [335, 380, 309], "Sandwell")
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(lines) == 2  # Haringey's only row is weak
    assert all("comparator" in line for line in lines)
    assert lines[1].startswith("- Walsall (one of the comparators): about December 2002")
    left_out = narrative.comparator_arrangements_text(INTERVENTIONS, [335], "Sandwell",
                                                      left_out=True)
    assert "left out of the comparisons" in left_out


def test_no_comparator_story_when_no_comparator_has_one():
    text = narrative.comparator_arrangements_text(INTERVENTIONS, [333, 357], "Walsall")
    assert "None of Walsall's 2 comparators" in text and "Serco" not in text


def test_lea_grades_or_none():
    text = narrative.lea_grades_text(LEA, 335, "Walsall")
    assert "- 2000, LEA inspection: overall effectiveness 7 (Very poor)." in text
    assert "dates approximate" in text and "Serco case study" in text
    assert "holds none for Sandwell" in narrative.lea_grades_text(LEA, 333, "Sandwell")


def test_cited_figures_are_grouped_in_date_order_with_sources():
    text = narrative.cited_facts_text(FACTS, 335, "Walsall", ("workforce",))
    assert ("- Open cases per worker (cases per worker): 25.2 (31 March 2013), "
            "22.9 (30 September 2013).") in text
    assert "65.6 (August 2013). Not verified against its source." in text
    assert "England caseload" not in text and "Sources: Scrutiny panel." in text


def test_a_dated_fact_without_a_value_does_not_repeat_its_date():
    text = narrative.cited_facts_text(FACTS, 335, "Walsall", ("intervention",))
    assert "- Serco appointed from December 2002." in text


def test_no_cited_figures_for_another_la():
    text = narrative.cited_facts_text(FACTS, 333, "Sandwell", ("workforce", "timeliness"))
    assert text == ("**Cited facts.** The reference facts table records no workforce or "
                    "timeliness facts for Sandwell.")


def test_troubled_families_counts_are_the_las_own_with_how_obtained():
    own = narrative.tf_counts_text(EVIDENCE, 333, "Sandwell")
    assert "516 families identified (cumulative to June 2013)" in own
    assert "local press report" in own and "413" not in own
    assert "holds none for Bradford" in narrative.tf_counts_text(EVIDENCE, 380, "Bradford")


@pytest.mark.parametrize("notebook", list(narrative.SECTIONS))
def test_another_las_context_never_carries_walsalls_facts(notebook):
    text = narrative.context_markdown(notebook, 357, "Tameside", (333, 380),
                                      interventions=INTERVENTIONS, facts=FACTS,
                                      evidence=EVIDENCE, lea=LEA)
    for walsall_only in ("December 2002", "1 April 2013", "25.2", "65.6", "413",
                         "improvement notice", "Very poor"):
        assert walsall_only not in text
    assert "Tameside" in text


def test_walsalls_context_carries_its_story_in_the_notebooks_that_need_it():
    def context(notebook):
        return narrative.context_markdown(notebook, 335, "Walsall", (333,),
                                          interventions=INTERVENTIONS, facts=FACTS,
                                          evidence=EVIDENCE, lea=LEA)
    assert "outsourced to Serco" in context("01_attainment_gaps")
    assert "Serco appointed from December 2002" in context("02_ofsted_trajectory")
    assert "25.2 (31 March 2013)" in context("03_caseload_regressions")
    assert "413 eligible families identified" in context("04_troubled_families_impact")
