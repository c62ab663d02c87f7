"""The notebooks' own checks, recorded per replication, and when each one warns the reader.

A diagnostic's value comes from the same objects the notebook prints it from; its flag
applies the reading the notebook gives it (its thresholds are imported where the notebook's
library defines one). The harness reports how often each flag is raised under the default
England (false alarms) and under each failure scenario (detection).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from analysis_lib.impact.balance import BALANCE_THRESHOLD
from analysis_lib.impact.verdict import PRETREND_ALPHA

#: notebook 02's verdict calls the DiD doubtful when the placebo pre-trend p is below this
OFSTED_PRETREND_ALPHA = 0.1
#: an E-value below this for the interval limit means a weak unmeasured confounder (risk
#: ratio 1.5 with both programme and outcome) could move the interval to include no effect
EVALUE_WEAK = 1.5
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Diagnostic:
    """One check: the notebook it belongs to, what it is, and when it warns."""

    notebook: str
    what: str
    warns_when: str
    flag: Callable[[float], bool]


def _below(limit: float) -> Callable[[float], bool]:
    return lambda value: value < limit


DIAGNOSTICS = {
    "funnel_overdispersion": Diagnostic(
        "01_attainment_gaps", "funnel plot overdispersion factor (phi) of school gaps",
        "phi > 1 (the notebook widens the limits)", lambda value: value > 1),
    "did_pretrend_placebo": Diagnostic(
        "02_ofsted_trajectory", "DiD placebo pre-trend p-value",
        f"p < {OFSTED_PRETREND_ALPHA} (the verdict calls the DiD doubtful)",
        _below(OFSTED_PRETREND_ALPHA)),
    "did_pretrend_wald": Diagnostic(
        "02_ofsted_trajectory", "DiD pre-trend Wald p-value (LA-clustered)",
        f"p < {SIGNIFICANCE}", _below(SIGNIFICANCE)),
    "did_placebo_p": Diagnostic(
        "02_ofsted_trajectory", "DiD placebo-in-space p-value of the effect",
        f"p < {SIGNIFICANCE} (an effect is reported)", _below(SIGNIFICANCE)),
    "synth_placebo_p": Diagnostic(
        "02_ofsted_trajectory", "synthetic control placebo p-value (RMSPE ratio rank)",
        f"p < {SIGNIFICANCE} (an effect is reported)", _below(SIGNIFICANCE)),
    "tf_pretrend": Diagnostic(
        "04_troubled_families_impact", "staggered DiD pre-trend test p-value",
        f"p < {PRETREND_ALPHA} (the verdict calls the DiD doubtful)", _below(PRETREND_ALPHA)),
    "tf_balance": Diagnostic(
        "04_troubled_families_impact", "largest |standardised mean difference| after matching",
        f"> {BALANCE_THRESHOLD} (a covariate is not balanced)",
        lambda value: value > BALANCE_THRESHOLD),
    "tf_evalue": Diagnostic(
        "04_troubled_families_impact", "E-value of the matched interval's limit nearest no "
        "effect", f"< {EVALUE_WEAK} (weak hidden bias could explain the interval away)",
        _below(EVALUE_WEAK)),
}


def flagged(name: str, value) -> bool | None:
    """Whether diagnostic ``name`` warns at ``value`` (None when it was not computed)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return bool(DIAGNOSTICS[name].flag(float(value)))
