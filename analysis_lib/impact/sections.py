"""Notebook 04's sections: each is one call that loads, computes, records, charts, saves and
shows one section (`analysis_lib.show`), and returns what later sections need.

Order: `published_evidence` -> `programme_progress` -> `comparison_groups` ->
`matched_comparison` -> `staggered_did` -> `hidden_bias` -> `against_published` -> `verdict`.
Without family records fit for an estimate, `comparison_groups` records why
(`ResultsRecorder.unavailable`) and returns the `Unavailable`; the later sections, and those
``method`` does not ask for, then show a note instead of failing.

Published figures come from ``data/reference/tf_published_evidence.csv`` whatever the run's
data source; each is shown with how the project obtained it, so a figure quoted by a
secondary summary or the press is never presented as read at its source.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib.context import RunContext
from analysis_lib.disclosure import suppress
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.impact import (
    balance,
    charts,
    evidence,
    fiscal,
    outcomes,
    progress,
    sensitivity,
    staggered,
)
from analysis_lib.impact import propensity as ps
from analysis_lib.impact import verdict as words
from analysis_lib.impact.matching import MatchingResult, matching_weights
from analysis_lib.impact.workflow import FamilyData, family_data, planted_effect
from analysis_lib.results import ResultsRecorder
from analysis_lib.show import show
from analysis_lib.tables import save_table
from analysis_lib.unavailable import Unavailable

PROGRESS = "2. Programme progress against target"
COMPARISON = "3. Who is compared with whom"
BENCHMARK_SOURCE = "published: NIESR/DCLG 2016; MHCLG 2019 via a secondary summary (unchecked)"
NO_MATCHING = "No matched estimate (method = 'did', or no family-level data)."
NO_DID = ("No difference-in-differences estimate (method = 'matching', or no family-level "
          "data).")


def _evidence(ctx: RunContext) -> pd.DataFrame:
    return ctx.load("tf_published_evidence")


def published_evidence(ctx: RunContext) -> None:
    """The LA's published counts with their sources (or a note that none are recorded), then
    England's published findings and counts."""
    published = _evidence(ctx)
    figures = evidence.la_figures(published, ctx.la_code)
    show(evidence.no_la_figures_note(ctx.la_name) if figures.empty else figures,
         evidence.national_evidence(published))


def _latest_progress(ctx: RunContext, phase: int) -> pd.DataFrame | Unavailable:
    """Progress chart and table (LA, comparators, England), the latest figures returned."""
    try:
        prog = progress.programme_progress(ctx.load("tf_la"), ctx.la_code, ctx.la_name,
                                           ctx.comparator_codes, phase)
    except DataNotAvailableError as err:
        if ctx.data_source == "synthetic":
            return Unavailable(f"No programme progress figures: {err}")
        return Unavailable(
            "No programme progress tables for this run: MHCLG published its progress figures "
            "by LA as reports, not as data files, and no file "
            "troubled_families/tf_progress_by_la_*.csv was found. The counts published for "
            f"{ctx.la_name}, where recorded, are in section 1.")
    published = evidence.published_counts(_evidence(ctx), ctx.la_code)
    charts.progress_chart(ctx, prog, published, phase)
    table = suppress(prog, {"families": ["pct_of_target"]}, kind="families")
    save_table(ctx, table, "tf_progress", "Troubled Families progress against target",
               {"families": "families (cumulative)", "pct_of_target": "% of target families"})
    latest = progress.latest_progress(prog)
    return latest.pivot(index="area", columns="measure", values="pct_of_target").round(1)


def programme_progress(ctx: RunContext, results: ResultsRecorder, phase: int) -> None:
    """Section 2: progress against target, or why there are no progress figures."""
    latest = _latest_progress(ctx, phase)
    show(results.unavailable(PROGRESS, latest) if isinstance(latest, Unavailable) else latest)


@dataclass(frozen=True)
class ComparisonGroups:
    """The family records and the propensity model fitted to them."""

    data: FamilyData
    model: ps.PropensityModel


