"""Which event a run evaluates, and which LAs the comparison leaves out, from `interventions`.

An LA's own window comes from its interventions rows unless the user gives dates: the
longest education arrangement (outsourced, arm's-length, trust or joint venture) with a start
and an end. An LA with no such row has no event to evaluate, and the run says so instead of
borrowing another LA's dates. Donor pools leave out every LA with an arrangement or a
statutory direction of its own. Rows whose `confidence` is ``weak`` change neither unless the
user asks for them; the run lists the weak rows it did not apply.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib.errors import DataNotAvailableError, ParameterError
from analysis_lib.ofsted.periods import check_window

#: Arrangements that change who runs an LA's services, or a statutory direction to do so.
EXCLUDING_KINDS = ("outsourced", "arms_length", "trust", "joint_venture", "strategic_partner",
                   "direction")
#: Arrangements whose start and end make an LA's own window.
WINDOW_KINDS = ("outsourced", "arms_length", "trust", "joint_venture")
WEAK = "weak"


@dataclass(frozen=True)
class EventWindow:
    """The dates a run evaluates (``start``/``end`` missing when there is no event) and
    where they come from, in words."""

    start: pd.Timestamp | None
    end: pd.Timestamp | None
    origin: str

    @property
    def has_event(self) -> bool:
        return self.start is not None and self.end is not None

    def dates(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """(start, end), or DataNotAvailableError saying there is no event to evaluate."""
        if not self.has_event:
            raise DataNotAvailableError(self.origin)
        return self.start, self.end


def _usable(rows: pd.DataFrame, include_weak: bool) -> pd.DataFrame:
    return rows if include_weak else rows[rows["confidence"] != WEAK]


def date_words(date, approximate) -> str:
    """A date as precisely as the table knows it: '1 April 2013' when exact, 'about June
    2001' when the day is a placeholder, 'about 2001' for an approximate 1 January."""
    if not approximate:
        return f"{date.day} {date:%B %Y}"
    return f"about {date:%Y}" if (date.month, date.day) == (1, 1) else f"about {date:%B %Y}"


def _describe(row) -> str:
    start = date_words(row.start_date, getattr(row, "start_date_approximate", False))
    end = ("no end recorded" if pd.isna(row.end_date)
           else date_words(row.end_date, getattr(row, "end_date_approximate", False)))
    return (f"{row.service} -> {row.provider} ({row.arrangement.replace('_', ' ')}, "
            f"{start} to {end}; {row.confidence})")


def check_dates(start="", end="") -> None:
    """Both dates (a valid window) or neither; ParameterError otherwise."""
    if (start or end) and not (start and end):
        raise ParameterError("give both outsourcing_start and outsourcing_end, or neither "
                             "(to use the LA's recorded arrangement)")
    if start:
        check_window(start, end)


def own_window(interventions: pd.DataFrame, la_code: int, la_name: str, start="", end="",
               *, include_weak: bool = False) -> EventWindow:
    """The run's window: the user's dates when given, else the LA's recorded arrangement."""
    check_dates(start, end)
    if start:
        first, last = check_window(start, end)
        return EventWindow(first, last, f"dates given as parameters ({first.date()} to "
                                        f"{last.date()})")
    rows = _usable(interventions[(interventions["la_code"] == la_code)
                                 & interventions["arrangement"].isin(WINDOW_KINDS)
                                 & interventions["service"].str.contains("education")],
                   include_weak)
    dated = rows.dropna(subset=["end_date"])
    if not dated.empty:
        longest = dated.assign(days=dated["end_date"] - dated["start_date"]).sort_values(
            ["days", "start_date"], ascending=[False, True]).iloc[0]
        return EventWindow(longest.start_date, longest.end_date,
                           f"the interventions table: {_describe(longest)}")
    if not rows.empty:
        listed = "; ".join(_describe(r) for r in rows.itertuples())
        return EventWindow(None, None, f"{la_name}'s recorded arrangement has no end date "
                           f"({listed}), so there is no change of arrangement within the "
                           "school inspection data to evaluate.")
    return EventWindow(None, None, f"{la_name} has no outsourced, arm's-length, trust or "
                       "joint-venture arrangement for education in the interventions table, "
                       "so there is no event to evaluate. To study a change of your own, "
                       "set outsourcing_start and outsourcing_end.")


def excluded_las(interventions: pd.DataFrame, *, include_weak: bool = False) -> pd.DataFrame:
    """LAs left out of donor pools: la_code, la_name and the reasons (one row per LA)."""
    rows = _usable(interventions[interventions["arrangement"].isin(EXCLUDING_KINDS)],
                   include_weak)
    grouped = rows.groupby(["la_code", "la_name"], sort=True)
    return pd.DataFrame([{"la_code": int(code), "la_name": name,
                          "reason": "; ".join(_describe(r) for r in part.itertuples())}
                         for (code, name), part in grouped],
                        columns=["la_code", "la_name", "reason"])


def weak_rows(interventions: pd.DataFrame) -> pd.DataFrame:
    """Weakly sourced rows that would change a donor pool: LA, event, why it is weak."""
    rows = interventions[interventions["arrangement"].isin(EXCLUDING_KINDS)
                         & (interventions["confidence"] == WEAK)]
    return pd.DataFrame({"la_code": rows["la_code"].astype(int), "la_name": rows["la_name"],
                         "event": [_describe(r) for r in rows.itertuples()],
                         "why_weak": rows["notes"]}).reset_index(drop=True)


def la_events(interventions: pd.DataFrame, la_code: int) -> pd.DataFrame:
    """Every row for the LA in date order (arrangements and dated events), with sources."""
    own = interventions[interventions["la_code"] == la_code].sort_values("start_date")
    cols = ["start_date", "end_date", "arrangement", "service", "provider", "confidence",
            "source", "source_url", "notes"]
    return own.reindex(columns=cols).reset_index(drop=True)
