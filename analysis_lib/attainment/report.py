"""The notebook's LA-level sections: load, compute, record, tabulate and chart, one call each.

Each function takes the run context and the results recorder, returns a :class:`Section`
(a table to show, a markdown note, the frames behind it) and records its headline estimates.
Sections that need school- or pupil-level data catch ``DataNotAvailableError`` and return a
note saying what is missing instead of failing, so official LA-level data still run. The
school-level sections are in :mod:`analysis_lib.attainment.school_report`. LA-independent
heavy work (national ranks here; the all-LA model and England's floor shares there) is
memoised on the data fingerprint (``analysis_lib.cache``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis_lib import geography
from analysis_lib.attainment import (
    charts,
    clustering,
    gap_index,
    gaps,
    measures,
    trends,
)
from analysis_lib.attainment.gap_estimates import PP, gap_estimate, pct_estimate
from analysis_lib.cache import memoise, run_key
from analysis_lib.context import RunContext
from analysis_lib.disclosure import suppress
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.results import Estimate, ResultsRecorder
from analysis_lib.tables import save_table
from analysis_lib.validation import targets

PLANTED_MEASURE = "rwm_expected_standard"  # the measure the synthetic generator plants
NO_SCHOOL_DATA = ("**{level}-level data are not present in this data source** ({reason}). "
                  "This section needs {what}; it is skipped, and the rest of the notebook "
                  "is unaffected.")


@dataclass
class Section:
    """What one notebook section shows: a note (markdown), a table and the frames behind it."""

    note: str = ""
    table: pd.DataFrame | None = None
    data: dict = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.table is not None

    def show(self) -> None:
        from IPython.display import Markdown, display

        if self.note:
            display(Markdown(self.note))
        if self.table is not None:
            display(self.table)


def _missing(level: str, err: Exception, what: str) -> Section:
    """A section that says which data are absent instead of failing."""
    return Section(note=NO_SCHOOL_DATA.format(level=level, reason=str(err), what=what))


def _source_note(ctx: RunContext) -> str:
    return "DfE KS2/KS4 attainment" + (" (synthetic replica)" if ctx.synthetic else "")


def _load(ctx: RunContext, table: str, *, la=None, years=None) -> pd.DataFrame:
    """A tidy table for the run's years (or ``years``); with ``la`` (codes) those LAs' rows
    plus the national and regional rows. Raises DataNotAvailableError when nothing is left."""
    return ctx.load(table, la=la, years=years or (ctx.first_year, ctx.last_year))


def _planted(ctx: RunContext, key_stage: int, pair, measure: str) -> dict | None:
    """The synthetic England's truth file when this run estimates what the generator plants
    (KS2 disadvantaged pupils against the others, expected-standard measure), else None."""
    if (not ctx.synthetic or key_stage != 2 or pair.focal != "disadvantaged"
            or measure != PLANTED_MEASURE):
        return None
    return ctx.planted_truths()


def _is_focus(ctx: RunContext, truths: dict | None) -> bool:
    return truths is not None and truths["config"].get("focus_la") == ctx.la_code


def _area_truth(ctx: RunContext, truths: dict | None, role: str, region: str, year: int):
    """Expected gap of the LA (if it is the generator's focus LA), its region (if the truth
    file holds that region) or England (see `validation.targets.gap`)."""
    if truths is None:
        return None
    if role == "LA":
        return targets.gap(truths, "focus_la", year) if _is_focus(ctx, truths) else None
    if role == "Region":
        return targets.gap(truths, "region", year) if targets.gap_region_code(
            truths) == region else None
    return targets.gap(truths, "england", year)


def _gap_design(ctx: RunContext, key_stage: int, measure: str, pair) -> pd.DataFrame | None:
    """School-clustered variances of the disadvantaged gap for every area and year (None when
    the groups are not the performance tables' disadvantaged and other pupils, or there are
    no school-level results)."""
    if pair.focal != "disadvantaged" or pair.nested:
        return None

    def compute():
        rows = measures.select_measure(_load(ctx, "ks_attainment_school"), key_stage, measure)
        return clustering.gap_design(rows)
    try:
        return memoise("attainment_gap_design", run_key(
            ctx, key_stage=key_stage, measure=measure, years=[ctx.first_year, ctx.last_year]),
            compute)
    except DataNotAvailableError:
        return None


def headline(ctx: RunContext, results: ResultsRecorder, *, key_stage: int, measure: str,
             groups: str) -> Section:
    """Latest-year gap for the LA, England, its region and each comparator (section 1)."""
    pair = measures.group_pair(groups)
    codes = [ctx.la_code, *[c for c in ctx.comparator_codes if c != ctx.la_code]]
    rows = measures.select_measure(_load(ctx, "ks_attainment_la", la=codes), key_stage, measure)
    all_gaps = gaps.group_gaps(rows, pair, design=_gap_design(ctx, key_stage, measure, pair))
    region = geography.region_of(ctx.la_code)
    table = gaps.area_gap_table(all_gaps, la_code=ctx.la_code, region_code=region,
                                comparator_codes=ctx.comparator_codes)
    year = int(table["year"].iloc[0])
    m = str(table["measure"].iloc[0])
    what = f"{pair.reference_label} minus {pair.focal_label}, {year}"
    la_row = table.iloc[0]
    truths = _planted(ctx, key_stage, pair, m)
    results.add(gap_estimate("gap_la", f"{ctx.la_name}: gap ({what})", la_row,
                             truth=_area_truth(ctx, truths, "LA", region, year)))
    for role, name in (("England", "gap_england"), ("Region", "gap_region")):
        hit = table[table["role"] == role]
        if not hit.empty:
            results.add(gap_estimate(name, f"{hit['area_name'].iloc[0]}: gap ({what})",
                                     hit.iloc[0],
                                     truth=_area_truth(ctx, truths, role, region, year)))
    for side, label in (("focal", pair.focal_label), ("reference", pair.reference_label)):
        results.add(pct_estimate(f"{side}_pct_la", f"{ctx.la_name}: {label} meeting the "
                                 f"measure, {year}", la_row, side))
    england = table[table["role"] == "England"]
    if not england.empty and pd.notna(la_row["ci_low"]) and pd.notna(england["ci_low"].iloc[0]):
        e = england.iloc[0]
        d, lo, hi = gaps.difference_of_gaps(la_row["gap"], (la_row["ci_low"], la_row["ci_high"]),
                                            e["gap"], (e["ci_low"], e["ci_high"]))
        results.add(Estimate("gap_la_minus_england", f"{ctx.la_name}'s gap minus England's, "
                             f"{year}", d, PP, "MOVER combination of two Newcombe intervals",
                             lo, hi, headline=False, interval_kind="confidence"))
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
    unit = PP if la_row["unit"] == "percent" else "points"
    charts.gap_dots(ctx, table, unit=unit, source=_source_note(ctx),
                    title=f"Gap between {pair.reference_label} and {pair.focal_label}, {year}")
    note = ""
    if table["ci_low"].isna().any():
        note = ("Some areas have no interval: " + "; ".join(sorted(
            {n for n in table["interval_note"] if n and n.startswith("no interval")})) + ".")
    return Section(note=note, table=shown, data={"gaps": all_gaps, "pair": pair, "year": year,
                                                 "region": region, "measure": m})


def trend(ctx: RunContext, results: ResultsRecorder, first: Section, *,
          key_stage: int) -> Section:
    """Both groups and the gap over time, LA against benchmarks, with breaks (section 2)."""
    pair = first.data["pair"]
    series = trends.benchmark_series(first.data["gaps"], la_code=ctx.la_code,
                                     region_code=first.data["region"],
                                     comparator_codes=ctx.comparator_codes)
    drawn = trends.with_breaks(series, ["role"], ["focal_pct", "reference_pct", "gap",
                                                  "ci_low", "ci_high"],
                               ctx.first_year, ctx.last_year)
    source = _source_note(ctx)
    charts.trend_chart(ctx, drawn, value="gap", key_stage=key_stage, source=source,
                       name="gap_over_time", ylabel="Gap (percentage points)",
                       title=f"Gap: {pair.reference_label} minus {pair.focal_label}")
    charts.groups_chart(ctx, drawn, focal_label=pair.focal_label,
                        reference_label=pair.reference_label, key_stage=key_stage,
                        source=source)
    la_series = series[series["role"] == "LA"]
    note = ""
    try:
        slope = trends.gap_trend(la_series)
        truths = _planted(ctx, key_stage, pair, slope["measure"])
        truth = (targets.gap_trend(truths, slope["first_year"], slope["last_year"])
                 if _is_focus(ctx, truths) else None)
        results.add(Estimate(
            "gap_trend_la", f"{ctx.la_name}: change in gap per year, {slope['first_year']}-"
            f"{slope['last_year']}", slope["slope"], f"{PP} per year",
            "weighted least squares of yearly gaps on year (weights 1/binomial variance), "
            "current regime; standard error widened by the residual dispersion about the "
            "line when above 1 (shocks to a school's or the LA's year)",
            slope["ci_low"], slope["ci_high"], n=slope["n"], truth=truth,
            interval_kind="confidence"))
    except DataNotAvailableError as err:
        note = f"No trend estimate: {err}."
    table = series.sort_values(["role", "year"]).reset_index(drop=True)
    save_table(ctx, table, "gap_trend", "Groups' percentages and gaps by year and area "
               "(years without results are absent; regimes differ before and after 2016)",
               {"focal_pct": "percent", "reference_pct": "percent", "gap": PP})
    wide = table.pivot_table(index="year", columns="role", values="gap").round(1)
    return Section(note=note, table=wide, data={"series": series})


def _gap_index_all(ctx: RunContext) -> pd.DataFrame:
    def compute():
        return gap_index.gap_index_table(ctx.load("ks2_pupils"))
    return memoise("attainment_gap_index", run_key(ctx, method="mean_rank"), compute)


def gap_index_section(ctx: RunContext, results: ResultsRecorder, *, key_stage: int,
                      groups: str) -> Section:
    """DfE disadvantage gap index for the LA and England, checked against DfE (section 3)."""
    if key_stage != 2 or measures.group_pair(groups).focal != "disadvantaged":
        return Section(note="The gap index is computed for KS2 disadvantaged pupils only "
                       "(as DfE publishes it at LA level).")
    try:
        table = _gap_index_all(ctx)
    except DataNotAvailableError as err:
        return _missing("Pupil", err, "pupil-level scores (the National Pupil Database is "
                        "not public; DfE's published index is national only)")
    table = table[table["year"].between(ctx.first_year, ctx.last_year)]
    mine = table[(table["la_code"] == ctx.la_code) | (table["geographic_level"] == "National")]
    mine = mine.assign(role=np.where(mine["geographic_level"] == "National", "England", "LA"))
    mine = mine.assign(measure="gap_index", regime=np.where(mine["year"] < 2016, "levels",
                                                            "expected_standard"))
    drawn = trends.with_breaks(mine, ["role"], ["gap_index", "ci_low", "ci_high"],
                               ctx.first_year, ctx.last_year)
    charts.gap_index_chart(ctx, drawn, source=_source_note(ctx))
    truths = ctx.planted_truths()
    for role, name in (("LA", "gap_index_la"), ("England", "gap_index_england")):
        rows = mine[(mine["role"] == role) & mine["gap_index"].notna()]
        if rows.empty:
            continue
        last = rows.sort_values("year").iloc[-1]
        who = ctx.la_name if role == "LA" else "England"
        area = "england" if role == "England" else "focus_la" if _is_focus(ctx, truths) else None
        truth = targets.gap_index(truths, area, int(last["year"])) if area and truths else None
        results.add(Estimate(
            name, f"{who}: disadvantage gap index, {int(last['year'])}", float(last["gap_index"]),
            "index points",
            "DfE mean-rank method: 20 x difference in mean national percentile rank; "
            "school-clustered interval (t on schools - 1 df, never narrower than Welch's)",
            float(last["ci_low"]) if role == "LA" else None,
            float(last["ci_high"]) if role == "LA" else None,
            n=int(last["disadvantaged_pupils"] + last["other_pupils"]), truth=truth,
            interval_kind="confidence" if role == "LA" else None))
    check = gap_index.compare_with_published(mine, _published_index(ctx))
    save_table(ctx, mine.drop(columns=["measure", "regime"]), "gap_index",
               "Disadvantage gap index by year (LA with 95% interval; England)",
               {"gap_index": "index -10 to 10"})
    published = check.dropna(subset=["published"])
    note = (f"DfE's published national values ({published['published'].min():.2f} to "
            f"{published['published'].max():.2f}) beside the computed England values "
            f"({check['gap_index'].min():.2f} to {check['gap_index'].max():.2f}). "
            + ("On synthetic data only closeness to that range is a fair check ('plausible': "
               f"within {gap_index.PLAUSIBLE_TOLERANCE} index points); exact agreement needs "
               "the National Pupil Database." if ctx.synthetic else ""))
    return Section(note=note, table=check.round(2), data={"index": mine})


def _published_index(ctx: RunContext) -> pd.DataFrame:
    facts = ctx.load("reference_facts")
    facts = facts[facts["measure"] == "ks2_disadvantage_gap_index"]
    return pd.DataFrame({"year": facts["date"].astype(str).str[:4].astype(int),
                         "published": facts["value"].astype(float)})