def comparison_groups(ctx: RunContext, results: ResultsRecorder, *, phase: int, outcome: str,
                      pool: str) -> ComparisonGroups | Unavailable:
    """Section 3: who is compared with whom, the group sizes, and the propensity model with
    its overlap chart (or why there is no family-level analysis)."""
    show(ps.comparison_note(ctx.data_source, ctx.la_name, pool))
    data = family_data(ctx, phase=phase, outcome=outcome, pool=pool)
    if isinstance(data, Unavailable):
        show(results.unavailable(COMPARISON, data))
        return data
    show(data.summary())
    model = ps.fit_propensity(data.sample)
    charts.overlap_chart(ctx, ps.overlap_table(model, data.sample["treated"]))
    save_table(ctx, model.coefficients(), "tf_propensity_model",
               "Logit of programme participation: odds ratios", {"odds_ratio": "ratio"})
    show(model.coefficients().round(3))
    return ComparisonGroups(data, model)


@dataclass(frozen=True)
class MatchingSection:
    result: MatchingResult
    pairs: pd.DataFrame
    balance: pd.DataFrame
    evalue: sensitivity.EValue | None


def matched_comparison(ctx: RunContext, results: ResultsRecorder,
                       groups: ComparisonGroups | Unavailable, *, method: str,
                       followup_months: int, caliper_sd: float | None
                       ) -> MatchingSection | None:
    """Section 4: match, check balance (love plot and table), compute the E-value and record
    the matched ATT (None when not asked for or without family data)."""
    if method not in ("matching", "both") or isinstance(groups, Unavailable):
        show(NO_MATCHING)
        return None
    data = groups.data
    result, pairs = outcomes.match_families(data.sample, groups.model, data.wide,
                                            followup_months, caliper_sd=caliper_sd)
    table = balance.balance_table(data.sample, ps.COVARIATES, matching_weights(pairs))
    try:
        e = sensitivity.evalue_from_difference(result.att, result.ci_low, result.ci_high,
                                               result.mean_control)
    except DataNotAvailableError:
        e = None
    controls = pairs["control_id"].unique()
    results.add(words.matching_estimate(
        result, data.outcome, planted_effect(ctx, data.outcome), caliper_sd,
        n_other_la=int((~data.sample.loc[controls, "same_la"]).sum())))
    if e is not None:
        results.add(words.evalue_estimate(e))
    save_table(ctx, table.round(4), "tf_balance", "Standardised mean differences before and "
               "after matching", {"smd_before": "SD units", "smd_after": "SD units"})
    charts.love_plot(ctx, balance.love_plot_data(table))
    show(table.round(3))
    return MatchingSection(result, pairs, table, e)


def staggered_did(ctx: RunContext, results: ResultsRecorder,
                  groups: ComparisonGroups | Unavailable, *, method: str
                  ) -> staggered.StaggeredResult | None:
    """Section 5: Callaway-Sant'Anna DiD on the family x year panel; records the overall ATT
    and shows the event-study chart and the four aggregations."""
    if method not in ("did", "both") or isinstance(groups, Unavailable):
        show(NO_DID)
        return None
    data = groups.data
    panel = staggered.family_panel(data.sample, data.wide)
    res = staggered.callaway_santanna(panel)
    truth = planted_effect(ctx, data.outcome)
    never = data.sample.loc[panel.loc[panel["first_year"] == 0, "family_id"].unique()]
    results.add(words.did_estimate(res.aggregate("simple"), res.n_units, res.method,
                                   data.outcome, truth, res.pretest_p,
                                   n_other_la=int((~never["same_la"]).sum()),
                                   n_comparison=len(never)))
    if res.pretest_p is not None:
        results.add(words.pretrend_estimate(res.pretest_p, res.n_units))
    save_table(ctx, res.event_study.round(4), "tf_event_study",
               "Effect by years since start (Callaway-Sant'Anna, dynamic aggregation)",
               {"att": "percentage points a year"})
    charts.event_study_chart(ctx, res.event_study, outcomes.OUTCOMES[data.outcome], truth)
    show(res.overall.round(3))
    return res


def hidden_bias(matched: MatchingSection | None) -> None:
    """Section 6: the E-values of the matched estimate as a small table (or a note)."""
    if matched is None or matched.evalue is None:
        show("No E-value: the matched estimate is not available.")
        return
    e = matched.evalue
    show(pd.DataFrame({"quantity": ["risk ratio (programme vs matched comparison)",
                                    "E-value for the estimate",
                                    "E-value for the interval limit nearest no effect"],
                       "value": [e.risk_ratio, e.evalue_estimate, e.evalue_ci]}).round(3))


