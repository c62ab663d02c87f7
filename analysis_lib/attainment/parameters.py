"""Notebook 01's own parameters (see `analysis_lib.parameters`)."""

from __future__ import annotations

from analysis_lib.attainment.measures import FUNNEL_TARGETS, HEADLINE, MEASURE_LABELS, group_pair
from analysis_lib.parameters import Declaration, Parameter, problem_raised


def _measure_problem(measure) -> str | None:
    if measure == HEADLINE or (isinstance(measure, str) and measure in MEASURE_LABELS):
        return None
    return f"measure {measure!r} is not 'headline' or one of {sorted(MEASURE_LABELS)}"


DECLARATION = Declaration("01_attainment_gaps", (
    Parameter("key_stage", (int,), "2 (end of primary) or 4 (GCSE)", allowed=(2, 4),
              message="key_stage must be 2 or 4, got {value!r}"),
    Parameter("measure", (str,), '"headline" (the threshold measure in force each year) or '
              'e.g. "rwm_expected_standard"', check=_measure_problem),
    Parameter("groups", (str,), '"disadvantaged" or "fsm" (vs their peers); "cin", "cpp", '
              '"cla" (vs all pupils)', check=lambda groups: problem_raised(group_pair, groups)),
    Parameter("funnel_target", (str,), 'funnel plot centre: "national" or "la" pooled rate',
              allowed=FUNNEL_TARGETS),
))
