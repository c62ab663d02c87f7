"""Charts for notebook 02, all finished with the house style (`analysis_lib.plots.finish`)."""

from __future__ import annotations

import functools

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis_lib.context import RunContext
from analysis_lib.ofsted.frameworks import GRADE_LABELS
from analysis_lib.ofsted.ordered import OrderedFit
from analysis_lib.ofsted.periods import snapshot_date
from analysis_lib.plots import (
    COMPARATOR_COLOUR,
    ENGLAND_COLOUR,
    LA_COLOUR,
    PALETTE,
    REGION_COLOUR,
    finish,
    mark_break,
    new_figure,
    shade_periods,
)
from analysis_lib.unavailable import Unavailable, guarded

OFSTED = "Ofsted inspection outcomes"


def source_of(value) -> str:
    """The inspection records' own source label: a saved table's ``inspection_source``
    column, or the ``source_label`` of `SchoolData`, `Snapshots` or a counterfactual setup."""
    if isinstance(value, pd.DataFrame) and "inspection_source" in value and len(value):
        return str(value["inspection_source"].iloc[0])
    return getattr(value, "source_label", "") or OFSTED


def chart(draw):
    """A chart step: passes on `Unavailable` (shown as a note) and otherwise returns None;
    `finish` has already shown the saved chart."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        out = guarded(draw)(*args, **kwargs)
        return out if isinstance(out, Unavailable) else None

    return wrapper
GRADE_COLOURS = {1: PALETTE[2], 2: PALETTE[4], 3: PALETTE[1], 4: PALETTE[5]}


def _shade(ax, window, lo, hi) -> None:
    """Shade before / during / after the run's event (nothing when there is none)."""
    if not window.has_event:
        return
    start, end = window.start, window.end
    shade_periods(ax, [p for p in (("before", lo, start), ("during", start, end),
                                   ("after", end, hi)) if p[1] < p[2]])


@chart
def timeline_chart(ctx: RunContext, timeline: pd.DataFrame, window):
    """LEA (1-7) and children's services (1-4) judgements, lower = better, on one time axis."""
    fig, axes = new_figure(nrows=2, sharex=True, figsize=(9, 6))
    dates = [timeline["inspection_date"].min(), timeline["inspection_date"].max(),
             *([window.start, window.end] if window.has_event else [])]
    lo, hi = min(dates) - pd.Timedelta(days=365), max(dates) + pd.Timedelta(days=365)
    markers = ("o", "s", "^", "D", "v", "P")
    for row, (ax, scale) in enumerate(zip(axes, (7, 4), strict=True)):
        part = timeline[timeline["scale_max"] == scale]
        _shade(ax, window, lo, hi)
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
def shares_chart(ctx: RunContext, shares: pd.DataFrame, window, outcome: str, snaps=None):
    """Share good/outstanding (or mean grade) at 31 August: LA, region, comparators,
    England; notes where the series stops (from `snaps`, a `workflow.Snapshots`)."""
    note = getattr(snaps, "stop_note", "")
    fig, ax = new_figure()
    colours = {ctx.la_name: LA_COLOUR, "Comparators": COMPARATOR_COLOUR,
               "England": ENGLAND_COLOUR}
    dates = shares["year"].map(snapshot_date)
    _shade(ax, window, dates.min() - pd.Timedelta(days=200),
           dates.max() + pd.Timedelta(days=200))
    for area, part in shares.groupby("area", sort=False):
        ax.plot(part["year"].map(snapshot_date), part[outcome], marker="o", markersize=3,
                color=colours.get(area, REGION_COLOUR), label=area,
                linewidth=2.5 if area == ctx.la_name else 1.5)
    mark_break(ax, pd.Timestamp("2012-09-01"), "'satisfactory' -> 'requires improvement'")
    ax.legend(fontsize=8, loc="lower right")
    if note:
        ax.annotate(f"Series ends 31 Aug {int(shares['year'].max())} (see note)",
                    xy=(1, 0.02), xycoords="axes fraction", ha="right", fontsize=8)
    label = ("schools good or outstanding (%)" if outcome == "share_good_or_outstanding"
             else "mean grade (1 = outstanding, 4 = inadequate)")
    if outcome == "mean_grade":
        ax.invert_yaxis()
    return finish(fig, ax, ctx, title=f"{ctx.la_name}: latest school inspection grades at "
                  "31 August", xlabel="snapshot date (31 August)", ylabel=label,
                  name=f"school_{outcome}", source=source_of(shares))


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
                  name="school_grade_distribution", source=source_of(distribution))


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
                  name="grade_transitions", source=source_of(counts))


@chart
def ordered_chart(ctx: RunContext, fit: OrderedFit, data=None):
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
                  ylabel="model term", name="ordered_logit", source=source_of(data))


@chart
def period_shares_chart(ctx: RunContext, by_period: pd.DataFrame):
    """Share good or outstanding during and after the event by area, with 95% CIs."""
    fig, ax = new_figure()
    names = list(dict.fromkeys(by_period["area"]))
    colours = {ctx.la_name: LA_COLOUR, "Comparators": COMPARATOR_COLOUR,
               "England": ENGLAND_COLOUR}
    width = 0.8 / len(names)
    periods = list(dict.fromkeys(by_period["period"]))
    for i, name in enumerate(names):
        part = by_period[by_period["area"] == name].set_index("period").reindex(periods)
        x = np.arange(len(periods)) + (i - (len(names) - 1) / 2) * width
        ax.bar(x, part["share_good_or_outstanding"], width * 0.9, label=name,
               color=colours.get(name, REGION_COLOUR),
               yerr=[part["share_good_or_outstanding"] - part["ci_low"],
                     part["ci_high"] - part["share_good_or_outstanding"]], capsize=3)
    first = by_period.groupby("period")[["first_year", "last_year"]].first()
    ax.set_xticks(range(len(periods)), [f"{p} ({first.loc[p, 'first_year']}-"
                                        f"{first.loc[p, 'last_year']})" for p in periods])
    ax.legend(fontsize=8, loc="lower right")
    return finish(fig, ax, ctx, title=f"{ctx.la_name}: schools good or outstanding during and "
                  "after", xlabel="period (31 August snapshots)",
                  ylabel="schools good or outstanding (%, 95% CI)",
                  name="share_good_or_outstanding_by_period", source=source_of(by_period))
