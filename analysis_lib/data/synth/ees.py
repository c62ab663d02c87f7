"""DfE Explore Education Statistics (EES) layout: geography columns and area aggregates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib import geography
from analysis_lib.data.synth.geography_frame import EES_LONDON, INNER_LONDON

GEO_COLUMNS = ["time_period", "time_identifier", "geographic_level", "country_code",
               "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
               "la_name"]
LEVEL_ORDER = {"National": 0, "Regional": 1, "Local authority": 2}
REGION_ORDER = ["E12000001", "E12000002", "E12000003", "E12000004", "E12000005", "E12000006",
                "E12000007", "E13000001", "E13000002", "E12000008", "E12000009"]
REGION_NAMES = {**{r: n for r, n in geography.las()[["region_code", "region_name"]]
                   .drop_duplicates().itertuples(index=False)},
                **dict(EES_LONDON.values())}


def la_geography(la_codes: np.ndarray, years: np.ndarray) -> pd.DataFrame:
    """GSS code, name and EES region of each (LA code, year) pair (London Inner/Outer)."""
    periods = geography.las()
    keys = pd.DataFrame({"la_code": la_codes.astype(int), "year": years.astype(int)})
    merged = keys.drop_duplicates().merge(periods, on="la_code", how="left")
    ends = merged.valid_to.fillna(9999).astype(int)
    merged["outside"] = ~((merged.valid_from <= merged.year) & (merged.year <= ends))
    merged = merged.sort_values(["la_code", "year", "outside", "valid_from"],
                                ascending=[True, True, True, False])
    merged = merged.drop_duplicates(["la_code", "year"], keep="first")
    out = keys.merge(merged[["la_code", "year", "gss_code", "la_name", "region_code"]],
                     on=["la_code", "year"], how="left")
    london = out.region_code == "E12000007"
    inner = out.la_code.isin(INNER_LONDON)
    out.loc[london & inner, "region_code"] = "E13000001"
    out.loc[london & ~inner, "region_code"] = "E13000002"
    return out


def aggregate(la_rows: pd.DataFrame, keys: list[str], sums: list[str]) -> pd.DataFrame:
    """LA rows (with ``year``, ``la_code`` and ``keys``) plus regional and national sums.

    Returns one frame with ``geographic_level``, ``region_code``, ``la_code`` (0 for areas
    above LA) and the summed columns; London is aggregated from Inner and Outer London.
    """
    geo = la_geography(la_rows.la_code.to_numpy(), la_rows.year.to_numpy())
    la = la_rows.assign(region_code=geo.region_code.to_numpy(), geographic_level="Local authority")
    group = ["year", *keys]
    regional = la.groupby([*group, "region_code"], sort=True)[sums].sum().reset_index()
    london = la[la.region_code.str.startswith("E13")].groupby(group)[sums].sum().reset_index()
    london["region_code"] = "E12000007"
    national = la.groupby(group, sort=True)[sums].sum().reset_index()
    national["region_code"] = ""
    regional = pd.concat([regional, london]).assign(geographic_level="Regional")
    national = national.assign(geographic_level="National")
    out = pd.concat([national, regional, la], ignore_index=True)
    out["la_code"] = out.la_code.fillna(0).astype(int)
    return out


def ees_layout(rows: pd.DataFrame, time_period: pd.Series | np.ndarray,
               time_identifier: str, value_columns: list[str]) -> pd.DataFrame:
    """Put rows from ``aggregate`` into EES column order and DfE's row order."""
    geo = la_geography(rows.la_code.to_numpy(), rows.year.to_numpy())
    is_la = rows.geographic_level.to_numpy() == "Local authority"
    out = pd.DataFrame({
        "time_period": np.asarray(time_period).astype(str),
        "time_identifier": time_identifier,
        "geographic_level": rows.geographic_level.to_numpy(),
        "country_code": "E92000001", "country_name": "England",
        "region_code": rows.region_code.to_numpy(),
        "region_name": rows.region_code.map(REGION_NAMES).fillna("").to_numpy(),
        "old_la_code": np.where(is_la, rows.la_code.astype(str), ""),
        "new_la_code": np.where(is_la, geo.gss_code.fillna(""), ""),
        "la_name": np.where(is_la, geo.la_name.fillna(""), ""),
    })
    for col in value_columns:
        out[col] = rows[col].to_numpy()
    order = pd.DataFrame({
        "y": -rows.year.to_numpy(), "lvl": rows.geographic_level.map(LEVEL_ORDER).to_numpy(),
        "reg": rows.region_code.map({r: i for i, r in enumerate(REGION_ORDER)}).fillna(-1)
        .to_numpy(), "la": rows.la_code.to_numpy(), "i": np.arange(len(rows))})
    idx = order.sort_values(["y", "lvl", "reg", "la", "i"]).index
    return out.loc[idx].reset_index(drop=True)
