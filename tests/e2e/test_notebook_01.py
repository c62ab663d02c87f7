"""Notebook 01 runs end to end through papermill, on synthetic and on real LA-level data."""

from __future__ import annotations

import pandas as pd
import papermill
import pytest

from tests.e2e.conftest import by_name, run_notebook, saved_images, shown_images


def run(tmp_path, **parameters) -> dict:
    return run_notebook("01_attainment_gaps", tmp_path, **parameters)


@pytest.mark.slow
def test_runs_for_another_la_with_every_section(tmp_path):
    results = run(tmp_path, la="Sandwell", first_year=2010)
    assert results["la_name"] == "Sandwell" and results["synthetic"] is True
    found = by_name(results)
    gap = found["gap_la"]
    assert gap["ci_low"] < gap["value"] < gap["ci_high"]
    assert gap["truth"] is None  # the gap is planted for Walsall only
    for name in ("gap_england", "gap_trend_la", "gap_index_la", "schools_below_95",
                 "la_effect_conditional"):
        assert name in found, name
    out = tmp_path / "out"
    for file in ("gap-by-area.png", "gap-over-time.png", "funnel-plot.png",
                 "la-effects-caterpillar.png", "tables.xlsx", "headline-gaps.csv"):
        assert (out / file).exists(), file
    assert shown_images(tmp_path / "executed.ipynb") == saved_images(out)


@pytest.mark.slow
def test_walsall_headline_covers_the_planted_gap(tmp_path):
    found = by_name(run(tmp_path))
    assert found["gap_la"]["truth"] is not None and found["gap_la"]["covers_truth"] is True


@pytest.mark.slow
def test_unknown_group_stops_with_one_clear_message(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="groups='boys'"):
        run(tmp_path, groups="boys")


@pytest.mark.slow
@pytest.mark.real_data
def test_real_lait_data_run_la_sections_and_skip_school_sections(tmp_path, real_data_dir):
    results = run(tmp_path, data_source="official", data_dir=str(real_data_dir))
    assert results["data_source"] == "official" and results["synthetic"] is False
    found = by_name(results)
    gap = found["gap_la"]
    assert gap["truth"] is None and gap["ci_low"] is None  # LAIT: percentages, no counts
    assert "no interval" in gap["caveats"][0]
    assert "gap_england" in found and "gap_trend_la" in found
    assert "la_effect_conditional" not in found and "schools_below_95" not in found
    executed = (tmp_path / "executed.ipynb").read_text()
    assert "No school-level file for Walsall in this data source" in executed
    assert "Pupil-level data are not present" in executed


def _raw_ks2final(real_data_dir, year: int) -> pd.DataFrame:
    """Hampshire's real file of ``year`` read plainly, as an independent check."""
    name = f"england_ks2final_{year - 1}-{year}_LA850_Hampshire.csv"
    df = pd.read_csv(real_data_dir / "attainment" / "ks2_performance_tables" / name, dtype=str,
                     keep_default_na=False, encoding="utf-8-sig")
    df = df[df["RECTYPE"] == "1"]
    value = {c: pd.to_numeric(df[c].str.rstrip("%"), errors="coerce")
             for c in ["TELIG", "TFSM6CLA1A", "PTRWM_EXP", "PTRWM_EXP_FSM6CLA1A", "READPROG",
                       "WRITPROG", "MATPROG"]}
    return pd.DataFrame(value)


@pytest.mark.slow
@pytest.mark.real_data
def test_real_performance_tables_run_the_school_sections_for_hampshire(tmp_path,
                                                                       real_data_dir):
    results = run(tmp_path, la="Hampshire", data_source="official",
                  data_dir=str(real_data_dir), first_year=2017, last_year=2018)
    found = by_name(results)
    raw = _raw_ks2final(real_data_dir, 2018)
    plotted = raw[(raw["TFSM6CLA1A"] > 0) & raw["PTRWM_EXP_FSM6CLA1A"].notna()]
    assert found["schools_below_95"]["n"] == len(plotted)
    assert found["funnel_overdispersion"]["value"] > 1
    covered = raw[(raw["TELIG"] >= 11) & raw["PTRWM_EXP"].notna()]
    below = covered[(covered["PTRWM_EXP"] < 65) & ((covered["READPROG"] < -5)
                                                  | (covered["WRITPROG"] < -7)
                                                  | (covered["MATPROG"] < -5))]
    floor = found["schools_below_floor_latest"]
    assert (floor["value"], floor["n"]) == (len(below), len(covered))
    check = pd.read_csv(tmp_path / "out" / "la-totals-check.csv")
    assert len(check) == 12 and check["agrees"].all()
    assert "la_effect_conditional" not in found and "gap_index_la" not in found
    executed = (tmp_path / "executed.ipynb").read_text()
    assert "England-wide school-level data are not present" in executed
    assert "No school-level file" not in executed
    assert (tmp_path / "out" / "funnel-plot.png").exists()
