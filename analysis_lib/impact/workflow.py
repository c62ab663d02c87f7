"""The notebook's sections: each is one call that computes, records, charts and saves.

Phases of a run: `start_run` -> (`published` views) -> `progress_section` ->
`family_data` (+ `propensity.comparison_note`) -> `propensity_section` -> `matching_section`
(+ `balance_view`) -> `did_section` (+ `event_study_view`) -> `sensitivity_view` ->
`fiscal_section` -> (`published.benchmark_view`, `published.verdict_markdown`). Sections not
asked for by ``method``, or without family records, return None, and the views then say so
instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib.cache import memoise, run_key
from analysis_lib.context import RunContext
from analysis_lib.disclosure import suppress, threshold_for
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.impact import (
    balance,
    charts,
    evidence,
    fiscal,
    headline,
    outcomes,
    progress,
    sensitivity,
    staggered,
)
from analysis_lib.impact import propensity as ps
from analysis_lib.impact.matching import MatchingResult, matching_weights
from analysis_lib.results import ResultsRecorder
from analysis_lib.tables import save_table
from analysis_lib.validation import targets

METHODS = ("matching", "did", "both")
MIN_FAMILIES = threshold_for("families")


def planted_effect(ctx: RunContext, outcome: str) -> float | None:
    """The synthetic generator's planted ATT (pp a year) for the outcome; None on real data."""
    truths = ctx.planted_truths()
    return None if truths is None else targets.troubled_families_att(truths, outcome)


def progress_section(ctx: RunContext, phase: int):
    """Progress chart and table (LA, comparators, England); returns the latest figures
    (or a note saying why there are none)."""
    try:
        prog = progress.programme_progress(ctx.load("tf_la"), ctx.la_code, ctx.la_name,
                                           ctx.comparator_codes, phase)
    except DataNotAvailableError as err:
        if ctx.data_source == "synthetic":
            return f"No programme progress figures: {err}"
        return ("No programme progress tables for this run: MHCLG published its progress "
                "figures by LA as reports, not as data files, and no file "
                "troubled_families/tf_progress_by_la_*.csv was found. The counts published for "
                f"{ctx.la_name}, where recorded, are in section 1.")
    published = evidence.published_counts(ctx.load("tf_published_evidence"), ctx.la_code)
    charts.progress_chart(ctx, prog, published, phase)
    table = suppress(prog, {"families": ["pct_of_target"]}, kind="families")
    save_table(ctx, table, "tf_progress", "Troubled Families progress against target",
               {"families": "families (cumulative)", "pct_of_target": "% of target families"})
    latest = progress.latest_progress(prog)
    return latest.pivot(index="area", columns="measure", values="pct_of_target").round(1)


@dataclass(frozen=True)
class FamilyData:
    """The analysis sample and the yearly outcome panel of one outcome.

    ``problem`` says why there is no family-level analysis (no records for the source, or
    fewer programme or comparison families than may be published); then every later
    section returns None and the views say why.
    """

    sample: pd.DataFrame
    wide: pd.DataFrame
    outcome: str
    phase: int
    pool: str
    problem: str | None = None

    def summary(self):
        if self.problem:
            return self.problem
        s = self.sample
        return pd.DataFrame({
            "group": ["programme families", "comparison families (same LA)",
                      "comparison families (comparator LAs)"],
            "families": [int(s.treated.sum()), int(((s.treated == 0) & s.same_la).sum()),
                         int(((s.treated == 0) & ~s.same_la).sum())]})


def _outcome_wide(ctx: RunContext, outcome: str) -> pd.DataFrame:
    return memoise("tf_outcome_wide", run_key(ctx, outcome=outcome),
                   lambda: outcomes.outcome_wide(ctx.load("tf_family_outcomes"), outcome))


def family_data(ctx: RunContext, *, phase: int, outcome: str, pool: str = "same_la"
                ) -> FamilyData:
    """Programme families of the LA and comparison families, with their outcome history.

    Needs at least `MIN_FAMILIES` programme and comparison families (the disclosure
    threshold for families); otherwise returns an empty FamilyData with the reason.
    """
    def without(problem: str) -> FamilyData:
        return FamilyData(pd.DataFrame(), pd.DataFrame(), outcome, phase, pool, problem)

    try:
        families = ctx.load("tf_families")
    except DataNotAvailableError as err:
        return without(NOT_PUBLISHED.format(la=ctx.la_name) if ctx.data_source == "official"
                       else f"No family-level analysis: {err}")
    try:
        sample = ps.analysis_sample(families, ctx.la_code, ctx.comparator_codes, phase, pool)
        wide = _outcome_wide(ctx, outcome)
    except DataNotAvailableError as err:
        return without(f"No family-level analysis: {err} {_records_hold(families)}")
    years = [y for y in wide.columns if ctx.first_year <= y <= ctx.last_year]
    n_treated, n_control = int(sample["treated"].sum()), int((sample["treated"] == 0).sum())
    problem = None
    if min(n_treated, n_control) < MIN_FAMILIES:
        problem = (f"No family-level analysis: {ctx.la_name} has {n_treated} programme and "
                   f"{n_control} comparison families in phase {phase} ('{pool}' pool); at "
                   f"least {MIN_FAMILIES} of each are needed to estimate and publish an effect.")
    elif len(years) < 2:
        problem = (f"No family-level analysis: family outcomes cover "
                   f"{wide.columns.min()}-{wide.columns.max()}, which leaves fewer than two "
                   f"years between first_year={ctx.first_year} and last_year={ctx.last_year}.")
    if problem:
        return without(problem)
    return FamilyData(sample, wide.reindex(sample.index)[years], outcome, phase, pool)


