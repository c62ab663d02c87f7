"""Synthetic control for one LA (pysyncon `Synth`) with in-space placebo inference.

The synthetic LA is a weighted average of donor LAs (weights >= 0, summing to 1) chosen so
that its outcome tracks the studied LA's in every pre-event year (one predictor per pre-event
year, equal importance, i.e. V fixed to equal weights: with lagged outcomes as the only
predictors this minimises the pre-period mean squared prediction error). Before fitting,
the donor pool is screened to the `max_donors` LAs whose pre-event paths are closest to the
studied LA (Abadie 2021 recommends restricting the pool to similar units; it also keeps
the solver fast). Every placebo fit uses exactly the same procedure.

Inference: each donor is treated in turn as if it had the intervention (in-space
placebos). A placebo whose synthetic control cannot follow it before the event says little
about chance differences after it, so, as Abadie, Diamond and Hainmueller (2010) do, placebos
whose pre-event RMSPE exceeds `RMSPE_SCREEN` times the studied LA's are dropped. From the
placebos kept, the p-value is the rank of the studied LA's post/pre RMSPE ratio among all
ratios and the reported interval is the estimate minus the 2.5th-97.5th percentiles of the
placebo effects (the range of chance differences, not a confidence interval), as for the DiD.

Conformal inference (Chernozhukov, Wuthrich and Zhu 2021; pysyncon's `confidence_interval`)
is not used: its p-values permute the residuals of the T0 pre-event years and one post-event
year, so none falls below 1 / (T0 + 1), which is 1/8 with the seven snapshots 2006-2012, and
no 95% interval can be finite.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pysyncon import Synth

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.ofsted.design import EventDesign
from analysis_lib.ofsted.did import placebo_interval

MAX_DONORS = 12
#: Placebos whose pre-event RMSPE is more than this many times the studied LA's are left out
#: of the p-value and the placebo range (Abadie, Diamond and Hainmueller 2010 use 5).
RMSPE_SCREEN = 5.0


@dataclass(frozen=True)
class SynthFit:
    """One synthetic-control fit: weights, path and fit statistics (outcome units)."""

    unit: int
    weights: pd.Series        # donor la_code -> weight
    path: pd.DataFrame        # year, actual, synthetic, gap
    effect: float             # mean post-event gap
    pre_rmspe: float
    post_rmspe: float

    @property
    def rmspe_ratio(self) -> float:
        return self.post_rmspe / self.pre_rmspe if self.pre_rmspe > 0 else float("inf")


@dataclass(frozen=True)
class SynthResult:
    """The studied LA's fit with its placebo p-value and placebo range, both from the
    placebos kept by the pre-event fit screen (`placebos`; `n_dropped` were left out)."""

    fit: SynthFit
    p_value: float
    ci_placebo: tuple[float, float]
    n_placebos: int
    placebos: pd.DataFrame    # la_code, effect, pre_rmspe, post_rmspe, ratio
    design: EventDesign
    n_dropped: int = 0
    rmspe_screen: float | None = RMSPE_SCREEN

    def screen_note(self) -> str:
        """How many placebo LAs the p-value and the range use, and how many were dropped."""
        if self.rmspe_screen is None:
            return f"{self.n_placebos} placebo LAs used (no pre-event fit screen)"
        return (f"{self.n_placebos} placebo LAs used; {self.n_dropped} dropped because their "
                f"pre-event fit error (RMSPE) was more than {self.rmspe_screen:g} times the "
                "LA's")


def wide_outcome(panel: pd.DataFrame, units, years) -> pd.DataFrame:
    """Year x LA outcome matrix, keeping only LAs observed in every year."""
    wide = panel[panel["la_code"].isin(list(units)) & panel["year"].isin(list(years))].pivot(
        index="year", columns="la_code", values="value")
    return wide.reindex(sorted(years)).dropna(axis=1)


def fit_synth(wide: pd.DataFrame, unit: int, donors, design: EventDesign, *,
              max_donors: int = MAX_DONORS) -> SynthFit:
    """Fit a synthetic control for `unit` from `donors` on a year x LA matrix."""
    if unit not in wide.columns:
        raise DataNotAvailableError(f"LA {unit} lacks outcome data in some panel year.")
    donors = [d for d in donors if d in wide.columns and d != unit]
    if len(donors) < 2:
        raise DataNotAvailableError("Fewer than two donor LAs with complete outcome data.")
    # Plain arrays: this runs once per placebo LA, where pandas indexing cost more than the fit.
    values, column = wide.to_numpy(), {c: k for k, c in enumerate(wide.columns)}
    row = {y: k for k, y in enumerate(wide.index)}
    pre, post = [row[y] for y in design.pre_years], [row[y] for y in design.post_years]
    actual = values[:, column[unit]]
    distance = ((values[np.ix_(pre, [column[d] for d in donors])] - actual[pre, None]) ** 2
                ).mean(axis=0)
    donors = sorted(donors[k] for k in np.argsort(distance, kind="stable")[:max_donors])
    chosen = [column[d] for d in donors]
    # Predictors and fitted outcomes are the pre-event outcome of each year (what a
    # Dataprep with one special predictor per year builds, without its pandas overhead).
    years = list(design.pre_years)
    x0 = pd.DataFrame(values[np.ix_(pre, chosen)], index=years, columns=donors)
    x1 = pd.Series(actual[pre], index=years, name=unit)
    synth = Synth()
    synth.fit(X0=x0, X1=x1, Z0=x0, Z1=x1, custom_V=np.full(len(pre), 1 / len(pre)))
    weights = pd.Series(synth.W, index=donors, name="weight").rename_axis("la_code")
    synthetic = values[:, chosen] @ weights.to_numpy()
    gap = actual - synthetic
    path = pd.DataFrame({"year": wide.index, "actual": actual, "synthetic": synthetic,
                         "gap": gap})
    return SynthFit(unit=unit, weights=weights, path=path, effect=float(gap[post].mean()),
                    pre_rmspe=float(np.sqrt((gap[pre] ** 2).mean())),
                    post_rmspe=float(np.sqrt((gap[post] ** 2).mean())))


def placebo_fits(panel: pd.DataFrame, pool, design: EventDesign, *,
                 max_donors: int = MAX_DONORS) -> pd.DataFrame:
    """Fit every pool LA as if treated, with the rest of the pool as donors.

    Independent of the studied LA (which is left out afterwards), so it can be cached.
    Columns: la_code, effect, pre_rmspe, post_rmspe, ratio, and gap_<year> per year.
    """
    pool = sorted(set(pool))
    wide = wide_outcome(panel, pool, design.years)
    rows = []
    for unit in wide.columns:
        fit = fit_synth(wide, unit, pool, design, max_donors=max_donors)
        gaps = {f"gap_{y}": g for y, g in zip(fit.path["year"], fit.path["gap"], strict=True)}
        rows.append({"la_code": int(unit), "effect": fit.effect, "pre_rmspe": fit.pre_rmspe,
                     "post_rmspe": fit.post_rmspe, "ratio": fit.rmspe_ratio, **gaps})
    return pd.DataFrame(rows).set_index("la_code")


def screen_placebos(placebos: pd.DataFrame, pre_rmspe: float,
                    multiple: float | None = RMSPE_SCREEN) -> pd.DataFrame:
    """The placebos whose pre-event RMSPE is at most `multiple` times `pre_rmspe` (all of
    them when `multiple` is None)."""
    if multiple is None:
        return placebos
    return placebos[placebos["pre_rmspe"] <= multiple * pre_rmspe]


def synth_analysis(panel: pd.DataFrame, treated: int, pool, design: EventDesign,
                   placebos: pd.DataFrame, *, max_donors: int = MAX_DONORS,
                   rmspe_screen: float | None = RMSPE_SCREEN) -> SynthResult:
    """Synthetic control for `treated` from `pool`, with the placebo p-value and placebo
    range from the same screened placebos (see `screen_placebos`)."""
    pool = [d for d in pool if d != treated]
    wide = wide_outcome(panel, [treated, *pool], design.years)
    fit = fit_synth(wide, treated, pool, design, max_donors=max_donors)
    others = placebos.drop(index=treated, errors="ignore")
    kept = screen_placebos(others, fit.pre_rmspe, rmspe_screen)
    ratios = kept["ratio"].to_numpy()
    p_value = float((1 + np.sum(ratios >= fit.rmspe_ratio)) / (1 + len(ratios)))
    ci, _ = placebo_interval(fit.effect, kept["effect"])
    return SynthResult(fit=fit, p_value=p_value, ci_placebo=ci, n_placebos=len(kept),
                       placebos=kept, design=design, n_dropped=len(others) - len(kept),
                       rmspe_screen=rmspe_screen)
