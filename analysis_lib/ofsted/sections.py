"""Notebook 02's sections: each is one call that loads, computes, records, charts, saves and
shows one section (`analysis_lib.show`), and returns what later sections need.

Order: `la_arrangements` -> `left_out_of_comparisons` -> `la_timeline` -> `school_records` ->
`school_shares` -> `period_shares` -> `grade_distribution` -> `framework_summary` ->
`grade_transitions` -> `ordered_model` -> `counterfactual_design` ->
`difference_in_differences` -> `synthetic_control` -> `estimates_and_survivorship` ->
`verdict`. The steps they call are in `workflow` (records, snapshots, shares), `comparison`
(who is compared, what is evaluated), `history` (inspection-level steps), `counterfactual`
(DiD, synthetic control) and `survivorship_report`. A section that cannot run on this run's
data records why (`ResultsRecorder.unavailable`) and shows it; later sections that need its
result pass the `Unavailable` on.
"""

from __future__ import annotations

from analysis_lib.context import RunContext
from analysis_lib.ofsted import (
    charts,
    charts_counterfactual,
    comparison,
    counterfactual,
    history,
    survivorship_report,
)
from analysis_lib.ofsted import verdict as words
from analysis_lib.ofsted import workflow as steps
from analysis_lib.ofsted.events import EventWindow
from analysis_lib.results import ResultsRecorder
from analysis_lib.show import show
from analysis_lib.unavailable import Unavailable

LA_JUDGEMENTS = "1. How Ofsted judged the LA itself"
SCHOOL_OUTCOMES = "2. School inspection outcomes at each 31 August"
TRANSITIONS = "3. How grades changed between inspections"
ORDERED_MODEL = "4. A model of individual inspections"
DESIGN = "5. Compared with what? Two counterfactuals"
DID = "5a. Difference-in-differences and event study"
SYNTH = "5b. Synthetic control"
SURVIVORSHIP = "6. Survivorship: what listing only the schools open in 2017-18 does"


def _shown(results: ResultsRecorder, section: str, value, *parts):
    """Show ``parts``, or, when ``value`` is `Unavailable`, record it for ``section`` and show
    it instead; return ``value``. (Chart steps given an `Unavailable` draw nothing.)"""
    if isinstance(value, Unavailable):
        show(results.unavailable(section, value))
    else:
        show(*parts)
    return value


def la_arrangements(ctx: RunContext, start: str = "", end: str = "") -> EventWindow:
    """The event evaluated (the dates given, else the LA's own record) and every recorded
    arrangement and dated event for the LA, with sources."""
    window = comparison.event_window(ctx, start, end)
    show(comparison.intervention_note(ctx, window), comparison.la_events(ctx))
    return window


def left_out_of_comparisons(ctx: RunContext) -> None:
    """The LAs left out of the comparisons (saved), then the weak rows not applied."""
    show(*comparison.donor_exclusions(ctx))


def la_timeline(ctx: RunContext, results: ResultsRecorder, window: EventWindow) -> None:
    """Section 1: the LA's own LEA and children's services judgements, chart and table."""
    timeline = steps.la_timeline(ctx)
    _shown(results, LA_JUDGEMENTS, timeline, charts.timeline_chart(ctx, timeline, window),
           timeline)


def school_records(ctx: RunContext, results: ResultsRecorder):
    """What the school inspection records are, cover and miss (`SchoolData`, or why there
    are none)."""
    data = steps.school_data(ctx)
    return _shown(results, SCHOOL_OUTCOMES, data, steps.records_text(ctx, data))


def school_shares(ctx: RunContext, results: ResultsRecorder, window: EventWindow, *,
                  phase: str, outcome: str):
    """Section 2: every open school's latest grade at each 31 August and the yearly shares
    by area, charted with where the series stops; returns (snapshots, shares)."""
    snaps = steps.snapshots(ctx)
    shares = steps.shares(ctx, snaps, phase)
    _shown(results, SCHOOL_OUTCOMES, shares,
           charts.shares_chart(ctx, shares, window, outcome, snaps), steps.series_note(snaps))
    return snaps, shares


def period_shares(ctx: RunContext, results: ResultsRecorder, snaps, window: EventWindow,
                  phase: str):
    """The share good or outstanding during and after the event by area (chart, table)."""
    by_period = steps.shares_by_period(ctx, snaps, window, phase)
    return _shown(results, SCHOOL_OUTCOMES, by_period,
                  charts.period_shares_chart(ctx, by_period), by_period)


