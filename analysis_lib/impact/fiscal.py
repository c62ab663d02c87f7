"""A simple fiscal-benefit calculation: outcomes avoided x unit cost.

Outcomes avoided = -(effect on the yearly probability, pp / 100) x programme families x
years of follow-up; benefit = outcomes avoided x £ per outcome avoided. The interval
carries over from the effect's 95% interval (the unit cost is treated as exact). This is
a gross benefit to the public purse, not a cost-benefit ratio: programme costs are not
subtracted.

Default unit costs (``DEFAULT_UNIT_COSTS``) are 2016-ish prices, each with its source and
whether it has been checked against the source; pass your own (e.g. from the GMCA / New
Economy Unit Cost Database, the standard source for Troubled Families cost-benefit work).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis_lib.errors import ParameterError

DEFAULT_UNIT_COSTS = {
    # £ per outcome avoided (one family-year with the outcome)
    "child_entered_care": 31_200,  # foster care ~£600 per child per week x 52 (DfE answer
    # to written question 49075, 2016); verified against that answer's text
    "youth_custody": 76_000,  # New Economy/GMCA Unit Cost Database: young offender
    # institution place per year (unverified)
    "persistent_absence": 2_000,  # New Economy/GMCA Unit Cost Database: persistent
    # truancy, fiscal cost per pupil per year (unverified)
    "out_of_work_benefits": 9_800,  # New Economy/GMCA Unit Cost Database: JSA claimant,
    # fiscal cost per year (unverified)
}
UNIT_COST_SOURCES = {
    "child_entered_care": ("DfE, answer to written parliamentary question 49075 (2016): "
                           "foster care about £600 per child per week", True),
    "youth_custody": ("New Economy / GMCA Unit Cost Database", False),
    "persistent_absence": ("New Economy / GMCA Unit Cost Database", False),
    "out_of_work_benefits": ("New Economy / GMCA Unit Cost Database", False),
}


@dataclass(frozen=True)
class FiscalBenefit:
    """Gross fiscal benefit over the follow-up, £, with the interval from the effect."""

    outcome: str
    unit_cost_gbp: float
    outcomes_avoided: float
    outcomes_avoided_low: float
    outcomes_avoided_high: float
    benefit_gbp: float
    benefit_low_gbp: float
    benefit_high_gbp: float
    families: int
    years: int


def fiscal_benefit(outcome: str, effect_pp: float, ci_low_pp: float, ci_high_pp: float,
                   families: int, years: int, unit_costs: dict | None = None) -> FiscalBenefit:
    """Outcomes avoided and their value for ``families`` over ``years`` of follow-up."""
    costs = DEFAULT_UNIT_COSTS if unit_costs is None else unit_costs
    if outcome not in costs:
        raise ParameterError(f"unit_costs has no £ figure for {outcome!r}; "
                             f"it has {sorted(costs)}")
    cost = float(costs[outcome])
    if cost < 0:
        raise ParameterError(f"unit cost for {outcome!r} must not be negative, got {cost}")

    def avoided(pp: float) -> float:
        return -pp / 100 * families * years

    lo, hi = sorted((avoided(ci_low_pp), avoided(ci_high_pp)))
    mid = avoided(effect_pp)
    return FiscalBenefit(outcome, cost, mid, lo, hi, mid * cost, lo * cost, hi * cost,
                         int(families), int(years))
