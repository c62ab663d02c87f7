"""The attainment notebook's charts, in the house style (``analysis_lib.plots``).

Each function draws one chart from a tidy frame made elsewhere, finishes it with
``plots.finish`` (title, axis labels with units, source, synthetic-data label, saved PNG)
and returns the figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from analysis_lib import plots
from analysis_lib.context import RunContext

ROLE_COLOURS = {"LA": plots.LA_COLOUR, "England": plots.ENGLAND_COLOUR,
                "Region": plots.REGION_COLOUR, "Comparator": plots.COMPARATOR_COLOUR,
                "Comparators (average)": plots.COMPARATOR_COLOUR}
KS2_CHANGE_YEAR = 2016
NO_TESTS = (2020, 2021)


def gap_dots(ctx: RunContext, table: pd.DataFrame, *, title: str, unit: str, source: str):
    """Gap per area with its 95% interval (where one exists); the LA highlighted."""
    fig, ax = plots.new_figure(figsize=(9, max(3.0, 0.45 * len(table) + 1.5)))
    rows = table.reset_index(drop=True)
    y = np.arange(len(rows))[::-1]
    for yi, (_, row) in zip(y, rows.iterrows(), strict=True):
        colour = ROLE_COLOURS.get(row["role"], plots.COMPARATOR_COLOUR)
        if pd.notna(row["ci_low"]):
            ax.plot([row["ci_low"], row["ci_high"]], [yi, yi], color=colour, linewidth=2)
        ax.plot(row["gap"], yi, "o", color=colour, markersize=8 if row["role"] == "LA" else 6)
    ax.set_yticks(y, [f"{n} ({r})" if r == "Comparator" else n
                      for n, r in zip(rows["area_name"], rows["role"], strict=True)])
    ax.axvline(0, color="#777777", linewidth=0.8)
    return plots.finish(fig, ax, ctx, title=title, xlabel=f"Gap ({unit}; 95% interval)",
                        ylabel="", name="gap_by_area", source=source)


def _mark_regimes(ax, years: pd.Series, key_stage: int) -> None:
    lo, hi = years.min(), years.max()
    if key_stage == 2 and lo < KS2_CHANGE_YEAR <= hi:
        plots.mark_break(ax, KS2_CHANGE_YEAR - 0.5, "2016: new KS2 tests")
    if lo <= NO_TESTS[0] <= hi and key_stage == 2:
        ax.axvspan(NO_TESTS[0] - 0.5, NO_TESTS[1] + 0.5, color="#EEEEEE", zorder=0,
                   label="no KS2 tests (2020-21)")


def trend_chart(ctx: RunContext, series: pd.DataFrame, *, value: str, title: str,
                ylabel: str, key_stage: int, source: str, name: str):
    """Lines per role over years, broken at regime changes and gap years (see ``trends``)."""
    fig, ax = plots.new_figure()
    for role, rows in series.groupby("role", sort=False):
        colour = ROLE_COLOURS.get(role, plots.COMPARATOR_COLOUR)
        width = 2.5 if role == "LA" else 1.5
        ax.plot(rows["year"], rows[value], color=colour, linewidth=width, marker="o",
                markersize=3, label=role if role != "LA" else ctx.la_name)
        if role == "LA" and "ci_low" in rows and rows["ci_low"].notna().any():
            ax.fill_between(rows["year"], rows["ci_low"], rows["ci_high"], color=colour,
                            alpha=0.15, linewidth=0, label=f"{ctx.la_name} 95% interval")
    _mark_regimes(ax, series["year"], key_stage)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="best", fontsize=8)
    return plots.finish(fig, ax, ctx, title=title, xlabel="Academic year (ending)",
                        ylabel=ylabel, name=name, source=source)


def groups_chart(ctx: RunContext, series: pd.DataFrame, *, focal_label: str,
                 reference_label: str, key_stage: int, source: str):
    """Both groups' percentages for the LA (solid) and England (dashed)."""
    fig, ax = plots.new_figure()
    styles = {"LA": "-", "England": "--"}
    for role, rows in series[series["role"].isin(list(styles))].groupby("role", sort=False):
        who = ctx.la_name if role == "LA" else "England"
        ax.plot(rows["year"], rows["focal_pct"], styles[role], color=plots.PALETTE[5],
                label=f"{who}: {focal_label}")
        ax.plot(rows["year"], rows["reference_pct"], styles[role], color=plots.PALETTE[0],
                label=f"{who}: {reference_label}")
    _mark_regimes(ax, series["year"], key_stage)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="best", fontsize=8)
    return plots.finish(fig, ax, ctx, title="Pupils meeting the measure, by group",
                        xlabel="Academic year (ending)", ylabel="Pupils meeting the measure (%)",
                        name="groups_over_time", source=source)


