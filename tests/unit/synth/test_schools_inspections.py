"""Schools, academy links and Ofsted inspections (school and LA level)."""

from __future__ import annotations

import pandas as pd

from tests.unit.synth.conftest import one, read


def _gias(small_synth):
    est = read(one(small_synth / "raw", "ofsted_schools/gias_establishments_*.csv"))
    links = read(one(small_synth / "raw", "ofsted_schools/gias_links_*.csv"))
    return est, links


def _inspections(small_synth) -> pd.DataFrame:
    insp = read(one(small_synth / "raw", "ofsted_schools/school_inspections_*.csv"))
    insp["date"] = pd.to_datetime(insp["Inspection start date"], format="%d/%m/%Y")
    return insp


def test_conversion_opens_new_urn_with_predecessor(small_synth):
    est, links = _gias(small_synth)
    est = est.set_index("URN")
    pred = links[links.LinkType == "Predecessor"]
    assert len(pred) > 0 and est.index.is_unique
    opened = pd.to_datetime(est.loc[pred.URN, "OpenDate"], format="%d-%m-%Y").to_numpy()
    closed = pd.to_datetime(est.loc[pred.LinkURN, "CloseDate"], format="%d-%m-%Y").to_numpy()
    assert ((opened - closed) == pd.Timedelta(days=1)).all()
    assert est.loc[pred.URN, "TypeOfEstablishment (name)"].str.startswith("Academy").all()
    assert (pd.to_datetime(pred.LinkEstablishedDate, format="%d-%m-%Y").dt.year >= 2010).all()
    successors = links[links.LinkType == "Successor"]
    assert set(zip(successors.URN, successors.LinkURN, strict=True)) == set(
        zip(pred.LinkURN, pred.URN, strict=True))


def test_school_counts_are_realistic_for_the_scale(small_synth, truth):
    est, _ = _gias(small_synth)
    open_now = est[est["EstablishmentStatus (name)"] == "Open"]
    phase = open_now["PhaseOfEducation (name)"].value_counts()
    scale = truth["config"]["school_scale"]
    assert 0.8 * 16800 * scale < phase["Primary"] < 1.25 * 16800 * scale
    assert 0.8 * 3400 * scale < phase["Secondary"] < 1.3 * 3400 * scale


def test_inspection_dates_grades_and_frameworks(small_synth):
    insp = _inspections(small_synth)
    assert insp.date.min() >= pd.Timestamp("2005-09-01")
    assert insp.date.max() <= pd.Timestamp("2025-08-31")
    late = insp.date >= pd.Timestamp("2024-09-01")
    assert (insp.loc[late, "Overall effectiveness"] == "Not judged").all()
    assert set(insp.loc[~late, "Overall effectiveness"]) == {"1", "2", "3", "4"}
    covid = (insp.date >= "2020-04-01") & (insp.date < "2021-09-01")
    assert covid.sum() == 0


def test_inspection_frequency_depends_on_last_grade(small_synth):
    insp = _inspections(small_synth).sort_values(["URN", "date"])
    insp["next"] = insp.groupby("URN").date.shift(-1)
    graded = insp[(insp.date >= "2012-09-01") & (insp.date < "2019-09-01") & insp.next.notna()]
    gap_years = (graded.next - graded.date).dt.days / 365.25
    median = gap_years.groupby(graded["Overall effectiveness"]).median()
    assert median["1"] > median["2"] > median["3"]


def test_inspections_only_while_urn_open(small_synth):
    est, _ = _gias(small_synth)
    insp = _inspections(small_synth).merge(est, on="URN")
    opened = pd.to_datetime(insp.OpenDate, format="%d-%m-%Y")
    closed = pd.to_datetime(insp.CloseDate.replace("", None), format="%d-%m-%Y")
    assert (insp.date >= opened).all() and ((insp.date <= closed) | closed.isna()).all()


def test_walsall_lea_grades_are_the_published_ones(small_synth):
    lea = read(one(small_synth / "raw", "ofsted_la/lea_inspections_*.csv"))
    walsall = lea[lea["LA code"] == "335"]
    got = list(zip(walsall["Inspection date"].str[-4:], walsall.Judgement, walsall.Grade,
                   strict=True))
    assert got == [("2000", "Overall effectiveness", "7"), ("2002", "Overall effectiveness", "7"),
                   ("2004", "Current performance", "3"),
                   ("2004", "Improvement since last inspection", "2"),
                   ("2004", "Capacity to improve", "2")]
    assert lea.Grade.astype(int).between(1, 7).all() and lea["LA code"].nunique() > 20


def test_cs_inspections_respect_la_existence(small_synth):
    hist = read(one(small_synth / "raw", "ofsted_la/la_ilacs_inspection_history_*.csv"))
    cumberland = hist[hist["Local authority area code"] == "E06000063"]
    assert (cumberland["Inspection date"] >= "2023-04-01").all()
    table = read(one(small_synth / "raw", "ofsted_la/la_childrens_services_inspections_*.csv"))
    bcp = table[table["Local authority name"] == "Bournemouth, Christchurch and Poole"]
    assert bcp.iloc[0, 3] == "" and table.shape[1] == 45


def test_cs_inspection_columns_hold_what_their_names_say(small_synth):
    table = read(one(small_synth / "raw", "ofsted_la/la_childrens_services_inspections_*.csv"))
    grades = {"", "Outstanding", "Good", "Requires improvement to be good", "Inadequate"}
    for col in table.columns:
        values = table[col]
        if "date" in col:
            assert values.str.fullmatch(r"(\d{4}-\d{2}-\d{2})?").all(), col
        elif "inspection type" in col:
            assert set(values) <= {"", "ILACS Standard Inspection", "ILACS Short Inspection"}
        elif col.startswith(("SLAC", "First", "Second", "SIF", "LSCB", "CPI", "CPRI", "TLAC")):
            assert set(values) <= grades, col
