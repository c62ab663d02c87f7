"""The tables notebook 03 saves, each with its description and units, so the notebook names
a table and the library knows what it is."""

from __future__ import annotations

import pandas as pd

from analysis_lib.context import RunContext
from analysis_lib.tables import save_table

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "caseload_latest_comparison": (
        "Latest year of each measure: the LA, its comparators' median and England",
        {"value": "units of each measure (see measure)"}),
    "caseload_rows_used": (
        "LA-year rows kept for estimation and excluded, by reason", {"rows": "LA-years"}),
    "caseload_missing_values": (
        "Missing values per column and DfE symbol, in the years asked for",
        {"rows": "LA-years"}),
    "caseload_coverage_by_year": (
        "LAs and LA-years used per year", {"las": "LAs", "observations": "LA-years"}),
    "caseload_coefficients": (
        "Coefficients of each regressor by model, 95% confidence intervals, LA-clustered SEs",
        {"estimate": "percentage points per unit of the regressor"}),
    "caseload_vif": (
        "Variance inflation factors of the regressors",
        {"vif_levels": "ratio", "vif_within": "ratio"}),
    "caseload_marginal_effects": (
        "Effect on the outcome of a recognisable change in each regressor, with its 95% "
        "confidence interval", {"effect": "percentage points"}),
}


def save(ctx: RunContext, table: pd.DataFrame, name: str) -> pd.DataFrame:
    """Save one of notebook 03's `TABLES` (see `tables.save_table`) and return it labelled."""
    description, units = TABLES[name]
    return save_table(ctx, table, name, description, units)
