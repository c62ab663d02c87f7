"""One call per notebook section: the descriptive panel, the council figures, the counterfactual.

These glue the pure functions of the other modules to a `RunContext` (data loading and the
chosen LA), so the notebook stays one short call per cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib.caseload.descriptive import (
    council_reference_points,
    descriptive_series,
    latest_comparison,
    reference_years,
)
from analysis_lib.caseload.effects import Counterfactual, counterfactual_at_median
from analysis_lib.caseload.suite import ModelSuite
from analysis_lib.tables import save_table


@dataclass(frozen=True)
class Descriptive:
    """The LA against comparators and England (long series and latest-year table), plus the
    council's own figures where the reference table holds any for the LA."""

    series: pd.DataFrame
    latest: pd.DataFrame
    reference: pd.DataFrame


def describe(ctx, *, outcome: str, regressors) -> Descriptive:
    """Series for the outcome and each regressor, for the run's LA and comparators."""
    measures = [*regressors, outcome]
    tables = (ctx.load("workforce_la"), ctx.load("cin_la"))
    series = descriptive_series(tables, ctx.la_code, ctx.comparator_codes, measures,
                                ctx.first_year, ctx.last_year, la_name=ctx.la_name)
    reference = council_reference_points(ctx.load("reference_facts"), ctx.la_code)
    return Descriptive(series=series, latest=latest_comparison(series, ctx.la_name),
                       reference=reference[reference["measure"].isin(measures)])


def council_figures(ctx, reference: pd.DataFrame):
    """The council's own figures marked on the charts, saved as a table; a note instead when
    the reference table holds none for the LA (nothing is saved then)."""
    if reference.empty:
        from IPython.display import Markdown

        return Markdown(f"No council figures for {ctx.la_name} are recorded in "
                        "`data/reference/reference_facts.csv`, so none are marked on the charts.")
    return save_table(ctx, reference, "caseload_council_reference_figures",
                      f"{ctx.la_name} council's own workforce and timeliness figures "
                      f"({reference_years(reference)}), from its published reports (not DfE "
                      "measures)",
                      {"value": "as published by the council",
                       "x": "position on the chart's year axis"})


def counterfactual_for(ctx, suite: ModelSuite, term: str) -> Counterfactual:
    """The run's LA at the England-median ``term`` under the suite's chosen model, with its
    prediction interval from the suite's outcome variance."""
    return counterfactual_at_median(suite.build.data, suite.coefficient(term), ctx.la_code,
                                    term=term, outcome=suite.build.outcome,
                                    median_by_year=suite.median_by_year,
                                    outcome_variance=suite.outcome_variance)


def la_names(suite: ModelSuite) -> dict[int, str]:
    """LA code -> latest name, for labelling influence charts."""
    data = suite.build.data.sort_values("year")
    return dict(zip(data["la_code"], data["area_name"], strict=True))