def grade_distribution(ctx: RunContext, results: ResultsRecorder, shares) -> None:
    """Open schools by latest grade at each 31 August, by area (chart)."""
    distribution = steps.distribution(ctx, shares)
    _shown(results, SCHOOL_OUTCOMES, distribution,
           charts.distribution_chart(ctx, distribution))


def framework_summary(ctx: RunContext, results: ResultsRecorder):
    """The LA's graded inspections by framework; returns the inspections of the LA and its
    comparators, which the transitions and the ordered model use."""
    school = steps.school_data(ctx, la_only=True)
    table = history.framework_summary(ctx, school)
    _shown(results, SCHOOL_OUTCOMES, table, table)
    return school


def grade_transitions(ctx: RunContext, results: ResultsRecorder, school, window: EventWindow,
                      phase: str) -> None:
    """Section 3: grade transition matrices by period (chart) and their overview (table)."""
    transitions = history.transitions(ctx, school, window, phase)
    _shown(results, TRANSITIONS, transitions, charts.transitions_chart(ctx, transitions),
           history.transition_overview(transitions))


def ordered_model(ctx: RunContext, results: ResultsRecorder, school, window: EventWindow,
                  phase: str):
    """Section 4: the ordered logit of inspection grades (saved, charted)."""
    model = history.ordered_model(ctx, school, window, phase)
    return _shown(results, ORDERED_MODEL, model, charts.ordered_chart(ctx, model, school))


def counterfactual_design(ctx: RunContext, results: ResultsRecorder, snaps,
                          window: EventWindow, *, outcome: str, phase: str, donor_pool):
    """Section 5: the LA x year panel and the design the data can identify, in words."""
    setup = counterfactual.counterfactual_setup(ctx, snaps, outcome, phase, window, donor_pool)
    return _shown(results, DESIGN, setup, counterfactual.design_text(setup))


def difference_in_differences(ctx: RunContext, results: ResultsRecorder, setup):
    """Section 5a: the DiD and event study against comparator LAs (saved, charted)."""
    did = counterfactual.difference_in_differences(ctx, setup)
    return _shown(results, DID, did, charts_counterfactual.event_study_chart(ctx, did, setup))


def synthetic_control(ctx: RunContext, results: ResultsRecorder, setup):
    """Section 5b: the synthetic control, its placebo gaps and its donor weights."""
    synth = counterfactual.synthetic_control(ctx, setup)
    return _shown(results, SYNTH, synth, charts_counterfactual.synth_chart(ctx, synth, setup),
                  charts_counterfactual.weights_chart(ctx, synth, setup))


def record_estimates(ctx: RunContext, results: ResultsRecorder, *, data, shares, by_period,
                     model, setup, did, synth, window: EventWindow, outcome: str,
                     phase: str) -> None:
    """Record the run's estimates (see `verdict.estimates`)."""
    results.extend(words.estimates(ctx, outcome=outcome, phase=phase, shares=shares,
                                   by_period=by_period, did=did, synth=synth, ordered=model,
                                   setup=setup, window=window, source=steps.source_label(data)))


def estimates_and_survivorship(ctx: RunContext, results: ResultsRecorder, *, data, snaps,
                               shares, by_period, model, setup, did, synth,
                               window: EventWindow, outcome: str, phase: str, donor_pool):
    """Section 6: records the run's estimates, measures each one's survivorship bias on the
    synthetic England (where the records list only surviving schools) and shows the real
    estimates beside it; returns the measurement."""
    record_estimates(ctx, results, data=data, shares=shares, by_period=by_period, model=model,
                     setup=setup, did=did, synth=synth, window=window, outcome=outcome,
                     phase=phase)
    bias = survivorship_report.survivorship_bias(ctx, data, snaps, window, outcome, phase,
                                                 donor_pool)
    results.extend(survivorship_report.bias_estimates(bias, results, ctx.la_name))
    table = survivorship_report.beside_real(bias, results, ctx.la_name)
    if getattr(data, "survivors_only", False):  # otherwise there is nothing to measure
        _shown(results, SURVIVORSHIP, table, table)
    else:
        show(table)
    return bias


def verdict(ctx: RunContext, results: ResultsRecorder, *, window: EventWindow, data, snaps,
            setup, did, synth, bias) -> None:
    """Section 7: the verdict in plain words, from the recorded results."""
    show(words.verdict(ctx, results, did=did, synth=synth, school_note=snaps,
                       intervention_note=comparison.intervention_note(ctx, window),
                       setup=setup, survivorship=bias, source=steps.source_label(data),
                       other_events=comparison.other_events(ctx, window)))
