"""Notebook 01's sections: each is one call that loads, computes, records, charts, saves and
shows one section (`analysis_lib.show`: its note, then its table), and returns what later
sections or the validation harness need.

A section that cannot run on this run's data (no school- or pupil-level rows, another key
stage) records why with ``results.unavailable``, so `results.json` and the pack index say so
too, and shows the shared `Unavailable`; a section returns None unless a later section or
the harness needs its result. What the sections read and the LA-independent work they share is in
:mod:`.section_inputs`; the estimates they record in :mod:`.estimates`; the sentences under
their tables in :mod:`.section_notes`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis_lib import geography
from analysis_lib.attainment import (
    charts,
    coverage,
    estimates,
    floors,
    gap_index,
    gaps,
    measures,
    school_totals,
    schools,
    section_notes,
    trends,
)
from analysis_lib.attainment import section_inputs as inputs
from analysis_lib.attainment import verdict as verdict_text
from analysis_lib.attainment.estimates import PP
from analysis_lib.attainment.measures import GroupPair
from analysis_lib.context import RunContext
from analysis_lib.disclosure import suppress
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.results import ResultsRecorder
from analysis_lib.show import show
from analysis_lib.tables import save_table
from analysis_lib.validation import targets

SHOWN_YEARS = 2  # the check table shows the latest years; the saved CSV has them all


@dataclass(frozen=True)
class Gaps:
    """Section 1's gaps for every area and year, which section 2 follows over time."""

    by_area: pd.DataFrame
    pair: GroupPair
    region: str


def _unavailable(results: ResultsRecorder, section: str, reason: str) -> None:
    """Record why ``section`` cannot run and show it."""
    show(results.unavailable(section, reason))


def headline(ctx: RunContext, results: ResultsRecorder, *, key_stage: int, measure: str,
             groups: str) -> Gaps:
    """Latest-year gap for the LA, England, its region and each comparator (section 1);
    returns every year's gaps, which the trend section charts."""
    pair = measures.group_pair(groups)
    codes = [ctx.la_code, *[c for c in ctx.comparator_codes if c != ctx.la_code]]
    rows = measures.select_measure(inputs.load(ctx, "ks_attainment_la", la=codes), key_stage,
                                   measure)
    all_gaps = gaps.group_gaps(rows, pair,
                               design=inputs.gap_design(ctx, key_stage, measure, pair))
    region = geography.region_of(ctx.la_code)
    table = gaps.area_gap_table(all_gaps, la_code=ctx.la_code, region_code=region,
                                comparator_codes=ctx.comparator_codes)
    year, m = int(table["year"].iloc[0]), str(table["measure"].iloc[0])
    truths = inputs.planted(ctx, key_stage, pair, m)
    results.extend(estimates.headline_estimates(
        ctx.la_name, table, pair, year,
        lambda role: inputs.area_truth(ctx, truths, role, region, year)))
    shown = table[["role", "area_name", "year", "measure", "focal_pupils", "focal_pct",
                   "reference_pupils", "reference_pct", "gap", "ci_low", "ci_high",
                   "interval_note"]]
    shown = suppress(shown, {"focal_pupils": ["focal_pct", "gap", "ci_low", "ci_high"],
                             "reference_pupils": ["reference_pct", "gap", "ci_low", "ci_high"]},
                     kind="pupils")
    save_table(ctx, shown, "headline_gaps", f"Gap ({pair.reference_label} minus "
               f"{pair.focal_label}) by area, {year}, {measures.measure_label(m)}",
               {"focal_pct": "percent", "reference_pct": "percent", "gap": PP,
                "ci_low": PP, "ci_high": PP})
    charts.gap_dots(ctx, table, unit=PP if table["unit"].iloc[0] == "percent" else "points",
                    source=inputs.source_note(ctx),
                    title=f"Gap between {pair.reference_label} and {pair.focal_label}, {year}")
    show(section_notes.headline_note(table) or None, shown)
    return Gaps(all_gaps, pair, region)


def trend(ctx: RunContext, results: ResultsRecorder, gaps_by_area: Gaps, *,
          key_stage: int) -> None:
    """Both groups and the gap over time, LA against benchmarks, with breaks (section 2)."""
    pair = gaps_by_area.pair
    series = trends.benchmark_series(gaps_by_area.by_area, la_code=ctx.la_code,
                                     region_code=gaps_by_area.region,
                                     comparator_codes=ctx.comparator_codes)
    drawn = trends.with_breaks(series, ["role"], ["focal_pct", "reference_pct", "gap",
                                                  "ci_low", "ci_high"],
                               ctx.first_year, ctx.last_year)
    source = inputs.source_note(ctx)
    charts.trend_chart(ctx, drawn, value="gap", key_stage=key_stage, source=source,
                       name="gap_over_time", ylabel="Gap (percentage points)",
                       title=f"Gap: {pair.reference_label} minus {pair.focal_label}")
    charts.groups_chart(ctx, drawn, focal_label=pair.focal_label,
                        reference_label=pair.reference_label, key_stage=key_stage,
                        source=source)
    note = None
    try:
        slope = trends.gap_trend(series[series["role"] == "LA"])
        truths = inputs.planted(ctx, key_stage, pair, slope["measure"])
        truth = (targets.gap_trend(truths, slope["first_year"], slope["last_year"])
                 if inputs.is_focus(ctx, truths) else None)
        results.add(estimates.trend_estimate(ctx.la_name, slope, truth))
    except DataNotAvailableError as err:
        note = f"No trend estimate: {err}."
    table = series.sort_values(["role", "year"]).reset_index(drop=True)
    save_table(ctx, table, "gap_trend", "Groups' percentages and gaps by year and area "
               "(years without results are absent; regimes differ before and after 2016)",
               {"focal_pct": "percent", "reference_pct": "percent", "gap": PP})
    wide = table.pivot_table(index="year", columns="role", values="gap").round(1)
    show(note, wide)


