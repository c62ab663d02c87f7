"""Panel regressions of an outcome on workforce measures: FE, RE, FD and pooled OLS.

Thin wrappers over linearmodels that fit the same specification four ways and return one
tidy coefficient table. All take a frame indexed by (entity, time), e.g. (la_code, year).

- ``fe``: two-way fixed effects (within estimator with entity and time effects), PanelOLS.
- ``re``: random effects (GLS, Swamy-Arora variance components) with year dummies.
- ``fd``: first differences with year dummies (differenced), FirstDifferenceOLS; a gap in
  an entity's years leaves that difference out rather than bridging it.
- ``pooled``: pooled OLS with year dummies.

Standard errors are clustered by entity (LA) by default, robust to heteroskedasticity and
serial correlation within an LA; ``cov_type="unadjusted"`` gives the classical ones that
textbooks print. Rows with a missing outcome or regressor (e.g. suppressed values) are
dropped by the estimator; ``n_obs`` says how many were used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis_lib.errors import ParameterError

MODELS = ("fe", "re", "fd", "pooled")
MODEL_LABELS = {"fe": "fixed-effects (LA and year)", "re": "random-effects (with year dummies)",
                "fd": "first-differences (with year dummies)",
                "pooled": "pooled OLS (with year dummies)"}
COV_TYPES = ("clustered", "unadjusted")
TABLE_COLUMNS = ["term", "estimate", "se", "ci_low", "ci_high", "interval_kind", "p", "model",
                 "n_obs", "n_las", "n_years"]


def check_model(model: str) -> str:
    if model not in MODELS:
        raise ParameterError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    return model


def year_dummies(index: pd.MultiIndex) -> pd.DataFrame:
    """Dummies for every time period but the first (integer years), on ``index``."""
    time = index.get_level_values(1)
    dummies = pd.get_dummies(pd.Categorical(time), prefix="year", drop_first=True, dtype=float)
    dummies.index = index
    return dummies


def differencable(dummies: pd.DataFrame) -> pd.DataFrame:
    """Year dummies that survive first-differencing: some entity has years t-1 and t."""
    index = dummies.index
    pairs = pd.Series(index.get_level_values(1), index=index.get_level_values(0))
    consecutive = set()
    for _, years in pairs.groupby(level=0):
        present = set(years)
        consecutive |= {y for y in present if y - 1 in present}
    keep = [c for c in dummies.columns if int(str(c).removeprefix("year_")) in consecutive]
    return dummies[keep]


COV_ARGS = {"clustered": {"cov_type": "clustered", "cluster_entity": True},
            "unadjusted": {"cov_type": "unadjusted"}}


def check_cov_type(cov_type: str) -> str:
    if cov_type not in COV_TYPES:
        raise ParameterError(f"cov_type must be one of {COV_TYPES}, got {cov_type!r}")
    return cov_type


def complete_rows(data: pd.DataFrame, outcome: str, regressors) -> pd.DataFrame:
    """The outcome and regressors as numbers, rows missing any of them dropped (linearmodels
    would otherwise refuse or silently misalign them)."""
    regressors = list(regressors)
    frame = data[[outcome, *regressors]].apply(pd.to_numeric, errors="coerce").dropna()
    if frame.empty:
        raise ParameterError(f"no complete rows for {outcome} on {', '.join(regressors)}")
    return frame


def fit(data: pd.DataFrame, outcome: str, regressors, model: str = "fe", *,
        cov_type: str = "clustered"):
    """Fit one panel model and return the linearmodels results object.

    ``data`` is indexed by (entity, time). Rows missing the outcome or any regressor are
    dropped first (`complete_rows`).
    """
    # imported here, not at module level: warm runs read cached results and never fit
    from linearmodels.panel import FirstDifferenceOLS, PanelOLS, PooledOLS, RandomEffects

    check_model(model)
    check_cov_type(cov_type)
    regressors = list(regressors)
    frame = complete_rows(data, outcome, regressors)
    y, x = frame[outcome], frame[regressors]
    cov = COV_ARGS[cov_type]
    if model == "fe":
        return PanelOLS(y, x, entity_effects=True, time_effects=True).fit(**cov)
    dummies = year_dummies(frame.index)
    if model == "fd":
        return FirstDifferenceOLS(y, pd.concat([x, differencable(dummies)], axis=1)).fit(**cov)
    exog = pd.concat([x, dummies], axis=1).assign(const=1.0)
    estimator = RandomEffects if model == "re" else PooledOLS
    return estimator(y, exog).fit(**cov)


def _dimensions(result) -> tuple[int, int, int]:
    entities = int(result.entity_info["total"])
    periods = int(result.time_info["total"])
    return int(result.nobs), entities, periods


def tidy(result, model: str, terms, level: float = 0.95) -> pd.DataFrame:
    """The coefficients on ``terms`` as rows: term, estimate, se, ci_low, ci_high, p, ..."""
    terms = [t for t in terms if t in result.params.index]
    ci = result.conf_int(level=level).loc[terms]
    n_obs, n_las, n_years = _dimensions(result)
    return pd.DataFrame({
        "term": terms,
        "estimate": result.params[terms].to_numpy(),
        "se": result.std_errors[terms].to_numpy(),
        "ci_low": ci.iloc[:, 0].to_numpy(),
        "ci_high": ci.iloc[:, 1].to_numpy(),
        "interval_kind": "confidence",
        "p": result.pvalues[terms].to_numpy(),
        "model": model,
        "n_obs": n_obs, "n_las": n_las, "n_years": n_years,
    }, columns=TABLE_COLUMNS)


def fit_all(data: pd.DataFrame, outcome: str, regressors, models=MODELS, *,
            cov_type: str = "clustered") -> dict:
    """Fit every model in ``models``; returns {model: linearmodels results}."""
    return {m: fit(data, outcome, regressors, m, cov_type=cov_type) for m in models}


def coefficient_table(results: dict, regressors) -> pd.DataFrame:
    """One tidy table of the regressors' coefficients across models (year effects omitted)."""
    return pd.concat([tidy(r, m, regressors) for m, r in results.items()], ignore_index=True)


