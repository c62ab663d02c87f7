"""The plain-English verdict of notebook 03 and its counterfactual sentence, every number
taken from the results passed in."""

from __future__ import annotations

import math

import pandas as pd

from analysis_lib.caseload.effects import STEP_TEXT, Counterfactual, marginal_effects
from analysis_lib.caseload.models import MODEL_LABELS, HausmanTest
from analysis_lib.caseload.panel import LABELS, UNITS, short_label
from analysis_lib.results import interval_label


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
    outcome_label = short_label(outcome)
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


def describe_counterfactual(cf: Counterfactual, la_name: str) -> str:
    """One plain-English sentence built from the counterfactual's numbers."""
    if not cf.available:
        return f"{la_name}: {cf.note}."
    label = LABELS.get(cf.outcome, cf.outcome).rsplit(" (", 1)[0].lower()
    intervals = [(cf.prediction_low, cf.prediction_high, "prediction"),
                 (cf.ci_low, cf.ci_high, "coefficient_only")]
    shown = "; ".join(f"{interval_label(kind)} {low:.1f}% to {high:.1f}%"
                      for low, high, kind in intervals if not math.isnan(low))
    return (f"In {cf.year} {la_name} had {cf.actual_regressor:.1f} "
            f"{UNITS.get(cf.term, '')} against an England median of {cf.median_regressor:.1f}. "
            f"At the median, the model predicts {label} of {cf.predicted_outcome:.1f}% "
            f"({shown}) instead of the {cf.actual_outcome:.1f}% observed.")
