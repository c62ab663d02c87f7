"""What the school rows of a year cover: all of England, or only the LAs whose files are there.

On the synthetic England (and DfE's national file) every school is present, so "England"
comparisons can be computed from the schools. Official files are often one LA's download;
then comparisons are labelled as what they are (the schools in the files) and England's
figures are DfE's own published England row, not a pool of the schools present.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib import geography

#: School rows holding this share of the published England (state-funded) eligible pupils
#: are taken to cover England.
ENGLAND_SHARE = 0.95


@dataclass(frozen=True)
class Coverage:
    """The school rows of one year: which LAs, and whether that is England."""

    la_codes: tuple[int, ...]
    england: bool
    england_row: pd.Series | None  # DfE's England (state-funded) row, where published

    @property
    def label(self) -> str:
        """'England' or, e.g., 'schools in the files (Hampshire, Surrey)'."""
        if self.england:
            return "England"
        names = ", ".join(geography.resolve_la(c)[1] for c in self.la_codes)
        return f"schools in the files ({names})"


def england_row(totals: pd.DataFrame, year: int) -> pd.Series | None:
    """DfE's England row of a year: state-funded schools (RECTYPE 5), else all schools."""
    for kind in ("england_state_funded", "england_all_schools"):
        rows = totals[(totals["year"] == year) & (totals["record_type"] == kind)]
        if not rows.empty:
            return rows.iloc[0]
    return None


def coverage(schools: pd.DataFrame, totals: pd.DataFrame, year: int) -> Coverage:
    """What the school rows of ``year`` cover (``totals``: ``ks_attainment_school_totals``)."""
    rows = schools[schools["year"] == year]
    codes = tuple(sorted(int(c) for c in rows["la_code"].dropna().unique()))
    row = england_row(totals, year)
    whole = (row is not None and pd.notna(row["cohort"])
             and rows["cohort"].sum() >= ENGLAND_SHARE * row["cohort"])
    return Coverage(codes, bool(whole), row)