def outcome_variance(re_result) -> float:
    """Variance of an outcome around the model's prediction for an LA-year: the LA-effect
    plus residual variance of a random-effects fit's (Swamy-Arora) decomposition."""
    parts = re_result.variance_decomposition
    return float(parts["Effects"] + parts["Residual"])


@dataclass(frozen=True)
class HausmanTest:
    """Cluster-robust Hausman test of FE against RE, in its Mundlak (auxiliary-regression) form.

    H0: the LA effects are uncorrelated with the regressors, so RE is consistent and
    efficient; a small p favours fixed effects.
    """

    statistic: float
    df: int
    p: float
    terms: tuple[str, ...]

    @property
    def p_text(self) -> str:
        return "p < 0.001" if self.p < 0.001 else f"p = {self.p:.3f}"

    def verdict(self, alpha: float = 0.05) -> str:
        if not np.isfinite(self.p):
            return "The Hausman test could not be computed."
        test = (f"Wald chi-squared {self.statistic:.1f} on {self.df} df, {self.p_text}; "
                "robust to clustering by LA")
        if self.p < alpha:
            return f"The Hausman test rejects random effects ({test}): prefer fixed effects."
        return (f"The Hausman test does not reject random effects ({test}): the two agree "
                "within sampling error.")


def la_means(frame: pd.DataFrame, regressors) -> pd.DataFrame:
    """Each regressor's mean over the LA's rows in ``frame`` (the Mundlak terms)."""
    means = frame[list(regressors)].groupby(level=0).transform("mean")
    return means.add_suffix("_la_mean")


def hausman(data: pd.DataFrame, outcome: str, regressors, *, time_effects: bool = True,
            cov_type: str = "clustered") -> HausmanTest:
    """Regression-based Hausman test of FE against RE (Mundlak 1978; Wooldridge 2010,
    Econometric Analysis of Cross Section and Panel Data, 2nd ed., section 10.7.3).

    Fits the random-effects model with the LA means of the time-varying ``regressors``
    added (and year dummies when ``time_effects``), by linearmodels with LA-clustered
    errors, and Wald-tests that the means' coefficients are jointly zero: under H0 the LA
    effects do not move with the regressors, so the means add nothing. Unlike the classical
    quadratic form it needs neither RE to be efficient nor a positive definite variance
    difference, so it stays valid with heteroskedastic, serially correlated errors within
    an LA. ``cov_type="unadjusted"`` gives the classical version (Baltagi 2013, section
    4.3). Degrees of freedom: the number of regressors.
    """
    from linearmodels.panel import RandomEffects

    check_cov_type(cov_type)
    frame = complete_rows(data, outcome, regressors)
    means = la_means(frame, regressors)
    parts = [frame[list(regressors)], means]
    if time_effects:
        parts.append(year_dummies(frame.index))
    exog = pd.concat(parts, axis=1).assign(const=1.0)
    result = RandomEffects(frame[outcome], exog).fit(**COV_ARGS[cov_type])
    wald = result.wald_test(formula=[f"{m} = 0" for m in means.columns])
    return HausmanTest(statistic=float(wald.stat), df=int(wald.df), p=float(wald.pval),
                       terms=tuple(regressors))
