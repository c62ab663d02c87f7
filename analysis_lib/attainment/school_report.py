"""Notebook 01's school sections: gaps across schools and the funnel plot, the check of the
schools against DfE's own LA totals, floor standards, and LA effects given intake.

They read DfE's KS2 performance tables (``ks_attainment_school`` and the files' own LA and
England rows, ``ks_attainment_school_totals``). An LA without a performance-table file gets a
note saying so, not a failure. Where the files cover only some LAs, comparisons are labelled
as the schools in the files and England's rate is DfE's published England row
(:mod:`analysis_lib.attainment.coverage`). The funnel plot and floor standards use mainstream
schools (special schools' pupils are not comparable with the national rate, and DfE's floor
covered mainstream schools only); the LA-total check uses both, as DfE's LA row does. LA
effects given intake need every LA's schools, so they run only where the files cover England.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib import geography
from analysis_lib.attainment import (
    charts,
    conditional,
    coverage,
    floors,
    measures,
    school_totals,
    schools,
    trends,
)
from analysis_lib.attainment.report import PP, Section, _load, _missing, _source_note
from analysis_lib.cache import memoise, run_key
from analysis_lib.context import RunContext
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.results import Estimate, ResultsRecorder
from analysis_lib.tables import save_table

SCHOOL_DATA = ("school performance tables (school-level KS2 results for disadvantaged and "
               "other pupils)")
SHOWN_YEARS = 2  # the check table shows the latest years; the saved CSV has them all


def _no_la_file(ctx: RunContext, rows: pd.DataFrame) -> str | None:
    """A note when the school rows have no school of the run's LA (None when they do)."""
    if (rows["la_code"] == ctx.la_code).any():
        return None
    names = ", ".join(sorted(geography.resolve_la(int(c))[1]
                             for c in rows["la_code"].dropna().unique()))
    where = "the synthetic England" if ctx.synthetic else str(ctx.data_dir or "data/raw")
    return (f"**No school-level file for {ctx.la_name} in this data source.** The KS2 "
            f"performance tables (`ks2final` files) in {where} cover {names} "
            f"({rows['year'].min()}-{rows['year'].max()}), not {ctx.la_name} (LA "
            f"{ctx.la_code}); this section needs the LA's own file. It is skipped, and the "
            "rest of the notebook is unaffected.")


