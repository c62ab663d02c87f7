"""Charts for notebook 02, all finished with the house style (`analysis_lib.plots.finish`)."""

from __future__ import annotations

import functools

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator
from scipy import stats

from analysis_lib import geography
from analysis_lib.context import RunContext
from analysis_lib.ofsted.did import DidResult
from analysis_lib.ofsted.frameworks import GRADE_LABELS
from analysis_lib.ofsted.ordered import OrderedFit
from analysis_lib.ofsted.periods import check_window, snapshot_date
from analysis_lib.ofsted.synth import SynthResult
from analysis_lib.ofsted.unavailable import Unavailable, guarded
from analysis_lib.plots import (
    COMPARATOR_COLOUR,
    ENGLAND_COLOUR,
    LA_COLOUR,
    PALETTE,
    finish,
    mark_break,
    new_figure,
    shade_periods,
)

OFSTED = "Ofsted inspection outcomes"


def chart(draw):
    """A chart step: passes on `Unavailable` (shown as a note) and otherwise returns None;
    `finish` has already shown the saved chart."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        out = guarded(draw)(*args, **kwargs)
        return out if isinstance(out, Unavailable) else None

    return wrapper
GRADE_COLOURS = {1: PALETTE[2], 2: PALETTE[4], 3: PALETTE[1], 4: PALETTE[5]}


def _shade(ax, start, end, lo, hi) -> None:
    start, end = check_window(start, end)
    shade_periods(ax, [p for p in (("before", lo, start), ("during", start, end),
                                   ("after", end, hi)) if p[1] < p[2]])


def _la_name(code: int) -> str:
    try:
        return geography.resolve_la(int(code))[1]
    except Exception:  # noqa: BLE001 - a label must never stop a chart
        return str(code)


@chart
def timeline_chart(ctx: RunContext, timeline: pd.DataFrame, start, end):
    """LEA (1-7) and children's services (1-4) judgements, lower = better, on one time axis."""
    fig, axes = new_figure(nrows=2, sharex=True, figsize=(9, 6))
    lo = min(timeline["inspection_date"].min(), pd.Timestamp(start)) - pd.Timedelta(days=365)
    hi = max(timeline["inspection_date"].max(), pd.Timestamp(end)) + pd.Timedelta(days=365)
    markers = ("o", "s", "^", "D", "v", "P")
    for row, (ax, scale) in enumerate(zip(axes, (7, 4), strict=True)):
        part = timeline[timeline["scale_max"] == scale]
        _shade(ax, start, end, lo, hi)
        judgements = sorted(part["judgement"].unique(), key=lambda j: ("overall" not in j, j))
        points = []
        for i, judgement in enumerate(judgements):
            rows = part[part["judgement"] == judgement]
            overall = "overall" in judgement
            # small horizontal offsets keep judgements of one inspection visible side by side
            shift = pd.Timedelta(days=45 * (i - (len(judgements) - 1) / 2))
            points.append(ax.plot(
                rows["inspection_date"] + shift, rows["grade"].astype(float),
                markers[i % len(markers)], color="#000000" if overall else
                PALETTE[i % 7], markersize=9 if overall else 6,
                label=judgement.replace("_", " "))[0])
        ax.set_ylim(scale + 0.5, 0.5)
        ax.set_yticks(range(1, scale + 1))
        ax.set_ylabel(f"grade 1-{scale} (1 = best)")
        ax.set_title("LEA inspections (1-7)" if scale == 7 else
                     "Children's services inspections (1-4)", fontsize=10)
        handles = ax.get_legend_handles_labels()[0] if row == 0 else points
        if handles:
            ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    axes[1].xaxis.set_major_locator(mdates.YearLocator(2))
    fig.suptitle(f"{ctx.la_name}: Ofsted judgements of the LA", fontweight="bold")
    return finish(fig, axes[1], ctx, title="Children's services inspections (1-4)",
                  xlabel="inspection date", ylabel="grade 1-4 (1 = best)",
                  name="la_inspection_timeline", source="Ofsted LA inspections; cited LEA "
                  "judgements")


