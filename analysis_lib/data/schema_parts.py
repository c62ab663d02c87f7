"""Building blocks shared by the tidy tables' pandera schemas (`schemas`,
`reference_schemas`): common checks, the geography columns and the schema constructor."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column

GEOGRAPHIC_LEVELS = ["National", "Regional", "Local authority"]
PERCENT = Check.in_range(0, 100)
NONNEG = Check.ge(0)


def geography_columns() -> dict[str, Column]:
    return {
        "geographic_level": Column(str, Check.isin(GEOGRAPHIC_LEVELS)),
        "la_code": Column("Int64", Check.in_range(100, 999), nullable=True),
        "region_code": Column(str, nullable=True),
        "area_name": Column(str),
    }


def table_schema(name: str, columns: dict[str, Column], unique: list[str] | None = None,
                 description: str = "", checks: list[Check] | None = None
                 ) -> pa.DataFrameSchema:
    """A tidy table's schema: coerced, extra columns allowed."""
    return pa.DataFrameSchema(columns, name=name, unique=unique, strict=False,
                              coerce=True, description=description, checks=checks)


def optional_column(dtype, *checks: Check) -> Column:
    """A documented column that older sources may not provide."""
    return Column(dtype, list(checks), nullable=True, required=False)


def percent_values(df):
    """Rows whose unit is percent must have a value in 0-100 (or be missing)."""
    return ~(df["unit"].eq("percent") & df["value"].notna() & ~df["value"].between(0, 100))
