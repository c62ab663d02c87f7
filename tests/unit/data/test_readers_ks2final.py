"""DfE ks2final performance tables: every quirk of the published layout, on hand-made files.

The fixtures copy the real files' shape (../shared/data/real/attainment/ks2_performance_tables):
UTF-8 byte-order mark, CRLF line ends, mixed-case names (``TNotFSM6CLA1A``), a column of an
earlier year's results (``PTNOTFSM6CLA1A_16``), percentages written ``62%``, blanks written as
a space in the LA and England rows, DfE's symbols, and school rows shorter than the header.
"""

import pandas as pd
import pytest

from analysis_lib.data import load
from analysis_lib.data.readers import ks2_layouts
from analysis_lib.data.readers.performance_tables import read_ks2final
from analysis_lib.errors import DataFileError

HEADER = ("RECTYPE,LEA,ESTAB,URN,SCHNAME,TOTPUPS,TELIG,TFSM6CLA1A,PTFSM6CLA1A,TNotFSM6CLA1A,"
          "PTRWM_EXP,READPROG,WRITPROG,MATPROG,PTRWM_EXP_FSM6CLA1A,PTRWM_EXP_NotFSM6CLA1A,"
          "PTNOTFSM6CLA1A_16")
ROWS = [
    "1,850,2229,115976,Church Crookham Junior School,465,109,17,16%,92,72%,1.2,0.5,-0.3,59%,"
    "75%,80%",
    '1,850,3668,134945,"Romsey Primary School, Romsey",234,21,5,24%,16,67%,2.8,1,0.2,SUPP,SUPP',
    "1,850,3101,116300,Medstead Primary School,198,26,0,0%,26,69%,LOWCOV,NE,NP,,69%",
    "2,850,7001,116618,St Francis Special School,96,5,SUPP,SUPP,SUPP,SUPP,NA,NA,NA,SUPP,SUPP",
    "1,850,2001,139548,Cornerstone Primary School,128",  # no KS2 cohort: the row stops here
    "1,850,2002,144882,Sun Hill Junior School,NEW",
    "3,850, , ,Hampshire,81204,14040,3075,22%,10965,66%,-0.2,0.1,0.3,47%,71%,70%",
    "4, , , , ,4553706,604552,190119,31%,414433,61%, , , ,47%,67%,69%",
    "5, , , , ,4490550,599728,189606,32%,410122,61%, , , ,47%,67%,68%",
]


def ks2final(rows=None, header=HEADER) -> str:
    return "\r\n".join([header, *(ROWS if rows is None else rows)])


@pytest.fixture
def real_shape(write):
    return write("2016-2017/850_ks2final.csv", ks2final(), encoding="utf-8-sig")


def test_every_record_type_and_quirk_is_read(real_shape):
    df = read_ks2final(real_shape)
    assert df["record_type"].tolist() == ["mainstream_school"] * 3 + [
        "special_school", "la", "england_all_schools", "england_state_funded"]
    assert (df["year"] == 2017).all() and (df["measure"] == "rwm_expected_standard").all()
    assert df["urn"].tolist()[:4] == [115976, 134945, 116300, 116618]
    assert df["urn"].tolist()[4:] == [pd.NA] * 3 or df["urn"].iloc[4:].isna().all()
    assert df["la_code"].iloc[:5].tolist() == [850] * 5 and df["la_code"].iloc[5:].isna().all()
    assert df["name"].tolist()[-3:] == ["Hampshire", "England", "England"]
    first = df.iloc[0]
    assert (first.cohort, first.disadvantaged_pupils, first.other_pupils) == (109, 17, 92)
    assert (first.pct_all, first.pct_disadvantaged, first.pct_other) == (72, 59, 75)
    assert (first.reading_progress, first.maths_progress) == (1.2, -0.3)
    assert df.iloc[1]["name"] == "Romsey Primary School, Romsey"


