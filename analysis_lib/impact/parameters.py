"""Notebook 04's own parameters (see `analysis_lib.parameters`)."""

from __future__ import annotations

from analysis_lib.impact.outcomes import OUTCOMES
from analysis_lib.impact.propensity import PHASES, POOLS
from analysis_lib.impact.workflow import METHODS
from analysis_lib.parameters import Declaration, Parameter, Rule

MAX_FOLLOWUP_MONTHS = 120


def _followup_problem(months) -> str | None:
    if isinstance(months, int) and not isinstance(months, bool) and (
            1 <= months <= MAX_FOLLOWUP_MONTHS):
        return None
    return (f"followup_months must be a whole number of months (1-{MAX_FOLLOWUP_MONTHS}), "
            f"got {months!r}")


def _caliper_problem(caliper_sd) -> str | None:
    if caliper_sd is None or (isinstance(caliper_sd, int | float)
                              and not isinstance(caliper_sd, bool) and caliper_sd > 0):
        return None
    return f"caliper_sd must be a positive number or None, got {caliper_sd!r}"


def _unit_costs_cover_outcome(values: dict) -> str | None:
    unit_costs, outcome = values["unit_costs"], values["outcome"]
    if isinstance(unit_costs, dict) and outcome not in unit_costs:
        return f"unit_costs must be a dict with a £ figure for {outcome!r}"
    return None


DECLARATION = Declaration("04_troubled_families_impact", (
    Parameter("phase", (int,), "1: 2012-15 programme, 2: 2015-20, 3: Supporting Families "
              "(own records)", allowed=tuple(PHASES),
              message="phase must be 1 (2012-15), 2 (2015-20) or 3 (Supporting Families, from "
                      "2021), got {value!r}"),
    Parameter("outcome", (str,), 'or "youth_custody", "persistent_absence", '
              '"out_of_work_benefits"', allowed=tuple(OUTCOMES),
              message=f"outcome must be one of {sorted(OUTCOMES)}, got {{value!r}}"),
    Parameter("followup_months", (int,), "follow-up after a family's start used by matching "
              "(whole years, rounded up)", check=_followup_problem),
    Parameter("method", (str,), '"matching", "did" or "both"', allowed=METHODS),
    Parameter("comparison_pool", (str,), 'comparison families from "same_la" (within the LA), '
              '"comparators" or "both"', allowed=POOLS),
    Parameter("caliper_sd", (int, float, type(None)), "matching caliper in SDs of the logit "
              "propensity score (Austin 2011)", check=_caliper_problem),
    Parameter("unit_costs", (dict, type(None)), "GBP per outcome avoided (one family-year with "
              "the outcome)"),
), rules=(
    Rule(("outcome", "unit_costs"), _unit_costs_cover_outcome),
))
