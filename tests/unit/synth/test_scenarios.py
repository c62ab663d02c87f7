"""Failure-scenario switches of the generator: off by default, each moves only what it should."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from analysis_lib.data.synth import SynthConfig, generate, shocks
from tests.unit.synth.conftest import SMALL

KS2_FILES = ("raw/attainment/ks2_", "raw/lait/")
INSPECTIONS = ("raw/ofsted_schools/school_inspections",)
TF_OUTCOMES = ("raw/troubled_families/tf_family_outcomes",)
TF_RECORDS = ("raw/troubled_families/tf_family_records", *TF_OUTCOMES)


def _changed(truth: dict, other: dict) -> set[str]:
    return {name for name, digest in truth["files"].items() if other["files"][name] != digest}


def _matches(names: set[str], prefixes) -> bool:
    return bool(names) and all(name.startswith(tuple(prefixes)) for name in names)


def test_the_default_england_has_no_scenario_switched_on(truth):
    assert SynthConfig().scenario_switches() == {}
    assert truth["config"]["la_year_shock_sd"] == 0.0  # recorded in truth.json


@pytest.mark.slow
@pytest.mark.parametrize("switches, prefixes", [
    ({"ks2_school_year_sd": 0.3}, KS2_FILES),
    ({"la_year_shock_sd": 0.2}, (*KS2_FILES, *INSPECTIONS)),
    ({"focus_ofsted_trend": 0.03}, INSPECTIONS),
    ({"outsourcing_ramp_years": 5.0}, INSPECTIONS),
    ({"tf_la_year_shock_pp": 1.0}, TF_OUTCOMES),
    ({"tf_unobserved_selection": 1.0, "tf_unobserved_risk_pp": 2.0}, TF_RECORDS),
])
def test_each_switch_changes_only_the_files_it_feeds(small_synth, truth, tmp_path, switches,
                                                    prefixes):
    config = replace(SMALL, **switches)
    other = json.loads((generate(tmp_path, seed=7, config=config) / "truth.json").read_text())
    assert _matches(_changed(truth, other), prefixes), _changed(truth, other)
    assert other["config"] | switches == other["config"]
    assert SynthConfig(**{k: v for k, v in other["config"].items()
                          if k in switches}).scenario_switches() == switches


@pytest.mark.slow
def test_a_fading_in_effect_is_smaller_early_in_the_window(truth, tmp_path):
    config = replace(SMALL, outsourcing_ramp_years=6.0)
    ramp = json.loads((generate(tmp_path, seed=7, config=config) / "truth.json").read_text())
    step_by_year = truth["effects"]["outsourcing_inspections"]["value_by_year_pp"]
    ramp_by_year = ramp["effects"]["outsourcing_inspections"]["value_by_year_pp"]
    assert ramp_by_year["2006"] < 0.7 * step_by_year["2006"]  # half-grown by 2005-06
    assert ramp_by_year["2012"] == pytest.approx(step_by_year["2012"], abs=1.5)


def test_la_year_shocks_have_one_row_per_la_and_the_asked_spread():
    found = shocks.la_year_shocks([335, 336, 335], 0.5, np.random.default_rng(1))
    assert list(found.index) == [335, 336] and found.shape[1] == len(shocks.SHOCK_YEARS)
    many = shocks.la_year_shocks(np.arange(2000), 0.5, np.random.default_rng(2))
    assert many.to_numpy().std() == pytest.approx(0.5, rel=0.02)


def test_inspection_shifts_apply_the_focus_trend_and_the_las_shock():
    units = np.array([335, 336, 335])
    shifts = shocks.inspection_shifts(units, 335, 0.1, 0.2, np.random.default_rng(3))
    no_shock = replace(shifts, la_year=None)
    assert no_shock.at(np.array([2015.0, 2015.0, 2011.0])) == pytest.approx([0.2, 0.0, -0.2])
    at = shifts.at(np.array([2010.5, 2010.5, 2010.5])) - no_shock.at(np.full(3, 2010.5))
    assert at[0] == pytest.approx(at[2]) and at[0] != pytest.approx(at[1])
    assert shocks.inspection_shifts(units, 335, 0.0, 0.0, np.random.default_rng(3)) is None


def test_family_shocks_add_the_las_shock_and_the_unrecorded_risk():
    codes, years = np.array([335, 335, 336]), np.arange(2009, 2012)
    risk = np.array([1.0, -1.0, 0.0])
    only_risk = shocks.family_year_shocks_pp(codes, years, 0.0, risk, 2.0,
                                             np.random.default_rng(4))
    assert only_risk[:, 0] == pytest.approx([2.0, -2.0, 0.0])
    only_la = shocks.family_year_shocks_pp(codes, years, 1.0, None, 0.0,
                                           np.random.default_rng(4))
    assert only_la[0] == pytest.approx(only_la[1]) and not np.allclose(only_la[0], only_la[2])