def test_every_suppression_reason_is_kept_per_column(real_shape):
    why = read_ks2final(real_shape).set_index("name")["missing_reason"]
    assert why["Romsey Primary School, Romsey"] == "pct_disadvantaged=SUPP;pct_other=SUPP"
    assert why["Medstead Primary School"] == ("reading_progress=LOWCOV;writing_progress=NE;"
                                              "maths_progress=NP")
    assert why["St Francis Special School"] == (
        "disadvantaged_pupils=SUPP;other_pupils=SUPP;pct_all=SUPP;pct_disadvantaged=SUPP;"
        "pct_other=SUPP;reading_progress=NA;writing_progress=NA;maths_progress=NA")
    assert pd.isna(why["Hampshire"])  # blanks written as a space are not reasons


def test_schools_without_results_are_dropped_and_counted(real_shape):
    df = read_ks2final(real_shape)
    assert not df["urn"].isin([139548, 144882]).any()
    assert list(df.attrs["dropped"].values()) == [2]


def test_a_bad_value_names_file_row_and_column(write):
    rows = list(ROWS)
    rows[2] = rows[2].replace("69%,LOWCOV", "6g%,LOWCOV")
    path = write("2016-2017/850_ks2final.csv", ks2final(rows))
    with pytest.raises(DataFileError, match="unreadable value '6g%'") as err:
        read_ks2final(path)
    assert (err.value.rows, err.value.column) == ([3], "PTRWM_EXP")
    assert "850_ks2final.csv" in str(err.value)


@pytest.mark.parametrize(("row", "problem", "column"), [
    ("7,850,1,1,X,1,1", "unknown record type", "RECTYPE"),
    ("1,850,1, ,No URN,1,20", "school row without a valid URN", "URN"),
    ("1, ,1,100001,No LA,1,20", "without an LA code", "LEA"),
    ("1,850,1,100001,Count as a percentage,1,20%", "unreadable value '20%'", "TELIG"),
    ("1,850,1,100001,Over 100,1,20,1,5%,19,120%", "out of range", "PTRWM_EXP"),
])
def test_broken_rows_are_refused(write, row, problem, column):
    path = write("2016-2017/england_ks2final.csv", ks2final([ROWS[0], row]) + "\r\n")
    with pytest.raises(DataFileError, match=problem) as err:
        read_ks2final(path)
    assert err.value.column == column and err.value.rows == [2]


def test_a_truncated_last_row_is_refused_but_short_rows_are_not(write):
    read_ks2final(write("2016-2017/a_ks2final.csv", ks2final([ROWS[0], ROWS[4]]) + "\r\n"))
    with pytest.raises(DataFileError, match="truncated"):
        read_ks2final(write("2016-2017/b_ks2final.csv", ks2final([ROWS[0], ROWS[0][:40]])))


@pytest.mark.parametrize(("name", "year"), [
    ("2017-2018/england_ks2final.csv", 2018),
    ("england_ks2final_2016-2017_LA850_Hampshire.csv", 2017),
    ("Performancetables_1/2015-2016/850_ks2final.csv", 2016),
    ("ks2final_2018-19.csv", 2019), ("850_ks2final_202223.csv", 2023)])
def test_year_from_dfe_names_and_folders(name, year):
    assert ks2_layouts.results_year(name) == year


@pytest.mark.parametrize(("name", "problem"), [
    ("england_ks2final.csv", "no academic year"),
    ("2017_850_ks2final.csv", "could be the academic year starting or ending"),
    ("ks2final_2016-2017_and_2017-2018.csv", "several academic years")])
def test_unclear_years_are_refused(name, problem):
    with pytest.raises(DataFileError, match=problem):
        ks2_layouts.results_year(name)


def test_columns_of_a_later_year_than_the_name_says_are_refused(write):
    header = HEADER.replace("PTNOTFSM6CLA1A_16", "PTRWM_EXP_17")
    path = write("2016-2017/850_ks2final.csv", ks2final(header=header))
    with pytest.raises(DataFileError, match="holds a later year") as err:
        read_ks2final(path)
    assert err.value.column == "PTRWM_EXP_17"


def test_a_layout_of_another_year_says_so(write):
    path = write("2014-2015/850_ks2final.csv", ks2final())
    with pytest.raises(DataFileError, match="matches the 2016-2023 layout") as err:
        read_ks2final(path)
    assert err.value.column == "PTREADWRITTAMATX"


@pytest.mark.parametrize(("folder", "problem"), [
    ("2009-2010", "no published column list for years before 2011"),
    ("2019-2020", "no KS2 results were published for 2020")])
