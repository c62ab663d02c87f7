"""Notebook 02 runs end to end through papermill, on synthetic and on real data."""

from __future__ import annotations

import json

import pandas as pd
import papermill
import pytest

from analysis_lib.data.readers.ofsted_timeline import TIMELINE_SOURCE
from tests.e2e.conftest import by_name, run_notebook, saved_images, shown_images


def run(tmp_path, **parameters) -> dict:
    return run_notebook("02_ofsted_trajectory", tmp_path, **parameters)


@pytest.mark.slow
def test_another_la_with_dates_given_is_a_what_if_without_a_planted_truth(tmp_path):
    results = run(tmp_path, la="Sandwell", outsourcing_start="2002-12-01",
                  outsourcing_end="2013-04-01")
    assert results["la_name"] == "Sandwell" and results["synthetic"] is True
    found = by_name(results)
    for name in ("did_outsourcing_effect", "synth_outsourcing_effect"):
        assert found[name]["ci_low"] <= found[name]["value"] <= found[name]["ci_high"]
        assert found[name]["truth"] is None  # the outsourcing effect is planted in Walsall
    executed = (tmp_path / "executed.ipynb").read_text()
    assert "dates given as parameters" in executed
    assert found["ordered_logit_after"]["unit"] == "odds ratio"
    for name in ("synthetic-control.png", "event-study.png", "tables.xlsx",
                 "grade-transitions.csv", "la-inspection-timeline.png",
                 "share-good-or-outstanding-by-period.png"):
        assert (tmp_path / "out" / name).exists(), name
    assert shown_images(tmp_path / "executed.ipynb") == saved_images(tmp_path / "out")


@pytest.mark.slow
def test_an_la_without_a_recorded_arrangement_has_no_event_to_evaluate(tmp_path):
    results = run(tmp_path, la="Sandwell")
    found = by_name(results)
    assert "la_share_good_or_outstanding_latest" in found  # the description still runs
    assert not {"did_outsourcing_effect", "synth_outsourcing_effect",
                "ordered_logit_after"} & set(found)
    executed = (tmp_path / "executed.ipynb").read_text()
    assert "No event to evaluate" in executed and "Walsall" not in executed.split(
        "No event to evaluate")[1][:300]  # Walsall's dates are not borrowed


@pytest.mark.slow
def test_runs_for_primary_schools_and_the_mean_grade(tmp_path):
    results = run(tmp_path, la="335", phase="primary", outcome="mean_grade")
    found = by_name(results)
    assert found["did_outsourcing_effect"]["unit"].startswith("grade points")
    assert found["did_outsourcing_effect"]["truth"] is None  # planted for the share only


@pytest.mark.slow
def test_bad_parameter_stops_with_one_clear_message(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="phase must be one of"):
        run(tmp_path, phase="nursery")


def _official(tmp_path, real_data_dir, la):
    results = run(tmp_path, la=la, data_source="official", data_dir=str(real_data_dir))
    assert results["data_source"] == "official" and results["synthetic"] is False
    return results, by_name(results), (tmp_path / "executed.ipynb").read_text()


@pytest.mark.slow
@pytest.mark.real_data
def test_official_walsall_on_the_real_inspection_history(tmp_path, real_data_dir):
    results, found, executed = _official(tmp_path, real_data_dir, "Walsall")
    for role in ("la", "comparators", "england"):
        for period in ("during", "after"):
            share = found[f"share_good_or_outstanding_{period}_{role}"]
            assert share["interval_kind"] == "confidence"
            assert share["ci_low"] < share["value"] < share["ci_high"]
    for name in ("did_outsourcing_effect", "synth_outsourcing_effect"):
        assert found[name]["interval_kind"] == "placebo_range"
        assert found[name]["ci_low"] < found[name]["value"] < found[name]["ci_high"]
        assert found[name]["truth"] is None
    for name in ("did_outsourcing_effect", "synth_outsourcing_effect"):
        assert any("placebo p-value" in c for c in found[name]["caveats"]), name
    odds = found["ordered_logit_after"]
    assert odds["interval_kind"] == "confidence" and odds["ci_low"] < odds["ci_high"]
    # the series stops where the records stop, not at 2024
    assert "31 August 2013-2020" in found["share_good_or_outstanding_after_la"]["label"]
    assert found["la_share_good_or_outstanding_latest"]["label"].endswith("2020")
    # the third-party label travels with the data: results, tables, notebook text
    label = f"inspection records: {TIMELINE_SOURCE}"
    assert label in found["did_outsourcing_effect"]["caveats"]
    assert label in found["share_good_or_outstanding_during_la"]["caveats"]
    assert TIMELINE_SOURCE in executed
    table = pd.read_csv(tmp_path / "out" / "share-good-or-outstanding-by-period.csv")
    assert set(table.inspection_source) == {TIMELINE_SOURCE}
    # survivorship measured for each headline estimate, beside the real one, in words
    for name in ("share_good_or_outstanding_during_la", "share_good_or_outstanding_after_la",
                 "did_outsourcing_effect", "synth_outsourcing_effect", "ordered_logit_after"):
        bias = found[f"survivorship_bias_{name}"]
        assert bias["value"] is not None and not bias["headline"]
        assert bias["caveats"][0].split(":")[0] in (
            "Likely too high", "Likely too low", "Probably too high", "Probably too low",
            "No consistent direction, so the real estimate could be wrong either way by "
            "about this much", "Barely moved")
    assert "**Survivorship.**" in executed
    bias_table = pd.read_csv(tmp_path / "out" / "survivorship-bias.csv")
    assert bias_table.bias_data_source.str.startswith("SYNTHETIC DATA").all()
    assert json.loads((tmp_path / "out" / "results.json").read_text())["la_code"] == 335


@pytest.mark.slow
@pytest.mark.real_data
def test_official_another_la_uses_its_own_arrangement(tmp_path, real_data_dir):
    _, found, executed = _official(tmp_path, real_data_dir, "Bradford")
    assert "Serco (Education Bradford)" in executed  # its own dates, not Walsall's
    assert "31 August 2011-2020" in found["share_good_or_outstanding_after_la"]["label"]
    for name in ("did_outsourcing_effect", "synth_outsourcing_effect",
                 "ordered_logit_after", "survivorship_bias_did_outsourcing_effect"):
        assert found[name]["value"] is not None, name