@chart
def shares_chart(ctx: RunContext, shares: pd.DataFrame, start, end, outcome: str,
                 snaps=None):
    """Share good/outstanding (or mean grade) at 31 August: LA, comparators, England; notes
    where the series stops (from `snaps`, a `workflow.Snapshots`)."""
    note = getattr(snaps, "stop_note", "")
    fig, ax = new_figure()
    colours = {ctx.la_name: LA_COLOUR, "Comparators": COMPARATOR_COLOUR,
               "England": ENGLAND_COLOUR}
    dates = shares["year"].map(snapshot_date)
    _shade(ax, start, end, dates.min() - pd.Timedelta(days=200),
           dates.max() + pd.Timedelta(days=200))
    for area, part in shares.groupby("area", sort=False):
        ax.plot(part["year"].map(snapshot_date), part[outcome], marker="o", markersize=3,
                color=colours.get(area, PALETTE[3]), label=area,
                linewidth=2.5 if area == ctx.la_name else 1.5)
    mark_break(ax, pd.Timestamp("2012-09-01"), "'satisfactory' -> 'requires improvement'")
    ax.legend(fontsize=8, loc="lower right")
    if note:
        ax.annotate("Series ends 31 Aug 2024: no overall grades from Sept 2024",
                    xy=(1, 0.02), xycoords="axes fraction", ha="right", fontsize=8)
    label = ("schools good or outstanding (%)" if outcome == "share_good_or_outstanding"
             else "mean grade (1 = outstanding, 4 = inadequate)")
    if outcome == "mean_grade":
        ax.invert_yaxis()
    return finish(fig, ax, ctx, title=f"{ctx.la_name}: latest school inspection grades at "
                  "31 August", xlabel="snapshot date (31 August)", ylabel=label,
                  name=f"school_{outcome}", source=OFSTED)


@chart
def distribution_chart(ctx: RunContext, distribution: pd.DataFrame):
    """Stacked percentages of each grade among the LA's graded open schools, by year."""
    part = distribution[distribution["area"] == ctx.la_name]
    wide = part.pivot(index="year", columns="grade", values="percent").fillna(0)
    fig, ax = new_figure()
    bottom = np.zeros(len(wide))
    for grade in GRADE_LABELS:
        values = wide.get(grade, pd.Series(0, index=wide.index)).to_numpy()
        ax.bar(wide.index, values, bottom=bottom, color=GRADE_COLOURS[grade],
               label=f"{grade} {GRADE_LABELS[grade]}" + (" / satisfactory" if grade == 3
                                                         else ""))
        bottom += values
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return finish(fig, ax, ctx, title=f"{ctx.la_name}: grade distribution at 31 August",
                  xlabel="year (31 August snapshot)", ylabel="schools (% of graded)",
                  name="school_grade_distribution", source=OFSTED)


@chart
def transitions_chart(ctx: RunContext, counts: pd.DataFrame):
    """Row percentages (with counts) of grade changes, one panel per period."""
    periods = [p for p in ("before", "during", "after")
               if counts.loc[counts["period"] == p, "count"].sum() > 0]
    fig, axes = new_figure(ncols=max(len(periods), 1), figsize=(4 * max(len(periods), 1), 4))
    axes = np.atleast_1d(axes)
    for ax, period in zip(axes, periods, strict=False):
        part = counts[counts["period"] == period]
        pct = part.pivot(index="previous_grade", columns="grade", values="row_percent")
        cnt = part.pivot(index="previous_grade", columns="grade", values="count")
        ax.imshow(pct.fillna(0).to_numpy(), cmap="Blues", vmin=0, vmax=100)
        for (i, j), n in np.ndenumerate(cnt.to_numpy()):
            text = "" if pd.isna(pct.iat[i, j]) else f"{pct.iat[i, j]:.0f}%\n({n})"
            dark = not pd.isna(pct.iat[i, j]) and pct.iat[i, j] > 60
            ax.text(j, i, text, ha="center", va="center", fontsize=7,
                    color="white" if dark else "black")
        ax.set_xticks(range(4), [str(g) for g in GRADE_LABELS])
        ax.set_yticks(range(4), [str(g) for g in GRADE_LABELS])
        ax.set_title(f"{period} outsourcing (n = {int(cnt.to_numpy().sum())})", fontsize=10)
        ax.grid(False)
    fig.suptitle(f"{ctx.la_name}: grade at an inspection against the previous one "
                 "(row %, count)", fontweight="bold")
    return finish(fig, axes[-1], ctx, title=axes[-1].get_title(),
                  xlabel="next grade", ylabel="previous grade",
                  name="grade_transitions", source=OFSTED)


