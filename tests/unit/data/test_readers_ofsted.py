import pandas as pd
import pytest

from analysis_lib.data.readers import ofsted_la, ofsted_schools
from analysis_lib.errors import DataFileError

LEA = ("LA code,LA name,Inspection date,Judgement,Grade\n"
       "335,Walsall,01/03/2000,Overall effectiveness,7\n"
       "335,Walsall,2004-10-01,Capacity to improve,2\n")
MI = ("URN,LAESTAB,School name,Ofsted phase,Local authority,Inspection type,"
      "Inspection start date,Publication date,Overall effectiveness\n"
      "104000,3352000,A,Primary,Walsall,Section 5,02/07/2007,13/08/2007,3\n"
      "104000,3352000,A,Primary,Walsall,Section 5,10/10/2012,21/11/2012,3\n"
      "104001,3354000,B,Secondary,Walsall,Section 5,15/10/2024,21/11/2024,Not judged\n"
      "104002,3357000,C,PRU,Walsall,Section 8,15/10/2019,21/11/2019,\n")
HISTORY = ("Local authority area code,Local authority name,Local authority status,Ofsted region,"
           "Inspection date,Publication date,Inspection type,Overall effectiveness,"
           "The impact of leaders on social work practice with children and families\n"
           "E08000030,Walsall,Current,West Midlands,2021-10-04,2021-11-26,"
           "ILACS Standard Inspection,Good,Adequate\n")


def test_lea_inspections(write):
    df = ofsted_la.read_lea_inspections(write("lea.csv", LEA))
    assert df.judgement.tolist() == ["overall_effectiveness", "capacity_to_improve"]
    assert df.grade.tolist() == [7, 2] and set(df.scale_max) == {7}
    assert df.inspection_date.tolist() == [pd.Timestamp("2000-03-01"), pd.Timestamp("2004-10-01")]
    assert df.grade_label.tolist() == ["Very poor", "Good"]


def test_lea_grade_out_of_range(write):
    with pytest.raises(DataFileError, match="grade out of range") as err:
        ofsted_la.read_lea_inspections(write("lea.csv", LEA.replace(",2\n", ",8\n")))
    assert err.value.rows == [2] and err.value.column == "Grade"


def test_unparseable_date(write):
    with pytest.raises(DataFileError, match="unparseable date") as err:
        ofsted_la.read_lea_inspections(write("lea.csv", LEA.replace("01/03/2000", "March 2000")))
    assert err.value.column == "Inspection date" and err.value.rows == [1]


def test_ilacs_history_grades_and_gss_codes(write):
    df = ofsted_la.read_ilacs_inspection_history(write("h.csv", HISTORY))
    assert set(df.la_code) == {335} and set(df.framework) == {"ILACS"}
    assert df.set_index("judgement").grade.to_dict() == {"overall_effectiveness": 2,
                                                         "impact_of_leaders": 3}
    assert df.publication_date.iloc[0] == pd.Timestamp("2021-11-26")


def test_unknown_judgement_and_unknown_la(write):
    with pytest.raises(DataFileError, match="unknown judgement"):
        ofsted_la.read_ilacs_inspection_history(write("h.csv", HISTORY.replace("Good,", "Fine,")))
    with pytest.raises(DataFileError, match="unknown LA"):
        ofsted_la.read_ilacs_inspection_history(write("h.csv", HISTORY.replace("E08000030",
                                                                                 "E08000999")))


def test_school_inspections(write):
    df = ofsted_schools.read_school_inspections(write("mi.csv", MI))
    assert df.la_code.tolist() == [335] * 4
    assert df.phase.tolist() == ["primary", "primary", "secondary", "other"]
    assert df.framework.tolist() == ["2005", "2012", "2024", "2019"]
    assert df.grade_label.tolist() == ["Satisfactory", "Requires improvement", "Not judged",
                                       "Not judged"]
    assert df.overall_effectiveness.isna().tolist() == [False, False, True, True]


def test_school_grade_out_of_range_and_duplicates(write):
    with pytest.raises(DataFileError, match="grade out of range") as err:
        ofsted_schools.read_school_inspections(write("mi.csv", MI.replace("21/11/2012,3",
                                                                          "21/11/2012,5")))
    assert err.value.rows == [2]
    lines = MI.splitlines()
    with pytest.raises(DataFileError, match="duplicated key"):
        ofsted_schools.read_school_inspections(write("mi.csv", "\n".join(lines + [lines[1]])
                                                     + "\n"))


def test_framework_boundaries():
    dates = pd.Series(pd.to_datetime(["2005-08-31", "2005-09-01", "2012-08-31", "2012-09-01",
                                      "2019-09-01", "2024-08-31", "2024-09-01"]))
    assert ofsted_schools.framework_for(dates).tolist() == [
        "pre_2005", "2005", "2005", "2012", "2019", "2019", "2024"]


def test_gias_and_links(write):
    gias = ("URN,LA (code),LA (name),EstablishmentName,TypeOfEstablishment (name),"
            "EstablishmentStatus (name),PhaseOfEducation (name),OpenDate,CloseDate,PercentageFSM\n"
            "104000,335,Walsall,A,Community school,Closed,Primary,01-09-1970,31-08-2015,30.5\n"
            "140000,335,Walsall,A Academy,Academy converter,Open,Primary,01-09-2015,,28\n"
            "104010,335,Walsall,S,Community special school,Open,Not applicable,01-09-1970,,\n")
    links = ("URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n"
             "140000,104000,A,Predecessor,01-09-2015\n"
             "104000,140000,A Academy,Successor,01-09-2015\n")
    df = ofsted_schools.read_gias_establishments(write("g.csv", gias))
    assert df.is_academy.tolist() == [False, True, False]
    assert df.phase.tolist() == ["primary", "primary", "special"]
    assert df.disadvantaged_share.iloc[0] == pytest.approx(0.305)
    assert df.close_date.iloc[0] == pd.Timestamp("2015-08-31")
    pred = ofsted_schools.read_gias_links(write("l.csv", links))
    assert pred.to_dict("records") == [{"urn": 140000, "predecessor_urn": 104000}]
