"""Inspection-level ordered logit of the Ofsted grade (statsmodels `OrderedModel`).

The outcome is coded so that higher is better (4 = outstanding ... 1 = inadequate), so a
positive coefficient means better grades; exp(coef) is the odds ratio of a better grade.
The LA's change is the interaction of "inspected school is in the LA" with the period,
against comparator LAs' schools inspected under the same frameworks; framework fixed effects
absorb national changes between frameworks (including 'satisfactory' becoming 'requires
improvement'). Intervals are cluster-robust by school (an inspection history is not
independent) or a cluster (school) bootstrap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special
from statsmodels.miscmodels.ordinal_model import OrderedModel

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.levels import Z95
from analysis_lib.ofsted.as_at import MAX_PREDECESSOR_CHAIN, filter_phase, school_register
from analysis_lib.ofsted.frameworks import FRAMEWORK_ORDER, framework_for
from analysis_lib.ofsted.periods import PERIODS, period_of

GRADE_BETTER_LABELS = {1: "Inadequate", 2: "Requires improvement / satisfactory", 3: "Good",
                       4: "Outstanding"}


class OrderedLogit(OrderedModel):
    """statsmodels' `OrderedModel` with ``distr="logit"``, its cdf and pdf evaluated with
    `scipy.special.expit` directly.

    The same model and estimator: scipy's logistic distribution computes the same expit,
    behind argument checks that cost about 0.15 ms a call, and the Newton fit's numerical
    Hessian calls it thousands of times (0.5 s of each notebook-02 run).
    """

    def __init__(self, endog, exog, offset=None, distr="logit", **kwargs):
        if distr != "logit":
            raise ValueError(f"OrderedLogit is the logit model; got distr={distr!r}")
        super().__init__(endog, exog, offset=offset, distr=distr, **kwargs)

    def cdf(self, x):
        return special.expit(x)

    def pdf(self, x):
        p = special.expit(x)
        return p * (1 - p)


@dataclass(frozen=True)
class OrderedFit:
    """Coefficients (log-odds of a better grade) with 95% intervals and fit details."""

    params: pd.DataFrame        # term, coef, se, ci_low, ci_high, odds_ratio
    cut_points: pd.Series
    nobs: int
    n_clusters: int
    interval: str
    dropped: tuple[str, ...] = field(default_factory=tuple)


MIN_KNOWN_DEPRIVATION = 0.9


def _deprivation(inspections: pd.DataFrame, schools: pd.DataFrame | None) -> pd.Series:
    """Share of disadvantaged pupils by URN; a closed predecessor (which has no current
    figure) takes its successor's, as the same school under a new URN."""
    register = school_register(inspections, schools).set_index("urn")
    share = register["disadvantaged_share"].astype(float)
    links = register["predecessor_urn"].dropna()
    successor = pd.Series(links.index, index=links.astype(int).to_numpy())
    successor = successor[~successor.index.duplicated()]
    for _ in range(MAX_PREDECESSOR_CHAIN):
        fill = share.index.to_series().map(successor).map(share)
        if not (share.isna() & fill.notna()).any():
            break
        share = share.fillna(fill)
    return share


def inspection_frame(inspections: pd.DataFrame, schools: pd.DataFrame | None, la_code: int,
                     comparator_codes, start, end, *, phase: str = "all") -> pd.DataFrame:
    """Graded inspections of the LA's and comparators' schools with model covariates.

    Columns: urn, la_code, in_la (0/1), period, phase, framework, deprivation_10pp
    (disadvantaged pupils, per 10 percentage points), grade (1-4, Ofsted's scale) and
    grade_better (5 - grade). Inspections of schools with unknown deprivation are dropped
    when at least 90% are known; otherwise deprivation is left missing and the model
    omits it.
    """
    codes = [la_code, *comparator_codes]
    data = inspections[inspections["la_code"].isin(codes)].dropna(
        subset=["overall_effectiveness"])
    data = filter_phase(data, phase).copy()
    if data.empty:
        raise DataNotAvailableError("No graded school inspections for this LA and its "
                                    "comparators in the chosen phase.")
    data["deprivation_10pp"] = data["urn"].map(_deprivation(inspections, schools)) * 10
    known = data["deprivation_10pp"].notna()
    if known.mean() >= MIN_KNOWN_DEPRIVATION:
        data = data[known]
    data["in_la"] = (data["la_code"] == la_code).astype(int)
    data["period"] = period_of(data["inspection_date"], start, end).to_numpy()
    data["framework"] = framework_for(data["inspection_date"]).to_numpy()
    data["grade"] = data["overall_effectiveness"].astype(int)
    data["grade_better"] = 5 - data["grade"]
    cols = ["urn", "la_code", "in_la", "inspection_date", "period", "phase", "framework",
            "deprivation_10pp", "grade", "grade_better"]
    return data[cols].sort_values(["inspection_date", "urn"]).reset_index(drop=True)