NOT_PUBLISHED = (
    "No family-level analysis, so no estimate for {la}: family-level Troubled Families records "
    "are not published (councils hold their own, and the national evaluations used linked "
    "administrative data that are not public). This run shows the published evidence instead. "
    "To analyse a council's own records, run with data_source = \"local\" and data_dir holding "
    "files in the template of docs/troubled_families_template.md.")


def _records_hold(families: pd.DataFrame) -> str:
    """Which LAs and phases the family records hold (to spot a wrong ``la`` or ``phase``)."""
    held = families.groupby(["la_code", "phase"]).size()
    listed = ", ".join(f"LA {la} phase {ph} ({n} families)"
                       for (la, ph), n in held.head(6).items())
    more = ", ..." if len(held) > 6 else ""
    return f"The family records hold: {listed}{more}."


def propensity_section(ctx: RunContext, data: FamilyData) -> ps.PropensityModel | None:
    """Fit the propensity model and draw the overlap chart (None without family data)."""
    if data.problem:
        return None
    model = ps.fit_propensity(data.sample)
    charts.overlap_chart(ctx, ps.overlap_table(model, data.sample["treated"]))
    save_table(ctx, model.coefficients(), "tf_propensity_model",
               "Logit of programme participation: odds ratios", {"odds_ratio": "ratio"})
    return model


@dataclass(frozen=True)
class MatchingSection:
    result: MatchingResult
    pairs: pd.DataFrame
    balance: pd.DataFrame
    evalue: sensitivity.EValue | None


def matching_section(ctx: RunContext, results: ResultsRecorder, data: FamilyData,
                     model: ps.PropensityModel, *, method: str, followup_months: int,
                     caliper_sd: float | None) -> MatchingSection | None:
    """Match, check balance, compute the E-value and record the matched ATT."""
    if method not in ("matching", "both") or data.problem or model is None:
        return None
    result, pairs = outcomes.match_families(data.sample, model, data.wide, followup_months,
                                            caliper_sd=caliper_sd)
    table = balance.balance_table(data.sample, ps.COVARIATES, matching_weights(pairs))
    try:
        e = sensitivity.evalue_from_difference(result.att, result.ci_low, result.ci_high,
                                               result.mean_control)
    except DataNotAvailableError:
        e = None
    controls = pairs["control_id"].unique()
    results.add(headline.matching_estimate(
        result, data.outcome, planted_effect(ctx, data.outcome), caliper_sd,
        n_other_la=int((~data.sample.loc[controls, "same_la"]).sum())))
    if e is not None:
        results.add(headline.evalue_estimate(e))
    save_table(ctx, table.round(4), "tf_balance", "Standardised mean differences before and "
               "after matching", {"smd_before": "SD units", "smd_after": "SD units"})
    return MatchingSection(result, pairs, table, e)


def balance_view(ctx: RunContext, section: MatchingSection | None):
    """Love plot; returns the balance table (or a note when matching was not run)."""
    if section is None:
        return "No matched estimate (method = 'did', or no family-level data)."
    charts.love_plot(ctx, balance.love_plot_data(section.balance))
    return section.balance.round(3)


def did_section(ctx: RunContext, results: ResultsRecorder, data: FamilyData, *,
                method: str) -> staggered.StaggeredResult | None:
    """Callaway-Sant'Anna DiD on the family x year panel; records the overall ATT."""
    if method not in ("did", "both") or data.problem:
        return None
    panel = staggered.family_panel(data.sample, data.wide)
    res = staggered.callaway_santanna(panel)
    truth = planted_effect(ctx, data.outcome)
    never = data.sample.loc[panel.loc[panel["first_year"] == 0, "family_id"].unique()]
    results.add(headline.did_estimate(res.aggregate("simple"), res.n_units, res.method,
                                      data.outcome, truth, res.pretest_p,
                                      n_other_la=int((~never["same_la"]).sum()),
                                      n_comparison=len(never)))
    if res.pretest_p is not None:
        results.add(headline.pretrend_estimate(res.pretest_p, res.n_units))
    save_table(ctx, res.event_study.round(4), "tf_event_study",
               "Effect by years since start (Callaway-Sant'Anna, dynamic aggregation)",
               {"att": "percentage points a year"})
    return res


def event_study_view(ctx: RunContext, res: staggered.StaggeredResult | None, outcome: str):
    """Event-study chart; returns the four aggregations (or a note)."""
    if res is None:
        return ("No difference-in-differences estimate (method = 'matching', or no "
                "family-level data).")
    charts.event_study_chart(ctx, res.event_study, outcomes.OUTCOMES[outcome],
                             planted_effect(ctx, outcome))
    return res.overall.round(3)


def sensitivity_view(section: MatchingSection | None):
    """E-values as a small table (or a note)."""
    if section is None or section.evalue is None:
        return "No E-value: the matched estimate is not available."
    e = section.evalue
    return pd.DataFrame({"quantity": ["risk ratio (programme vs matched comparison)",
                                      "E-value for the estimate",
                                      "E-value for the interval limit nearest no effect"],
                         "value": [e.risk_ratio, e.evalue_estimate, e.evalue_ci]}).round(3)


def fiscal_section(ctx: RunContext, results: ResultsRecorder, data: FamilyData,
                   matched: MatchingSection | None, did: staggered.StaggeredResult | None, *,
                   followup_months: int, unit_costs: dict | None) -> fiscal.FiscalBenefit | None:
    """Outcomes avoided x unit cost for the LA's programme families over the follow-up
    (from the matched ATT, else the DiD ATT; None when neither was estimated)."""
    if matched is None and did is None:
        return None
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
    results.add(headline.fiscal_estimate(f, source))
    return f
