"""DfE children's services statistical neighbours: April 2021 and 2025 models (wide -> long)."""

from __future__ import annotations

import pandas as pd

from analysis_lib.data.readers.base import parse_la_codes
from analysis_lib.data.readers.csv_text import read_csv_text


def _long(path, code: pd.Series, wide: pd.DataFrame, model: str, sn: str,
          closeness) -> pd.DataFrame:
    parts = []
    for rank in range(1, 11):
        parts.append(pd.DataFrame({
            "model": model, "la_code": code, "rank": rank,
            "neighbour_code": parse_la_codes(wide[sn.format(rank)], path, sn.format(rank)),
            "closeness": closeness(rank).str.strip()}))
    return (pd.concat(parts, ignore_index=True).dropna(subset=["la_code"])
            .sort_values(["la_code", "rank"]).reset_index(drop=True))


def read_sn_2021(path) -> pd.DataFrame:
    """New Statistical Neighbour Groupings (April 2021): ``LA num``, ``SN1``..``SN10`` each
    followed by an ``SNP`` closeness column -> ``statistical_neighbours`` rows."""
    df = read_csv_text(path, ["LA num"] + [f"SN{k}" for k in range(1, 11)])
    df = df[pd.to_numeric(df["LA num"], errors="coerce").notna()]
    cols = list(df.columns)
    closeness = {k: df.iloc[:, cols.index(f"SN{k}") + 1] for k in range(1, 11)}
    return _long(path, parse_la_codes(df["LA num"], path, "LA num"), df, "2021", "SN{}",
                 closeness.__getitem__)


def read_sn_2025(path) -> pd.DataFrame:
    """Statistical neighbours 2025 model (``old_la_code``, ``SN_1``.. with ``SN_1P``..)."""
    df = read_csv_text(path, ["old_la_code"] + [f"SN_{k}" for k in range(1, 11)])
    return _long(path, parse_la_codes(df["old_la_code"], path, "old_la_code"), df, "2025",
                 "SN_{}", lambda k: df[f"SN_{k}P"])
