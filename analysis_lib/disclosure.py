"""Small-number suppression for published tables, including secondary suppression.

Counts below a threshold are replaced by a marker (never blanked), and so are values derived
from them (percentages, rates, gaps). Cells the publisher already suppressed (missing, with
the symbol in ``missing_reason``) keep the publisher's symbol. Secondary suppression stops a
hidden count being recovered by differencing: along every published margin (``margins``)
and every row total (``totals``), a lone hidden cell gets a second, the smallest visible one.

Default thresholds follow DfE/ONS practice for the unit counted (see `THRESHOLDS`).
"""

from __future__ import annotations

import pandas as pd

SUPPRESSED = "c"  # DfE's symbol for a confidential (small) number
THRESHOLDS = {
    "pupils": 6,      # school performance tables: groups of 5 or fewer pupils are suppressed
    "children": 10,   # DfE children's social care statistics suppress counts below 10
    "families": 10,
    "workers": 5,     # workforce: small counts of staff
}


def threshold_for(kind: str) -> int:
    """The minimum count that may be published for this kind of unit."""
    if kind not in THRESHOLDS:
        raise ValueError(f"unknown unit {kind!r} for disclosure control; use one of "
                         f"{sorted(THRESHOLDS)}")
    return THRESHOLDS[kind]


def suppress(table: pd.DataFrame, count_columns: dict[str, list[str]], *, kind: str,
             threshold: int | None = None, margins: list[list[str]] | None = None,
             totals: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Mark small counts and everything derived from them; return a marked copy.

    ``count_columns`` maps each count column to the columns derived from it, e.g.
    ``{"disadvantaged_pupils": ["pct_disadvantaged", "gap_pp"]}``. ``kind`` is the unit
    counted ("pupils", "children", "families", "workers"), which sets the threshold unless
    ``threshold`` is given. ``margins`` lists groupings whose totals are published elsewhere
    (e.g. ``[["la"], ["pupil_group"]]``); ``totals`` maps a row-total column to its parts
    (e.g. ``{"cohort": ["disadvantaged_pupils", "other_pupils"]}``).
    """
    limit = threshold_for(kind) if threshold is None else threshold
    counts = {col: pd.to_numeric(table[col], errors="coerce") for col in count_columns}
    hide = pd.DataFrame({col: values.notna() & (values < limit)
                         for col, values in counts.items()}, index=table.index)
    _add_secondary(hide, counts, margins or [], totals or {}, table)
    out = table.copy()
    publisher = _publisher_symbols(table, count_columns)
    for count_col, derived in count_columns.items():
        for col in [count_col, *derived]:
            marked = out[col].astype(object).where(~hide[count_col], SUPPRESSED)
            out[col] = marked.where(publisher[count_col].isna(), publisher[count_col])
    return out


def _publisher_symbols(table: pd.DataFrame, count_columns) -> pd.DataFrame:
    """Per count column, the publisher's symbol where it suppressed the cell, else NaN."""
    reasons = table.get("missing_reason", pd.Series(None, index=table.index)).fillna("")
    symbols = {}
    for col in count_columns:
        found = reasons.str.extract(rf"(?:^|;){col}=([^;]+)")[0]
        symbols[col] = found.where(table[col].isna())
    return pd.DataFrame(symbols, index=table.index)


def _add_secondary(hide: pd.DataFrame, counts: dict[str, pd.Series], margins, totals,
                   table: pd.DataFrame) -> None:
    """Hide more cells until no margin or row total has exactly one hidden cell."""
    changed = True
    while changed:
        changed = False
        for col, values in counts.items():
            for margin in margins:
                for _, index in table.groupby(margin, sort=True, dropna=False).groups.items():
                    changed |= _protect(hide[col], values, list(index))
        for total, parts in totals.items():
            cells = [total, *parts]
            for row in table.index:
                row_hide = hide.loc[row, cells]
                if row_hide.sum() == 1:
                    visible = pd.Series({c: counts[c][row] for c in cells if not row_hide[c]})
                    visible = visible.dropna()
                    if not visible.empty:
                        hide.loc[row, visible.sort_values(kind="stable").index[0]] = True
                        changed = True


def _protect(hidden: pd.Series, values: pd.Series, index: list) -> bool:
    """Within one group, hide the smallest visible count if exactly one is hidden."""
    if len(index) < 2 or hidden.loc[index].sum() != 1:
        return False
    candidates = values.loc[index][~hidden.loc[index]].dropna()
    if candidates.empty:
        return False
    hidden.loc[candidates.sort_values(kind="stable").index[0]] = True
    return True


def is_suppressed(value) -> bool:
    return isinstance(value, str) and value == SUPPRESSED
