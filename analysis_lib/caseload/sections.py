"""Notebook 03's sections: each is one call that loads, computes, records, charts, saves and
shows one section (`analysis_lib.show`), and returns what later sections need: the council's
figures (for the caveats), the model suite (fitted once for every LA of a pack, memoised on
the data fingerprint and the parameters; see `analysis_lib.cache`), the LA's counterfactual
and the run's caveats.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from analysis_lib.cache import memoise, run_key
from analysis_lib.caseload import caveats as caveat_text
from analysis_lib.caseload import charts, estimates
from analysis_lib.caseload import verdict as verdict_text
from analysis_lib.caseload.descriptive import (
    council_reference_points,
    descriptive_series,
    latest_comparison,
    reference_years,
)
from analysis_lib.caseload.effects import (
    Counterfactual,
    counterfactual_at_median,
    marginal_effects,
)
from analysis_lib.caseload.saved_tables import save
from analysis_lib.caseload.suite import ModelSuite, compute_suite
from analysis_lib.results import ResultsRecorder
from analysis_lib.show import show
from analysis_lib.tables import save_table


def council_figures(ctx, reference: pd.DataFrame):
    """The council's own figures marked on the charts, saved as a table; a note instead when
    the reference table holds none for the LA (nothing is saved then)."""
    if reference.empty:
        return Markdown(f"No council figures for {ctx.la_name} are recorded in "
                        "`data/reference/reference_facts.csv`, so none are marked on the charts.")
    return save_table(ctx, reference, "caseload_council_reference_figures",
                      f"{ctx.la_name} council's own workforce and timeliness figures "
                      f"({reference_years(reference)}), from its published reports (not DfE "
                      "measures)",
                      {"value": "as published by the council",
                       "x": "position on the chart's year axis"})


def descriptive_comparison(ctx, *, outcome: str, regressors) -> pd.DataFrame:
    """The LA against its comparators and England: the panel chart, the latest year and the
    council's own figures (section 1); returns those figures, which the caveats cite."""
    measures = [*regressors, outcome]
    tables = (ctx.load("workforce_la"), ctx.load("cin_la"))
    series = descriptive_series(tables, ctx.la_code, ctx.comparator_codes, measures,
                                ctx.first_year, ctx.last_year, la_name=ctx.la_name)
    reference = council_reference_points(ctx.load("reference_facts"), ctx.la_code)
    reference = reference[reference["measure"].isin(measures)]
    charts.descriptive_panel(ctx, series, reference)
    latest = save(ctx, latest_comparison(series, ctx.la_name), "caseload_latest_comparison")
    show(latest, council_figures(ctx, reference))
    return reference


def model_suite(ctx, *, outcome: str, regressors, model: str,
                median_term: str = "caseload_per_fte") -> ModelSuite:
    """`compute_suite` on the run's data, memoised on the data fingerprint and parameters."""
    key = run_key(ctx, outcome=outcome, regressors=list(regressors), model=model,
                  first_year=ctx.first_year, last_year=ctx.last_year, median_term=median_term)
    return memoise("caseload_suite", key, lambda: compute_suite(
        ctx.load("workforce_la"), ctx.load("cin_la"), outcome=outcome, regressors=regressors,
        model=model, first_year=ctx.first_year, last_year=ctx.last_year,
        median_term=median_term))


def model_data(ctx, *, outcome: str, regressors, model: str,
               counterfactual_term: str) -> ModelSuite:
    """Fit the models and show which LA-years they use: rows kept and excluded by reason,
    missing values, coverage by year (section 2); returns the model suite."""
    suite = model_suite(ctx, outcome=outcome, regressors=regressors, model=model,
                        median_term=counterfactual_term)
    build = suite.build
    show(save(ctx, build.drop_summary(), "caseload_rows_used"),
         save(ctx, build.missing_values, "caseload_missing_values"),
         save(ctx, build.coverage(), "caseload_coverage_by_year"))
    return suite


def panel_regressions(ctx, suite: ModelSuite) -> None:
    """The four models' coefficients, their chart and the Hausman test (section 3)."""
    table = save(ctx, suite.coefficients, "caseload_coefficients")
    charts.coefficient_plot(ctx, suite.coefficients, suite.build.outcome)
    show(table, suite.hausman.verdict())


def la_names(suite: ModelSuite) -> dict[int, str]:
    """LA code -> latest name, for labelling influence charts."""
    data = suite.build.data.sort_values("year")
    return dict(zip(data["la_code"], data["area_name"], strict=True))


def diagnostics(ctx, suite: ModelSuite, *, counterfactual_term: str) -> None:
    """Residuals, the leave-one-LA-out influence on ``counterfactual_term`` and the VIFs
    (section 4)."""
    charts.residual_plot(ctx, suite.residuals, suite.model)
    charts.influence_plot(ctx, suite.influence, la_names(suite), counterfactual_term,
                          ctx.la_code)
    show(save(ctx, suite.vif, "caseload_vif"))


def counterfactual_for(ctx, suite: ModelSuite, term: str) -> Counterfactual:
    """The run's LA at the England-median ``term`` under the suite's chosen model, with its
    prediction interval from the suite's outcome variance."""
    return counterfactual_at_median(suite.build.data, suite.coefficient(term), ctx.la_code,
                                    term=term, outcome=suite.build.outcome,
                                    median_by_year=suite.median_by_year,
                                    outcome_variance=suite.outcome_variance)


def la_estimates(ctx, suite: ModelSuite, *, counterfactual_term: str) -> Counterfactual:
    """Marginal effects of recognisable changes and the LA's counterfactual at the England
    median of ``counterfactual_term`` (section 5); returns the counterfactual."""
    effects = marginal_effects(suite.coefficients, suite.model, suite.build.outcome)
    effects = save(ctx, effects, "caseload_marginal_effects")
    counterfactual = counterfactual_for(ctx, suite, counterfactual_term)
    show(effects, verdict_text.describe_counterfactual(counterfactual, ctx.la_name))
    return counterfactual


def verdict(ctx, results: ResultsRecorder, suite: ModelSuite,
            counterfactual: Counterfactual) -> None:
    """The plain-English verdict, recorded in one sentence with the results (section 6)."""
    show(verdict_text.verdict(suite.coefficients, suite.model, suite.build.outcome, ctx.la_name,
                              counterfactual, suite.hausman, suite.build.n_las,
                              suite.build.years, results=results))


def caveats(ctx, suite: ModelSuite, council_reference: pd.DataFrame) -> tuple[str, ...]:
    """The caveats that apply to this run, with its numbers (section 7); returns them as
    sentences (they travel with the estimates)."""
    items = caveat_text.caveats(suite.build, suite.coefficients, suite.model,
                                hausman=suite.hausman, synthetic=ctx.synthetic,
                                la_name=ctx.la_name, reference_points=council_reference,
                                vif=suite.vif)
    show(caveat_text.caveats_markdown(items))
    return tuple(items)


def headline_estimates(ctx, results: ResultsRecorder, suite: ModelSuite,
                       counterfactual: Counterfactual, run_caveats: tuple[str, ...] = ()) -> None:
    """Record the chosen model's coefficients, the Hausman p-value and the counterfactual,
    each with the run's caveats (the headline numbers)."""
    results.extend(estimates.headline_estimates(
        ctx, suite.coefficients, suite.model, suite.build.outcome, counterfactual,
        suite.hausman, run_caveats))