def test_years_without_an_established_layout_are_refused(write, folder, problem):
    with pytest.raises(DataFileError, match=problem):
        read_ks2final(write(f"{folder}/england_ks2final.csv", ks2final()))


def test_names_are_matched_ignoring_case_but_not_twice(write):
    df = read_ks2final(write("2016-2017/x_ks2final.csv", ks2final(header=HEADER.lower())))
    assert df["other_pupils"].iloc[0] == 92
    header = HEADER.replace("PTNOTFSM6CLA1A_16", "ptrwm_exp")
    with pytest.raises(DataFileError, match="differ only in case"):
        read_ks2final(write("2016-2017/y_ks2final.csv", ks2final(header=header)))


LEVELS_HEADER = ("RECTYPE,LEA,URN,SCHNAME,TELIG,TFSMCLA,TNOTFSMCLA,PT2MATH,PTREADWRITTAMATX,"
                 "PTREADWRITTAMATX_FSMCLA,PTREADWRITTAMATX_NOTFSMCLA")


def test_levels_layout_2013_to_2015(write):
    text = "\n".join([LEVELS_HEADER, "1,335,104000,A,30,12,18,85%,55%,42%,64%",
                      "3,335, ,Walsall,3300,1400,1900,88%,70%,60%,77%"])
    df = read_ks2final(write("2013-2014/335_ks2final.csv", text))
    first = df.iloc[0]
    assert (first.year, first.measure, first.regime) == (2014, "rwm_level4", "levels")
    assert (first.pct_all, first.pct_disadvantaged, first.progress_maths_pct) == (55, 42, 85)
    assert pd.isna(first.reading_progress) and df["record_type"].tolist() == [
        "mainstream_school", "la"]


def test_2011_has_no_disadvantaged_breakdown(write):
    text = "RECTYPE,LEA,URN,SCHNAME,TELIG,PT2ENG12,PT2MATH12,PTENGMATX\n1,335,1,A,30,88%,86%,55%\n"
    first = read_ks2final(write("2010-2011/335_ks2final.csv", text)).iloc[0]
    assert (first.measure, first.pct_all, first.progress_english_pct) == ("em_level4", 55, 88)
    assert pd.isna(first.pct_disadvantaged) and pd.isna(first.disadvantaged_pupils)


def test_load_splits_schools_from_published_totals_and_keeps_repeats_once(tmp_path):
    raw = tmp_path / "raw" / "attainment" / "ks2_performance_tables"
    surrey = [r.replace("850", "936").replace("Hampshire", "Surrey") for r in ROWS]
    surrey = [r.replace(",1159", ",1259").replace(",1349", ",1249").replace(",1163", ",1263")
              .replace(",1166", ",1266") for r in surrey]
    for name, rows in (("england_ks2final_2016-2017_LA850.csv", ROWS),
                       ("england_ks2final_2016-2017_LA936.csv", surrey)):
        raw.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text(ks2final(rows), encoding="utf-8-sig")
    schools = load("ks_attainment_school", source="official", data_dir=tmp_path / "raw")
    assert len(schools) == 8 and schools["urn"].is_unique
    assert sorted(schools["school_type"].unique()) == ["mainstream", "special"]
    totals = load("ks_attainment_school_totals", source="official", data_dir=tmp_path / "raw")
    assert totals["record_type"].value_counts().to_dict() == {
        "la": 2, "england_all_schools": 1, "england_state_funded": 1}
    hampshire = load("ks_attainment_school", source="official", data_dir=tmp_path / "raw",
                     la="Hampshire")
    assert set(hampshire["la_code"]) == {850}


def test_files_that_disagree_on_a_record_are_refused(tmp_path):
    raw = tmp_path / "raw" / "attainment"
    raw.mkdir(parents=True)
    (raw / "2016-2017").mkdir()
    (raw / "2016-2017" / "england_ks2final.csv").write_text(ks2final())
    (raw / "2016-2017" / "850_ks2final.csv").write_text(ks2final(
        [ROWS[0].replace("72%", "73%")]))
    with pytest.raises(DataFileError, match="different values by two ks2final files"):
        load("ks_attainment_school", source="official", data_dir=tmp_path / "raw")
