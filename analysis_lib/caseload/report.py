"""Headline estimates for the results sidecar and the plain-English verdict, from results.

Planted truths exist for the synthetic data's effects of caseload and agency use on
assessment timeliness (``TRUTH_KEYS``), and so for the LA's counterfactual at the England
median of either; they are attached only when the outcome is the one they were planted on
(definitions: `analysis_lib.validation.targets`).
"""

from __future__ import annotations

import math

import pandas as pd

from analysis_lib.caseload.effects import (
    STEP_TEXT,
    WITHIN_BETWEEN_CAVEAT,
    Counterfactual,
    describe_counterfactual,
    marginal_effects,
)
from analysis_lib.caseload.models import MODEL_LABELS, HausmanTest
from analysis_lib.caseload.panel import LABELS, UNITS
from analysis_lib.context import planted_truths
from analysis_lib.results import Estimate, interval_label
from analysis_lib.validation import targets

#: regressor -> key of its planted coefficient in truth.json (effect caseload_timeliness).
TRUTH_KEYS = {"caseload_per_fte": "beta_caseload", "agency_rate": "beta_agency"}
TRUTH_OUTCOME = "assessments_45_days_pct"
HEADLINE_TERMS = ("caseload_per_fte", "agency_rate")


def planted_coefficients(data_dir=None) -> dict[str, float]:
    """The planted coefficient of each regressor on assessment timeliness (the truth file of
    the synthetic England in ``data_dir``, default data/synthetic)."""
    truths = planted_truths(data_dir)
    return {term: targets.coefficient(truths, key) for term, key in TRUTH_KEYS.items()}


def _short(measure: str) -> str:
    """A measure's label without its unit, lower case."""
    label = LABELS.get(measure, measure).rsplit(" (", 1)[0]
    return label[:1].lower() + label[1:]


def truth_for(ctx, term: str, outcome: str) -> float | None:
    """The planted coefficient for ``term`` (None off synthetic data or for other outcomes)."""
    if not ctx.synthetic or outcome != TRUTH_OUTCOME or term not in TRUTH_KEYS:
        return None
    return planted_coefficients(ctx.data_dir).get(term)


def counterfactual_truth(ctx, cf: Counterfactual) -> float | None:
    """The LA's own outcome at the median regressor, with its planted coefficient (None
    where there is no planted coefficient or no counterfactual)."""
    beta = truth_for(ctx, cf.term, cf.outcome)
    if beta is None or not cf.available:
        return None
    return targets.counterfactual(beta, cf.actual_outcome, cf.actual_regressor,
                                  cf.median_regressor)


def headline_estimates(ctx, coefficients: pd.DataFrame, model: str, outcome: str,
                       counterfactual: Counterfactual | None = None,
                       hausman: HausmanTest | None = None, caveats=()) -> list[Estimate]:
    """Estimates to record: each regressor's coefficient in the chosen model (headline for
    caseload and agency), the Hausman p-value, and the LA's counterfactual outcome."""
    chosen = coefficients[coefficients["model"] == model]
    unit = "percentage points per unit of the regressor"
    label = MODEL_LABELS[model]
    method = f"{label[:1].upper()}{label[1:]} regression, LA-clustered SEs (linearmodels)"
    out = []
    for _, row in chosen.iterrows():
        term = row["term"]
        out.append(Estimate(
            name=f"{model}_{term}",
            label=f"{model.upper()}: {_short(outcome)} per unit of {_short(term)}",
            value=float(row["estimate"]), unit=unit, method=method,
            ci_low=float(row["ci_low"]), ci_high=float(row["ci_high"]), n=int(row["n_obs"]),
            truth=truth_for(ctx, term, outcome), headline=term in HEADLINE_TERMS,
            caveats=tuple(caveats), interval_kind="confidence", se=float(row["se"])))
    if hausman is not None:
        out.append(Estimate(name="hausman_p", label="Hausman test FE vs RE, p-value",
                            value=hausman.p, unit="p-value",
                            method=f"Cluster-robust Wald test of the LA means of "
                                   f"{hausman.df} regressors (Mundlak form)",
                            headline=False))
    if counterfactual is not None:
        out += counterfactual_estimates(ctx, counterfactual, outcome)
    return out


def counterfactual_estimates(ctx, cf: Counterfactual, outcome: str) -> list[Estimate]:
    """The LA's counterfactual outcome twice: with its prediction interval (residual and
    LA-level variation as well as the coefficient) and with the coefficient-only band."""
    label = f"{ctx.la_name}: {_short(outcome)} at the England-median {_short(cf.term)}"
    notes = (WITHIN_BETWEEN_CAVEAT, cf.note) if cf.note else (WITHIN_BETWEEN_CAVEAT,)
    shared = {"value": cf.predicted_outcome if cf.available else None,
              "unit": UNITS.get(outcome, ""), "truth": counterfactual_truth(ctx, cf),
              "headline": True, "caveats": notes}
    method = f"observed {cf.year} outcome + coefficient x gap to median"
    bands = {"prediction": (cf.prediction_low, cf.prediction_high,
                            "; interval adds LA-effect and residual variance (random-effects "
                            "decomposition) to the coefficient's"),
             "coefficient_only": (cf.ci_low, cf.ci_high, "; interval from the coefficient's "
                                  "LA-clustered uncertainty only")}
    out = []
    for kind, (low, high, how) in bands.items():
        has = cf.available and not math.isnan(low)
        out.append(Estimate(
            name="counterfactual_outcome_at_england_median" + (
                "" if kind == "prediction" else "_coefficient_only"),
            label=label if kind == "prediction" else f"{label}, coefficient-only band",
            method=method + how, ci_low=low if has else None, ci_high=high if has else None,
            interval_kind=kind if has else None, **shared))
    return out


def _effect_sentence(row: pd.Series, outcome_label: str) -> str:
    direction = "higher" if row["effect"] > 0 else "lower"
    clear = row["ci_low"] > 0 or row["ci_high"] < 0
    strength = ("" if clear else
                ", but the interval includes no effect, so the data cannot tell")
    interval = interval_label("confidence", short=False)
    return (f"{STEP_TEXT.get(row['term'], row['term'])} goes with {outcome_label} "
            f"{abs(row['effect']):.2f} points {direction} ({interval} "
            f"{row['ci_low']:.2f} to {row['ci_high']:.2f}){strength}.")


def verdict(coefficients: pd.DataFrame, model: str, outcome: str, la_name: str,
            counterfactual: Counterfactual | None, hausman: HausmanTest | None,
            n_las: int, years: list[int], results=None) -> str:
    """Plain-English verdict, every number taken from the results passed in; with a
    `ResultsRecorder` as ``results``, the first regressor's finding is recorded as the
    one-sentence verdict."""
    outcome_label = _short(outcome)
    effects = marginal_effects(coefficients, model, outcome)
    if results is not None and not effects.empty:
        label = MODEL_LABELS[model]
        results.record_verdict(f"{label[:1].upper()}{label[1:]} model ({n_las} LAs, "
                               f"{years[0]}-{years[-1]}): "
                               f"{_effect_sentence(effects.iloc[0], outcome_label)}")
    lines = [f"**What the {MODEL_LABELS[model]} model says** ({n_las} LAs, "
             f"{years[0]}-{years[-1]}), comparing each LA with itself over time:"]
    lines += [f"- {_effect_sentence(row, outcome_label)}"
              for _, row in effects.iterrows()]
    if hausman is not None:
        lines.append(f"- {hausman.verdict()}")
    if counterfactual is not None:
        lines.append(f"- {describe_counterfactual(counterfactual, la_name)}")
    return "\n".join(lines)
