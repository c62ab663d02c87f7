"""Who a run compares with and what it evaluates: the LA's event window, the LAs left out of
comparisons because they had arrangements of their own, and the areas of the descriptive
series (the LA, its region, its comparators, England). Thin steps over `events` and the
`interventions` reference table; weak rows apply only with the run's parameter
``include_weak_interventions``.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib import geography
from analysis_lib.context import RunContext
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.ofsted import events
from analysis_lib.ofsted.as_at import comparison_areas
from analysis_lib.tables import save_table


def _include_weak(ctx: RunContext) -> bool:
    return bool(ctx.parameters.get("include_weak_interventions", False))


def interventions(ctx: RunContext) -> pd.DataFrame:
    """The interventions reference table (empty, with its columns, if it cannot be read)."""
    try:
        return ctx.load("interventions")
    except DataNotAvailableError:
        return pd.DataFrame(columns=["la_code", "la_name", "service", "provider", "arrangement",
                                     "start_date", "end_date", "confidence", "notes"])


def event_window(ctx: RunContext, start="", end="") -> events.EventWindow:
    """The dates the run evaluates: the parameters if given, else the LA's own record."""
    return events.own_window(interventions(ctx), ctx.la_code, ctx.la_name, start, end,
                             include_weak=_include_weak(ctx))


def intervention_note(ctx: RunContext, window: events.EventWindow) -> str:
    """What the run evaluates and where the dates come from, as Markdown."""
    if not window.has_event:
        return f"**No event to evaluate.** {window.origin}"
    approximate = (" Dates marked 'about' are approximate in the table: their day (and "
                   "for 'about' a year, their month) is a placeholder." if "about" in window.origin
                   else "")
    return (f"**Event evaluated:** {window.start:%d %B %Y} to {window.end:%d %B %Y}, from "
            f"{window.origin}.{approximate}")


def la_events(ctx: RunContext) -> pd.DataFrame:
    """Every recorded arrangement and dated event for the LA, with sources."""
    return events.la_events(interventions(ctx), ctx.la_code)


def other_events(ctx: RunContext, window: events.EventWindow, since: str = "2005-09-01"
                 ) -> str:
    """Other recorded events for the LA from ``since`` (school data start), in words."""
    rows = la_events(ctx)
    rows = rows[rows["start_date"] >= pd.Timestamp(since)]
    if window.has_event:
        rows = rows[rows["start_date"] != window.start]
    return "; ".join(f"{r.arrangement.replace('_', ' ')} ({r.service}, {r.provider}) from "
                     f"{r.start_date:%B %Y}" for r in rows.itertuples())


def excluded_las(ctx: RunContext) -> list[int]:
    """LAs left out of donor pools and comparator groups (see `events.excluded_las`)."""
    table = events.excluded_las(interventions(ctx), include_weak=_include_weak(ctx))
    return table["la_code"].tolist()


def donor_exclusions(ctx: RunContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(LAs left out of the comparison with reasons, weak rows not applied), saved."""
    table = interventions(ctx)
    left_out = events.excluded_las(table, include_weak=_include_weak(ctx))
    weak = events.weak_rows(table)
    if _include_weak(ctx):
        weak = weak.iloc[0:0]
    save_table(ctx, left_out, "las_left_out_of_comparisons",
               "LAs with their own arrangement or direction, left out of donor pools and "
               "comparator groups", {})
    return left_out, weak


def comparators(ctx: RunContext) -> list[int]:
    """The run's comparator LAs without those that had an arrangement of their own."""
    excluded = set(excluded_las(ctx))
    return [c for c in ctx.comparator_codes if c not in excluded]


def areas(ctx: RunContext) -> dict[str, list[int] | None]:
    """The LA, its region, its comparators (see `comparators`) and England, as area name ->
    LA codes."""
    region = geography.region_of(ctx.la_code)
    names = dict(zip(geography.las()["region_code"], geography.las()["region_name"],
                     strict=True))
    return comparison_areas(ctx.la_code, comparators(ctx), geography.las_in_region(region),
                            la_label=ctx.la_name, region_label=names[region])
