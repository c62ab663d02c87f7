"""The run's headline `Estimate` records, built from the results objects, and the
plain-English verdict built only from the estimates (no numbers typed by hand)."""

from __future__ import annotations

import pandas as pd

from analysis_lib.impact.fiscal import FiscalBenefit
from analysis_lib.impact.matching import MatchingResult
from analysis_lib.impact.outcomes import OUTCOMES
from analysis_lib.impact.sensitivity import EValue
from analysis_lib.results import Estimate

PRETREND_ALPHA = 0.05
UNIT_PP = "percentage points a year"


def direction(value: float, low: float, high: float) -> str:
    """'lower', 'higher' or 'unclear' from a 95% interval of an effect."""
    if high < 0:
        return "lower"
    if low > 0:
        return "higher"
    return "unclear"


def _effect_sentence(name: str, value: float, low: float, high: float, what: str) -> str:
    span = f"{value:+.1f} percentage points a year (95% CI {low:+.1f} to {high:+.1f})"
    kind = direction(value, low, high)
    if kind == "unclear":
        return (f"- **{name}:** {span}. The interval includes zero, so this method cannot "
                f"tell an effect on the chance of {what} from no effect.")
    return (f"- **{name}:** {span}: programme families had a {kind} chance of {what} than "
            "comparable families, and the interval excludes zero.")


def one_sentence(*, what: str, matching: MatchingResult | None = None,
                 did: pd.Series | None = None, problem: str | None = None) -> str:
    """The verdict in one sentence: each method's effect and what they say together."""
    found = []
    if matching is not None:
        found.append(("matched comparison", matching.att, matching.ci_low, matching.ci_high))
    if did is not None:
        found.append(("staggered difference-in-differences", did["att"], did["ci_low"],
                      did["ci_high"]))
    if not found:
        return problem or "No estimate of the programme's effect could be made."
    kinds = {direction(v, lo, hi) for _, v, lo, hi in found}
    reading = ("the methods disagree" if len(kinds) > 1 else
               ("neither method can" if len(found) > 1 else "the method cannot")
               + " tell the programme's effect from no effect" if kinds == {"unclear"} else
               f"programme families had a {kinds.pop()} chance of {what}")
    spans = "; ".join(f"{name} {v:+.1f} (95% CI {lo:+.1f} to {hi:+.1f})"
                      for name, v, lo, hi in found)
    return (f"Effect on the chance of {what}, in percentage points a year: {spans}; "
            f"{reading}.")


def verdict_text(*, la_name: str, phase: int, outcome: str, followup_years: int,
                 matching: MatchingResult | None = None, did: pd.Series | None = None,
                 pretest_p: float | None = None, evalue: EValue | None = None,
                 fiscal: FiscalBenefit | None = None,
                 national: pd.DataFrame | None = None, la_figures: pd.DataFrame | None = None,
                 source_note: str = "", problem: str | None = None) -> str:
    """Markdown verdict: each method's finding, their agreement, the checks and caveats, then
    the published figures (``national`` and ``la_figures`` as in `impact.evidence`, each with
    ``how_obtained``) and ``source_note`` on where the run's numbers come from.

    ``did`` is a row of `StaggeredResult.aggregate("simple")` (att, se, ci_low, ci_high).
    """
    what = OUTCOMES[outcome]
    lines = [f"### Verdict: {la_name}, phase {phase}, {what} "
             f"(over {followup_years} year(s) of follow-up)", ""]
    kinds = []
    if problem:
        lines.append(f"- {problem}")
    if matching is not None:
        lines.append(_effect_sentence("Matched comparison", matching.att, matching.ci_low,
                                      matching.ci_high, what))
        lines.append(f"  ({matching.n_treated_matched} of {matching.n_treated} programme "
                     "families matched.)")
        kinds.append(direction(matching.att, matching.ci_low, matching.ci_high))
    if did is not None:
        lines.append(_effect_sentence("Staggered difference-in-differences", did["att"],
                                      did["ci_low"], did["ci_high"], what))
        kinds.append(direction(did["att"], did["ci_low"], did["ci_high"]))
    if len(kinds) == 2:
        if kinds[0] != kinds[1]:
            lines.append("- The two methods disagree, so treat either alone with caution.")
        elif kinds[0] == "unclear":
            lines.append("- Neither method can tell the programme's effect from no effect.")
        else:
            lines.append(f"- Both methods find a {kinds[0]} chance for programme families.")
    if did is not None and pretest_p is None:
        lines.append("- Pre-trend check: the test could not be computed (some start cohorts "
                     "are too small); judge the event-study chart by eye instead.")
    if pretest_p is not None:
        if pretest_p < PRETREND_ALPHA:
            lines.append(f"- Pre-trend check: p = {pretest_p:.3f}. Programme and comparison "
                         "families were already diverging before the start, so the "
                         "difference-in-differences estimate is doubtful.")
        else:
            lines.append(f"- Pre-trend check: p = {pretest_p:.3f}; no evidence that the groups "
                         "were diverging before the start (this does not prove they would "
                         "have moved in parallel afterwards).")
    if evalue is not None:
        ci_text = ("its interval already includes no effect" if evalue.evalue_ci <= 1 else
                   f"{evalue.evalue_ci:.2f} to move its interval to include no effect")
        lines.append(f"- Hidden bias: an unmeasured factor would need a risk ratio of "
                     f"{evalue.evalue_estimate:.2f} with both the programme and the outcome "
                     f"to explain the matched estimate away ({ci_text}).")
    if fiscal is not None:
        lines.append(f"- Fiscal value: about {fiscal.outcomes_avoided:,.0f} outcomes avoided "
                     f"(95% CI {fiscal.outcomes_avoided_low:,.0f} to "
                     f"{fiscal.outcomes_avoided_high:,.0f}) among {fiscal.families:,} families,"
                     f" worth £{fiscal.benefit_gbp:,.0f} gross at £{fiscal.unit_cost_gbp:,.0f}"
                     " each; programme costs are not subtracted.")
    lines += _published_lines(la_name, la_figures, national)
    if source_note:
        lines += ["", source_note]
    return "\n".join(lines)


def _sourced(row) -> str:
    how = f"; {row.how_obtained}" if row.how_obtained else ""
    return f"({row.source}{how})"


def _published_lines(la_name: str, la_figures: pd.DataFrame | None,
                     national: pd.DataFrame | None) -> list[str]:
    lines = []
    if la_figures is not None and not la_figures.empty:
        lines += ["", f"Published figures for {la_name} (counts, not estimates of impact):"]
        lines += [f"- {row.as_at}: {row.finding} {_sourced(row)}"
                  for row in la_figures.itertuples()]
    elif la_figures is not None:
        lines += ["", f"No published Troubled Families figures are recorded for {la_name}."]
    if national is not None and not national.empty:
        lines += ["", "What the national evaluations published:"]
        lines += [f"- {row.programme}, {row.period}: {row.finding} {_sourced(row)}"
                  for row in national.itertuples()]
    return lines


def source_note(synthetic: bool, data_source: str, la_name: str) -> str:
    """Where the run's numbers come from, in bold where they are not real."""
    if synthetic:
        return ("**These estimates come from SYNTHETIC data with a planted effect; they say "
                "nothing about the real programme.**")
    if data_source == "local":
        return (f"These estimates come from {la_name}'s own family records and compare "
                "families within the LA (section 3 states the assumption); they are the "
                "council's figures, not published statistics.")
    return ""


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
