import pandas as pd
import pytest

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.ofsted.timeline import la_timeline


def _facts():
    return pd.DataFrame({
        "fact_id": ["a", "b"], "topic": ["lea_inspection"] * 2,
        "la_code": pd.array([335, 335], dtype="Int64"), "date": ["2000", "2004-10"],
        "measure": ["lea_overall_grade", "current_performance_grade"], "value": [7.0, 3.0],
        "unit": ["grade"] * 2, "description": ["Very poor", "Highly satisfactory"],
        "source": ["Serco case study"] * 2, "source_detail": ["para. 2", "para. 6"]})


def _la():
    return pd.DataFrame({
        "la_code": pd.array([335, 335, 336], dtype="Int64"), "la_name": ["W", "W", "X"],
        "inspection_date": pd.to_datetime(["2021-10-04", "2012-07-31", "2019-01-01"]),
        "framework": ["ILACS", "SLAC", "ILACS"],
        "judgement": ["overall_effectiveness", "safeguarding", "overall_effectiveness"],
        "grade": pd.array([2, 4, 1], dtype="Int64"), "scale_max": [4, 4, 4],
        "grade_label": ["Good", "Inadequate", "Outstanding"], "source": ["Ofsted"] * 3})


def test_timeline_adds_lea_facts_in_date_order():
    timeline = la_timeline(_la(), 335, _facts())
    assert timeline["inspection_date"].dt.year.tolist() == [2000, 2004, 2012, 2021]
    assert timeline["scale_max"].tolist() == [7, 7, 4, 4]
    assert timeline.loc[0, "inspection_date"] == pd.Timestamp("2000-07-01")
    assert "para. 2" in timeline.loc[0, "source"]
    assert timeline["scale"].str.startswith("1-7").sum() == 2


def test_missing_la_and_lea_rows_kept_from_the_table():
    with_lea = pd.concat([_la(), _la().iloc[[0]].assign(
        inspection_date=pd.Timestamp("2000-03-01"), framework="LEA", scale_max=7,
        grade=pd.array([7], dtype="Int64"), source="LEA file")], ignore_index=True)
    timeline = la_timeline(with_lea, 335, _facts())
    assert (timeline["scale_max"] == 7).sum() == 1  # facts not added when the table has LEA
    with pytest.raises(DataNotAvailableError):
        la_timeline(_la(), 999, None)


@pytest.mark.real_data
def test_official_walsall_timeline(real_data_dir):
    from analysis_lib.data import load

    la = load("la_inspections", source="official", data_dir=str(real_data_dir), la=335)
    timeline = la_timeline(la, 335)
    ilacs = timeline[(timeline["framework"] == "ILACS")
                     & (timeline["judgement"] == "overall_effectiveness")]
    # Ofsted, LA inspection outcomes as at 31 March 2025: Walsall ILACS October 2021, Good
    assert (ilacs["inspection_date"].dt.year == 2021).any() and (ilacs["grade"] == 2).any()
    assert (timeline["scale_max"] == 7).any()
