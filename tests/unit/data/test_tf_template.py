"""The family-records template (docs/troubled_families_template.md): a good file loads, each kind
of bad input stops with a message naming the file, the column, the rows and the expectation."""

from __future__ import annotations

import pytest

import analysis_lib.data as data
from analysis_lib.data.readers import troubled_families as tf
from analysis_lib.data.synth import tf_example
from analysis_lib.data.tf_schemas import TF_OUTCOMES
from analysis_lib.errors import DataFileError

HEADER = ("family_id,la_code,phase,treated,start_year,n_children,lone_parent,workless,prior_cin,"
          "prior_persistent_absence,prior_offending,deprivation_decile\n")
RECORDS = HEADER + ("1,335,1,1,2013,2,1,1,0,0,0,2\n"
                    "2,335,1,0,,1,0,1,1,0,0,3\n"
                    "3,335,1,yes,2012,3,no,TRUE,false,1,0,1\n")
OUTCOMES = ("family_id,year,outcome,value\n"
            "1,2012,child_entered_care,0\n1,2013,child_entered_care,1\n"
            "2,2012,child_entered_care,0\n2,2013,Child_Entered_Care,0\n"
            "3,2012,youth_custody,0\n")


@pytest.fixture
def folder(tmp_path):
    """Write (possibly damaged) records and outcomes into an LA's records folder."""

    def _write(records: str = RECORDS, outcomes: str = OUTCOMES):
        base = tmp_path / "la_records"
        base.mkdir(exist_ok=True)
        (base / "tf_family_records_2024.csv").write_text(records, encoding="utf-8")
        (base / "tf_family_outcomes_2024.csv").write_text(outcomes, encoding="utf-8")
        return base

    return _write


def load_local(base, table: str = "tf_family_outcomes"):
    return data.load(table, source="local", data_dir=base)


def test_good_files_load_with_any_flag_spelling(folder):
    base = folder()
    families = load_local(base, "tf_families").set_index("family_id")
    assert families.treated.tolist() == [True, False, True]
    assert families.workless.tolist() == [True, True, True]
    assert families.start_year.isna().tolist() == [False, True, False]
    outcomes = load_local(base)
    assert set(outcomes.outcome) == {"child_entered_care", "youth_custody"}  # case folded
    assert outcomes.value.sum() == 1


RECORD_ERRORS = [
    (RECORDS.replace("deprivation_decile", "deprivation decile"), "required column missing",
     "deprivation_decile", None, "renamed to 'deprivation decile'"),
    (RECORDS.replace("1,335,1,1,2013,2,1", "1,335,1,1,2013,,1"), "missing value",
     "n_children", [1], "a value on every row"),
    (RECORDS.replace("2,335,1,0,,1,0,1", "2,335,1,0,,1,0,maybe"), "unreadable value 'maybe'",
     "workless", [2], "flags 0/1, true/false or yes/no"),
    (RECORDS.replace("2,335,1,0,,1,0,1", "2,335,1,0,,1,0,2"), "flag not 0/1", "workless", [2],
     "0 or 1"),
    (RECORDS.replace("2,335,1,0,", "2,335,4,0,"), "unknown phase", "phase", [2],
     "3 (Supporting Families"),
    (RECORDS.replace("1,335,1,1,2013,2,", "1,335,1,1,2013,-1,"), "negative number of children",
     "n_children", [1], "0 or more"),
    (RECORDS.replace("1,335,1,1,2013,2,", "1,335,1,1,2013,2.5,"), "not a whole number",
     "n_children", [1], "a whole number"),
    (RECORDS.replace("0,0,0,2\n", "0,0,0,11\n"), "decile out of range", "deprivation_decile",
     [1], "1 to 10"),
    (RECORDS.replace("1,335,1,1,2013,", "1,335,1,1,,"), "start_year missing for a family worked",
     "start_year", [1], "when treated = 1"),
    (RECORDS.replace("2,335,1,0,,", "2,335,1,0,2013,"), "start_year given for a family not",
     "start_year", [2], "an empty cell when treated = 0"),
    (RECORDS.replace("1,335,1,1,2013,", "1,335,1,1,2019,"), "start_year outside its phase",
     "start_year", [1], "phase 1: 2012-2015"),
    (RECORDS.replace("2,335,", "1,335,"), "duplicated key", "family_id", [2],
     "one row per family_id"),
    (RECORDS.replace("3,335,", "3,999,"), "unknown LA code '999'", "la_code", [3],
     "data/reference/las.csv"),
]


