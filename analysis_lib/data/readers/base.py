"""Shared validation steps: numbers in range, unique keys, EES geography, LA codes, dates.

Every reader reads cells as text (:mod:`analysis_lib.data.readers.csv_text`, so suppression
symbols survive), checks them here, and reports rows it drops on purpose through ``logging``
and ``DataFrame.attrs["dropped"]``.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis_lib.data.suppression import combine_reasons, parse_numeric
from analysis_lib.errors import DataFileError

log = logging.getLogger("analysis_lib.data")

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "data" / "reference"
YEAR_RANGE = (1990, 2100)  # the bounds of the tidy schemas' year columns
LEVELS = {"National": "National", "Regional": "Regional", "Local authority": "Local authority"}


def numeric_columns(df: pd.DataFrame, mapping: dict[str, str], path, *,
                    percent: tuple[str, ...] = (), percent_sign: bool = False,
                    nonneg: tuple[str, ...] = (),
                    ranges: dict[str, tuple[float, float]] | None = None,
                    ) -> tuple[pd.DataFrame, pd.Series]:
    """Parse published columns ``mapping`` (source -> tidy name) into floats.

    Returns the tidy numeric columns and their ``missing_reason``. Columns named in ``percent``
    must lie in 0-100, those in ``nonneg`` must be >= 0 and those in ``ranges`` within their
    (low, high) bounds.
    """
    out, reasons = pd.DataFrame(index=df.index), {}
    for src, name in mapping.items():
        values, why = parse_numeric(df[src], path=path, column=src, percent_sign=percent_sign)
        bounds = ((ranges or {}).get(name) or ((0, 100) if name in percent
                                               else (0, None) if name in nonneg else None))
        if bounds is not None:
            lo, hi = bounds
            bad = (values < lo) | ((values > hi) if hi is not None else False)
            if bad.any():
                raise DataFileError(path, f"value {values[bad].iloc[0]:g} out of range",
                                    column=src, rows=_rows(bad),
                                    expected=f"{lo} to {hi}" if hi is not None else f">= {lo}")
        out[name], reasons[name] = values, why
    return out, combine_reasons(reasons, df.index)


def _rows(mask: pd.Series) -> list[int]:
    """1-based data-row numbers (header excluded) where ``mask`` is true.

    Readers keep the row labels ``read_csv_text`` gave (0 = first data row) through their
    steps, so the numbers point at the file's rows even after rows were dropped.
    """
    return sorted({int(i) + 1 for i in mask[mask.fillna(False).astype(bool)].index})[:10]


def bad_rows(path, mask: pd.Series, problem: str, column: str, expected: str) -> None:
    """Raise a DataFileError for the rows flagged in ``mask`` (if any)."""
    if mask.any():
        raise DataFileError(path, problem, column=column, rows=_rows(mask), expected=expected)


def academic_year_end(values: pd.Series, path, column: str = "time_period") -> pd.Series:
    """Year as an integer: EES 6-digit academic years ``201516`` -> 2016, 4-digit years as is."""
    text = values.astype("string").str.strip()
    six = text.str.fullmatch(r"\d{6}").fillna(False)
    four = text.str.fullmatch(r"\d{4}").fillna(False)
    first = pd.to_numeric(text.str[:4], errors="coerce")
    last2 = pd.to_numeric(text.str[4:6], errors="coerce")
    consistent = ~six | (last2 == (first + 1) % 100)
    bad_rows(path, ~(six | four) | ~consistent, "unreadable year", column,
             "a 4-digit year or a 6-digit academic year such as 201516")
    lo, hi = YEAR_RANGE
    bad_rows(path, ~first.between(lo, hi), "year out of range", column,
             f"a year from {lo} to {hi}")
    return (first + six.astype(int)).astype(int)


def check_unique(df: pd.DataFrame, key: list[str], path) -> None:
    """Raise when the key columns repeat (a published file has one row per key)."""
    dup = df.duplicated(key, keep="first")
    if dup.any():
        keys = df[key].astype("string").fillna("<NA>").agg("|".join, axis=1).to_numpy()
        repeat = int(dup.to_numpy().argmax())
        original = int((keys == keys[repeat]).argmax())
        bad_rows(path, dup, f"duplicated key (row {int(df.index[repeat]) + 1} repeats row "
                 f"{int(df.index[original]) + 1})", ",".join(key),
                 "one row per " + " x ".join(key))


def record_dropped(df: pd.DataFrame, path, reason: str, count: int) -> None:
    """Note rows dropped on purpose in ``df.attrs`` and the log."""
    if count:
        log.info("%s: dropped %d rows (%s)", path, count, reason)
        key = f"{Path(path).name}: {reason}"
        df.attrs.setdefault("dropped", {})[key] = int(count)


@lru_cache(maxsize=1)
def _las_table() -> pd.DataFrame | None:
    path = REFERENCE_DIR / "las.csv"
    return pd.read_csv(path, dtype={"la_code": "Int64"}) if path.exists() else None


def known_la_codes() -> set[int] | None:
    """Every 3-digit LA code in ``data/reference/las.csv`` (None until that file exists)."""
    las = _las_table()
    return None if las is None else set(las["la_code"].dropna().astype(int))


def la_regions() -> dict[int, str]:
    """LA code -> region GSS code, from the latest validity period in las.csv."""
    las = _las_table()
    if las is None:
        return {}
    latest = las.sort_values("valid_from").drop_duplicates("la_code", keep="last")
    return dict(zip(latest["la_code"].astype(int), latest["region_code"], strict=True))


def parse_la_codes(values: pd.Series, path, column: str) -> pd.Series:
    """3-digit LA codes as Int64; non-numeric or unknown codes raise."""
    codes_i, uniques = pd.factorize(values)  # check each distinct code once
    text = pd.Series(uniques, dtype=object).astype("string").str.strip()
    distinct = pd.to_numeric(text, errors="coerce")
    bad = distinct.isna() | (distinct < 100) | (distinct > 999) | (distinct % 1 != 0)
    known = known_la_codes()
    unknown = distinct.notna() & ~distinct.isin(list(known)) if known is not None else bad & False
    codes = pd.Series(distinct.to_numpy()[codes_i], index=values.index).where(codes_i >= 0)
    for mask, problem, expected in [
            (bad, "unreadable LA code", "a 3-digit DfE LA code such as 335"),
            (unknown & ~bad, "unknown LA code", "a code listed in data/reference/las.csv")]:
        if mask.any():
            rows = pd.Series(codes_i, index=values.index).isin(mask[mask].index)
            first = text[mask].iloc[0]
            number = distinct[mask].iloc[0]
            first = str(int(number)) if pd.notna(number) and number % 1 == 0 else first
            bad_rows(path, rows, f"{problem} {first!r}", column, expected)
    return codes.astype("Int64")


def ees_geography(df: pd.DataFrame, path) -> pd.DataFrame:
    """Tidy geography from EES columns, aligned to the rows of ``df`` that are kept.

    Keeps National, Regional (the nine E12 regions) and single-LA rows. Dropped on purpose and
    counted: other geographic levels, Inner/Outer London sub-regions (E13 codes) and joint rows
    for LAs that share a service (``"940 / 941"``). LA rows take their region from
    ``data/reference/las.csv`` when it lists the LA (EES gives London LAs an E13 code).
    """
    level = df["geographic_level"].astype("string").str.strip()
    region = (df["region_code"].astype("string").str.strip() if "region_code" in df
              else pd.Series(pd.NA, index=df.index, dtype="string"))
    code = df["old_la_code"].astype("string").str.strip()
    drops = {
        "geographic levels other than National/Regional/LA": ~level.isin(list(LEVELS)),
        "Inner/Outer London sub-regions": (level == "Regional") & region.str.startswith("E13"),
        "joint rows for LAs sharing a service": (level == "Local authority")
        & code.str.contains("/", regex=False).fillna(False),
    }
    keep = pd.Series(True, index=df.index)
    for reason, mask in drops.items():
        mask = mask.fillna(False) & keep
        record_dropped(df, path, reason, int(mask.sum()))
        keep &= ~mask
    sub, lvl = df[keep], level[keep]
    geo = pd.DataFrame({"geographic_level": lvl.astype(str)}, index=sub.index)
    is_la = lvl == "Local authority"
    geo["la_code"] = parse_la_codes(code[keep].where(is_la), path, "old_la_code")
    bad_rows(path, is_la & geo["la_code"].isna(), "LA row without a code", "old_la_code",
             "a 3-digit code on every Local authority row")
    if "new_la_code" in sub:
        _check_gss(path, geo["la_code"], sub["new_la_code"].astype("string").str.strip())
    from_las = geo["la_code"].map(la_regions(), na_action="ignore").astype("string")
    geo["region_code"] = from_las.fillna(region[keep]).where(lvl != "National")
    names = {"National": "country_name", "Regional": "region_name", "Local authority": "la_name"}
    geo["area_name"] = pd.Series(pd.NA, index=sub.index, dtype="string")
    for lv, col in names.items():
        if col in sub:
            geo.loc[lvl == lv, "area_name"] = sub.loc[lvl == lv, col]
    geo.attrs = dict(df.attrs)
    return geo


def _check_gss(path, la_code: pd.Series, gss: pd.Series) -> None:
    """Where a row gives both codes, they must name the same LA in las.csv (any period)."""
    las = _las_table()
    if las is None:
        return
    pairs = set(zip(las["la_code"].astype(int), las["gss_code"], strict=True))
    given = la_code.notna() & gss.notna()
    both = pd.Series(list(zip(la_code.fillna(0).astype(int), gss.fillna(""), strict=True)),
                     index=la_code.index)
    wrong = given & ~both.isin(pairs)
    if wrong.any():
        code, first = int(la_code[wrong].iloc[0]), gss[wrong].iloc[0]
        known = sorted(las.loc[las["la_code"] == code, "gss_code"])
        bad_rows(path, wrong, f"old_la_code {code} and new_la_code {first!r} name different "
                 "LAs", "new_la_code", f"the GSS code of LA {code} in data/reference/las.csv "
                 f"({', '.join(known)})")


def normalise_la_name(name: pd.Series) -> pd.Series:
    """Comparable LA names: 'Bristol, City of', 'City of Bristol' and 'Bristol' all -> 'bristol'."""
    s = name.astype("string").str.lower().str.replace("&", "and", regex=False)
    s = s.str.replace(r",?\s*(city|county) of$", "", regex=True)
    s = s.str.replace(r"^(city|county) of\s+|^county\s+", "", regex=True)
    s = s.str.replace(r"\s+borough( council)?$", "", regex=True)
    return s.str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()


def la_codes_by(values: pd.Series, years: pd.Series, path, column: str, *,
                by: str) -> pd.Series:
    """3-digit LA codes for LA names (``by="la_name"``) or GSS codes (``by="gss_code"``).

    Uses ``data/reference/las.csv``; where a name has several validity periods (Dorset before
    and after 2019) the period containing ``years`` is used. Unmatched values raise.
    """
    las = _las_table()
    if las is None:
        raise DataFileError(path, "cannot match LAs: data/reference/las.csv is missing",
                            column=column, expected="the LA reference table")
    norm = normalise_la_name if by == "la_name" else (lambda s: s.astype("string").str.strip())
    ref = las.assign(_k=norm(las[by]))[["_k", "la_code", "valid_from", "valid_to"]]
    rows = pd.DataFrame({"_k": norm(values), "_y": years.to_numpy(), "_i": range(len(values))})
    cand = rows.merge(ref, on="_k", how="left")
    inside = (cand["valid_from"] <= cand["_y"]) & (cand["valid_to"].isna()
                                                   | (cand["_y"] <= cand["valid_to"]))
    cand = cand.assign(_inside=inside).sort_values(["_i", "_inside", "valid_from"])
    best = cand.drop_duplicates("_i", keep="last").set_index("_i")["la_code"]
    codes = pd.Series(best.reindex(range(len(values))).to_numpy(), index=values.index)
    missing = values.notna() & codes.isna()
    bad_rows(path, missing, f"unknown LA {values[missing].head(1).tolist()}", column,
             f"an LA {by.replace('_', ' ')} listed in data/reference/las.csv")
    return codes.astype("Int64")


DATE_FORMATS = ("a day-first date dd/mm/yyyy, dd-mm-yyyy or dd/mm/yy, or ISO yyyy-mm-dd "
                "(month names and month-first dates are refused)")


def parse_dates(values: pd.Series, path, column: str, *,
                required: bool = True) -> pd.Series:
    """Dates written day first (dd/mm/yyyy, dd-mm-yyyy, dd/mm/yy) or ISO yyyy-mm-dd.

    A midnight time left by spreadsheets (``01/09/2019 00:00``) is ignored. Month names and
    month-first dates (``12/31/2019``) are refused rather than guessed: an ambiguous date such
    as ``03/04/2019`` is read day first, as every published format writes it.
    """
    text = values.astype("string").str.strip()
    text = text.mask(text.isin(["", "-", "NULL"]))
    text = text.str.replace(r"\s+00:00(:00)?$", "", regex=True)
    iso = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}( .*)?").fillna(False)
    out = pd.to_datetime(text.where(iso).str[:10], format="%Y-%m-%d", errors="coerce")
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y"):
        todo = out.isna() & text.notna()
        if not todo.any():
            break
        out = out.fillna(pd.to_datetime(text.where(todo), format=fmt, errors="coerce"))
    bad = text.notna() & out.isna()
    if bad.any():
        first = text[bad].iloc[0]
        month_first = pd.notna(pd.to_datetime(first, format="%m/%d/%Y", errors="coerce"))
        hint = " (month before day?)" if month_first else ""
        bad_rows(path, bad, f"unparseable date {first!r}{hint}", column, DATE_FORMATS)
    if required:
        bad_rows(path, text.isna(), "missing date", column, "a date on every row")
    return out.astype("datetime64[ns]")