def _school_tables(ctx: RunContext, years=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (_load(ctx, "ks_attainment_school", years=years),
            _load(ctx, "ks_attainment_school_totals", years=years))


def _target(scope: coverage.Coverage, funnel_target: str) -> tuple[float | None, str]:
    """The funnel's national rate (None: pool the schools) and how it was obtained."""
    if funnel_target == "la":
        return None, "the LA's schools pooled"
    if scope.england:
        return None, "England's schools pooled"
    row = scope.england_row
    if row is not None and pd.notna(row["pct_disadvantaged"]):
        return float(row["pct_disadvantaged"]) / 100, "England, DfE's published rate"
    return None, f"{scope.label} pooled (no England figure published)"


def school_section(ctx: RunContext, results: ResultsRecorder, *, key_stage: int,
                   measure: str, funnel_target: str) -> Section:
    """School gap distribution, funnel plot and schools outside the limits (section 4)."""
    try:
        rows, totals = _school_tables(ctx)
        absent = _no_la_file(ctx, rows)
        if absent:
            return Section(note=absent)
        latest = int(rows.loc[rows["la_code"] == ctx.la_code, "year"].max())
        scope = coverage.coverage(rows, totals, latest)
        chosen = measures.select_measure(rows[rows["year"] == latest], key_stage, measure)
        school_gaps = schools.school_gaps(chosen[chosen["school_type"] == "mainstream"])
        national, target_label = _target(scope, funnel_target)
        points, curve, info = schools.funnel_points(
            school_gaps, la_code=ctx.la_code, year=latest, target=funnel_target,
            national_rate=national)
    except DataNotAvailableError as err:
        return _missing("School", err, SCHOOL_DATA)
    source = _source_note(ctx)
    mine = chosen["la_code"] == ctx.la_code
    comparison = None if scope.la_codes == (ctx.la_code,) else scope.label
    distribution = schools.gap_distribution(school_gaps, ctx.la_code, latest, comparison)
    charts.school_gap_histogram(ctx, school_gaps, la_code=ctx.la_code, year=latest,
                                source=source, comparison=f"All {scope.label}'s schools"
                                if scope.england else f"All {scope.label}")
    charts.funnel_chart(ctx, points, curve, info, year=latest, source=source)
    outside = schools.schools_outside(points)
    _record_schools(ctx, results, points, info, distribution, latest, target_label)
    save_table(ctx, distribution, "school_gap_distribution",
               f"School-level gaps (pp), quartiles, mainstream schools, {latest}", {"median": PP})
    save_table(ctx, outside, "schools_outside_limits",
               f"Schools outside the 95% funnel limits, {latest} (small numbers withheld)",
               {"pct_disadvantaged": "percent"})
    special = int((mine & chosen["school_type"].eq("special")).sum())
    mainstream = int((mine & chosen["school_type"].eq("mainstream")).sum())
    note = (_spread(ctx, distribution)
            + f" Funnel plot: {len(points)} of the LA's {mainstream} mainstream schools have a "
            f"published result for disadvantaged pupils in {latest} (DfE suppresses groups of 5 "
            f"or fewer); target {100 * info['target']:.1f}% ({target_label}); overdispersion "
            f"factor {info['phi_estimate']:.2f}, estimated from {info['phi_schools']} mainstream "
            + ("schools in England" if scope.england else scope.label)
            + (" (limits widened)" if info["phi"] > 1 else "") + "."
            + (f" {outside.attrs['withheld']} school(s) with fewer than 6 disadvantaged pupils "
               "are outside the limits but withheld." if outside.attrs["withheld"] else "")
            + (f" {special} special school(s) are not plotted (their pupils are not comparable "
               "with the national rate; they are in the LA-total check)." if special else ""))
    return Section(note=note, table=outside, data={"distribution": distribution,
                                                   "points": points, "info": info})


def _spread(ctx: RunContext, distribution: pd.DataFrame) -> str:
    """The school-gap quartiles in words, LA first."""
    parts = [f"{ctx.la_name if r.area == 'LA' else r.area}: median {r.median:.1f} pp "
             f"(quartiles {r.lower_quartile:.1f} to {r.upper_quartile:.1f}; {r.schools} schools, "
             f"{r.share_with_gap_pct:.0f}% with a gap above 0)"
             for r in distribution.itertuples() if r.schools]
    return "School-level gaps (other minus disadvantaged pupils, pp): " + "; ".join(parts) + "."


def _record_schools(ctx, results, points, info, distribution, year, target_label) -> None:
    counts = points["position"].str.split(" ").str[0].value_counts()
    for side in ("above", "below"):
        results.add(Estimate(f"schools_{side}_95", f"{ctx.la_name}: schools {side} the 95% "
                             f"funnel limit, {year}", float(counts.get(side, 0)), "schools",
                             f"funnel plot ({info['method']}), target {target_label}",
                             n=len(points), headline=False))
    results.add(Estimate("funnel_overdispersion", f"Funnel overdispersion factor, {year}",
                         info["phi_estimate"], "ratio", "Winsorised z-scores (10% tails), "
                         "Spiegelhalter 2005", n=info["phi_schools"], headline=False))
    la = distribution.iloc[0]
    if la["schools"]:
        results.add(Estimate("school_gap_median", f"{ctx.la_name}: median school gap, {year}",
                             float(la["median"]), PP, "median over mainstream schools of other "
                             "minus disadvantaged pupils meeting the measure (unweighted)",
                             n=int(la["schools"]), headline=False, caveats=(
                                 f"quartiles {la['lower_quartile']:.1f} to "
                                 f"{la['upper_quartile']:.1f}",)))


def school_totals_section(ctx: RunContext, results: ResultsRecorder) -> Section:
    """The LA's schools against the LA row DfE published in the same files (section 4b)."""
    try:
        rows, totals = _school_tables(ctx)
    except DataNotAvailableError as err:
        return _missing("School", err, SCHOOL_DATA)
    absent = _no_la_file(ctx, rows)
    if absent:
        return Section(note=absent)
    check = school_totals.la_totals_check(rows[rows["la_code"] == ctx.la_code],
                                          totals[totals["la_code"] == ctx.la_code])
    if check.empty:
        return Section(note=f"The files publish no LA row for {ctx.la_name} to check against.")
    saved = save_table(ctx, check, "la_totals_check", "The LA's school rows against the LA row "
                       "published in the same performance tables (published, computed and "
                       "the range the schools allow)", {"published": "pupils or percent"})
    bad = school_totals.disagreements(check)
    years = sorted(check["year"].unique())
    agree = int(check["agrees"].eq(True).sum())
    note = (f"{agree} of {int(check['agrees'].notna().sum())} published LA figures "
            f"({years[0]}-{years[-1]}) agree with {ctx.la_name}'s school rows within DfE's "
            "rounding and suppression" + ("." if bad.empty else
                                          f". **{len(bad)} do not** ("
                                          + "; ".join(f"{r.year} {r.quantity}"
                                                      for r in bad.itertuples())
                                          + "): the file's LA row cannot be produced from its "
                                          "school rows, so check the file before relying on "
                                          "its school-level results."))
    shown = saved[saved["year"].isin(years[-SHOWN_YEARS:])].round(2).reset_index(drop=True)
    return Section(note=note, table=shown, data={"check": check})


def _england_floors(ctx: RunContext, rules: pd.DataFrame) -> pd.DataFrame:
    def compute():
        years = (int(rules["year"].min()), int(rules["year"].max()))
        rows = measures.select_measure(_load(ctx, "ks_attainment_school", years=years), 2,
                                       measures.HEADLINE)
        return floors.floor_status(rows, rules)[["year", "urn", "la_code", "cohort",
                                                 "floor_status"]]
    return memoise("attainment_floors", run_key(ctx, rules=rules.to_json()), compute)


def floor_section(ctx: RunContext, results: ResultsRecorder, *, key_stage: int) -> Section:
    """Schools below the floor standard in force each year (section 5)."""
    if key_stage != 2:
        return Section(note="Floor standards are covered for primary schools (KS2) only.")
    rules = floors.rules_from_reference(ctx.load("floor_standards"))
    rules = rules[rules["year"].between(ctx.first_year, ctx.last_year)]
    if rules.empty:
        return Section(note="No floor standard is recorded for the years requested.")
    try:
        status = _england_floors(ctx, rules)
        totals = _load(ctx, "ks_attainment_school_totals",
                       years=(int(rules["year"].min()), int(rules["year"].max())))
    except DataNotAvailableError as err:
        return _missing("School", err, "school-level attainment and progress")
    absent = _no_la_file(ctx, status)
    if absent:
        return Section(note=absent)
    summary = floors.floor_summary(status, ctx.la_code).merge(
        rules[["year", "attainment_threshold_pct", "progress_rule", "verified"]], on="year")
    england = summary["year"].map(lambda y: coverage.coverage(status, totals, y).england)
    summary["england_below_floor_pct"] = summary["england_below_floor_pct"].where(england)
    charts.floor_chart(ctx, summary, source=_source_note(ctx) + "; floor rules as cited")
    last = summary.sort_values("year").iloc[-1]
    results.add(Estimate("schools_below_floor_latest", f"{ctx.la_name}: schools below the "
                         f"floor, {int(last['year'])}", float(last["la_below_floor"]),
                         "schools", "floor standard in force that year", n=int(
                             last["la_schools"]), headline=False))
    save_table(ctx, summary, "floor_standards", "Schools below the floor standard by year",
               {"la_below_floor_pct": "percent", "england_below_floor_pct": "percent"})
    unverified = summary.loc[~summary["verified"].astype(bool), "year"].tolist()
    note = ("Only mainstream schools with 11 or more eligible pupils are covered, as DfE "
            "counted them." + ("" if england.all() else " England's share is shown only where "
                               "the files hold every school in England.")
            + (" Rules marked unverified in the reference table: "
               + ", ".join(map(str, unverified)) + ". Where a year's progress thresholds are "
               "not recorded, schools under the attainment threshold are counted as 'progress "
               "not available', not as below." if unverified else ""))
    return Section(note=note, table=summary, data={"summary": summary})


def _effects_all(ctx: RunContext, key_stage: int, measure: str):
    def compute():
        rows = ctx.load("ks_attainment_school")
        rows = rows[rows["school_type"] == "mainstream"]
        school_gaps = schools.school_gaps(measures.select_measure(rows, key_stage, measure))
        years = sorted(trends.current_regime(school_gaps)["year"].unique())
        return conditional.la_effects(school_gaps[school_gaps["year"].isin(years)])
    return memoise("attainment_la_effects", run_key(ctx, ks=key_stage, measure=measure,
                                                 model="glm"), compute)


def conditional_section(ctx: RunContext, results: ResultsRecorder, *, key_stage: int,
                        measure: str) -> Section:
    """Each LA's effect conditional on intake (binomial GLM) and a caterpillar (section 6)."""
    what = "school-level results for disadvantaged pupils in every LA"
    try:
        rows, totals = _load(ctx, "ks_attainment_school"), _load(ctx, "ks_attainment_school_totals")
        scope = coverage.coverage(rows, totals, int(rows["year"].max()))
        if not scope.england:
            return _missing("England-wide school", DataNotAvailableError(
                f"the performance tables here cover only {scope.label}"), what)
        effects, info = _effects_all(ctx, key_stage, measure)
    except DataNotAvailableError as err:
        return _missing("School", err, what)
    charts.caterpillar(ctx, effects, source=_source_note(ctx))
    mine = effects[effects["la_code"] == ctx.la_code]
    years = f"{info['years'][0]}-{info['years'][-1]}"
    if not mine.empty:
        row = mine.iloc[0]
        results.add(Estimate(
            "la_effect_conditional", f"{ctx.la_name}: disadvantaged pupils meeting the "
            f"measure vs average LA, given intake, {years}", float(row["effect_pp"]), PP,
            "school-level binomial GLM (logit; LA, disadvantaged share, year; quasi-binomial "
            "dispersion), LA contrast against the average LA at the national rate",
            float(row["pp_low"]), float(row["pp_high"]), n=int(row["disadvantaged_pupils"]),
            caveats=(f"rank {int(row['rank'])} of {info['las']} LAs",),
            interval_kind="confidence"))
        results.add(Estimate("la_effect_rank", f"{ctx.la_name}: rank of {info['las']} LAs "
                             "(1 = highest)", float(row["rank"]), "rank", "ordering of LA "
                             "effects", headline=False))
    save_table(ctx, effects, "la_effects", f"LA effects on disadvantaged pupils' attainment "
               f"given intake, {years}", {"effect_pp": PP, "pp_low": PP, "pp_high": PP})
    note = (f"Model fitted to {info['school_years']} school-years in {info['las']} LAs "
            f"({years}); dispersion {info['dispersion']:.2f}; each 10-point rise in a "
            f"school's disadvantaged share changes the log-odds by "
            f"{info['share_coef'] / 10:.3f}.")
    shown = mine if not mine.empty else effects.head(0)
    return Section(note=note, table=shown.round(3), data={"effects": effects, "info": info})
