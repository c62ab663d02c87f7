"""The calibration table from the data on disk, as text or Markdown (``evidence data
calibration``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib.data.calibration.compare import calibration_table
from analysis_lib.data.calibration.measures import TABLES

HEADER = ["measure", "statistic", "years", "real", "synthetic", "check", "tolerance",
          "within"]


def load_tables(source: str, data_dir=None) -> dict[str, pd.DataFrame]:
    """The four tables the calibration reads, through ``load()``."""
    from analysis_lib.data.api import load

    return {name: load(name, source=source, data_dir=data_dir) for name in TABLES}


def synthetic_vs_real(real_dir, synthetic_dir=None) -> pd.DataFrame:
    """Calibration table of the synthetic England (default: the embedded one) against the
    official files in ``real_dir`` (e.g. ``../shared/data/real``)."""
    return calibration_table(load_tables("official", real_dir),
                             load_tables("synthetic", synthetic_dir))


def _number(value: float, digits: int = 3) -> str:
    return "" if not np.isfinite(value) else f"{value:.{digits}g}"


def display_rows(table: pd.DataFrame) -> list[list[str]]:
    """Rows of strings in ``HEADER`` order (values to 3 significant figures)."""
    rows = []
    for r in table.itertuples(index=False):
        if not np.isfinite(r.check):
            check = ""
        elif r.check_kind == "ratio":
            check = f"ratio {r.check:.2f}"
        elif r.check_kind == "standardised difference":
            check = f"d {r.check:+.2f}"
        else:
            check = f"diff {r.check:+.2f}"
        rows.append([r.measure, r.statistic, r.years, _number(r.real), _number(r.synthetic),
                     check, r.tolerance, "yes" if r.within_tolerance else "NO"])
    return rows


def as_text(table: pd.DataFrame) -> str:
    """Fixed-width table for a terminal, with a closing count of rows within tolerance."""
    rows = [HEADER, *display_rows(table)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    return "\n".join([*lines, summary(table)])


def as_markdown(table: pd.DataFrame) -> str:
    """GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
              for row in display_rows(table)]
    return "\n".join(lines)


def summary(table: pd.DataFrame) -> str:
    ok = int(table["within_tolerance"].sum())
    return f"{ok} of {len(table)} statistics within tolerance"
