"""The configurations the harness replicates: the default England and failure scenarios.

A failure scenario switches on one departure from an estimator's assumptions in the
generator (`SynthConfig`; recorded in each England's truth.json) and names the notebooks
whose headline estimates it can move: only those are run, the others' estimates cannot change
(their inputs come from random streams the switch leaves alone). Sizes are in the generator's
units: probit shifts of latent attainment or inspection outcome, percentage points of a
family's yearly chance of an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis_lib.errors import ParameterError

NOTEBOOKS = ("01_attainment_gaps", "02_ofsted_trajectory", "03_caseload_regressions",
             "04_troubled_families_impact")


@dataclass(frozen=True)
class Scenario:
    """One configuration: generator switches, the notebooks it affects, how many
    replications a full run draws, and the diagnostics expected to notice it."""

    name: str
    what_fails: str
    switches: dict = field(default_factory=dict)
    notebooks: tuple[str, ...] = NOTEBOOKS
    replications: int = 100
    diagnostics: tuple[str, ...] = ()


DEFAULT = Scenario("default", "Nothing: every estimator's assumptions hold as planted.",
                   replications=200)
SCENARIOS = {s.name: s for s in (
    DEFAULT,
    Scenario("la_year_shocks",
             "Shocks shared by all schools (KS2 attainment and inspections, SD 0.1 probit) or "
             "all families (SD 1 pp a year) of an LA in a year; estimators that treat pupils, "
             "schools or families as independent ignore them.",
             {"la_year_shock_sd": 0.1, "tf_la_year_shock_pp": 1.0},
             ("01_attainment_gaps", "02_ofsted_trajectory", "04_troubled_families_impact"),
             diagnostics=("funnel_overdispersion", "did_pretrend_placebo", "did_pretrend_wald",
                          "tf_pretrend")),
    Scenario("treated_pretrend",
             "Walsall's inspection outcomes follow a trend of their own (+0.02 probit a year) "
             "that its comparators and donors do not share.",
             {"focus_ofsted_trend": 0.02}, ("02_ofsted_trajectory",),
             diagnostics=("did_pretrend_placebo", "did_pretrend_wald", "synth_placebo_p",
                          "did_placebo_p")),
    Scenario("tf_unobserved_selection",
             "Families join Troubled Families more often (+0.8 log-odds per SD) when an "
             "unrecorded risk is high, and that risk raises every outcome's yearly chance "
             "(+1.5 pp per SD): selection on something the matching cannot see.",
             {"tf_unobserved_selection": 0.8, "tf_unobserved_risk_pp": 1.5},
             ("04_troubled_families_impact",),
             diagnostics=("tf_balance", "tf_evalue", "tf_pretrend")),
    Scenario("school_clustering",
             "Each school's KS2 cohort shares a shock (SD 0.25 probit) on top of the school's "
             "lasting quality: pupils are more alike within a school and year than the "
             "binomial intervals assume.",
             {"ks2_school_year_sd": 0.25}, ("01_attainment_gaps",),
             diagnostics=("funnel_overdispersion",)),
    Scenario("fading_outsourcing_effect",
             "The outsourcing effect grows over six years from the start of the contract "
             "instead of stepping up at once.",
             {"outsourcing_ramp_years": 6.0}, ("02_ofsted_trajectory",),
             diagnostics=("did_pretrend_placebo", "did_pretrend_wald", "synth_placebo_p",
                          "did_placebo_p")),
)}


def select(names=None) -> list[Scenario]:
    """Scenarios by name (all, in the order above, when ``names`` is empty)."""
    if not names:
        return list(SCENARIOS.values())
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        raise ParameterError(f"unknown scenario(s) {unknown}; choose from {list(SCENARIOS)}")
    return [SCENARIOS[n] for n in names]
