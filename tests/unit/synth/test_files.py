"""Every file is written, says it is synthetic where it can, and keeps the official layout."""

from __future__ import annotations

import json

import pytest

from tests.unit.synth.conftest import one, read

EXPECTED = [
    "attainment/ks2_la_characteristics_*.csv", "attainment/ks4_la_characteristics_*.csv",
    "attainment/ks2_performance_tables/2018-2019/england_ks2final.csv",
    "attainment/ks2_pupils_*.parquet",
    "ofsted_schools/school_inspections_*.csv", "ofsted_schools/gias_establishments_*.csv",
    "ofsted_schools/gias_links_*.csv", "ofsted_la/lea_inspections_*.csv",
    "ofsted_la/la_childrens_services_inspections_*.csv",
    "ofsted_la/la_ilacs_inspection_history_*.csv", "csc_workforce/csww_indicators_*.csv",
    "children_in_need/c1_*.csv", "children_in_need/d3_*.csv", "lait/lait_bds_long_*.csv",
    "troubled_families/tf_progress_by_la_*.csv", "troubled_families/tf_family_records_*.csv",
    "troubled_families/tf_family_outcomes_*.csv"]
# (synthetic file, real extract) pairs whose headers must match column for column
SAME_LAYOUT = [
    ("csc_workforce/csww_indicators_*.csv", "csc_workforce/csww_indicators_2017_to_2025.csv"),
    ("children_in_need/c1_*.csv",
     "children_in_need/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"),
    ("children_in_need/d3_*.csv", "children_in_need/d3_cpps_subsequent_plan_2013_to_2025.csv"),
    ("lait/lait_bds_long_*.csv", "lait/lait_bds_long_csc_education_2016_2025.csv"),
    ("ofsted_la/la_childrens_services_inspections_*.csv",
     "ofsted_la/la_childrens_services_inspections_2009_2023.csv"),
    ("ofsted_la/la_ilacs_inspection_history_*.csv",
     "ofsted_la/la_ilacs_inspection_history_2018_2025.csv")]


@pytest.mark.parametrize("pattern", EXPECTED)
def test_every_format_is_written(small_synth, pattern):
    assert one(small_synth / "raw", pattern).stat().st_size > 0


def test_data_are_labelled_synthetic(small_synth, truth):
    assert "SYNTHETIC" in (small_synth / "README.txt").read_text()
    assert truth["data_label"] == "SYNTHETIC" and truth["seed"] == 7
    assert truth["generator_version"]
    names = read(one(small_synth / "raw", "ofsted_schools/gias_establishments_*.csv"))
    assert names["EstablishmentName"].str.startswith("Synthetic ").all()


def test_truth_lists_file_hashes(small_synth, truth):
    written = {str(p.relative_to(small_synth)) for p in (small_synth / "raw").rglob("*.*")}
    assert set(truth["files"]) == written


def test_truth_defines_every_planted_effect(truth):
    effects = truth["effects"]
    assert set(effects) == {"outsourcing_inspections", "caseload_timeliness",
                            "troubled_families", "ks2_disadvantage_gap", "ks2_gap_index"}
    for effect in effects.values():
        assert effect["estimand"] and effect["notebook"] and effect["compare_to"]
    json.dumps(truth)  # plain JSON types only


@pytest.mark.real_data
@pytest.mark.parametrize(("synthetic", "real"), SAME_LAYOUT)
def test_layout_matches_real_extract(small_synth, real_dir, synthetic, real):
    ours = one(small_synth / "raw", synthetic).open(encoding="utf-8").readline()
    theirs = (real_dir / real).open(encoding="utf-8-sig").readline()
    assert ours.strip().split(",") == theirs.strip().split(",")


@pytest.mark.real_data
@pytest.mark.parametrize("year", [2017, 2018])
def test_ks2final_columns_are_dfes_own_names_in_dfes_order(small_synth, real_dir, year):
    """The synthetic ks2final holds a subset of DfE's columns: same names, case and order."""
    name = f"{year - 1}-{year}/england_ks2final.csv"
    ours = one(small_synth / "raw", f"attainment/ks2_performance_tables/{name}")
    (real,) = (real_dir / "attainment" / "ks2_performance_tables").glob(
        f"*_{year - 1}-{year}_LA850_*.csv")
    theirs = real.open(encoding="utf-8-sig").readline().strip().split(",")
    header = ours.open(encoding="utf-8-sig").readline().strip().split(",")
    assert ours.read_bytes().startswith(b"\xef\xbb\xbf")  # DfE's byte-order mark
    assert set(header) <= set(theirs)
    assert header == sorted(header, key=theirs.index)
