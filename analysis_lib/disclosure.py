"""Small-number suppression for published tables, including secondary suppression.

Counts below a threshold are replaced by a marker (never blanked), and so are values derived
from them (percentages, rates). Where a group total is published, one more cell in the group
is suppressed so the hidden count cannot be recovered by differencing.

Default thresholds follow DfE/ONS practice for the measure (see `THRESHOLDS`).
"""

from __future__ import annotations

import pandas as pd

SUPPRESSED = "c"  # DfE's symbol for a confidential (small) number
THRESHOLDS = {
    "pupils": 6,      # school performance tables: groups of 5 or fewer pupils are suppressed
    "children": 10,   # DfE children's social care statistics round/suppress below 10
    "families": 10,
    "workers": 5,     # workforce: small counts of staff
}
DEFAULT_THRESHOLD = 10


def threshold_for(kind: str) -> int:
    """The minimum count that may be published for this kind of unit."""
    return THRESHOLDS.get(kind, DEFAULT_THRESHOLD)


def suppress(table: pd.DataFrame, count_columns: dict[str, list[str]], *, kind: str = "pupils",
             threshold: int | None = None, group_by: list[str] | None = None) -> pd.DataFrame:
    """Mark small counts and everything derived from them with `SUPPRESSED`.

    ``count_columns`` maps each count column to the columns derived from it, e.g.
    ``{"disadvantaged_pupils": ["pct_disadvantaged", "gap_pp"]}``. A count below the
    threshold suppresses itself and its derived columns. With ``group_by``, rows are
    complementary parts of a published total: if exactly one row of a group is suppressed
    for a count column, the next smallest row of the group is suppressed too.
    Returns a copy with object dtype in the touched columns; other columns are unchanged.
    """
    limit = threshold_for(kind) if threshold is None else threshold
    out = table.copy()
    for count_col, derived in count_columns.items():
        counts = pd.to_numeric(out[count_col], errors="coerce")
        hide = counts.notna() & (counts < limit)
        if group_by:
            hide = hide | _secondary(counts, hide, out[group_by])
        for col in [count_col, *derived]:
            out[col] = out[col].astype(object).where(~hide, SUPPRESSED)
    return out


def _secondary(counts: pd.Series, hide: pd.Series, groups: pd.DataFrame) -> pd.Series:
    """Rows to hide so that no group has exactly one suppressed cell."""
    extra = pd.Series(False, index=counts.index)
    keys = groups.apply(tuple, axis=1)
    for _, index in keys.groupby(keys).groups.items():
        hidden = hide.loc[index]
        if hidden.sum() == 1 and len(index) > 1:
            candidates = counts.loc[index][~hidden].dropna()
            if not candidates.empty:
                extra.loc[candidates.sort_values(kind="stable").index[0]] = True
    return extra


def is_suppressed(value) -> bool:
    return isinstance(value, str) and value == SUPPRESSED
