import pandas as pd
import pytest

from analysis_lib.data.readers import lait
from analysis_lib.errors import DataFileError

LONG = "lait_bds_long_2016_2018.csv"


@pytest.mark.parametrize(("label", "year", "rank"), [
    ("2016", 2016, 2), ("2016-17", 2017, 2), ("2016-17 (OT)", 2017, 3),
    ("2018 (Rev)", 2018, 4), ("2025 (prov)", 2025, 1), ("2019/20", 2020, 2)])
def test_year_labels(label, year, rank):
    out = lait.parse_year_labels(pd.Series([label]), "f")
    assert (out.year.iloc[0], out["rank"].iloc[0]) == (year, rank)


@pytest.mark.parametrize("label", ["16-17", "2016-18", "2016 (draft)", "year 2016"])
def test_unreadable_year_labels(label):
    with pytest.raises(DataFileError, match="year label"):
        lait.parse_year_labels(pd.Series(["2016", label]), "f")


def test_long_file_areas_and_precedence(write, fixture_text):
    df = lait.read_lait_long(write(LONG, fixture_text(LONG)))
    cin = df[df.measure_short == "CIN"]
    assert cin.value.tolist() == [405.0] and cin.year_label.tolist() == ["2018 (Rev)"]
    spend = df[df.measure_short == "LeaveCareSupServTotExp"]
    assert spend.value.tolist() == [3190710.0]  # outturn preferred over unmarked
    england = df[df.area_name == "England"].iloc[0]
    assert england.geographic_level == "National" and pd.isna(england.la_code)
    region = df[df.area_name == "West Midlands"].iloc[0]
    assert (region.geographic_level, region.region_code) == ("Regional", "E12000005")
    walsall = df[df.la_code == 335].iloc[0]
    assert walsall.region_code == "E12000005"
    dropped = df.attrs["dropped"]
    assert dropped[f"{LONG}: Inner/Outer London sub-regions (987, 988)"] == 1
    assert sum(v for k, v in dropped.items() if "superseded" in k) == 2


def test_same_year_and_status_twice_is_refused(write, fixture_text):
    text = fixture_text(LONG) + "CIN,2018 (Rev),335,Walsall,406.0\n"
    with pytest.raises(DataFileError, match="appears twice"):
        lait.read_lait_long(write(LONG, text))


def test_percentage_measure_out_of_range(write, fixture_text):
    text = fixture_text(LONG).replace("Continue_Assess_Comp,2017,335,Walsall,96.9",
                                      "Continue_Assess_Comp,2017,335,Walsall,140")
    with pytest.raises(DataFileError, match="percentage out of range"):
        lait.read_lait_long(write(LONG, text))


def test_area_year_table_and_attainment_rows(write, fixture_text):
    df = lait.read_lait_long(write(LONG, fixture_text(LONG)))
    wide = lait.area_year_table(df, lait.WORKFORCE)
    walsall = wide[(wide.la_code == 335)].set_index("year")
    assert walsall.loc[2016, "caseload_per_fte"] == 14.3
    assert pd.isna(walsall.loc[2016, "vacancy_rate"])
    rows = lait.attainment_rows(df)
    assert set(rows.pupil_group) == {"disadvantaged"}
    assert rows.set_index("area_name").loc["England", "value"] == 39


def test_pivot_matches_long(write):
    pivot = "years,old_la_code,area_name,DAP_NEW_KS2_RWM,KS2RWM_Expected_STD\n" \
            "2016,335,Walsall,37,\n2016,970,England,39,54\n"
    df = lait.read_lait_pivot(write("p.csv", pivot))
    assert len(df) == 3 and df.attrs["dropped"]["p.csv: blank values"] == 1
