"""Sensitivity to unmeasured confounding: the E-value (VanderWeele & Ding 2017).

The E-value is the minimum strength of association, on the risk-ratio scale, that an
unmeasured confounder would need with both the programme and the outcome, above and
beyond the measured covariates, to fully explain away the estimate (VanderWeele TJ, Ding
P. Sensitivity analysis in observational research: introducing the E-value. Ann Intern
Med 2017;167(4):268-274). For a risk ratio RR (taken as 1/RR when RR < 1):
E = RR + sqrt(RR x (RR - 1)). For the interval, the E-value of the limit closest to 1,
or 1 if the interval includes 1. Outcomes here are yearly probabilities, so the risk
ratio is formed from the matched comparison families' rate (the counterfactual) and the
effect in percentage points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis_lib.errors import DataNotAvailableError


@dataclass(frozen=True)
class EValue:
    """E-values for a risk ratio and for its confidence limit closest to the null."""

    risk_ratio: float
    rr_ci_low: float
    rr_ci_high: float
    evalue_estimate: float
    evalue_ci: float


def evalue(rr: float) -> float:
    """E-value of a risk ratio (>= 1; equals 1 when rr = 1)."""
    if not rr > 0 or math.isinf(rr):
        raise ValueError(f"A risk ratio must be positive and finite, got {rr}")
    r = rr if rr >= 1 else 1 / rr
    return r + math.sqrt(r * (r - 1))


def evalue_rr(rr: float, ci_low: float, ci_high: float) -> EValue:
    """E-values for a risk ratio and its 95% interval."""
    if ci_low <= 1 <= ci_high:
        e_ci = 1.0
    else:
        e_ci = evalue(ci_low if rr > 1 else ci_high)
    return EValue(rr, ci_low, ci_high, evalue(rr), e_ci)


def evalue_from_difference(effect_pp: float, ci_low_pp: float, ci_high_pp: float,
                           counterfactual_pp: float) -> EValue:
    """E-values for an effect on a probability given in percentage points.

    RR = (counterfactual + effect) / counterfactual, the interval likewise (holding the
    counterfactual rate fixed). Limits below zero probability are set to a tiny rate.
    """
    if not counterfactual_pp > 0:
        raise DataNotAvailableError(
            "The comparison families never had this outcome, so no risk ratio (or E-value) "
            "can be formed.")
    floor = 1e-6

    def ratio(x: float) -> float:
        return max(counterfactual_pp + x, floor) / counterfactual_pp

    return evalue_rr(ratio(effect_pp), ratio(ci_low_pp), ratio(ci_high_pp))
