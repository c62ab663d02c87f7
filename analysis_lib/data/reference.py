"""Cited reference facts (``data/reference/reference_facts.csv``) by identifier."""

from __future__ import annotations

import pandas as pd

from analysis_lib.errors import ParameterError


def fact(fact_id: str) -> pd.Series:
    """One fact (value, unit, date, description, source, source_detail, verified, ...)."""
    from analysis_lib.data.api import load

    facts = load("reference_facts").set_index("fact_id")
    if fact_id not in facts.index:
        raise ParameterError(f"unknown reference fact {fact_id!r}; see "
                             "data/reference/reference_facts.csv")
    return facts.loc[fact_id]
