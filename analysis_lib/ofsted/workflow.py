"""Notebook 02's descriptive steps, which its `sections` call. Each takes the run context,
loads what it needs, caches the LA-independent heavy parts on disk and returns a result or
`Unavailable` (with why).

Cache keys hold the data fingerprint and every parameter a result depends on, never the
studied LA, so an all-LA pack computes every school's snapshot grades once. The counterfactual
steps are in `counterfactual`, the inspection-level ones in `history`, who is compared in
`comparison` and the survivorship measurement in `survivorship_report`.

Every table saved from school inspections carries an ``inspection_source`` column with the
source named in the data (e.g. a third-party compilation rather than Ofsted's management
information), so the label travels with the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib.cache import memoise, run_fingerprint, run_key
from analysis_lib.context import RunContext
from analysis_lib.data.readers.ofsted_timeline import TIMELINE_SOURCE
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.ofsted import events, timeline
from analysis_lib.ofsted.as_at import (
    area_shares,
    as_at_grades,
    grade_distribution,
    snapshot_years,
)
from analysis_lib.ofsted.comparison import areas
from analysis_lib.ofsted.period_shares import period_shares
from analysis_lib.tables import save_table
from analysis_lib.unavailable import Unavailable, guarded

DEFAULT_SOURCE = "Ofsted school inspection outcomes"
NO_SCHOOL_DATA = ("School inspection data are not available for this data source ({reason}). "
                  "Put Ofsted's management information (school_inspections_*.csv) or the "
                  "ratings timeline with its school spine in ofsted_schools/ (see "
                  "docs/raw_formats.md).")


@dataclass(frozen=True)
class SchoolData:
    """School inspections, the school register (if present) and what the records are."""

    inspections: pd.DataFrame
    schools: pd.DataFrame | None
    note: str
    source_label: str = DEFAULT_SOURCE   # named in the data's ``source`` column
    data_end: pd.Timestamp | None = None  # the last inspection in the records
    survivors_only: bool = False          # only schools open in 2017-18 are listed


@dataclass(frozen=True)
class Snapshots:
    """Every open school's latest grade at each 31 August, and why the series stops."""

    as_at: pd.DataFrame
    stop_note: str
    source_label: str = DEFAULT_SOURCE


@guarded
def la_timeline(ctx: RunContext) -> pd.DataFrame:
    """The LA's LEA and children's services judgements (see `timeline.la_timeline`)."""
    try:
        judgements = ctx.load("la_inspections", la=ctx.la_code, include_benchmarks=False)
    except DataNotAvailableError:
        judgements = None
    try:
        facts = ctx.load("reference_facts")  # filtered by LA in `la_timeline`
    except DataNotAvailableError:
        facts = None
    return timeline.la_timeline(judgements, ctx.la_code, facts)


def school_data_from(inspections: pd.DataFrame, schools: pd.DataFrame | None,
                     synthetic: bool = False) -> SchoolData:
    """`SchoolData` for inspections and a register (a register without opening dates is not
    used), with the records' own source label, last date and survivorship. ``synthetic``
    records are labelled as generated in the layout their source column names."""
    if schools is not None and ("open_date" not in schools or schools["open_date"].isna().all()):
        schools = None
    sources = (sorted(inspections["source"].dropna().unique()) if "source" in inspections
               else [])
    note = "" if schools is not None else (
        "No school register with opening and closing dates: schools count from their "
        "first inspection and a predecessor drops out when its successor is first inspected.")
    label = "; ".join(sources) or DEFAULT_SOURCE
    if synthetic:
        label = f"SYNTHETIC inspections generated in the layout of: {label}"
    return SchoolData(inspections, schools, note, label,
                      inspections["inspection_date"].max(), TIMELINE_SOURCE in sources)


def all_school_data(ctx: RunContext) -> SchoolData:
    """Every LA's inspections and the school register (cached: one pickle read instead of
    validating 100,000 rows on each run)."""

    def compute():
        try:
            inspections = ctx.load("school_inspections")
        except DataNotAvailableError as err:
            raise DataNotAvailableError(NO_SCHOOL_DATA.format(reason=err)) from err
        try:
            schools = ctx.load("schools")
        except DataNotAvailableError:
            schools = None
        return school_data_from(inspections, schools, ctx.synthetic)

    return memoise("ofsted-school-data", run_key(ctx), compute)


@guarded
def school_data(ctx: RunContext, *, la_only: bool = False) -> SchoolData:
    """Inspections and school register: all LAs, or the LA and its comparators."""
    data = all_school_data(ctx)
    if not la_only:
        return data
    codes = [ctx.la_code, *ctx.comparator_codes]
    inspections = data.inspections[data.inspections["la_code"].isin(codes)]
    if inspections.empty:
        raise DataNotAvailableError(f"No school inspections for {ctx.la_name} or its "
                                    "comparators.")
    schools = None if data.schools is None else data.schools[
        data.schools["la_code"].isin(codes)]
    return SchoolData(inspections.reset_index(drop=True), schools, data.note,
                      data.source_label, data.data_end, data.survivors_only)


def source_label(data) -> str:
    """The records' own source label ('' when the data are unavailable)."""
    return "" if isinstance(data, Unavailable) else data.source_label


