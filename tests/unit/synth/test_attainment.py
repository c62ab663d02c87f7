"""KS2/KS4 files: regime breaks, no KS2 in 2020-21, boundary changes, consistent aggregates."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq

from tests.unit.synth.conftest import one, read


def _ks2(small_synth) -> pd.DataFrame:
    return read(one(small_synth / "raw", "attainment/ks2_la_characteristics_*.csv"))


def _ks2final(small_synth, year: int) -> pd.DataFrame:
    path = one(small_synth / "raw", f"attainment/ks2_performance_tables/{year - 1}-{year}/"
                                    "england_ks2final.csv")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _years(df: pd.DataFrame, code: str) -> set[int]:
    return {int(t[:4]) + 1 for t in df.loc[df.old_la_code == code, "time_period"]}


def test_ks2_years_and_level_break(small_synth):
    ks2 = _ks2(small_synth)
    nat = ks2[(ks2.geographic_level == "National") & (ks2.characteristic == "Total")]
    pct = nat.set_index(nat.time_period.str[:4].astype(int) + 1).pt_rwm_met_expected_standard
    assert not {2020, 2021} & set(pct.index)
    assert set(pct.index) >= {2000, 2015, 2016, 2025}
    assert int(pct[2015]) - int(pct[2016]) >= 15  # levels -> expected standard


def test_boundary_changes_in_attainment(small_synth):
    ks2 = _ks2(small_synth)
    assert max(_years(ks2, "875")) == 2008 and min(_years(ks2, "895")) == 2009
    assert max(_years(ks2, "837")) == 2018 and min(_years(ks2, "839")) == 2019
    assert max(_years(ks2, "928")) == 2019 and min(_years(ks2, "940")) == 2022
    assert max(_years(ks2, "909")) == 2022 and min(_years(ks2, "942")) == 2023


def test_la_totals_add_up_to_school_tables(small_synth):
    ks2 = _ks2(small_synth)
    la = ks2[(ks2.geographic_level == "Local authority") & (ks2.characteristic == "Total")
             & (ks2.time_period == "201819")]
    school = _ks2final(small_synth, 2019)
    school = school[school.RECTYPE == "1"].query("TELIG != ''")
    by_la = school.astype({"TELIG": int, "LEA": str}).groupby("LEA").TELIG.sum()
    published = _ks2final(small_synth, 2019).query("RECTYPE == '3'").set_index("LEA").TELIG
    assert (published.astype(int) == by_la.reindex(published.index)).all()
    shown = la[la.t_rwm_eligible_pupils != "c"].set_index("old_la_code").t_rwm_eligible_pupils
    assert (shown.astype(int) == by_la.reindex(shown.index)).all()
    nat = ks2[(ks2.geographic_level == "National") & (ks2.characteristic == "Total")
              & (ks2.time_period == "201819")]
    assert int(nat.t_rwm_eligible_pupils.iloc[0]) == by_la.sum()


def test_small_numbers_are_suppressed(small_synth):
    ks2 = _ks2(small_synth)
    la = ks2[ks2.geographic_level == "Local authority"]
    shown = la[la.t_rwm_met_expected_standard != "c"]
    assert (shown.t_rwm_met_expected_standard.astype(int) >= 10).all()
    assert (la.t_rwm_met_expected_standard == "c").any()
    school = _ks2final(small_synth, 2019).query("RECTYPE == '1' and TOTPUPS != 'NEW'")
    tiny = school.TELIG.astype(int) <= 5
    assert (school.loc[tiny, ["TFSM6CLA1A", "PTRWM_EXP"]] == "SUPP").all().all()
    school = school[~tiny]
    dis, oth = school.TFSM6CLA1A.astype(int), school.TNotFSM6CLA1A.astype(int)
    small = dis.between(1, 5) | oth.between(1, 5)
    groups = ["PTRWM_EXP_FSM6CLA1A", "PTRWM_EXP_NotFSM6CLA1A"]
    assert (school.loc[small, groups] == "SUPP").all().all()
    assert school.loc[~small & (dis > 0), groups[0]].str.endswith("%").all()
    assert (school.loc[dis == 0, groups[0]] == "").all()  # no disadvantaged pupils: blank


def test_ks4_measures_have_their_own_break(small_synth):
    ks4 = read(one(small_synth / "raw", "attainment/ks4_la_characteristics_*.csv"))
    nat = ks4[(ks4.geographic_level == "National") & (ks4.characteristic == "Total")]
    nat = nat.set_index(nat.time_period.str[:4].astype(int) + 1)
    assert nat.loc[2015, "pt_5em_ac"] != "z" and nat.loc[2016, "pt_5em_ac"] == "z"
    assert nat.loc[2015, "avg_att8"] == "z" and nat.loc[2016, "avg_att8"] != "z"
    assert nat.loc[2016, "pt_l2basics_94"] == "z" and nat.loc[2017, "pt_l2basics_94"] != "z"
    assert {2020, 2021} <= set(nat.index)


def test_pupil_file_matches_school_cohorts(small_synth, truth):
    pupils = pq.read_table(one(small_synth / "raw", "attainment/ks2_pupils_*.parquet")).to_pandas()
    assert list(pupils.columns) == ["year", "urn", "la_code", "disadvantaged", "score"]
    assert set(pupils.year) == set(truth["config"]["pupil_level_years"])
    school = _ks2final(small_synth, 2019).query("RECTYPE == '1' and TOTPUPS != 'NEW'")
    counts = pupils[pupils.year == 2019].groupby("urn").size()
    assert (counts.reindex(school.URN.astype(int)).to_numpy() == school.TELIG.astype(int)).all()
    met = pupils[(pupils.year == 2019)].assign(met=lambda d: d.score >= 100)
    realised = met.groupby("disadvantaged").met.mean()
    assert realised[False] > realised[True]


def test_focus_la_gap_truth_matches_published_counts(small_synth, truth):
    gap = truth["effects"]["ks2_disadvantage_gap"]
    ks2 = _ks2(small_synth)
    rows = ks2[(ks2.old_la_code == "335") & (ks2.time_period == "202425")].set_index(
        "characteristic")
    pct = rows.t_rwm_met_expected_standard.astype(int) / rows.t_rwm_eligible_pupils.astype(int)
    published = 100 * (pct["Not known to be disadvantaged"] - pct["Disadvantaged"])
    assert abs(published - gap["realised"]["gap_pp"]) < 1e-3


def test_gap_index_on_hand_made_pupils():
    from analysis_lib.data.synth.truth import gap_index

    pupils = pd.DataFrame({"year": 2019, "la_code": [1, 1, 2, 2],
                           "disadvantaged": [True, False, True, False],
                           "score": [90.0, 110.0, 100.0, 100.0]})
    # national mid-ranks: 0.125, 0.875, 0.5, 0.5
    assert gap_index(pupils) == {2019: round(20 * (1.375 / 2 - 0.625 / 2), 4)}
    assert gap_index(pupils, la_code=2) == {2019: 0.0}
    assert gap_index(pupils, la_code=1) == {2019: 15.0}


def test_ks2final_rows_as_dfe_writes_them(small_synth):
    path = one(small_synth / "raw", "attainment/ks2_performance_tables/2018-2019/"
                                    "england_ks2final.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    width = lines[0].count(",")
    new = [line for line in lines if line.endswith(",NEW")]
    assert new and all(line.count(",") < width for line in new)  # short rows, like DfE's
    assert {line.split(",")[0] for line in lines[1:]} == {"1", "3", "4", "5"}
    assert lines[-1].startswith("5, , ,")  # England rows leave the identifiers blank (a space)
    assert not any(line.endswith(",") for line in lines)  # trailing empty fields omitted


def test_no_ks2final_before_2011(small_synth):
    folders = {p.parent.name for p in (small_synth / "raw").rglob("*ks2final.csv")}
    assert min(folders) == "2010-2011" and "2019-2020" not in folders
