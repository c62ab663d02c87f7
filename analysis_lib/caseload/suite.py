"""Everything the notebook estimates that does not depend on the chosen LA, computed once.

The panel, the four models, the (cluster-robust) Hausman test, the variance of an LA's
outcome around the model, residuals, leave-one-LA-out refits and VIFs are the same for every
LA in a pack, so `sections.model_suite` memoises them on the data fingerprint and the
analysis parameters (see `analysis_lib.cache`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib.caseload import diagnostics, models
from analysis_lib.caseload.effects import england_median
from analysis_lib.caseload.panel import PanelBuild, as_panel, build_panel


@dataclass(frozen=True)
class ModelSuite:
    """LA-independent results of one specification (tidy frames only, cheap to cache)."""

    build: PanelBuild
    model: str
    coefficients: pd.DataFrame
    hausman: models.HausmanTest
    residuals: pd.DataFrame
    influence: pd.DataFrame
    vif: pd.DataFrame
    median_by_year: dict
    #: LA-effect plus residual variance of the outcome (random-effects decomposition)
    outcome_variance: float

    def chosen(self) -> pd.DataFrame:
        """Coefficient rows of the chosen model."""
        return self.coefficients[self.coefficients["model"] == self.model].reset_index(
            drop=True)

    def coefficient(self, term: str) -> pd.Series:
        return self.chosen().set_index("term").loc[term]


def compute_suite(workforce: pd.DataFrame, cin: pd.DataFrame, *, outcome: str, regressors,
                  model: str, first_year: int, last_year: int,
                  median_term: str = "caseload_per_fte") -> ModelSuite:
    """Build the panel and fit, test and diagnose the specification (no caching)."""
    models.check_model(model)
    build = build_panel(workforce, cin, outcome=outcome, regressors=regressors,
                        first_year=first_year, last_year=last_year)
    data = as_panel(build.data)
    regressors = list(build.regressors)
    fits = models.fit_all(data, outcome, regressors)
    table = models.coefficient_table(fits, regressors)
    hausman = models.hausman(data, outcome, regressors)
    source = workforce if median_term in workforce.columns else cin
    medians = {int(y): england_median(source, median_term, int(y)) for y in build.years}
    return ModelSuite(build=build, model=model, coefficients=table, hausman=hausman,
                      residuals=diagnostics.residuals_vs_fitted(fits[model]),
                      influence=diagnostics.leave_one_entity_out(data, outcome, regressors,
                                                                 model),
                      vif=diagnostics.vif(data, regressors), median_by_year=medians,
                      outcome_variance=models.outcome_variance(fits["re"]))
