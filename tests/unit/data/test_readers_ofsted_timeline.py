"""The third-party ratings timeline, the 2017-18 school spine and GIAS links, with the quirks
of the files as published (hand-made fixtures of a few rows each)."""

import pandas as pd
import pytest

from analysis_lib.data import load
from analysis_lib.data.readers import ofsted_schools, ofsted_timeline
from analysis_lib.errors import DataFileError

# CRLF line ends, newest judgement first, an exact duplicate row (rows 3-4), 'Satisfactory'
# beside 'Requires Improvement' for one inspection (rows 6-7) and 'Satisfactory' after 2012.
TIMELINE = ("URN,Rating,Inspection Date\r\n"
            "104000,Good,20150128\r\n"
            "104000,Satisfactory,20080926\r\n"
            "104001,Inadequate,20141008\r\n"
            "104001,Inadequate,20141008\r\n"
            "104001,Satisfactory,20110301\r\n"
            "140000,Requires Improvement,20131204\r\n"
            "140000,Satisfactory,20131204\r\n"
            "104002,Outstanding,20070115\r\n"
            "104003,Good,20090520\r\n")
# Windows-1252 name (0xE0), a school under DfE code 702 (service children abroad) with no
# type, an independent school, an academy with its 'Other URN' written as a float.
SPINE = ("URN,Name,Street,City,Postcode,Status,Rating,Inspect Date,Date Opened,Date Closed,"
         "Type,Primary,Secondary,Post 16,Age From,Age To,Gender,Gender Post 16,Religion,"
         "Other URN,Local Authority\n"
         "104000,Ecole \xe0 Walsall,1 Road,Walsall,WS1 1AA,1,Good,20150128,,,Maintained School,"
         "1,0,0,4,11,Mixed,Mixed,None,,335\n"
         "104001,B School,2 Road,Walsall,WS1 1AB,2,Inadequate,20141008,,20180831,"
         "Maintained School,0,1,0,11,16,Mixed,Mixed,None,,335\n"
         "140000,C Academy,3 Road,Walsall,WS1 1AC,1,Requires Improvement,20131204,20120901,,"
         "Academy,1,1,1,4,18,Mixed,Mixed,None,104009.0,335\n"
         "104002,D College,4 Road,Sandwell,B70 1AA,1,,,,,Independent School,0,1,1,11,18,"
         "Boys,Boys,None,,333\n"
         "104003,BFS E,Camp,Abroad,BF1 1AA,1,,,,,,1,0,0,4,11,Mixed,Mixed,None,,702\n")
LINKS = (",URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n"
         "0,140000,104009,Old C,Predecessor,2012-09-01\n"
         "1,104009,140000,C Academy,Successor,2012-09-01\n"
         "2,104009,104008,Older C,Predecessor - merged,\n"
         "3,104007,104010,New D,Successor,\n"
         "4,140000,104006,Infant C,Predecessor - amalgamated,\n"
         "5,104000,150000,C Sixth Form,Sixth Form Centre Link,\n")


def test_timeline_quirks(write):
    df = ofsted_timeline.read_ratings_timeline(write("t.csv", TIMELINE))
    assert len(df) == 7
    dropped = df.attrs["dropped"]
    assert dropped["t.csv: exact duplicate rows"] == 1
    assert sum(v for k, v in dropped.items() if "another word" in k) == 1
    one = df[df.urn == 140000]
    assert one.overall_effectiveness.tolist() == [3]
    assert one.grade_label.tolist() == ["Requires improvement"]
    assert one.inspection_date.tolist() == [pd.Timestamp("2013-12-04")]
    assert df.set_index(["urn", "inspection_date"]).loc[(104000, pd.Timestamp("2008-09-26")),
                                                        "overall_effectiveness"] == 3
    assert df.framework.tolist()[:2] == ["2012", "2005"]
    assert df.la_code.isna().all() and df.inspection_type.isna().all()
    assert set(df.source) == {ofsted_timeline.TIMELINE_SOURCE}
    assert "not Ofsted's management information" in ofsted_timeline.TIMELINE_SOURCE


def test_timeline_conflicting_grades_keep_the_first_row(write):
    text = TIMELINE.replace("140000,Satisfactory,20131204", "140000,Good,20131204")
    df = ofsted_timeline.read_ratings_timeline(write("t.csv", text))
    assert df[df.urn == 140000].overall_effectiveness.tolist() == [3]
    assert any("different grade" in k for k in df.attrs["dropped"])


@pytest.mark.parametrize(("old", "new", "problem", "column", "row"), [
    ("20141008\r\n104001,Satisfactory", "20141308\r\n104001,Satisfactory", "impossible date",
     "Inspection Date", 4),
    ("104002,Outstanding", "104002,Splendid", "unknown rating", "Rating", 8),
    ("104003,Good", ",Good", "missing URN", "URN", 9),
    ("20090520", "May 2009", "unparseable date", "Inspection Date", 9),
])
def test_timeline_bad_cells_name_row_and_column(write, old, new, problem, column, row):
    with pytest.raises(DataFileError, match=problem) as err:
        ofsted_timeline.read_ratings_timeline(write("t.csv", TIMELINE.replace(old, new)))
    assert err.value.column == column and err.value.rows == [row]