def gap_index_section(ctx: RunContext, results: ResultsRecorder, *, key_stage: int,
                      groups: str) -> None:
    """DfE disadvantage gap index for the LA and England, checked against DfE (section 3)."""
    title = "Gap index"
    if key_stage != 2 or measures.group_pair(groups).focal != "disadvantaged":
        return _unavailable(results, title, "The gap index is computed for KS2 disadvantaged "
                            "pupils only (as DfE publishes it at LA level).")
    try:
        table = inputs.gap_index_all(ctx)
    except DataNotAvailableError as err:
        return _unavailable(results, title, inputs.not_in_source(
            "Pupil", err, "pupil-level scores (the National Pupil Database is not public; "
            "DfE's published index is national only)"))
    table = table[table["year"].between(ctx.first_year, ctx.last_year)]
    mine = table[(table["la_code"] == ctx.la_code) | (table["geographic_level"] == "National")]
    mine = mine.assign(role=np.where(mine["geographic_level"] == "National", "England", "LA"))
    mine = mine.assign(measure="gap_index", regime=np.where(mine["year"] < 2016, "levels",
                                                            "expected_standard"))
    drawn = trends.with_breaks(mine, ["role"], ["gap_index", "ci_low", "ci_high"],
                               ctx.first_year, ctx.last_year)
    charts.gap_index_chart(ctx, drawn, source=inputs.source_note(ctx))
    truths = ctx.planted_truths()
    results.extend(estimates.gap_index_estimates(ctx.la_name, mine, truths,
                                       focus=inputs.is_focus(ctx, truths)))
    check = gap_index.compare_with_published(mine, inputs.published_index(ctx))
    save_table(ctx, mine.drop(columns=["measure", "regime"]), "gap_index",
               "Disadvantage gap index by year (LA with 95% interval; England)",
               {"gap_index": "index -10 to 10"})
    show(section_notes.gap_index_note(check, ctx.synthetic), check.round(2))


def school_section(ctx: RunContext, results: ResultsRecorder, *, key_stage: int,
                   measure: str, funnel_target: str) -> dict | None:
    """School gap distribution, funnel plot and schools outside the limits (section 4);
    returns the funnel's fit (its overdispersion is a validation diagnostic)."""
    title = "Schools"
    try:
        rows, totals = inputs.school_tables(ctx)
        absent = inputs.no_la_file(ctx, rows)
        if absent:
            return _unavailable(results, title, absent)
        latest = int(rows.loc[rows["la_code"] == ctx.la_code, "year"].max())
        scope = coverage.coverage(rows, totals, latest)
        chosen = measures.select_measure(rows[rows["year"] == latest], key_stage, measure)
        school_gaps = schools.school_gaps(chosen[chosen["school_type"] == "mainstream"])
        national, target_label = inputs.funnel_centre(scope, funnel_target)
        points, curve, info = schools.funnel_points(
            school_gaps, la_code=ctx.la_code, year=latest, target=funnel_target,
            national_rate=national)
    except DataNotAvailableError as err:
        return _unavailable(results, title, inputs.not_in_source("School", err))
    source = inputs.source_note(ctx)
    comparison = None if scope.la_codes == (ctx.la_code,) else scope.label
    distribution = schools.gap_distribution(school_gaps, ctx.la_code, latest, comparison)
    charts.school_gap_histogram(ctx, school_gaps, la_code=ctx.la_code, year=latest,
                                source=source, comparison=f"All {scope.label}'s schools"
                                if scope.england else f"All {scope.label}")
    charts.funnel_chart(ctx, points, curve, info, year=latest, source=source)
    outside = schools.schools_outside(points)
    results.extend(estimates.school_estimates(ctx.la_name, points, info, distribution, latest,
                                    target_label))
    save_table(ctx, distribution, "school_gap_distribution",
               f"School-level gaps (pp), quartiles, mainstream schools, {latest}", {"median": PP})
    save_table(ctx, outside, "schools_outside_limits",
               f"Schools outside the 95% funnel limits, {latest} (small numbers withheld)",
               {"pct_disadvantaged": "percent"})
    mine = chosen["la_code"] == ctx.la_code
    note = section_notes.school_note(
        ctx.la_name, distribution, plotted=len(points),
        mainstream=int((mine & chosen["school_type"].eq("mainstream")).sum()),
        special=int((mine & chosen["school_type"].eq("special")).sum()), year=latest,
        info=info, target_label=target_label, england=scope.england, scope_label=scope.label,
        withheld=outside.attrs["withheld"])
    show(note, outside)
    return info


