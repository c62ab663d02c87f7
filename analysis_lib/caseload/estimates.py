"""What notebook 03 records: the chosen model's coefficients, the Hausman p-value and the
LA's counterfactual, as `Estimate`s with their planted truths.

Planted truths exist for the synthetic data's effects of caseload and agency use on
assessment timeliness (``TRUTH_KEYS``), and so for the LA's counterfactual at the England
median of either; they are attached only when the outcome is the one they were planted on
(definitions: `analysis_lib.validation.targets`).
"""

from __future__ import annotations

import math

import pandas as pd

from analysis_lib.caseload.effects import WITHIN_BETWEEN_CAVEAT, Counterfactual
from analysis_lib.caseload.models import MODEL_LABELS, HausmanTest
from analysis_lib.caseload.panel import UNITS, short_label
from analysis_lib.context import planted_truths
from analysis_lib.results import Estimate
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
            label=f"{model.upper()}: {short_label(outcome)} per unit of {short_label(term)}",
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
    label = f"{ctx.la_name}: {short_label(outcome)} at the England-median {short_label(cf.term)}"
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