def school_gap_histogram(ctx: RunContext, gaps: pd.DataFrame, *, la_code: int, year: int,
                         source: str, comparison: str = "England's schools"):
    """Distribution of school gaps (pp) in the LA against all schools of ``gaps``, one year."""
    fig, ax = plots.new_figure()
    in_year = gaps[(gaps["year"] == year) & gaps["gap"].notna()]
    bins = np.arange(-60, 81, 5)
    ax.hist(in_year["gap"], bins=bins, density=True, color=plots.ENGLAND_COLOUR, alpha=0.25,
            label=comparison)
    ax.hist(in_year.loc[in_year["la_code"] == la_code, "gap"], bins=bins, density=True,
            histtype="step", linewidth=2, color=plots.LA_COLOUR, label=f"{ctx.la_name}'s schools")
    ax.axvline(0, color="#777777", linewidth=0.8)
    ax.legend(fontsize=8)
    return plots.finish(fig, ax, ctx, title=f"School-level gaps, {year}",
                        xlabel="Gap: other minus disadvantaged pupils meeting the measure (pp)",
                        ylabel="Share of schools (density)", name="school_gaps", source=source)


def funnel_chart(ctx: RunContext, points: pd.DataFrame, curve: pd.DataFrame, info: dict, *,
                 year: int, source: str):
    """Funnel plot: disadvantaged pupils' % meeting the measure against their number."""
    fig, ax = plots.new_figure()
    for label, style in (("95", "--"), ("99.8", ":")):
        for side in ("lower", "upper"):
            ax.plot(curve["n"], 100 * curve[f"{side}_{label}"], style, color="#555555",
                    linewidth=1, label=f"{label}% limits" if side == "lower" else None)
    ax.axhline(100 * info["target"], color=plots.ENGLAND_COLOUR, linewidth=1,
               label=f"target ({info['target_kind']})")
    outside = points["position"] != "within"
    ax.scatter(points.loc[~outside, "disadvantaged_pupils"],
               100 * points.loc[~outside, "proportion"], color=plots.LA_COLOUR, s=18,
               label="school within limits")
    ax.scatter(points.loc[outside, "disadvantaged_pupils"],
               100 * points.loc[outside, "proportion"], color=plots.PALETTE[5], s=30,
               marker="D", label="school outside 95% limits")
    ax.set_xlim(0, max(points["disadvantaged_pupils"].max() * 1.1, 10))
    ax.set_ylim(-2, 102)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3)
    return plots.finish(fig, ax, ctx, title=f"Funnel plot of schools' disadvantaged pupils, {year}",
                        xlabel="Disadvantaged pupils in the school's cohort (number)",
                        ylabel="Disadvantaged pupils meeting the measure (%)",
                        name="funnel_plot", source=source)


def floor_chart(ctx: RunContext, summary: pd.DataFrame, *, source: str):
    """Share of schools below the floor each year: LA against England (where known)."""
    fig, ax = plots.new_figure()
    width = 0.4
    ax.bar(summary["year"] - width / 2, summary["la_below_floor_pct"], width,
           color=plots.LA_COLOUR, label=f"{ctx.la_name}: below the floor")
    unknown = 100 * summary["la_progress_unknown"] / summary["la_schools"]
    ax.bar(summary["year"] - width / 2, unknown, width, bottom=summary["la_below_floor_pct"],
           color="white", edgecolor=plots.LA_COLOUR, hatch="//",
           label=f"{ctx.la_name}: under the attainment threshold, progress rule not recorded")
    if summary["england_below_floor_pct"].notna().any():
        ax.bar(summary["year"] + width / 2, summary["england_below_floor_pct"], width,
               color=plots.ENGLAND_COLOUR, alpha=0.6, label="England")
    ax.set_xticks(summary["year"])
    ax.legend(fontsize=8)
    return plots.finish(fig, ax, ctx, title="Primary schools below the floor standard",
                        xlabel="Academic year (ending)", ylabel="Schools below the floor (%)",
                        name="floor_standards", source=source)


def caterpillar(ctx: RunContext, effects: pd.DataFrame, *, source: str):
    """Every LA's conditional effect (pp) with its 95% interval, the chosen LA highlighted."""
    fig, ax = plots.new_figure(figsize=(9, 5.5))
    rows = effects.sort_values("effect_pp").reset_index(drop=True)
    x = np.arange(len(rows))
    chosen = (rows["la_code"] == ctx.la_code).to_numpy()
    ax.vlines(x[~chosen], rows["pp_low"][~chosen], rows["pp_high"][~chosen],
              color=plots.COMPARATOR_COLOUR, linewidth=1)
    ax.plot(x[~chosen], rows["effect_pp"][~chosen], "o", color=plots.COMPARATOR_COLOUR,
            markersize=2.5)
    if chosen.any():
        ax.vlines(x[chosen], rows["pp_low"][chosen], rows["pp_high"][chosen],
                  color=plots.LA_COLOUR, linewidth=2.5)
        ax.plot(x[chosen], rows["effect_pp"][chosen], "o", color=plots.LA_COLOUR, markersize=7,
                label=ctx.la_name)
        ax.legend(fontsize=8)
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xticks([])
    return plots.finish(fig, ax, ctx, title="LAs' disadvantaged-pupil attainment, allowing "
                        "for intake", xlabel="Local authorities, ordered by effect",
                        ylabel="Difference from average LA (pp; 95% interval)",
                        name="la_effects_caterpillar", source=source)


def gap_index_chart(ctx: RunContext, series: pd.DataFrame, *, source: str):
    """DfE-style gap index over time for the LA (with interval) and England."""
    return trend_chart(ctx, series, value="gap_index", key_stage=2, source=source,
                       name="gap_index", ylabel="Gap index (0 = no gap; max 10)",
                       title="Disadvantage gap index (mean-rank method)")
