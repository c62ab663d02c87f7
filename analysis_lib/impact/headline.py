"""The notebook's headline `Estimate` records, built from the results objects."""

from __future__ import annotations

import pandas as pd

from analysis_lib.impact.fiscal import FiscalBenefit
from analysis_lib.impact.matching import MatchingResult
from analysis_lib.impact.outcomes import OUTCOMES
from analysis_lib.impact.sensitivity import EValue
from analysis_lib.results import Estimate

UNIT_PP = "percentage points a year"


def matching_estimate(result: MatchingResult, outcome: str, truth: float | None,
                      caliper_sd: float | None) -> Estimate:
    caveats = ["Assumes no unmeasured confounding given the baseline covariates.",
               "SE treats the propensity score as known (Abadie & Imbens 2006)."]
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
                 truth: float | None, pretest_p: float | None) -> Estimate:
    caveats = ["Assumes parallel trends with never-treated comparison families."]
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
