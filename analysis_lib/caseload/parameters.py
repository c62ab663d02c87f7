"""Notebook 03's own parameters (see `analysis_lib.parameters`)."""

from __future__ import annotations

from analysis_lib.caseload.models import check_model
from analysis_lib.caseload.panel import CIN_MEASURES, OUTCOMES, WORKFORCE_MEASURES
from analysis_lib.parameters import Declaration, Parameter, Rule, problem_raised

KNOWN_MEASURES = set(WORKFORCE_MEASURES) | set(CIN_MEASURES)


def _regressors_problem(regressors) -> str | None:
    if not isinstance(regressors, list | tuple):
        return f"regressors must be a list of measures, got {regressors!r}"
    unknown = [r for r in regressors if r not in KNOWN_MEASURES]
    if unknown:
        return f"unknown regressors {unknown}; choose from {', '.join(sorted(KNOWN_MEASURES))}"
    if not regressors:
        return "give at least one regressor"
    if len(set(regressors)) != len(regressors):
        return "regressors are repeated"
    return None


def _outcome_not_regressor(values: dict) -> str | None:
    outcome, regressors = values["outcome"], values["regressors"]
    if isinstance(regressors, list | tuple) and outcome in regressors:
        return f"the outcome {outcome!r} cannot also be a regressor"
    return None


def _counterfactual_term_regressor(values: dict) -> str | None:
    term, regressors = values["counterfactual_term"], values["regressors"]
    if isinstance(regressors, list | tuple) and term in regressors:
        return None
    named = ", ".join(map(str, regressors)) if isinstance(regressors, list | tuple) else regressors
    return f"counterfactual_term {term!r} must be one of the regressors ({named})"


DECLARATION = Declaration("03_caseload_regressions", (
    Parameter("outcome", (str,), '"assessments_45_days_pct", "rereferral_pct" or '
              '"cpp_subsequent_pct"', allowed=OUTCOMES,
              message=f"outcome {{value!r}} is not one of {', '.join(OUTCOMES)}"),
    Parameter("regressors", (list,), "workforce measures plus context",
              check=_regressors_problem),
    Parameter("model", (str,), 'headline model: "fe" (LA and year fixed effects), "re", "fd" '
              'or "pooled"', check=lambda m: problem_raised(check_model, m)),
    Parameter("counterfactual_term", (str,), "regressor set to its England median for the "
              "LA's counterfactual"),
), rules=(
    Rule(("outcome", "regressors"), _outcome_not_regressor),
    Rule(("counterfactual_term", "regressors"), _counterfactual_term_regressor),
))
