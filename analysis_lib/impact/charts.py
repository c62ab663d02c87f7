"""Charts for the Troubled Families notebook, all finished with the house style."""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import pandas as pd

from analysis_lib import plots
from analysis_lib.context import RunContext
from analysis_lib.impact import evidence

TF_SOURCE = "Troubled Families programme data"


def progress_chart(ctx: RunContext, progress: pd.DataFrame, reference: pd.DataFrame | None,
                   phase: int):
    """% of target identified / attached / turned around over time, LA vs comparators.

    Published counts for the LA (``reference``: date, measure label, value) are drawn as
    stars, as a % of the LA's target at the nearest reporting date.
    """
    fig, axes = plots.new_figure(ncols=3, figsize=(13, 4.8), sharey=True)
    colours = {ctx.la_name: plots.LA_COLOUR, "Comparators (combined)": plots.COMPARATOR_COLOUR,
               "England": plots.ENGLAND_COLOUR}
    own = progress[progress["area"] == ctx.la_name].sort_values("period_end")
    for ax, measure in zip(axes, ["identified", "attached", "turned around"], strict=True):
        rows = progress[progress["measure"] == measure]
        for area, part in rows.groupby("area", sort=False):
            ax.plot(part["period_end"], part["pct_of_target"], marker="o", ms=3,
                    color=colours.get(area, plots.PALETTE[2]), label=area)
        published = (reference[reference["measure"] == measure]
                     if reference is not None else pd.DataFrame())
        for k, row in enumerate(published.itertuples()):
            when = pd.Timestamp(row.date)
            target = own.iloc[(own["period_end"] - when).abs().argmin()]["target_families"]
            ax.scatter([when], [100 * row.value / target], marker="*", s=140, zorder=4,
                       color=plots.PALETTE[5],
                       label=None if k else f"{ctx.la_name}: published count (section 1)")
        ax.set_title(f"Families {measure}", fontsize=10)
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    axes[0].legend(fontsize=8, loc="lower right")
    fig.suptitle(f"Troubled Families phase {phase}: progress against target", weight="bold")
    return plots.finish(fig, axes[0], ctx, title="Families identified",
                        xlabel="Reporting date", ylabel="% of target families",
                        name="progress", source=TF_SOURCE)


def overlap_chart(ctx: RunContext, overlap: pd.DataFrame):
    """Distribution of propensity scores for programme and comparison families."""
    fig, ax = plots.new_figure()
    width = float((overlap["bin_high"] - overlap["bin_low"]).iloc[0])
    for colour, (group, part) in zip([plots.LA_COLOUR, plots.PALETTE[1]],
                                     overlap.groupby("group", sort=False), strict=False):
        ax.bar(part["bin_low"], 100 * part["share"], width=width, align="edge", alpha=0.55,
               color=colour, label=f"{group} families", edgecolor="white")
    ax.legend()
    return plots.finish(fig, ax, ctx, title="Overlap: propensity scores of the two groups",
                        xlabel="Estimated probability of being on the programme",
                        ylabel="% of the group's families", name="overlap", source=TF_SOURCE)


def love_plot(ctx: RunContext, love: pd.DataFrame, threshold: float = 0.1):
    """Absolute standardised mean differences before and after matching."""
    fig, ax = plots.new_figure()
    for colour, marker, stage in ((plots.PALETTE[5], "o", "before"), (plots.LA_COLOUR, "s",
                                                                       "after")):
        part = love[love["stage"] == stage]
        ax.scatter(part["abs_smd"], part["covariate"].astype(str), color=colour, marker=marker,
                   label=f"{stage} matching", zorder=3)
    ax.axvline(threshold, color="#555555", linestyle="--", linewidth=1)
    ax.legend()
    return plots.finish(fig, ax, ctx, title="Balance of baseline characteristics",
                        xlabel="Absolute standardised mean difference (SD units)",
                        ylabel="Baseline characteristic", name="love-plot", source=TF_SOURCE)


def event_study_chart(ctx: RunContext, event: pd.DataFrame, outcome_label: str,
                      truth: float | None = None):
    """Effect by years since start (negative = before start), with 95% intervals."""
    fig, ax = plots.new_figure()
    colours = event["event_time"].lt(0).map({True: plots.COMPARATOR_COLOUR,
                                             False: plots.LA_COLOUR})
    ax.errorbar(event["event_time"], event["att"],
                yerr=[event["att"] - event["ci_low"], event["ci_high"] - event["att"]],
                fmt="none", ecolor="#777777", capsize=3)
    ax.scatter(event["event_time"], event["att"], c=list(colours), zorder=3)
    ax.axhline(0, color="#000000", linewidth=0.8)
    ax.axvline(-0.5, color="#555555", linestyle="--", linewidth=1)
    if truth is not None:
        ax.axhline(truth, color=plots.PALETTE[2], linestyle=":", label="planted effect")
        ax.legend()
    return plots.finish(fig, ax, ctx, title=f"Event study: {outcome_label}, by years since "
                        "the start", xlabel="Years since the family started (0 = start year)",
                        ylabel="Effect on the yearly chance (percentage points)",
                        name="event-study", source=TF_SOURCE)


def benchmark_chart(ctx: RunContext, table: pd.DataFrame, title: str, source: str):
    """The run's estimates (95% interval bars) beside the published national differences
    (diamonds, no interval reported); a published finding without a figure is written out.

    ``table`` is `evidence.benchmark_table`: origin, label, value, ci_low, ci_high, interval,
    same_outcome, finding, note.
    """
    fig, ax = plots.new_figure(figsize=(11, 2.4 + 0.62 * len(table)))
    y = list(range(len(table)))[::-1]
    ticks = []
    for pos, row in zip(y, table.itertuples(), strict=True):
        is_published = row.origin == evidence.PUBLISHED
        mark = " [same outcome as this run]" if is_published and row.same_outcome else ""
        origin = "Published" if is_published else row.origin
        ticks.append(textwrap.fill(f"{origin}: {row.label}{mark}", 58))
        if pd.isna(row.value):
            ax.text(0.01, pos, textwrap.fill(f"no single figure: {row.finding}", 90),
                    transform=ax.get_yaxis_transform(), va="center", fontsize=8)
        elif is_published:
            ax.scatter([row.value], [pos], marker="D", s=60, color=plots.PALETTE[1], zorder=3,
                       label="published figure (no interval reported)")
        else:
            ax.errorbar([row.value], [pos], xerr=[[row.value - row.ci_low],
                                                  [row.ci_high - row.value]],
                        fmt="o", color=plots.LA_COLOUR, capsize=4, zorder=3,
                        label=f"{row.origin}: estimate with {row.interval}")
        if row.note:
            ax.annotate(textwrap.fill(row.note, 45), (1.0, pos), xycoords=("axes fraction",
                        "data"), xytext=(6, 0), textcoords="offset points", va="center",
                        fontsize=7, color="#555555")
    ax.set_yticks(y, ticks, fontsize=8)
    ax.set_ylim(-1.9, len(table) - 0.3)  # the bottom row is left free for the legend
    ax.axvline(0, color="#000000", linewidth=0.8)
    truth = table["truth"].dropna()
    if not truth.empty:
        ax.axvline(float(truth.iloc[0]), color=plots.PALETTE[2], linestyle=":",
                   label="effect planted in the synthetic data")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    if unique:
        ax.legend(unique.values(), unique.keys(), fontsize=8, loc="lower left")
    return plots.finish(fig, ax, ctx, title=title,
                        xlabel="Programme minus comparison (percentage points)",
                        ylabel="", name="benchmark", source=source)
