"""Which contrast an LA x year panel can identify, given the years it covers.

Outsourcing ran from `start` to `end`. With enough snapshot years before the start the
panel identifies the change when services were outsourced ("during vs before"). School
inspection data begin in 2005/06, after a 2002 start, so usually there is no pre-period:
the identifiable contrast is then the change when services came back in-house ("after vs
during"). The implied outsourcing effect is minus that change, *assuming* the effect of
outsourcing stopped when it ended; the estimate is reported both ways.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.ofsted.periods import check_window, first_snapshot_year_after

MIN_PRE_YEARS = 3
MIN_POST_YEARS = 2


@dataclass(frozen=True)
class EventDesign:
    """The event studied, its pre and post snapshot years and how to read the estimate."""

    event: str               # "outsourcing" or "return in-house"
    event_year: int          # first snapshot year after the event
    pre_years: tuple[int, ...]
    post_years: tuple[int, ...]
    contrast: str            # "during vs before" or "after vs during"
    sign_to_outsourcing: int  # multiply the estimate by this to get the outsourcing effect
    note: str
    washout_years: tuple[int, ...] = ()  # after the event, shown but not pooled

    @property
    def years(self) -> tuple[int, ...]:
        return self.pre_years + self.post_years


def choose_design(years, start, end, *, min_pre_years: int = MIN_PRE_YEARS) -> EventDesign:
    """Pick the outsourcing start as the event if the panel has `min_pre_years` before it,
    otherwise the return in-house; raise DataNotAvailableError if neither is identified."""
    start, end = check_window(start, end)
    years = sorted({int(y) for y in years})
    start_year, end_year = first_snapshot_year_after(start), first_snapshot_year_after(end)
    before = tuple(y for y in years if y < start_year)
    during = tuple(y for y in years if start_year <= y < end_year)
    after = tuple(y for y in years if y >= end_year)
    if len(before) >= min_pre_years and len(during) >= MIN_POST_YEARS:
        return EventDesign("outsourcing", start_year, before, during, "during vs before", 1,
                           f"The panel has {len(before)} years before outsourcing began "
                           f"({start.date()}), so the outsourcing start is the event; years "
                           "after the return in-house are left out.")
    if len(during) >= min_pre_years and len(after) >= MIN_POST_YEARS:
        reason = (f"only {len(before)} snapshot year(s) before outsourcing began" if before
                  else "no snapshot years before outsourcing began")
        return EventDesign("return in-house", end_year, during, after, "after vs during", -1,
                           f"The data start in {years[0]}: {reason} ({start.date()}), so the "
                           "start cannot be evaluated against a pre-period. The event is the "
                           f"return in-house ({end.date()}); the implied outsourcing effect "
                           "is minus the change at the return, assuming the effect of "
                           "outsourcing ended when the contract did.")
    raise DataNotAvailableError(
        f"The years {years[0]}-{years[-1]} give neither {min_pre_years} years before and "
        f"{MIN_POST_YEARS} after the outsourcing start nor the return in-house.")
