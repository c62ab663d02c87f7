"""Charts for the caseload notebook, all finished with the house style (`plots.finish`)."""

from __future__ import annotations

import math

import pandas as pd

from analysis_lib import plots
from analysis_lib.caseload.descriptive import reference_years
from analysis_lib.caseload.models import MODEL_LABELS
from analysis_lib.caseload.panel import LABELS, UNITS, short_label
from analysis_lib.results import interval_label

SOURCE = "DfE children's social work workforce; DfE children in need"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def descriptive_panel(ctx, series: pd.DataFrame, reference: pd.DataFrame | None = None):
    """Small multiples: the LA, each comparator (grey), the comparator median and England.

    ``reference``: council reference points (see `descriptive.council_reference_points`),
    drawn as labelled diamonds on the matching workforce measure.
    """
    measures = list(dict.fromkeys(series["measure"]))
    ncols = 2
    nrows = max(1, math.ceil(len(measures) / ncols))
    fig, axes = plots.new_figure(ncols=ncols, nrows=nrows, figsize=(12, 3.4 * nrows),
                                 squeeze=False)
    flat = axes.ravel()
    styles = {"England": dict(color=plots.ENGLAND_COLOUR, linestyle="--", linewidth=1.5),
              "Comparator median": dict(color=plots.REGION_COLOUR, linewidth=2)}
    for ax, measure in zip(flat, measures, strict=False):
        rows = series[series["measure"] == measure]
        for _, one in rows[rows["series"] == "Comparator LA"].groupby("la_code"):
            ax.plot(one["year"], one["value"], color=plots.COMPARATOR_COLOUR, linewidth=0.7,
                    alpha=0.6)
        for name, one in rows[rows["series"] != "Comparator LA"].groupby("series", sort=False):
            style = styles.get(name, dict(color=plots.LA_COLOUR, linewidth=2.5, marker="o",
                                          markersize=3))
            ax.plot(one["year"], one["value"], label=name, **style)
        if reference is not None and not reference.empty:
            points = reference[reference["measure"] == measure]
            if not points.empty:
                ax.scatter(points["x"], points["value"], marker="D", color=plots.PALETTE[5],
                           zorder=5,
                           label=f"council's own measure ({reference_years(reference)})")
        ax.set_title(LABELS.get(measure, measure))
        ax.set_xlabel("Year")
        ax.set_ylabel(UNITS.get(measure, ""), fontsize=8)
        ax.legend(fontsize=7, loc="best")
    for ax in flat[len(measures):]:
        ax.set_visible(False)
    fig.suptitle(f"{ctx.la_name} against its comparators and England "
                 "(workforce at 30 September; outcomes for the year to 31 March)",
                 fontsize=10, weight="bold")
    return plots.finish(fig, flat[0], ctx, title=LABELS.get(measures[0], measures[0]),
                        xlabel="Year", ylabel=UNITS.get(measures[0], ""),
                        name="caseload_descriptive_panel", source=SOURCE)


def coefficient_plot(ctx, table: pd.DataFrame, outcome: str):
    """Each regressor's coefficient with its 95% confidence interval (LA-clustered), one
    marker per model."""
    terms = list(dict.fromkeys(table["term"]))
    model_names = list(dict.fromkeys(table["model"]))
    fig, ax = plots.new_figure(figsize=(11, 1.5 + 0.9 * len(terms)))
    width = 0.8 / max(1, len(model_names))
    for k, model in enumerate(model_names):
        rows = table[table["model"] == model].set_index("term").reindex(terms)
        est, low, high = (rows[c].to_numpy(dtype=float) for c in ("estimate", "ci_low",
                                                                  "ci_high"))
        y = [i + (k - (len(model_names) - 1) / 2) * width for i in range(len(terms))]
        ax.errorbar(est, y, xerr=[est - low, high - est],
                    fmt="o", color=plots.PALETTE[k], capsize=3,
                    label=_sentence(MODEL_LABELS.get(model, model)))
    ax.axvline(0, color="#555555", linewidth=1)
    ax.set_yticks(range(len(terms)))
    ax.set_yticklabels([LABELS.get(t, t) for t in terms], fontsize=8)
    ax.invert_yaxis()
    ax.legend(fontsize=8)
    return plots.finish(fig, ax, ctx, title=f"What goes with {short_label(outcome)}: four models",
                        xlabel="Coefficient: percentage points per unit of the regressor "
                               f"({interval_label('confidence')}, LA-clustered)",
                        ylabel="Regressor", name="caseload_coefficients", source=SOURCE)


def residual_plot(ctx, residuals: pd.DataFrame, model: str):
    """Residuals against fitted values of the chosen model."""
    fig, ax = plots.new_figure()
    ax.scatter(residuals["fitted"], residuals["residual"], s=8, alpha=0.5,
               color=plots.PALETTE[0])
    ax.axhline(0, color="#555555", linewidth=1)
    return plots.finish(fig, ax, ctx, title=f"Residuals against fitted values ({model.upper()})",
                        xlabel="Fitted value (percentage points)",
                        ylabel="Residual (percentage points)", name="caseload_residuals",
                        source=SOURCE)


def influence_plot(ctx, influence: pd.DataFrame, names: dict, term: str, la_code: int,
                   top: int = 12):
    """The LAs whose removal moves ``term``'s coefficient most (in standard errors), plus the
    run's LA (highlighted) wherever it ranks."""
    rows = influence[influence["term"] == term].reset_index(drop=True)
    shown = rows.head(top)
    if la_code in set(rows["la_code"]) and la_code not in set(shown["la_code"]):
        shown = pd.concat([shown, rows[rows["la_code"] == la_code]])
    shown = shown.iloc[::-1]
    labels = [f"{names.get(code, str(code))} (rank {rank + 1})"
              for code, rank in zip(shown["la_code"], shown.index, strict=True)]
    colours = [plots.LA_COLOUR if code == la_code else plots.COMPARATOR_COLOUR
               for code in shown["la_code"]]
    fig, ax = plots.new_figure(figsize=(9, 0.4 * len(shown) + 1.5))
    ax.barh(labels, shown["change_in_se"], color=colours)
    ax.axvline(0, color="#555555", linewidth=1)
    return plots.finish(fig, ax, ctx,
                        title=f"Leave-one-LA-out: influence on the {short_label(term)} coefficient",
                        xlabel="Change in coefficient when the LA is left out "
                               "(standard errors)",
                        ylabel="LA left out", name="caseload_influence", source=SOURCE)
