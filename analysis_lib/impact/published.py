"""Notebook 04's sections on the published evidence: what was published for the LA and for
England, the benchmark chart that sets the run's estimates beside it, and the verdict.

Published figures come from ``data/reference/tf_published_evidence.csv`` whatever the run's
data source; each is shown with how the project obtained it, so a figure quoted by a
secondary summary or the press is never presented as read at its source.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.context import RunContext
from analysis_lib.impact import charts, evidence, headline, outcomes, verdict
from analysis_lib.results import ResultsRecorder
from analysis_lib.tables import save_table

BENCHMARK_SOURCE = "published: NIESR/DCLG 2016; MHCLG 2019 via a secondary summary (unchecked)"


def _evidence(ctx: RunContext) -> pd.DataFrame:
    return ctx.load("tf_published_evidence")


def la_figures_view(ctx: RunContext):
    """The LA's published counts with their sources, or a note that none are recorded."""
    figures = evidence.la_figures(_evidence(ctx), ctx.la_code)
    return evidence.no_la_figures_note(ctx.la_name) if figures.empty else figures


def national_view(ctx: RunContext) -> pd.DataFrame:
    """England's published findings and counts, with their sources."""
    return evidence.national_evidence(_evidence(ctx))


def benchmark_view(ctx: RunContext, results: ResultsRecorder, outcome: str) -> pd.DataFrame:
    """One chart of the run's effect estimates (with their 95% intervals) beside the published
    national differences (no interval reported); saves it and its table."""
    estimates = [e for e in results.estimates.values() if e.unit == headline.UNIT_PP]
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
    return table[["origin", "label", "value", "ci_low", "ci_high", "interval", "truth",
                  "note"]].round(2)


def verdict_markdown(ctx: RunContext, data, matched, did, fiscal, *,
                     followup_months: int, results=None) -> str:
    """The plain-English verdict for the run (estimates, published figures, caveats); given
    ``results``, also records its one sentence."""
    published = _evidence(ctx)
    matching = None if matched is None else matched.result
    simple = None if did is None else did.aggregate("simple")
    if results is not None:
        results.record_verdict(verdict.one_sentence(what=outcomes.OUTCOMES[data.outcome],
                                                    matching=matching, did=simple,
                                                    problem=data.problem))
    return verdict.verdict_text(
        la_name=ctx.la_name, phase=data.phase, outcome=data.outcome,
        followup_years=outcomes.followup_years(followup_months),
        matching=matching, did=simple,
        pretest_p=None if did is None else did.pretest_p,
        evalue=None if matched is None else matched.evalue, fiscal=fiscal,
        national=evidence.national_evidence(published, kinds=("impact", "value_for_money")),
        la_figures=evidence.la_figures(published, ctx.la_code),
        source_note=verdict.source_note(ctx.synthetic, ctx.data_source, ctx.la_name),
        problem=data.problem)
