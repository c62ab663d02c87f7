"""LA x year difference-in-differences and event study (linearmodels PanelOLS).

Model: value_it = a_i + g_t + b * D_it + e_it with LA and year fixed effects and standard
errors clustered by LA; D_it = 1 for the studied LA in the post-event years of an
`EventDesign`. The event study replaces D by one dummy per event time (reference: the last
pre-event year) and tests jointly that the pre-event coefficients are zero (Wald).

With a single treated LA, LA-clustered standard errors are unreliable (the treated LA is one
cluster; Conley and Taber 2011), so the headline interval is a placebo-in-space one: the same
estimator applied to every untreated LA against its own comparators gives the spread of
estimates when nothing happened, and the interval is the estimate minus the 2.5th and 97.5th
percentiles of that spread. Both intervals are reported. For the same reason the pre-trend
Wald test with clustered covariance rejects far too often; a placebo pre-trend test (mean
squared pre-event coefficient ranked among the placebo LAs) is reported beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from linearmodels import PanelOLS

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.levels import Z95
from analysis_lib.ofsted.design import EventDesign

MIN_CONTROLS = 2


@dataclass(frozen=True)
class DidResult:
    """Pooled DiD estimate (outcome units) with clustered and placebo intervals."""

    estimate: float
    se_clustered: float
    ci_clustered: tuple[float, float]
    ci_placebo: tuple[float, float]
    p_placebo: float
    n_placebos: int
    n_controls: int
    nobs: int
    event_study: pd.DataFrame  # event_time, year, coef, se, ci_low, ci_high
    pretrend_wald: float
    pretrend_df: int
    pretrend_p: float         # Wald with LA-clustered covariance (oversized: one treated LA)
    pretrend_placebo_p: float  # share of placebo LAs with a larger pre-trend statistic
    design: EventDesign


def _check_units(treated: int, treated_has_data: bool, controls_with_data: int) -> None:
    """The studied LA needs outcomes, and enough comparator LAs need them too."""
    if not treated_has_data:
        raise DataNotAvailableError(f"No outcome data for LA {treated} in the panel years.")
    if controls_with_data < MIN_CONTROLS:
        raise DataNotAvailableError(f"Fewer than {MIN_CONTROLS} comparator LAs with data.")


def _panel(panel: pd.DataFrame, treated: int, controls, design: EventDesign,
           years=None) -> pd.DataFrame:
    units = [treated, *[c for c in controls if c != treated]]
    years = design.years if years is None else years
    data = panel[panel["la_code"].isin(units) & panel["year"].isin(years)]
    data = data.dropna(subset=["value"])
    _check_units(treated, (data["la_code"] == treated).any(),
                 data.loc[data["la_code"] != treated, "la_code"].nunique())
    data = data.assign(treated=(data["la_code"] == treated).astype(float))
    data["post"] = data["year"].isin(design.post_years).astype(float)
    return data.set_index(["la_code", "year"]).sort_index()


def _did_regressor(data: pd.DataFrame) -> pd.DataFrame:
    return (data["treated"] * data["post"]).rename("treated_post").to_frame()


def _event_regressors(data: pd.DataFrame, design: EventDesign) -> pd.DataFrame:
    ref = design.pre_years[-1]
    year_index = data.index.get_level_values("year")
    years = sorted(set(year_index))
    exog = pd.DataFrame({f"ev_{y}": (data["treated"].to_numpy() == 1) & (year_index == y)
                         for y in years if y != ref}, index=data.index).astype(float)
    return exog.loc[:, exog.sum() > 0]


def _lsdv_params(value: np.ndarray, exog: np.ndarray, la: np.ndarray, year: np.ndarray
                 ) -> np.ndarray:
    """Point estimates of the same two-way FE model by dummy-variable OLS (statsmodels).

    Identical coefficients to PanelOLS (see the unit tests) at a fraction of the cost; used
    only for the many placebo fits, which need no standard errors.
    """
    la, year = pd.factorize(la)[0], pd.factorize(year)[0]
    effects = np.column_stack([np.ones(len(value)), np.eye(la.max() + 1)[la][:, 1:],
                               np.eye(year.max() + 1)[year][:, 1:]])
    design_matrix = np.column_stack([exog, effects])
    return sm.OLS(value, design_matrix).fit(method="qr").params[:exog.shape[1]]


def twfe_did(panel: pd.DataFrame, treated: int, controls, design: EventDesign
             ) -> tuple[float, float, int]:
    """(coefficient, LA-clustered SE, nobs) of treated x post in a two-way FE regression."""
    data = _panel(panel, treated, controls, design)
    res = PanelOLS(data["value"], _did_regressor(data), entity_effects=True,
                   time_effects=True).fit(cov_type="clustered", cluster_entity=True)
    return float(res.params.iloc[0]), float(res.std_errors.iloc[0]), int(res.nobs)


def event_study(panel: pd.DataFrame, treated: int, controls, design: EventDesign
                ) -> tuple[pd.DataFrame, float, int, float]:
    """Event-time coefficients (reference: last pre-event year) and the pre-trend Wald test.

    Wash-out years are included here (to show the adjustment) though not in the pooled DiD.
    Returns (coefficients, Wald statistic, degrees of freedom, p-value); the Wald test uses
    the LA-clustered covariance and is NaN when fewer than two pre-event years exist.
    """
    data = _panel(panel, treated, controls, design,
                  sorted({*design.years, *design.washout_years}))
    ref = design.pre_years[-1]
    exog = _event_regressors(data, design)
    res = PanelOLS(data["value"], exog, entity_effects=True, time_effects=True).fit(
        cov_type="clustered", cluster_entity=True)
    z = Z95
    coefs = pd.DataFrame({"year": [int(c[3:]) for c in exog.columns],
                          "coef": res.params.to_numpy(), "se": res.std_errors.to_numpy()})
    coefs = pd.concat([coefs, pd.DataFrame({"year": [ref], "coef": [0.0], "se": [0.0]})])
    coefs = coefs.sort_values("year").reset_index(drop=True)
    coefs["event_time"] = coefs["year"] - design.event_year
    coefs["ci_low"], coefs["ci_high"] = coefs["coef"] - z * coefs["se"], (
        coefs["coef"] + z * coefs["se"])
    pre = [c for c in exog.columns if int(c[3:]) in design.pre_years]
    if not pre:
        return coefs, float("nan"), 0, float("nan")
    names = list(res.params.index)
    restriction = np.zeros((len(pre), len(names)))
    for row, name in enumerate(pre):
        restriction[row, names.index(name)] = 1.0
    wald = res.wald_test(restriction, np.zeros(len(pre)))
    return coefs, float(wald.stat), len(pre), float(wald.pval)


def pretrend_statistic(coefs: pd.Series, design: EventDesign) -> float:
    """Mean squared pre-event coefficient (outcome units squared; `coefs` indexed by year);
    NaN without pre-event years other than the reference."""
    pre = coefs[coefs.index.isin(design.pre_years[:-1])]
    return float((pre**2).mean()) if len(pre) else float("nan")


def _placebo_fit(by_la: Mapping[int, pd.DataFrame], unit: int, controls,
                 design: EventDesign) -> dict:
    """One placebo LA against its controls: the pooled DiD estimate and the pre-trend
    statistic of its event study (the same models as `twfe_did` and `event_study`, on the
    rows `_panel` would keep)."""
    others = [c for c in dict.fromkeys(controls) if c != unit and c in by_la]
    _check_units(unit, unit in by_la, len(others))
    rows = pd.concat([by_la[unit], *(by_la[c] for c in others)])
    la, year = rows["la_code"].to_numpy(), rows["year"].to_numpy()
    value, treated = rows["value"].to_numpy(float), la == unit
    post = np.isin(year, list(design.post_years))
    if post[treated].all() or not post[treated].any():
        raise DataNotAvailableError(f"LA {unit} needs outcomes before and after the event.")
    event_years = [y for y in sorted(set(year)) if y != design.pre_years[-1]
                   and (treated & (year == y)).any()]
    events = (treated[:, None] & (year[:, None] == np.array(event_years, dtype=year.dtype))
              ).astype(float)
    estimate = _lsdv_params(value, (treated & post).astype(float)[:, None], la, year)[0]
    coefs = pd.Series(_lsdv_params(value, events, la, year), index=event_years)
    return {"la_code": unit, "estimate": float(estimate),
            "pretrend_stat": pretrend_statistic(coefs, design)}


def placebo_fits(panel: pd.DataFrame, controls_of: Mapping[int, list[int]],
                 design: EventDesign) -> pd.DataFrame:
    """For each untreated LA against its own controls: the DiD estimate and the pre-trend
    statistic of its event study. Does not depend on the studied LA, so it can be cached."""
    rows = []
    panel = panel[panel["year"].isin(design.years)].dropna(subset=["value"])
    by_la = dict(tuple(panel[["la_code", "year", "value"]].groupby("la_code", sort=False)))
    for unit, controls in controls_of.items():
        try:
            rows.append(_placebo_fit(by_la, unit, controls, design))
        except (DataNotAvailableError, np.linalg.LinAlgError):
            continue  # no data, or a panel that cannot identify the effect (e.g. no pre rows)
    return pd.DataFrame(rows, columns=["la_code", "estimate", "pretrend_stat"]).set_index(
        "la_code")


def placebo_interval(estimate: float, placebos: pd.Series) -> tuple[tuple[float, float], float]:
    """Conley-Taber style 95% interval and two-sided placebo p-value."""
    values = placebos.dropna().to_numpy()
    if len(values) < 19:
        return (float("nan"), float("nan")), float("nan")
    low, high = np.percentile(values, [2.5, 97.5])
    p = (1 + np.sum(np.abs(values) >= abs(estimate))) / (1 + len(values))
    return (float(estimate - high), float(estimate - low)), float(p)


def did_analysis(panel: pd.DataFrame, treated: int, controls, design: EventDesign,
                 placebos: pd.DataFrame) -> DidResult:
    """Pooled DiD, event study and placebo inference for one LA (placebos exclude it)."""
    estimate, se, nobs = twfe_did(panel, treated, controls, design)
    coefs, wald, df, p_wald = event_study(panel, treated, controls, design)
    others = placebos.drop(index=treated, errors="ignore")
    ci_placebo, p_placebo = placebo_interval(estimate, others["estimate"])
    stat = pretrend_statistic(coefs.set_index("year")["coef"], design)
    pre_null = others["pretrend_stat"].dropna()
    p_pre = (float((1 + (pre_null >= stat).sum()) / (1 + len(pre_null)))
             if len(pre_null) and not np.isnan(stat) else float("nan"))
    z = Z95
    n_controls = len([c for c in controls if c != treated])
    return DidResult(estimate=estimate, se_clustered=se,
                     ci_clustered=(estimate - z * se, estimate + z * se),
                     ci_placebo=ci_placebo, p_placebo=p_placebo, n_placebos=len(others),
                     n_controls=n_controls, nobs=nobs, event_study=coefs, pretrend_wald=wald,
                     pretrend_df=df, pretrend_p=p_wald, pretrend_placebo_p=p_pre,
                     design=design)