OUTCOME_ERRORS = [
    (OUTCOMES.replace("3,2012,youth_custody", "3,2012,child_entered_cara"), "unknown outcome",
     "outcome", [5], "one of child_entered_care, youth_custody"),
    (OUTCOMES.replace("1,2013,child_entered_care,1", "1,2013,child_entered_care,2"),
     "value not 0/1", "value", [2], "leave out years not observed"),
    (OUTCOMES.replace("1,2013,child_entered_care,1", "1,2013,child_entered_care,"),
     "missing value", "value", [2], "a value on every row"),
    (OUTCOMES.replace("1,2013,", "1,1913,"), "year out of range", "year", [2], "1990 to 2100"),
    (OUTCOMES.replace("1,2013,", "1,2012,"), "duplicated key", "family_id,year,outcome", [2],
     "one row per family_id x year x outcome"),
]


BAD_FILES = ([("records", text, *rest) for text, *rest in RECORD_ERRORS]
             + [("outcomes", text, *rest) for text, *rest in OUTCOME_ERRORS])


@pytest.mark.parametrize(("kind", "text", "problem", "column", "rows", "expected"), BAD_FILES)
def test_each_bad_input_is_named(folder, kind, text, problem, column, rows, expected):
    with pytest.raises(DataFileError) as caught:
        load_local(folder(**{kind: text}))
    err = caught.value
    assert err.path.endswith(f"tf_family_{kind}_2024.csv")
    assert problem in err.problem and err.column == column and err.rows == rows
    assert expected in err.expected


def test_outcome_rows_must_name_a_family_in_the_records(folder):
    with pytest.raises(DataFileError) as caught:
        load_local(folder(outcomes=OUTCOMES + "7,2012,youth_custody,0\n"))
    err = caught.value
    assert err.path.endswith("tf_family_outcomes_2024.csv") and err.rows == [6]
    assert err.problem == "family_id not in the family records"
    assert "tf_family_records_2024.csv" in err.expected


def test_every_family_needs_outcome_rows(folder):
    with pytest.raises(DataFileError) as caught:
        load_local(folder(outcomes=OUTCOMES.replace("3,2012,youth_custody,0\n", "")))
    err = caught.value
    assert err.path.endswith("tf_family_records_2024.csv") and err.rows == [3]
    assert err.problem == "family without outcome rows"


def test_folder_checks_and_the_synthetic_mark(folder, tmp_path):
    base = folder()
    assert tf.own_records_problem(base) is None and not tf.marked_synthetic(base)
    (base / "tf_family_outcomes_2024.csv").rename(base / "outcomes.csv")
    assert "tf_family_outcomes_*.csv" in tf.own_records_problem(base)
    assert tf.own_records_problem(tmp_path / "empty_but_named").startswith("data_dir")
    assert tf.marked_synthetic(tf_example.EXAMPLE_DIR)


def test_shipped_example_passes_the_template_checks():
    families = load_local(tf_example.EXAMPLE_DIR, "tf_families")
    outcomes = load_local(tf_example.EXAMPLE_DIR)
    assert len(families) == tf_example.N_FAMILIES and set(families.la_code) == {335}
    assert 10 < families.treated.sum() < len(families) - 10
    assert set(outcomes.outcome) == set(TF_OUTCOMES)
