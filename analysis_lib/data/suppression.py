"""DfE suppression symbols: turn published text cells into numbers plus the reason they are missing.

Published statistics write a symbol instead of a number when a value is suppressed, not
applicable or unreliable. Readers keep the symbol so that analyses can tell "suppressed small
number" (``c``) from "not collected" (``x``) or "not applicable" (``z``).
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.errors import DataFileError

#: Symbols in DfE Explore Education Statistics and older SFR files, with their meaning.
DFE_SYMBOLS = {
    "c": "confidential (suppressed small number)",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "low": "rate based on a small number",
    "k": "fewer than 0.5 (rounds to zero)",
    ":": "not available (older releases)",
    "..": "not available (older releases)",
}
#: Extra symbols used in the school performance tables (DfE's abbreviations in the
#: performance-tables metadata): SUPP is used for groups of 5 or fewer pupils.
PERFORMANCE_TABLE_SYMBOLS = {
    "SUPP": "suppressed (small cohort)",
    "NE": "no entries",
    "NA": "not applicable",
    "LOWCOV": "low coverage",
    "NP": "not published",
    "SP": "small percentage (between 0% and 0.5%)",
    "RE": "redacted",
    "NEW": "new school (no results yet)",
}
#: Cells that mean "nothing published" without a symbol (LAIT uses "-").
BLANKS = {"", "-", "nan", "NaN"}
#: A number with thousands separators in groups of three (``1,234`` or ``-12,345.6``); other
#: commas (``1,23``, a decimal comma) are refused rather than guessed.
THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?"


def _canonical_symbols() -> dict[str, str]:
    table = {s.lower(): s for s in DFE_SYMBOLS}
    table.update({f"[{s.lower()}]": s for s in DFE_SYMBOLS})
    table.update({s.lower(): s for s in PERFORMANCE_TABLE_SYMBOLS})
    return table


_SYMBOLS = _canonical_symbols()


def parse_numeric(values: pd.Series, *, path, column: str,
                  percent_sign: bool = False) -> tuple[pd.Series, pd.Series]:
    """Parse a column of published cells into floats and the symbol for each missing value.

    Thousands separators (``1,234``, groups of three) and, when ``percent_sign``, a trailing
    ``%`` are removed.
    Returns ``(numbers, reasons)``; ``reasons`` holds the canonical symbol (``"c"`` for
    ``"[c]"``) where a symbol was published and is missing otherwise. Any other text raises
    :class:`DataFileError` naming the column and the first offending rows.
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.astype(float), pd.Series(pd.NA, index=values.index, dtype="string")
    codes, uniques = pd.factorize(values)  # each distinct cell is parsed once
    numbers_u, reasons_u, bad_u = _parse_distinct(pd.Series(uniques, dtype=object),
                                                  percent_sign)
    if bad_u.any():
        bad = pd.Series(codes).isin(bad_u[bad_u].index).to_numpy()
        rows = sorted(int(i) + 1 for i in values.index[bad])[:10]
        raise DataFileError(path, f"unreadable value {uniques[bad_u.to_numpy()][0]!r}",
                            column=column, rows=rows, expected="a number or a DfE suppression "
                            f"symbol ({', '.join(sorted(set(_SYMBOLS.values())))})")
    missing = codes < 0
    numbers = numbers_u.to_numpy()[codes]
    numbers[missing] = float("nan")
    reasons = pd.Series(reasons_u.to_numpy(dtype=object)[codes], index=values.index,
                        dtype="string")
    reasons[missing] = pd.NA
    return pd.Series(numbers, index=values.index, dtype=float), reasons


def _parse_distinct(cells: pd.Series, percent_sign: bool):
    text = cells.astype("string").str.strip()
    grouped = text.str.fullmatch(THOUSANDS).fillna(False)
    cleaned = text.where(~grouped, text.str.replace(",", "", regex=False))
    if percent_sign:
        cleaned = cleaned.str.replace(r"%$", "", regex=True)
    numbers = pd.to_numeric(cleaned, errors="coerce").astype(float)
    reasons = text.str.lower().map(_SYMBOLS, na_action="ignore").astype("string")
    blank = text.isna() | text.isin(BLANKS)
    bad = numbers.isna() & reasons.isna() & ~blank
    return numbers, reasons.where(numbers.isna()), bad


def combine_reasons(reasons: dict[str, pd.Series], index: pd.Index) -> pd.Series:
    """Join per-column symbols into one ``missing_reason`` string, e.g. ``"agency_rate=x"``."""
    out = pd.Series(pd.NA, index=index, dtype="string")
    for name, why in reasons.items():
        if not why.notna().any():
            continue
        part = (name + "=" + why.astype("string")).reindex(index)
        both = out.notna() & part.notna()
        out = out.mask(both, out + ";" + part).fillna(part)
    return out


def split_reasons(missing_reason: pd.Series, columns: list[str]) -> dict[str, pd.Series]:
    """Inverse of :func:`combine_reasons`: the symbol per column (missing where none)."""
    text = missing_reason.astype("string")
    return {c: text.str.extract(rf"(?:^|;){c}=([^;]+)", expand=False) for c in columns}
