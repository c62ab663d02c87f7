"""The notebook's headline `Estimate` records, built from the results objects."""

from __future__ import annotations

import pandas as pd

from analysis_lib.impact.fiscal import FiscalBenefit
from analysis_lib.impact.matching import MatchingResult
from analysis_lib.impact.outcomes import OUTCOMES
from analysis_lib.impact.sensitivity import EValue
from analysis_lib.results import Estimate

UNIT_PP = "percentage points a year"


def la_shock_caveat(comparison: str, n_other_la: int, n_comparison: int) -> str:
    """What the interval assumes about shocks shared by an LA's families in a year.

    ``comparison`` names the comparison families (e.g. "matched comparison families"),
    ``n_other_la`` how many of the ``n_comparison`` are from LAs other than the programme's.
    """
    if n_other_la == 0:
        return (f"All {comparison} are from the programme families' own LA and are measured "
                "over the same years, so a shock shared by the LA's families in a year (care "
                "thresholds, local policy) cancels. Remaining assumption: no such shock bore "
                "on programme families differently from the comparison families, and the "
                "programme did not spill over to them.")
    return (f"{n_other_la} of the {n_comparison} {comparison} are from other LAs: a shock "
            "shared by one LA's families in a year (care thresholds, local policy) moves this "
            "estimate, and the interval, from family-level errors, does not allow for it. With "
            "every programme family in one LA, LA-clustered or wild-bootstrap errors are "
            "unreliable remedies (MacKinnon & Webb 2017); comparison_pool = \"same_la\" avoids it.")


def matching_estimate(result: MatchingResult, outcome: str, truth: float | None,
                      caliper_sd: float | None, *, n_other_la: int) -> Estimate:
    caveats = ["Assumes no unmeasured confounding given the baseline covariates.",
               "SE treats the propensity score as known (Abadie & Imbens 2006).",
               la_shock_caveat("matched comparison families", n_other_la,
                               result.n_controls_used)]
    if result.n_dropped:
        caveats.append(f"{result.n_dropped} programme families had no comparison family "
                       "within the caliper; the estimate is for the matched families.")
    caliper = "no caliper" if caliper_sd is None else f"caliper {caliper_sd} SD of logit score"
    return Estimate(name="matching_att", label=f"Matched ATT on {OUTCOMES[outcome]}",
                    value=result.att, unit=UNIT_PP,
                    method=f"{result.method}; {caliper}", ci_low=result.ci_low,
                    ci_high=result.ci_high, n=result.n_treated_matched, truth=truth,
                    caveats=tuple(caveats), interval_kind="confidence", se=result.se)


def did_estimate(row: pd.Series, n_units: int, method: str, outcome: str,
                 truth: float | None, pretest_p: float | None, *, n_other_la: int,
                 n_comparison: int) -> Estimate:
    caveats = ["Assumes parallel trends with never-treated comparison families.",
               la_shock_caveat("never-treated comparison families", n_other_la, n_comparison)]
    if pretest_p is not None:
        caveats.append(f"Pre-trend Wald test p = {pretest_p:.3f}.")
    return Estimate(name="did_att", label=f"Staggered DiD ATT on {OUTCOMES[outcome]}",
                    value=float(row["att"]), unit=UNIT_PP, method=f"{method}; simple aggregation",
                    ci_low=float(row["ci_low"]), ci_high=float(row["ci_high"]), n=n_units,
                    truth=truth, caveats=tuple(caveats), interval_kind="confidence",
                    se=float(row["se"]))


def pretrend_estimate(pretest_p: float, n_units: int) -> Estimate:
    return Estimate(name="did_pretrend_p", label="Pre-trend test p-value", value=pretest_p,
                    unit="p-value", method="Wald test that all pre-start ATT(g,t) are zero",
                    n=n_units, headline=False)


def evalue_estimate(e: EValue) -> Estimate:
    return Estimate(name="matching_evalue", label="E-value of the matched estimate",
                    value=e.evalue_estimate, unit="risk ratio",
                    method="VanderWeele & Ding (2017) E-value", headline=False,
                    caveats=(f"E-value for the interval limit nearest no effect: "
                             f"{e.evalue_ci:.2f}",))


def fiscal_estimate(f: FiscalBenefit, source: str) -> Estimate:
    return Estimate(name="fiscal_benefit", label="Gross fiscal benefit over follow-up",
                    value=f.benefit_gbp, unit="GBP",
                    method="outcomes avoided x unit cost (matched ATT)",
                    ci_low=f.benefit_low_gbp, ci_high=f.benefit_high_gbp, n=f.families,
                    headline=False, caveats=(f"Unit cost £{f.unit_cost_gbp:,.0f}: {source}",
                                             "Programme costs not subtracted."),
                    interval_kind="confidence")