def test_timeline_variants_of_the_publisher(write):
    # the compiler's first version wrote Python datetimes ('2013-04-18 00:00:00')
    text = ("URN,Rating,Inspection Date\n104000.0,Special Measures,20150128.0\n"
            "104001,requires improvement,2016-03-01 00:00:00\n104002,,20170101\n")
    df = ofsted_timeline.read_ratings_timeline(write("ofsted_ratings_2018.csv", text))
    assert df.overall_effectiveness.tolist()[:2] == [4, 3]
    assert pd.isna(df.overall_effectiveness.iloc[2])
    assert df.inspection_date.iloc[1] == pd.Timestamp("2016-03-01")


def test_spine_without_its_rating_columns(write):
    # the compiler's first version of the spine had no Rating / Inspect Date columns
    lines = SPINE.splitlines()
    header = lines[0].split(",")
    drop = [header.index("Rating"), header.index("Inspect Date")]
    rows = [",".join(c for i, c in enumerate(line.split(",")) if i not in drop)
            for line in lines]
    df = ofsted_timeline.read_school_spine(write("school_details_2018.csv",
                                                 "\n".join(rows) + "\n", encoding="cp1252"))
    assert len(df) == 4 and df.latest_overall_effectiveness.isna().all()


def test_spine(write):
    df = ofsted_timeline.read_school_spine(write("s.csv", SPINE, encoding="cp1252"))
    assert df.urn.tolist() == [104000, 104001, 140000, 104002]  # LA 702 dropped
    assert list(df.attrs["dropped"].values()) == [1]
    assert df.school_name.iloc[0] == "Ecole \xe0 Walsall"
    assert df.phase.tolist() == ["primary", "secondary", "other", "secondary"]
    assert df.is_academy.tolist() == [False, False, True, False]
    assert df.state_funded.tolist() == [True, True, True, False]
    assert df.close_date.iloc[1] == pd.Timestamp("2018-08-31")
    assert df.open_date.iloc[2] == pd.Timestamp("2012-09-01")
    assert df.latest_overall_effectiveness.tolist()[:3] == [2, 4, 3]


@pytest.mark.parametrize(("old", "new", "problem", "column"), [
    (",,335\n140000", ",,999\n140000", "unknown LA code '999'", "Local Authority"),
    ("Maintained School,0,1", "Maintained School,yes,1", "unreadable flag", "Primary"),
    (",20180831,", ",20183108,", "impossible date", "Date Closed"),
])
def test_spine_bad_cells(write, old, new, problem, column):
    with pytest.raises(DataFileError, match=problem) as err:
        ofsted_timeline.read_school_spine(write("s.csv", SPINE.replace(old, new),
                                                encoding="cp1252"))
    assert err.value.column == column and err.value.rows == [2]


def test_links_with_index_column_one_way_links_and_amalgamations(write):
    pred = ofsted_schools.read_gias_links(write("l.csv", LINKS))
    assert pred.set_index("urn").predecessor_urn.to_dict() == {
        104009: 104008, 104010: 104007, 140000: 104009}  # 104010: listed one way only;
    # 140000: the dated link beats the undated amalgamation
    assert list(pred.attrs["dropped"].values()) == [1]
    with pytest.raises(DataFileError, match="missing URN") as err:
        ofsted_schools.read_gias_links(write("l.csv", LINKS.replace("1,104009,140000",
                                                                    "1,,140000")))
    assert err.value.rows == [2] and err.value.column == "URN"


def _raw(write, *, spine: bool = True):
    # the compiler's own file names (the shared copies are renamed *_timeline_* / *_spine)
    write("raw/ofsted_schools/ofsted_ratings_2018.csv", TIMELINE)
    write("raw/ofsted_schools/gias_links_2022.csv", LINKS)
    if spine:
        write("raw/ofsted_schools/school_details_2018.csv", SPINE, encoding="cp1252")
    return write("raw/ofsted_schools/README", "").parent.parent


def test_tables_built_from_the_three_layouts(write):
    raw = _raw(write)
    insp = load("school_inspections", source="official", data_dir=raw)
    assert sorted(insp.urn.unique()) == [104000, 104001, 140000]  # independent, abroad: out
    assert set(insp.la_code) == {335}
    assert insp.set_index("urn").phase.to_dict() == {104000: "primary", 104001: "secondary",
                                                     140000: "other"}
    assert insp.set_index("urn").predecessor_urn.dropna().to_dict() == {140000: 104009}
    assert set(insp.source) == {ofsted_timeline.TIMELINE_SOURCE}
    schools = load("schools", source="official", data_dir=raw)
    assert sorted(schools.urn) == [104000, 104001, 140000]
    assert schools.set_index("urn").predecessor_urn.dropna().to_dict() == {140000: 104009}


def test_timeline_without_the_spine_says_what_is_missing(write):
    raw = _raw(write, spine=False)
    with pytest.raises(DataFileError, match="no LA or phase column") as err:
        load("school_inspections", source="official", data_dir=raw)
    assert "school_details_*.csv" in str(err.value)