@chart
def ordered_chart(ctx: RunContext, fit: OrderedFit):
    """Odds ratios of a better grade with 95% intervals (log scale)."""
    params = fit.params.iloc[::-1]
    fig, ax = new_figure()
    y = np.arange(len(params))
    ax.errorbar(np.exp(params["coef"]), y, xerr=[np.exp(params["coef"]) - np.exp(params["ci_low"]),
                np.exp(params["ci_high"]) - np.exp(params["coef"])], fmt="o", color=LA_COLOUR)
    ax.axvline(1, color="#555555", linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_yticks(y, params["term"])
    return finish(fig, ax, ctx, title="Ordered logit: odds of a better inspection grade",
                  xlabel=f"odds ratio (log scale; 95% CI, {fit.interval} by school)",
                  ylabel="model term", name="ordered_logit", source=OFSTED)


def _units(setup) -> str:
    return {"share_good_or_outstanding": "percentage points",
            "mean_grade": "grade points"}[setup.outcome]


@chart
def event_study_chart(ctx: RunContext, result: DidResult, setup):
    """Event-time coefficients: LA minus comparators, relative to the last pre-event year
    (converted from the probit scale to points at the LA's reference-year level)."""
    es = result.event_study.copy()
    cols = ["coef", "ci_low", "ci_high"]
    if setup.scale == "probit":
        own = setup.panel[setup.panel["la_code"] == ctx.la_code].set_index("year")["value"]
        ref = own.get(result.design.pre_years[-1], float(own.mean()))
        base = stats.norm.cdf(ref)
        es[cols] = 100 * (stats.norm.cdf(ref + es[cols]) - base)
    fig, ax = new_figure()
    ax.axhline(0, color="#555555", linewidth=1)
    ax.axvline(-0.5, color="#555555", linestyle="--", linewidth=1)
    ax.errorbar(es["event_time"], es["coef"], yerr=[es["coef"] - es["ci_low"],
                es["ci_high"] - es["coef"]], fmt="o", color=LA_COLOUR, capsize=2,
                label="estimate (LA-clustered 95% CI)")
    washout = range(result.design.event_year, min(result.design.post_years))
    if len(washout):
        ax.axvspan(-0.5, len(washout) - 0.5, color="#EEEEEE", zorder=0,
                   label="wash-out years (not in the pooled estimate)")
    ax.legend(fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return finish(fig, ax, ctx, title=f"{ctx.la_name} minus comparators around the "
                  f"{result.design.event} ({result.design.event_year})",
                  xlabel=f"years since the {result.design.event} (31 August snapshots)",
                  ylabel=f"difference ({_units(setup)})", name="event_study", source=OFSTED)


@chart
def synth_chart(ctx: RunContext, result: SynthResult, setup):
    """Actual vs synthetic LA (left, outcome units) and gaps against the placebo LAs' gaps
    (right, estimation scale)."""
    fig, (left, right) = new_figure(ncols=2, figsize=(11, 4.5))
    path = result.fit.path
    show = (lambda z: 100 * stats.norm.cdf(z)) if setup.scale == "probit" else (lambda z: z)
    left.plot(path["year"], show(path["actual"]), color=LA_COLOUR, linewidth=2.5,
              label=ctx.la_name)
    left.plot(path["year"], show(path["synthetic"]), color=PALETTE[1], linestyle="--",
              label=f"synthetic {ctx.la_name}")
    left.axvline(result.design.event_year - 0.5, color="#555555", linestyle="--", linewidth=1)
    left.legend(fontsize=8)
    left.set_ylabel("schools good or outstanding (%)" if setup.scale == "probit"
                    else "mean grade")
    left.set_xlabel("year (31 August snapshot)")
    gap_cols = [c for c in result.placebos.columns if c.startswith("gap_")]
    years = [int(c[4:]) for c in gap_cols]
    for _, row in result.placebos.iterrows():
        right.plot(years, row[gap_cols].to_numpy(dtype=float), color="#BBBBBB",
                   linewidth=0.6)
    right.plot(path["year"], path["gap"], color=LA_COLOUR, linewidth=2.5, label=ctx.la_name)
    right.axhline(0, color="#555555", linewidth=1)
    right.axvline(result.design.event_year - 0.5, color="#555555", linestyle="--", linewidth=1)
    right.legend(fontsize=8)
    for ax in (left, right):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    unit = ("probit units; 0.1 is about 3-4 points near 70%" if setup.scale == "probit"
            else _units(setup))
    return finish(fig, right, ctx, title="Gap: actual minus synthetic (grey: placebo LAs)",
                  xlabel="year (31 August snapshot)", ylabel=f"gap ({unit})",
                  name="synthetic_control", source=OFSTED)


@chart
def weights_chart(ctx: RunContext, result: SynthResult):
    """Donor LAs' weights in the synthetic LA (weights above 1%)."""
    weights = result.fit.weights[result.fit.weights > 0.01].sort_values()
    fig, ax = new_figure(figsize=(8, max(2.5, 0.4 * len(weights) + 1)))
    ax.barh([_la_name(c) for c in weights.index], weights.to_numpy(), color=LA_COLOUR)
    return finish(fig, ax, ctx, title=f"Which LAs make up synthetic {ctx.la_name}",
                  xlabel="weight (sums to 1)", ylabel="donor LA", name="donor_weights",
                  source=OFSTED)

