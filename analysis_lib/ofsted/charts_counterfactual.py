"""Charts of notebook 02's counterfactual comparisons (event study, synthetic control and
its donor weights), finished with the house style (`analysis_lib.plots.finish`)."""

from __future__ import annotations

from matplotlib.ticker import MaxNLocator
from scipy import stats

from analysis_lib import geography
from analysis_lib.context import RunContext
from analysis_lib.ofsted.charts import chart, source_of
from analysis_lib.ofsted.did import DidResult
from analysis_lib.ofsted.synth import SynthResult
from analysis_lib.plots import LA_COLOUR, PALETTE, finish, new_figure


def _la_name(code: int) -> str:
    try:
        return geography.resolve_la(int(code))[1]
    except Exception:  # noqa: BLE001 - a label must never stop a chart
        return str(code)


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
                  ylabel=f"difference ({_units(setup)})", name="event_study",
                  source=source_of(setup))


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
                  name="synthetic_control", source=source_of(setup))


@chart
def weights_chart(ctx: RunContext, result: SynthResult, setup):
    """Donor LAs' weights in the synthetic LA (weights above 1%)."""
    weights = result.fit.weights[result.fit.weights > 0.01].sort_values()
    fig, ax = new_figure(figsize=(8, max(2.5, 0.4 * len(weights) + 1)))
    ax.barh([_la_name(c) for c in weights.index], weights.to_numpy(), color=LA_COLOUR)
    return finish(fig, ax, ctx, title=f"Which LAs make up synthetic {ctx.la_name}",
                  xlabel="weight (sums to 1)", ylabel="donor LA", name="donor_weights",
                  source=source_of(setup))