def records_text(ctx: RunContext, data: SchoolData) -> str:
    """What the school inspection records are, what they cover and what they miss (Markdown),
    built from the records themselves (or why there are none)."""
    if isinstance(data, Unavailable):
        return data._repr_markdown_()
    own = data.inspections[data.inspections["la_code"] == ctx.la_code]
    graded = data.inspections.dropna(subset=["overall_effectiveness"])
    lines = [f"**Records:** {data.source_label}; {len(graded):,} graded inspections of "
             f"{graded['urn'].nunique():,} state-funded schools in England from "
             f"{graded['inspection_date'].min():%d %B %Y} to {data.data_end:%d %B %Y}; "
             f"{ctx.la_name}: {len(own):,} inspections of {own['urn'].nunique():,} schools."]
    if "inspection_type" in own and own["inspection_type"].isna().all():
        lines.append("The records give no inspection type: a short inspection that confirmed "
                     "a grade appears as a repeated grade, which adds 'no change' pairs to the "
                     "transitions and inspections to the ordered model.")
    if data.survivors_only:
        chained = own["predecessor_urn"].dropna().unique()
        present = pd.Series(chained).isin(data.inspections["urn"]).sum()
        lines.append(f"**Survivorship.** Only schools open in 2017-18 are listed. Schools that "
                     "closed, merged or converted before then are missing, and so are the "
                     f"inspections of predecessor schools: {len(chained)} of {ctx.la_name}'s "
                     f"listed schools have a predecessor, and {present} of those predecessors "
                     "have inspections in the records. Section 6 measures what this does to "
                     "each estimate.")
    if data.note:
        lines.append(data.note)
    return "\n\n".join(lines)


def school_snapshots(data: SchoolData, first_year: int, last_year: int, fingerprint_: str
                     ) -> Snapshots:
    """Every open school's latest grade at each 31 August from `first_year` to the last
    snapshot the records cover (cached on the data fingerprint and years)."""
    years, note = snapshot_years(first_year, last_year, data.data_end)
    if not years:
        raise DataNotAvailableError(note or "No snapshot years in the chosen range.")

    def compute():
        frame = as_at_grades(data.inspections, data.schools, years)
        graded = frame.groupby("year")["grade"].count()
        return frame[frame["year"].isin(graded[graded > 0].index)].reset_index(drop=True)

    key = {"data": fingerprint_, "years": years}
    frame = memoise("ofsted-as-at", key, compute)
    if frame.empty:
        raise DataNotAvailableError("No graded school inspections in the chosen years.")
    return Snapshots(frame, note, data.source_label)


def series_note(snaps: Snapshots) -> str:
    """Where and why the 31 August series stops (Markdown)."""
    if isinstance(snaps, Unavailable):
        return snaps._repr_markdown_()
    years = snaps.as_at["year"]
    return snaps.stop_note or (f"The series covers the snapshots of 31 August {years.min()} "
                               f"to {years.max()}.")


@guarded
def snapshots(ctx: RunContext) -> Snapshots:
    """The run's snapshots (see `school_snapshots`)."""
    data = all_school_data(ctx)
    return school_snapshots(data, ctx.first_year, ctx.last_year, run_fingerprint(ctx))


def save_labelled(ctx: RunContext, frame: pd.DataFrame, source_label: str, name: str,
          description: str, units: dict[str, str]) -> pd.DataFrame:
    """Save a table with the inspection source named in every row."""
    labelled = frame.assign(inspection_source=source_label)
    save_table(ctx, labelled, name, description, units)
    return labelled


@guarded
def shares(ctx: RunContext, snaps: Snapshots, phase: str) -> pd.DataFrame:
    """Year x area summary (LA, region, comparators pooled, England), saved as a table."""
    codes = areas(ctx)
    region = [a for a in codes if a not in (ctx.la_name, "Comparators", "England")]
    out = area_shares(snaps.as_at, ctx.la_code, codes["Comparators"], phase=phase,
                      la_label=ctx.la_name, region_codes=codes[region[0]] if region else None,
                      region_label=region[0] if region else "")
    out = out[out["n_schools"] > 0].reset_index(drop=True)
    return save_labelled(ctx, out, snaps.source_label, "school_grades_as_at_31_august",
                 "Open schools' latest overall effectiveness at 31 August by area (school "
                 "counts are public Ofsted figures, so not suppressed)",
                 {"share_good_or_outstanding": "percent of graded open schools",
                  "mean_grade": "1 = outstanding ... 4 = inadequate", "n_*": "schools"})


@guarded
def shares_by_period(ctx: RunContext, snaps: Snapshots, window: events.EventWindow,
                     phase: str) -> pd.DataFrame:
    """Share good or outstanding during and after the event by area, saved as a table."""
    start, end = window.dates()
    out = period_shares(snaps.as_at, areas(ctx), start, end, phase=phase)
    return save_labelled(ctx, out, snaps.source_label, "share_good_or_outstanding_by_period",
                 "Share of graded open schools judged good or outstanding, pooled over the "
                 "31 August snapshots during and after the event (school-clustered 95% CI)",
                 {"share_good_or_outstanding": "percent", "ci_low": "percent",
                  "ci_high": "percent", "n_school_years": "school x snapshot"})


@guarded
def distribution(ctx: RunContext, shares_: pd.DataFrame) -> pd.DataFrame:
    """Grade distribution (long) for every area, saved as a table."""
    out = grade_distribution(shares_.drop(columns="inspection_source"))
    return save_labelled(ctx, out, shares_["inspection_source"].iloc[0],
                         "school_grade_distribution", "Open schools by latest grade at 31 August",
                         {"n": "schools", "percent": "percent of graded"})