def _fiscal(ctx: RunContext, results: ResultsRecorder, data: FamilyData,
            matched: MatchingSection | None, did: staggered.StaggeredResult | None, *,
            followup_months: int, unit_costs: dict | None) -> fiscal.FiscalBenefit:
    """Outcomes avoided x unit cost for the LA's programme families over the follow-up
    (from the matched ATT, else the DiD ATT), recorded."""
    effect, low, high = ((matched.result.att, matched.result.ci_low, matched.result.ci_high)
                         if matched is not None else tuple(
                             float(did.aggregate("simple")[k]) for k in
                             ("att", "ci_low", "ci_high")))
    families = int(data.sample["treated"].sum())
    years = outcomes.followup_years(followup_months)
    f = fiscal.fiscal_benefit(data.outcome, effect, low, high, families, years, unit_costs)
    default = fiscal.UNIT_COST_SOURCES.get(data.outcome, ("", False))
    same = unit_costs is None or unit_costs.get(data.outcome) == fiscal.DEFAULT_UNIT_COSTS.get(
        data.outcome)
    source = (f"{default[0]}{'' if default[1] else ' (unverified)'}" if same
              else "unit cost supplied in the notebook parameters")
    results.add(words.fiscal_estimate(f, source))
    return f


def against_published(ctx: RunContext, results: ResultsRecorder,
                      groups: ComparisonGroups | Unavailable, matched: MatchingSection | None,
                      did: staggered.StaggeredResult | None, *, outcome: str,
                      followup_months: int, unit_costs: dict | None
                      ) -> fiscal.FiscalBenefit | None:
    """Section 7: the fiscal value (None when no effect was estimated), then one chart of the
    run's effect estimates (with their 95% intervals) beside the published national
    differences (no interval reported), saved with its table."""
    f = None if matched is None and did is None else _fiscal(
        ctx, results, groups.data, matched, did, followup_months=followup_months,
        unit_costs=unit_costs)
    estimates = [e for e in results.estimates.values() if e.unit == words.UNIT_PP]
    label = evidence.run_label(ctx.synthetic, ctx.data_source, ctx.la_name)
    table = evidence.benchmark_table(_evidence(ctx), estimates, label, outcome)
    title = (f"This run's estimates beside the published evidence ({outcomes.OUTCOMES[outcome]})"
             if estimates else
             f"Published Troubled Families evidence (no estimate for {ctx.la_name})")
    charts.benchmark_chart(ctx, table, title, BENCHMARK_SOURCE)
    save_table(ctx, table, "tf_benchmark", "The run's effect estimates (origin = the run) "
               "beside published national differences (origin = published; no interval "
               "reported)", {"value": "percentage points (programme minus comparison)",
                             "ci_low": "percentage points", "ci_high": "percentage points"})
    show(table[["origin", "label", "value", "ci_low", "ci_high", "interval", "truth",
                "note"]].round(2))
    return f


def verdict(ctx: RunContext, results: ResultsRecorder, groups: ComparisonGroups | Unavailable,
            matched: MatchingSection | None, did: staggered.StaggeredResult | None,
            fiscal_: fiscal.FiscalBenefit | None, *, phase: int, outcome: str,
            followup_months: int) -> None:
    """Section 8: the plain-English verdict (estimates, published figures, caveats); records
    its one sentence."""
    published = _evidence(ctx)
    problem = groups.message if isinstance(groups, Unavailable) else None
    matching = None if matched is None else matched.result
    simple = None if did is None else did.aggregate("simple")
    results.record_verdict(words.one_sentence(what=outcomes.OUTCOMES[outcome],
                                              matching=matching, did=simple, problem=problem))
    show(words.verdict_text(
        la_name=ctx.la_name, phase=phase, outcome=outcome,
        followup_years=outcomes.followup_years(followup_months),
        matching=matching, did=simple,
        pretest_p=None if did is None else did.pretest_p,
        evalue=None if matched is None else matched.evalue, fiscal=fiscal_,
        national=evidence.national_evidence(published, kinds=("impact", "value_for_money")),
        la_figures=evidence.la_figures(published, ctx.la_code),
        source_note=words.source_note(ctx.synthetic, ctx.data_source, ctx.la_name),
        problem=problem))
