"""Notebook 03's parameter check (the sections the notebook calls are in `sections`)."""

from __future__ import annotations

from analysis_lib.caseload.models import check_model
from analysis_lib.caseload.panel import check_variables
from analysis_lib.errors import ParameterError


def check_parameters(*, outcome: str, regressors, model: str, counterfactual_term: str) -> None:
    """Stop with one ParameterError if the notebook's own parameters are impossible."""
    regressors = check_variables(outcome, regressors)
    check_model(model)
    if counterfactual_term not in regressors:
        raise ParameterError(f"counterfactual_term {counterfactual_term!r} must be one of the "
                             f"regressors ({', '.join(regressors)})")