def design_matrix(frame: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Regressors for the LA model: LA x period (vs the LA's earliest period), LA, phase,
    deprivation and framework dummies; constant and collinear columns are dropped."""
    periods = [p for p in PERIODS if (frame.loc[frame["in_la"] == 1, "period"] == p).any()]
    columns = {"in_la": frame["in_la"].astype(float)}
    for p in periods[1:]:
        columns[f"in_la x {p} (vs {periods[0]})"] = (
            (frame["in_la"] == 1) & (frame["period"] == p)).astype(float)
    for phase in sorted(frame["phase"].unique())[1:]:
        columns[f"phase: {phase}"] = (frame["phase"] == phase).astype(float)
    if frame["deprivation_10pp"].notna().all():
        columns["deprivation_10pp"] = frame["deprivation_10pp"]
    present = [f for f in FRAMEWORK_ORDER if (frame["framework"] == f).any()]
    for fw in present[1:]:
        columns[f"framework: {fw}"] = (frame["framework"] == fw).astype(float)
    exog = pd.DataFrame(columns, index=frame.index)
    return _drop_collinear(exog)


def _drop_collinear(exog: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    keep, dropped = [], []
    for col in exog.columns:
        trial = exog[[*keep, col]].to_numpy()
        with_const = np.column_stack([np.ones(len(trial)), trial])
        if exog[col].std() > 0 and np.linalg.matrix_rank(with_const) == with_const.shape[1]:
            keep.append(col)
        else:
            dropped.append(col)
    return exog[keep], tuple(dropped)


def fit_ordered_logit(endog, exog: pd.DataFrame, groups, *, interval: str = "cluster",
                      n_boot: int = 99, seed: int = 2002, dropped: tuple[str, ...] = ()
                      ) -> OrderedFit:
    """Ordered logit (`OrderedLogit`) with cluster-robust or cluster bootstrap CIs.

    ``endog`` is an ordered categorical or integer outcome; ``groups`` are cluster ids
    (schools). ``interval`` is "cluster" (sandwich by group) or "bootstrap" (percentile,
    resampling whole groups ``n_boot`` times with a fixed seed).
    """
    groups = np.asarray(groups)
    model = OrderedLogit(endog, exog)
    fit = model.fit(method="newton", disp=False, maxiter=200,
                    cov_type="cluster", cov_kwds={"groups": pd.factorize(groups)[0]})
    k = exog.shape[1]
    coef = fit.params.iloc[:k]
    cuts = pd.Series(model.transform_threshold_params(fit.params)[1:-1],
                     index=[f"cut {i + 1}" for i in range(len(fit.params) - k)])
    if interval == "cluster":
        se = fit.bse.iloc[:k]
        z = Z95
        low, high = coef - z * se, coef + z * se
    elif interval == "bootstrap":
        draws = _cluster_bootstrap(endog, exog, groups, fit.params, n_boot, seed)[:, :k]
        se = pd.Series(draws.std(axis=0, ddof=1), index=coef.index)
        low = pd.Series(np.percentile(draws, 2.5, axis=0), index=coef.index)
        high = pd.Series(np.percentile(draws, 97.5, axis=0), index=coef.index)
    else:
        raise ValueError("interval must be 'cluster' or 'bootstrap'")
    params = pd.DataFrame({"term": coef.index, "coef": coef.to_numpy(), "se": se.to_numpy(),
                           "ci_low": low.to_numpy(), "ci_high": high.to_numpy()})
    params["odds_ratio"] = np.exp(params["coef"])
    return OrderedFit(params=params, cut_points=cuts, nobs=int(fit.nobs),
                      n_clusters=len(np.unique(groups)), interval=interval, dropped=dropped)


def _cluster_bootstrap(endog, exog, groups, start, n_boot, seed) -> np.ndarray:
    rng = np.random.default_rng(seed)
    ids = np.unique(groups)
    rows = {g: np.flatnonzero(groups == g) for g in ids}
    y = pd.Series(endog).reset_index(drop=True)
    draws = []
    for _ in range(n_boot):
        pick = np.concatenate([rows[g] for g in rng.choice(ids, size=len(ids))])
        yb = y.iloc[pick].reset_index(drop=True)
        if isinstance(y.dtype, pd.CategoricalDtype):
            yb = yb.cat.remove_unused_categories()
        xb = exog.iloc[pick].reset_index(drop=True)
        if yb.nunique() < y.nunique() or (xb.std() == 0).any():
            continue  # a degenerate resample cannot identify every parameter
        res = OrderedLogit(yb, xb).fit(
            method="newton", disp=False, maxiter=200, start_params=np.asarray(start))
        draws.append(np.asarray(res.params))
    if len(draws) < max(10, n_boot // 2):
        raise DataNotAvailableError("Too few usable bootstrap resamples for an interval.")
    return np.vstack(draws)


def la_period_model(frame: pd.DataFrame, *, interval: str = "cluster", n_boot: int = 99,
                    seed: int = 2002) -> OrderedFit:
    """Fit the LA model on an `inspection_frame`: grade_better on LA x period, phase,
    deprivation and framework, clustered by school."""
    exog, dropped = design_matrix(frame)
    endog = pd.Series(pd.Categorical(frame["grade_better"], categories=[1, 2, 3, 4],
                                     ordered=True), index=frame.index)
    endog = endog.cat.remove_unused_categories()
    return fit_ordered_logit(endog, exog, frame["urn"], interval=interval, n_boot=n_boot,
                             seed=seed, dropped=dropped)