def school_totals_section(ctx: RunContext, results: ResultsRecorder) -> None:
    """The LA's schools against the LA row DfE published in the same files (section 4b)."""
    title = "School totals"
    try:
        rows, totals = inputs.school_tables(ctx)
    except DataNotAvailableError as err:
        return _unavailable(results, title, inputs.not_in_source("School", err))
    absent = inputs.no_la_file(ctx, rows)
    if absent:
        return _unavailable(results, title, absent)
    check = school_totals.la_totals_check(rows[rows["la_code"] == ctx.la_code],
                                          totals[totals["la_code"] == ctx.la_code])
    if check.empty:
        return _unavailable(results, title, f"The files publish no LA row for {ctx.la_name} to "
                            "check against.")
    saved = save_table(ctx, check, "la_totals_check", "The LA's school rows against the LA row "
                       "published in the same performance tables (published, computed and "
                       "the range the schools allow)", {"published": "pupils or percent"})
    years = sorted(check["year"].unique())
    shown = saved[saved["year"].isin(years[-SHOWN_YEARS:])].round(2).reset_index(drop=True)
    show(section_notes.totals_note(ctx.la_name, check, school_totals.disagreements(check)),
         shown)


def floor_section(ctx: RunContext, results: ResultsRecorder, *,
                  key_stage: int) -> None:
    """Schools below the floor standard in force each year (section 5)."""
    title = "Floor standards"
    if key_stage != 2:
        return _unavailable(results, title, "Floor standards are covered for primary schools "
                            "(KS2) only.")
    rules = floors.rules_from_reference(ctx.load("floor_standards"))
    rules = rules[rules["year"].between(ctx.first_year, ctx.last_year)]
    if rules.empty:
        return _unavailable(results, title, "No floor standard is recorded for the years "
                            "requested.")
    try:
        status = inputs.england_floors(ctx, rules)
        totals = inputs.load(ctx, "ks_attainment_school_totals",
                             years=(int(rules["year"].min()), int(rules["year"].max())))
    except DataNotAvailableError as err:
        return _unavailable(results, title, inputs.not_in_source(
            "School", err, "school-level attainment and progress"))
    absent = inputs.no_la_file(ctx, status)
    if absent:
        return _unavailable(results, title, absent)
    summary = floors.floor_summary(status, ctx.la_code).merge(
        rules[["year", "attainment_threshold_pct", "progress_rule", "verified"]], on="year")
    england = summary["year"].map(lambda y: coverage.coverage(status, totals, y).england)
    summary["england_below_floor_pct"] = summary["england_below_floor_pct"].where(england)
    charts.floor_chart(ctx, summary, source=inputs.source_note(ctx) + "; floor rules as cited")
    results.add(estimates.floor_estimate(ctx.la_name, summary.sort_values("year").iloc[-1]))
    save_table(ctx, summary, "floor_standards", "Schools below the floor standard by year",
               {"la_below_floor_pct": "percent", "england_below_floor_pct": "percent"})
    show(section_notes.floor_note(summary, bool(england.all())), summary)


def conditional_section(ctx: RunContext, results: ResultsRecorder, *, key_stage: int,
                        measure: str) -> None:
    """Each LA's effect conditional on intake (binomial GLM) and a caterpillar (section 6)."""
    title, what = "LA effects given intake", ("school-level results for disadvantaged pupils "
                                              "in every LA")
    try:
        rows, totals = inputs.school_tables(ctx)
        scope = coverage.coverage(rows, totals, int(rows["year"].max()))
        if not scope.england:
            return _unavailable(results, title, inputs.not_in_source(
                "England-wide school", f"the performance tables here cover only {scope.label}",
                what))
        effects, info = inputs.effects_all(ctx, key_stage, measure)
    except DataNotAvailableError as err:
        return _unavailable(results, title, inputs.not_in_source("School", err, what))
    charts.caterpillar(ctx, effects, source=inputs.source_note(ctx))
    mine = effects[effects["la_code"] == ctx.la_code]
    years = f"{info['years'][0]}-{info['years'][-1]}"
    if not mine.empty:
        results.extend(estimates.conditional_estimates(ctx.la_name, mine.iloc[0], info, years))
    save_table(ctx, effects, "la_effects", f"LA effects on disadvantaged pupils' attainment "
               f"given intake, {years}", {"effect_pp": PP, "pp_low": PP, "pp_high": PP})
    shown = mine if not mine.empty else effects.head(0)
    show(section_notes.conditional_note(info, years), shown.round(3))


def verdict(results: ResultsRecorder) -> None:
    """The plain-English verdict from the recorded results (section 7)."""
    show(verdict_text.verdict(results))
