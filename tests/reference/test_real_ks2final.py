"""DfE's real KS2 performance tables (ks2final) for Hampshire and Surrey, 2017 and 2018
(../shared/data/real/attainment/ks2_performance_tables, PROVENANCE "Added 2026-12-03"):
read as published, and each file's school rows checked against its own LA row. Expected
values are read off the files' own rows (named per test); skipped when the files are absent."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis_lib.data as data
from analysis_lib.attainment.school_totals import disagreements, la_totals_check
from analysis_lib.data.build_performance import (
    SCHOOL_TYPES,
    ks_attainment_school,
    ks_attainment_school_totals,
)
from analysis_lib.data.readers.performance_tables import read_ks2final

pytestmark = pytest.mark.real_data

FOLDER = "attainment/ks2_performance_tables"
# file -> (year, LA, schools with results (mainstream, special), schools listed without,
#          LA row: eligible, disadvantaged, % disadvantaged and % other meeting the standard)
FILES = {
    "england_ks2final_2016-2017_LA850_Hampshire.csv": (2017, 850, (308, 14), 6,
                                                       (14040, 3075, 47, 71)),
    "england_ks2final_2016-2017_LA936_Surrey.csv": (2017, 936, (209, 12), 11,
                                                    (11395, 2106, 43, 72)),
    "england_ks2final_2017-2018_LA850_Hampshire.csv": (2018, 850, (309, 15), 4,
                                                       (14463, 3110, 49, 73)),
    "england_ks2final_2017-2018_LA936_Surrey.csv": (2018, 936, (213, 12), 10,
                                                    (12122, 2081, 47, 74)),
}


@pytest.fixture(scope="module", params=sorted(FILES))
def real_file(request, real_data_dir):
    path = real_data_dir / FOLDER / request.param
    return read_ks2final(path), FILES[request.param]


def test_every_row_is_read_as_published(real_file):
    df, (year, la, (mainstream, special), without, _) = real_file
    assert (df["year"] == year).all() and (df["measure"] == "rwm_expected_standard").all()
    counts = df["record_type"].value_counts().to_dict()
    assert counts == {"mainstream_school": mainstream, "special_school": special, "la": 1,
                      "england_all_schools": 1, "england_state_funded": 1}
    assert list(df.attrs["dropped"].values()) == [without]
    assert set(df["la_code"].dropna()) == {la}
    schools = df[df["record_type"].isin(list(SCHOOL_TYPES))]
    assert schools["urn"].notna().all() and schools["urn"].is_unique
    reasons = schools["missing_reason"].dropna().str.split(";").explode()
    assert reasons.str.contains("=SUPP").any()  # DfE's suppression kept per column


def test_the_la_row_is_read_as_published(real_file):
    df, (_, _, _, _, (eligible, disadvantaged, pct_dis, pct_other)) = real_file
    la = df[df["record_type"] == "la"].iloc[0]
    assert (la.cohort, la.disadvantaged_pupils) == (eligible, disadvantaged)
    assert (la.pct_disadvantaged, la.pct_other) == (pct_dis, pct_other)


def test_schools_add_up_to_the_published_la_row(real_file):
    df, (year, la, (mainstream, special), _, _) = real_file
    parts = {"ks2final": [df]}
    check = la_totals_check(ks_attainment_school(parts, "official"),
                            ks_attainment_school_totals(parts, "official")).set_index("quantity")
    assert len(check) == 6 and disagreements(check.reset_index()).empty
    assert check["agrees"].all()
    # the eligible pupils of every school sum exactly to the LA's
    eligible = check.loc["eligible pupils"]
    assert eligible.published == eligible.computed and eligible.schools == mainstream + special


def test_load_returns_the_real_rows(real_data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_PROCESSED_DIR", str(tmp_path))
    hampshire = data.load("ks_attainment_school", source="official", data_dir=real_data_dir,
                          la="Hampshire", years=(2017, 2018))
    assert len(hampshire) == 308 + 14 + 309 + 15
    assert hampshire.groupby("year")["school_type"].value_counts().to_dict() == {
        (2017, "mainstream"): 308, (2017, "special"): 14, (2018, "mainstream"): 309,
        (2018, "special"): 15}
    # Church Crookham Junior School, 2017 file: 109 eligible, 17 disadvantaged, 59% / 75%
    school = hampshire[(hampshire["urn"] == 115976) & (hampshire["year"] == 2017)].iloc[0]
    assert (school.cohort, school.disadvantaged_pupils, school.pct_disadvantaged,
            school.pct_other, school.reading_progress) == (109, 17, 59, 75, 1.2)
    totals = data.load("ks_attainment_school_totals", source="official",
                       data_dir=real_data_dir)
    england = totals[totals["record_type"] == "england_state_funded"].set_index("year")
    # RECTYPE 5 rows of the files: 61% and 64% of pupils met the expected standard
    assert england["pct_all"].to_dict() == {2017: 61.0, 2018: 64.0}
    assert len(totals) == 2 * 2 + 2 * 2  # the England rows of the two LAs' files kept once
    assert isinstance(totals["la_code"].dtype, pd.Int64Dtype)
