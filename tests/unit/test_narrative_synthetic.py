"""On synthetic data a run says which LA the planted effects concern, never claiming the
focus LA's planted effects for another LA."""

from dataclasses import dataclass

import pytest

from analysis_lib.context import planted_truths
from analysis_lib.narrative_synthetic import notebook_effects, synthetic_scope_text

TRUTH = {
    "config": {"focus_la": 335, "outsourcing_start": "2002-12-01",
               "outsourcing_end": "2013-03-31"},
    "effects": {
        "outsourcing_inspections": {"notebook": "02 school inspections", "value": 8.06},
        "caseload_timeliness": {"notebook": "03 caseloads", "beta_caseload": -0.8,
                                "beta_agency": -0.15},
    },
}


@dataclass
class Window:
    has_event: bool


def test_the_focus_la_is_told_what_is_planted_for_it():
    text = synthetic_scope_text(TRUTH, "02_ofsted_trajectory", 335, "Walsall", "Walsall")
    assert "Walsall is the synthetic England's focus LA" in text
    assert "+8.1 percentage points" in text and "1 December 2002 to 31 March 2013" in text


def test_another_la_is_told_the_planted_effect_is_the_focus_las_not_its_own():
    text = synthetic_scope_text(TRUTH, "02_ofsted_trajectory", 333, "Sandwell", "Walsall")
    assert "concern Walsall, the synthetic England's focus LA, not Sandwell" in text
    assert "8.1" not in text and "2002" not in text
    assert "by chance" not in text


def test_another_las_own_dates_are_said_to_measure_chance_only():
    text = synthetic_scope_text(TRUTH, "02_ofsted_trajectory", 380, "Bradford", "Walsall",
                                window=Window(True))
    assert "Nothing is planted for Bradford at the dates evaluated" in text


def test_effects_planted_for_every_la_are_said_to_apply_to_this_one():
    text = synthetic_scope_text(TRUTH, "03_caseload_regressions", 333, "Sandwell", "Walsall")
    assert "Planted for every LA, this one included" in text and "-0.8" in text
    assert "focus LA" not in text


def test_an_effect_it_cannot_describe_is_an_error_not_silence():
    truth = {**TRUTH, "effects": {"new_effect": {"notebook": "01 attainment"}}}
    with pytest.raises(ValueError, match="new_effect"):
        notebook_effects(truth, "01_attainment_gaps")


@pytest.mark.parametrize("notebook", ["01_attainment_gaps", "02_ofsted_trajectory",
                                      "03_caseload_regressions",
                                      "04_troubled_families_impact"])
def test_every_effect_the_generator_plants_is_described(notebook):
    truth = planted_truths()
    assert notebook_effects(truth, notebook)
    for la_code, name in ((335, "Walsall"), (333, "Sandwell")):
        assert synthetic_scope_text(truth, notebook, la_code, name, "Walsall")
