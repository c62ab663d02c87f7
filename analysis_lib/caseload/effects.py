"""What the coefficients mean in practice: marginal effects and an LA's counterfactual.

The models are linear, so a regressor's marginal effect is its coefficient; here it is
scaled to a step a manager would recognise (one case per worker, ten percentage points of
agency staff) with the 95% interval scaled alike. The counterfactual asks: had the chosen
LA's caseload been at the England median (the median over LAs in the same year), what
outcome would the model predict, other things equal? It keeps the LA's own observed
outcome as the starting point (its LA effect, year and everything unmeasured stay as they
were) and adds coefficient x (median - actual); the interval carries the coefficient's
uncertainty only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis_lib.caseload.panel import LABELS, UNITS

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
    """Effect on the outcome of each regressor's reporting step, with its 95% interval.

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
        "p": rows["p"].to_numpy(),
        "outcome_unit": UNITS.get(outcome, ""),
        "model": model,
    })


@dataclass(frozen=True)
class Counterfactual:
    """An LA's outcome at the England-median value of one regressor, with a 95% interval."""

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
                             term: str, outcome: str, median_by_year: dict[int, float]
                             ) -> Counterfactual:
    """The LA's latest observed outcome moved to the England-median ``term``.

    ``panel``: the estimation panel (columns la_code, year, outcome, regressors).
    ``coefficients``: one row of the coefficient table (estimate, ci_low, ci_high) for
    ``term``. ``median_by_year``: England median of ``term`` per year. Returns a
    Counterfactual with NaN values and a note when the LA has no usable year.
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
    return Counterfactual(la_code, term, outcome, year, float(last[term]),
                          float(median_by_year[year]), actual,
                          actual + gap * float(coefficients["estimate"]), bounds[0],
                          bounds[1])


def describe_counterfactual(cf: Counterfactual, la_name: str) -> str:
    """One plain-English sentence built from the counterfactual's numbers."""
    if not cf.available:
        return f"{la_name}: {cf.note}."
    label = LABELS.get(cf.outcome, cf.outcome).rsplit(" (", 1)[0].lower()
    return (f"In {cf.year} {la_name} had {cf.actual_regressor:.1f} "
            f"{UNITS.get(cf.term, '')} against an England median of {cf.median_regressor:.1f}. "
            f"At the median, the model predicts {label} of {cf.predicted_outcome:.1f}% "
            f"(95% interval {cf.ci_low:.1f}% to {cf.ci_high:.1f}%) instead of the "
            f"{cf.actual_outcome:.1f}% observed.")
