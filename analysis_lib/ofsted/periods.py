"""Before / during / after an intervention, for dates and for 31 August snapshot years."""

from __future__ import annotations

import pandas as pd

from analysis_lib.errors import ParameterError

PERIODS = ("before", "during", "after")
#: Ofsted suspended routine school inspections from 17 March 2020 to September 2021.
INSPECTIONS_SUSPENDED = (pd.Timestamp("2020-03-17"), pd.Timestamp("2021-09-01"))
#: Inspecting time that may be missing before a snapshot's summer term ends.
MAX_UNCOVERED_DAYS = 31


def check_window(start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Parse an intervention window; the start must come before the end."""
    try:
        start, end = pd.Timestamp(start), pd.Timestamp(end)
    except (TypeError, ValueError) as err:
        raise ParameterError(
            f"outsourcing dates must be ISO dates like '2002-12-01': {err}") from err
    if not start < end:
        raise ParameterError(f"outsourcing_start ({start.date()}) must be before "
                             f"outsourcing_end ({end.date()})")
    return start, end


def period_of(dates, start, end) -> pd.Series:
    """'before' (date < start), 'during' (start <= date < end) or 'after' (date >= end)."""
    start, end = check_window(start, end)
    dates = pd.to_datetime(pd.Series(dates))
    out = pd.Series("during", index=dates.index, dtype=object)
    out[dates < start] = "before"
    out[dates >= end] = "after"
    return out.where(dates.notna())


def snapshot_date(year: int) -> pd.Timestamp:
    """The 31 August snapshot of a year (end of the academic year)."""
    return pd.Timestamp(year=int(year), month=8, day=31)


def first_snapshot_year_after(date) -> int:
    """The first 31 August snapshot on or after a date (2002-12-01 -> 2003)."""
    date = pd.Timestamp(date)
    return date.year if date <= snapshot_date(date.year) else date.year + 1


def last_covered_snapshot(data_end) -> tuple[int, int]:
    """The last 31 August snapshot that inspection records ending on ``data_end`` cover, and
    how many inspecting days before it they miss.

    That is the academic year the records end in, if at most `MAX_UNCOVERED_DAYS` of
    inspecting time are missing before its summer term ends (31 July; time when Ofsted had
    suspended inspections does not count), otherwise the year before.
    """
    data_end = pd.Timestamp(data_end)
    year = first_snapshot_year_after(data_end)
    term_end = pd.Timestamp(year=year, month=7, day=31)
    suspended_from, suspended_to = INSPECTIONS_SUSPENDED
    inspecting_until = (suspended_from if data_end < suspended_from <= term_end
                        else term_end)
    missing = max((inspecting_until - data_end).days - 1, 0)
    if missing <= MAX_UNCOVERED_DAYS:
        return year, missing
    return year - 1, 0
