"""What the coefficients mean in practice: marginal effects and an LA's counterfactual.

The models are linear, so a regressor's marginal effect is its coefficient; here it is
scaled to a step a manager would recognise (one case per worker, ten percentage points of
agency staff) with the 95% interval scaled alike. The counterfactual asks: had the chosen
LA's caseload been at the England median (the median over LAs in the same year), what
outcome would the model predict, other things equal? It keeps the LA's own observed
outcome as the starting point (its LA effect, year and everything unmeasured stay as they
were) and adds coefficient x (median - actual). Two 95% intervals go with it: one from the
coefficient's uncertainty only, and a prediction interval that also allows for the variation
of an LA's outcome around that starting point, from year to year (residual variance) and
between LAs (LA-effect variance), so that the LA's observed year need not be typical of it
and an LA brought to the median need not keep the level that went with its own caseload.
Either applies a within-LA slope to a between-LA difference (`WITHIN_BETWEEN_CAVEAT`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis_lib.caseload.panel import UNITS
from analysis_lib.levels import Z95

#: Two-sided 95% normal quantile, for the prediction interval.
WITHIN_BETWEEN_CAVEAT = (
    "The counterfactual applies a within-LA slope (how outcomes moved as each LA's own "
    "caseload changed from year to year) to a between-LA difference (this LA against "
    "England's median LA); LAs that run at different caseloads may differ in ways the slope "
    "does not capture, and a change as large as the gap may not act as the small year-to-year "
    "changes did.")

#: Step over which each regressor's effect is reported.
STEPS = {"caseload_per_fte": 1.0, "agency_rate": 10.0, "vacancy_rate": 10.0,
         "turnover_rate": 10.0, "cin_rate_per_10k": 100.0, "social_worker_fte": 10.0,
         "referrals": 100.0}
STEP_TEXT = {"caseload_per_fte": "1 more case per FTE social worker",
             "agency_rate": "10 percentage points more agency staff",
             "vacancy_rate": "10 percentage points more vacancies",
             "turnover_rate": "10 percentage points more turnover",
             "cin_rate_per_10k": "100 more children in need per 10,000",
             "social_worker_fte": "10 more FTE social workers",
             "referrals": "100 more referrals"}


def marginal_effects(table: pd.DataFrame, model: str, outcome: str) -> pd.DataFrame:
    """Effect on the outcome of each regressor's reporting step, with its 95% confidence
    interval (LA-clustered).

    ``table`` is the tidy coefficient table (see `models.coefficient_table`).
    """
    rows = table[table["model"] == model]
    step = rows["term"].map(STEPS).fillna(1.0)
    low, high = rows["ci_low"] * step, rows["ci_high"] * step
    return pd.DataFrame({
        "term": rows["term"].to_numpy(),
        "change_in_regressor": rows["term"].map(STEP_TEXT).fillna("1 unit more").to_numpy(),
        "effect": (rows["estimate"] * step).to_numpy(),
        "ci_low": low.where(step > 0, high).to_numpy(),
        "ci_high": high.where(step > 0, low).to_numpy(),
        "interval_kind": "confidence",
        "p": rows["p"].to_numpy(),
        "outcome_unit": UNITS.get(outcome, ""),
        "model": model,
    })


@dataclass(frozen=True)
class Counterfactual:
    """An LA's outcome at the England-median value of one regressor, with two 95% intervals:
    ``ci_low``/``ci_high`` from the coefficient's uncertainty only, ``prediction_low``/
    ``prediction_high`` also allowing for residual and LA-level variation (NaN when no
    outcome variance was given)."""

    la_code: int
    term: str
    outcome: str
    year: int | None
    actual_regressor: float
    median_regressor: float
    actual_outcome: float
    predicted_outcome: float
    ci_low: float
    ci_high: float
    note: str = ""
    prediction_low: float = math.nan
    prediction_high: float = math.nan

    @property
    def available(self) -> bool:
        return not math.isnan(self.predicted_outcome)

    @property
    def change(self) -> float:
        return self.predicted_outcome - self.actual_outcome


def england_median(table: pd.DataFrame, column: str, year: int) -> float:
    """Median of ``column`` over local-authority rows of one year of a tidy table."""
    rows = table[(table["geographic_level"] == "Local authority") & (table["year"] == year)]
    return float(pd.to_numeric(rows[column], errors="coerce").median())


def counterfactual_at_median(panel: pd.DataFrame, coefficients: pd.Series, la_code: int, *,
                             term: str, outcome: str, median_by_year: dict[int, float],
                             outcome_variance: float | None = None) -> Counterfactual:
    """The LA's latest observed outcome moved to the England-median ``term``.

    ``panel``: the estimation panel (columns la_code, year, outcome, regressors).
    ``coefficients``: one row of the coefficient table (estimate, se, ci_low, ci_high) for
    ``term``. ``median_by_year``: England median of ``term`` per year.
    ``outcome_variance``: variance of an LA's outcome around the model's prediction (LA
    effect plus residual, e.g. `suite.ModelSuite.outcome_variance`); with it, the prediction
    interval is the estimate +/- 1.96 sqrt(gap^2 se^2 + outcome_variance), cut to 0-100 (every
    outcome is a percentage). Returns a Counterfactual with NaN values and a note when the
    LA has no usable year.
    """
    own = panel[panel["la_code"] == la_code].sort_values("year")
    own = own[own["year"].isin(list(median_by_year))]
    nan = float("nan")
    if own.empty:
        return Counterfactual(la_code, term, outcome, None, nan, nan, nan, nan, nan, nan,
                              note="this LA has no year with every variable published, so no "
                                   "counterfactual can be formed")
    last = own.iloc[-1]
    year = int(last["year"])
    gap = median_by_year[year] - float(last[term])
    actual = float(last[outcome])
    bounds = sorted([actual + gap * float(coefficients["ci_low"]),
                     actual + gap * float(coefficients["ci_high"])])
    predicted = actual + gap * float(coefficients["estimate"])
    half = (Z95 * math.sqrt((gap * float(coefficients["se"])) ** 2 + outcome_variance)
            if outcome_variance is not None else math.nan)
    return Counterfactual(la_code, term, outcome, year, float(last[term]),
                          float(median_by_year[year]), actual, predicted, bounds[0], bounds[1],
                          prediction_low=max(predicted - half, 0.0),
                          prediction_high=min(predicted + half, 100.0))
