"""Checks on a fitted panel model: residuals, influential LAs and collinearity.

- ``residuals_vs_fitted``: one row per observation used, for a residual plot.
- ``leave_one_entity_out``: refits the model without each LA in turn and reports how far
  each coefficient moves (a panel analogue of Cook's distance / DFBETA, by whole LA).
- ``vif``: variance inflation factors of the regressors (statsmodels), on the levels and
  on the within-LA deviations that the fixed-effects estimator actually uses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib.caseload.models import differencable, fit, year_dummies


def residuals_vs_fitted(result) -> pd.DataFrame:
    """Entity, time, fitted value and residual of every observation the model used.

    For fixed and random effects the fitted value includes the estimated LA (and year)
    effects and the residual is the idiosyncratic error, so fitted + residual = observed.
    For first differences both are in differences (change on the previous year).
    """
    if type(result.model).__name__ == "FirstDifferenceOLS":
        resid = result.resids
        dependent = result.model.dependent.dataframe.iloc[:, 0]
        change = dependent.groupby(level=0).diff().reindex(resid.index)
        fitted = change - resid
    else:
        effects = result.estimated_effects.iloc[:, 0]
        if effects.notna().all():
            resid = result.idiosyncratic.squeeze(axis=1) if result.idiosyncratic.ndim == 2 \
                else result.idiosyncratic
            fitted = result.fitted_values.iloc[:, 0] + effects
        else:
            resid = result.resids
            fitted = result.fitted_values.iloc[:, 0]
    frame = pd.concat([fitted.rename("fitted"), resid.rename("residual")], axis=1).dropna()
    return frame.reset_index()


def _stacked_design(data: pd.DataFrame, outcome: str, regressors: list[str], model: str):
    """(y, Z) such that OLS of y on Z gives the model's coefficients and dropping an
    entity's rows gives the model refitted without it.

    Fixed effects: by Frisch-Waugh-Lovell, two-way FE equals OLS of entity-demeaned y on
    entity-demeaned regressors and year dummies, and entity demeaning only uses the entity's
    own rows. First differences: changes between consecutive years of an entity, with the
    same differenced year dummies as `models.fit`. Pooled OLS: regressors, year dummies and
    a constant. None for random effects (its weights depend on every LA).
    """
    if model not in ("fe", "pooled", "fd"):
        return None
    frame = (data[[outcome, *regressors]].apply(pd.to_numeric, errors="coerce").dropna()
             .sort_index())
    years = year_dummies(frame.index)
    if model == "fd":
        years = differencable(years)
    design = pd.concat([frame[regressors], years], axis=1)
    y = frame[outcome]
    if model == "fe":
        design = design - design.groupby(level=0).transform("mean")
        y = y - y.groupby(level=0).transform("mean")
    elif model == "fd":
        time = pd.Series(frame.index.get_level_values(1), index=frame.index)
        consecutive = (time.groupby(level=0).diff() == 1).to_numpy()
        design = design.groupby(level=0).diff()[consecutive]
        y = y.groupby(level=0).diff()[consecutive]
    else:
        design = design.assign(const=1.0)
    return y, design


def leave_one_entity_out(data: pd.DataFrame, outcome: str, regressors, model: str = "fe",
                         terms=None) -> pd.DataFrame:
    """Coefficients with each entity (LA) left out in turn, and the change from the full fit.

    Point estimates only. FE, FD and pooled OLS refits solve the least-squares normal
    equations of `_stacked_design` without the LA's rows (identical to refitting the panel
    model, and fast enough for every LA); RE is refitted with linearmodels. Returns columns:
    entity, term, estimate_without, estimate_all, change, change_in_se (the change divided
    by the full fit's clustered standard error), n_obs_without.
    """
    regressors = list(regressors)
    terms = list(terms or regressors)
    full = fit(data, outcome, regressors, model, cov_type="clustered")
    entity_name = data.index.names[0]
    stacked = _stacked_design(data, outcome, regressors, model)
    if stacked is not None:
        y, design = stacked
        names = list(design.columns)
        z, v = design.to_numpy(), y.to_numpy()
        groups = design.index.get_level_values(0)
        zz, zy = z.T @ z, z.T @ v
    rows = []
    for entity in data.index.get_level_values(0).unique():
        if stacked is not None:
            # OLS on the other entities' rows: remove this entity's cross-products from the
            # normal equations (a 20 x 20 solve instead of a refit on every row)
            own = groups == entity
            solution = np.linalg.lstsq(zz - z[own].T @ z[own], zy - z[own].T @ v[own],
                                       rcond=None)[0]
            params, nobs = pd.Series(solution, index=names), int((~own).sum())
        else:
            result = fit(data.drop(index=entity, level=0), outcome, regressors, model,
                         cov_type="unadjusted")
            params, nobs = result.params, int(result.nobs)
        for term in terms:
            rows.append({entity_name: entity, "term": term,
                         "estimate_without": float(params[term]), "n_obs_without": nobs})
    out = pd.DataFrame(rows)
    out["estimate_all"] = out["term"].map(full.params)
    out["change"] = out["estimate_without"] - out["estimate_all"]
    out["change_in_se"] = out["change"] / out["term"].map(full.std_errors)
    order = out.assign(size=out["change_in_se"].abs()).sort_values(
        ["term", "size", entity_name], ascending=[True, False, True], kind="stable")
    return order.drop(columns="size").reset_index(drop=True)


def _vif_table(x: pd.DataFrame) -> list[float]:
    from statsmodels.stats.outliers_influence import variance_inflation_factor

    design = np.column_stack([np.ones(len(x)), x.to_numpy(dtype=float)])
    return [float(variance_inflation_factor(design, i + 1)) for i in range(x.shape[1])]


def vif(data: pd.DataFrame, regressors) -> pd.DataFrame:
    """Variance inflation factor of each regressor, in levels and within LAs.

    ``vif_levels`` uses the regressors as they are (with a constant); ``vif_within`` uses
    deviations from each entity's mean, the variation fixed effects rely on. Values above
    about 10 signal that a coefficient is poorly separated from the others.
    """
    regressors = list(regressors)
    x = data[regressors].apply(pd.to_numeric, errors="coerce").dropna()
    within = x - x.groupby(level=0).transform("mean")
    return pd.DataFrame({"term": regressors, "vif_levels": _vif_table(x),
                         "vif_within": _vif_table(within)})
