"""English upper-tier local authorities: codes, names, regions, boundary changes, neighbours.

Reads the cited reference tables ``data/reference/las.csv`` and
``data/reference/statistical_neighbours.csv``. ``la_code`` is DfE's 3-digit code
(Walsall = 335). A year is the calendar year of the 1 April on which the LA
existed (Cheshire East exists from 2009; Cheshire up to 2008).
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis_lib.errors import ParameterError

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
COMPARATOR_SPECS = ("statistical_neighbours", "region", "england")
SN_MODELS = ("2021", "2025")


@lru_cache(maxsize=1)
def _las_table() -> pd.DataFrame:
    las = pd.read_csv(REFERENCE_DIR / "las.csv", dtype={"gss_code": str})
    las["valid_to"] = las["valid_to"].astype("Int64")
    return las


@lru_cache(maxsize=1)
def _neighbours_table() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "statistical_neighbours.csv", dtype={"model": str})


def las(year: int | None = None) -> pd.DataFrame:
    """LAs (one row per LA code and GSS-code period); with ``year``, those existing that year."""
    table = _las_table()
    if year is not None:
        ends = table["valid_to"].fillna(9999)
        table = table[(table["valid_from"] <= year) & (ends >= year)]
    return table.reset_index(drop=True).copy()


@lru_cache(maxsize=1)
def _latest() -> pd.DataFrame:
    """One row per LA code: its most recent name, GSS code and region."""
    return _las_table().sort_values(["la_code", "valid_from"]).groupby("la_code").tail(1)


@lru_cache(maxsize=4096)
def resolve_la(name_or_code: str | int) -> tuple[int, str]:
    """Return (3-digit la_code, la_name) for a name, 3-digit code or GSS code.

    Names are matched case-insensitively; a name two LAs have had (Dorset: the county to 2018,
    835, and Dorset Council from 2019, 838) means the LA that exists now. Unknown values raise
    ParameterError listing the closest names.
    """
    table = _las_table()
    latest = _latest()
    key = str(name_or_code).strip()
    if key.isdigit():
        hit = latest[latest["la_code"] == int(key)]
    elif key.upper().startswith("E") and key[1:].isdigit():
        codes = table.loc[table["gss_code"].str.upper() == key.upper(), "la_code"]
        hit = latest[latest["la_code"].isin(codes)]
    else:
        hit = latest[latest["la_name"].str.casefold() == key.casefold()]
        if len(hit) > 1:
            hit = hit[hit["valid_to"].isna()]
    if len(hit) == 1:
        return int(hit["la_code"].iloc[0]), str(hit["la_name"].iloc[0])
    names = latest["la_name"].tolist()
    close = difflib.get_close_matches(key, names, n=5, cutoff=0.5)
    close += [n for n in names if key.casefold() in n.casefold() and n not in close][:5]
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise ParameterError(f"Unknown local authority {name_or_code!r}: give a DfE 3-digit "
                         f"code (e.g. 335), a GSS code (e.g. E08000030) or a name.{hint}")


def region_of(la_code: str | int) -> str:
    """The region code (E12...) of an LA (its latest region)."""
    code, _ = resolve_la(la_code)
    latest = _latest()
    return str(latest.loc[latest["la_code"] == code, "region_code"].iloc[0])


def las_in_region(region_code: str, year: int | None = None) -> list[int]:
    """LA codes in a region (E12... code or region name); with ``year``, those existing then."""
    table = las(year) if year is not None else _latest()
    match = (table["region_code"] == region_code) | (
        table["region_name"].str.casefold() == str(region_code).casefold())
    if not match.any():
        raise ParameterError(f"Unknown region {region_code!r}: use an E12 code, e.g. "
                             f"E12000005, or a name such as 'West Midlands'.")
    return sorted(int(c) for c in table.loc[match, "la_code"].unique())


def statistical_neighbours(la_code: str | int, model: str = "2025") -> list[int]:
    """DfE's ten statistical neighbours of an LA, closest first."""
    if str(model) not in SN_MODELS:
        raise ParameterError(f"Unknown statistical neighbour model {model!r}: use one of "
                             f"{', '.join(SN_MODELS)}.")
    code, name = resolve_la(la_code)
    sn = _neighbours_table()
    rows = sn[(sn["model"] == str(model)) & (sn["la_code"] == code)].sort_values("rank")
    if rows.empty:
        raise ParameterError(f"{name} ({code}) has no statistical neighbours in the "
                             f"{model} model (it may not have existed then).")
    return [int(c) for c in rows["neighbour_code"]]


def comparators(la_code: str | int, spec: str | list, year: int | None = None,
                model: str = "2025") -> list[int]:
    """Comparator LA codes for an LA (the LA itself excluded).

    ``spec`` is "statistical_neighbours", "region", "england" (every LA, or every LA
    existing in ``year``) or a list of names/codes.
    """
    code, _ = resolve_la(la_code)
    if isinstance(spec, (list, tuple)):
        out = [resolve_la(item)[0] for item in spec]
    elif spec == "statistical_neighbours":
        out = statistical_neighbours(code, model)
    elif spec == "region":
        out = las_in_region(region_of(code), year)
    elif spec == "england":
        table = las(year) if year is not None else _latest()
        out = sorted(int(c) for c in table["la_code"].unique())
    else:
        raise ParameterError(f"Unknown comparators {spec!r}: use one of "
                             f"{', '.join(COMPARATOR_SPECS)} or a list of LAs.")
    return list(dict.fromkeys(c for c in out if c != code))
