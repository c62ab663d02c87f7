"""Notebook 02's counterfactual steps: the LA x year panel and its design, the
difference-in-differences and the synthetic control, with placebo fits cached.

The pure parts (`outcome_panel`, `washout_design`, `unit_controls`) are shared with the
survivorship measurement, which runs the same comparison on filtered synthetic data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis_lib import geography
from analysis_lib.cache import memoise, run_key
from analysis_lib.context import RunContext
from analysis_lib.errors import DataNotAvailableError, ParameterError
from analysis_lib.ofsted import did, synth
from analysis_lib.ofsted.as_at import la_year_panel
from analysis_lib.ofsted.comparison import comparators, excluded_las
from analysis_lib.ofsted.design import EventDesign, choose_design
from analysis_lib.ofsted.events import EventWindow
from analysis_lib.ofsted.workflow import Snapshots
from analysis_lib.tables import save_table
from analysis_lib.unavailable import Unavailable, guarded

WASHOUT_YEARS = 3


def to_outcome_units(effect: float, during: tuple[float, ...], scale: str) -> float:
    """An outsourcing effect in the estimation scale, in the outcome's units: the mean over
    the during years of observed minus observed-without-the-effect (`during`: the LA's
    observed outcome in those years)."""
    if scale == "identity" or math.isnan(effect):
        return effect
    observed = np.asarray(during) / 100
    without = stats.norm.cdf(stats.norm.ppf(observed) - effect)
    return float(100 * np.mean(observed - without))


@dataclass(frozen=True)
class Counterfactual:
    """The LA x year panel (in the estimation scale), the identifiable design and donors.

    A share good or outstanding is modelled on the probit scale: national shares follow an
    S-curve towards 100%, so LAs at different levels cannot rise by the same number of
    points, while a shift in the underlying (probit) index is additive. Effects are turned
    back into percentage points at the LA's own observed shares during outsourcing.
    """

    panel: pd.DataFrame       # la_code, year, value (estimation scale), value_outcome, n
    design: EventDesign
    pool: list[int]
    controls: list[int]
    outcome: str
    scale: str                # "probit" or "identity"
    la_during: tuple[float, ...]  # the LA's observed outcome in the during-outsourcing years
    key: dict
    source_label: str = ""

    def to_outcome_units(self, outsourcing_effect: float) -> float:
        """An outsourcing effect in the estimation scale, in the outcome's units."""
        return to_outcome_units(outsourcing_effect, self.la_during, self.scale)


def outcome_panel(as_at: pd.DataFrame, outcome: str, phase: str) -> tuple[pd.DataFrame, str]:
    """LA x year panel of the outcome (value in the estimation scale, value_outcome as
    observed) and the scale: probit for a share (continuity-corrected so 0% and 100% stay
    finite), identity for the mean grade."""
    panel = la_year_panel(as_at, outcome=outcome, phase=phase)
    panel["value_outcome"] = panel["value"]
    scale = "probit" if outcome == "share_good_or_outstanding" else "identity"
    if scale == "probit":
        count = panel["value"] / 100 * panel["n_schools"]
        panel["value"] = stats.norm.ppf((count + 0.5) / (panel["n_schools"] + 1))
    return panel, scale


def washout_design(years, start, end, washout_years: int = WASHOUT_YEARS) -> EventDesign:
    """The identifiable design (`design.choose_design`) with the first `washout_years`
    snapshots after the event left out, because a school's latest grade changes only when it
    is re-inspected."""
    design = choose_design(years, start, end)
    post = tuple(y for y in design.post_years if y >= design.event_year + washout_years)
    if len(post) < 2 or not washout_years:
        return design
    return EventDesign(
        design.event, design.event_year, design.pre_years, post, design.contrast,
        design.sign_to_outsourcing,
        f"{design.note} The first {washout_years} snapshots after the event are left "
        "out of the comparison, because a school's latest grade changes only when it is "
        "re-inspected, typically every three to five years.",
        tuple(y for y in design.post_years if y not in post))


def during_values(panel: pd.DataFrame, la_code: int, design: EventDesign) -> tuple[float, ...]:
    """The LA's observed outcome in the during-outsourcing years of the design."""
    during = design.pre_years if design.sign_to_outsourcing < 0 else design.post_years
    own = panel[(panel["la_code"] == la_code) & panel["year"].isin(during)]
    return tuple(own["value_outcome"])


def unit_controls(units, spec, excluded: set[int]) -> dict[int, list[int]]:
    """Each LA's own comparators (by `spec`) without the excluded LAs."""
    out = {}
    for unit in units:
        try:
            out[unit] = [c for c in geography.comparators(unit, spec) if c not in excluded]
        except ParameterError:
            continue
    return out


def comparator_spec(ctx: RunContext) -> str:
    """How placebo LAs choose their own comparators (a list of LAs means neighbours)."""
    return ctx.comparators if isinstance(ctx.comparators, str) else "statistical_neighbours"


@guarded
def counterfactual_setup(ctx: RunContext, snaps: Snapshots, outcome: str, phase: str,
                         window: EventWindow, donor_pool="no_intervention", *,
                         washout_years: int = WASHOUT_YEARS) -> Counterfactual:
    """LA x year panel, the identifiable design (see `washout_design`), donors and
    comparators."""
    start, end = window.dates()
    panel, scale = outcome_panel(snaps.as_at, outcome, phase)
    design = washout_design(panel["year"].unique(), start, end, washout_years)
    excluded = set(excluded_las(ctx))
    if donor_pool == "no_intervention":
        pool = sorted(int(c) for c in panel["la_code"].unique() if c not in excluded)
    else:
        pool = sorted(geography.resolve_la(item)[0] for item in donor_pool)
    during = during_values(panel, ctx.la_code, design)
    if not during:
        raise DataNotAvailableError(f"No school outcomes for {ctx.la_name} during "
                                    "outsourcing.")
    key = run_key(ctx, outcome=outcome, phase=phase, scale=scale,
                  years=sorted(int(y) for y in panel["year"].unique()), design=design,
                  pool=pool)
    return Counterfactual(panel, design, pool, comparators(ctx), outcome, scale, during, key,
                          snaps.source_label)


def design_text(setup) -> str:
    """The design note, or why there is none, as Markdown."""
    if isinstance(setup, Unavailable):
        return setup._repr_markdown_()
    d = setup.design
    scale = ("" if setup.scale == "identity" else
             " The share is modelled on the probit scale (see `Counterfactual`) and effects "
             "are converted back to percentage points at the LA's own level.")
    return (f"**Event:** {d.event} (first 31 August snapshot after it: {d.event_year}). "
            f"**Compared:** {d.contrast}, pre-event snapshots {d.pre_years[0]}-"
            f"{d.pre_years[-1]}, post-event snapshots {d.post_years[0]}-{d.post_years[-1]}. "
            f"{d.note}{scale}")


def _save(ctx: RunContext, setup: Counterfactual, frame: pd.DataFrame, name: str,
          description: str, units: dict[str, str]) -> None:
    save_table(ctx, frame.assign(inspection_source=setup.source_label), name, description,
               units)


@guarded
def difference_in_differences(ctx: RunContext, setup: Counterfactual) -> did.DidResult:
    """DiD and event study for the LA against its comparators; placebo fits cached."""
    excluded = set(excluded_las(ctx))
    spec = comparator_spec(ctx)
    placebos = memoise(
        "ofsted-did-placebos", {**setup.key, "spec": spec, "excluded": sorted(excluded)},
        lambda: did.placebo_fits(setup.panel, unit_controls(setup.pool, spec, excluded),
                                 setup.design))
    result = did.did_analysis(setup.panel, ctx.la_code, setup.controls, setup.design, placebos)
    _save(ctx, setup, result.event_study, "event_study",
          "Event-time coefficients: LA minus comparators relative to the last pre-event year "
          "(LA-clustered 95% CI)", {"coef": setup.outcome})
    return result


@guarded
def synthetic_control(ctx: RunContext, setup: Counterfactual) -> synth.SynthResult:
    """Synthetic control for the LA from the donor pool; placebo fits cached."""
    placebos = memoise("ofsted-synth-placebos", {**setup.key, "max_donors": synth.MAX_DONORS},
                       lambda: synth.placebo_fits(setup.panel, setup.pool, setup.design))
    result = synth.synth_analysis(setup.panel, ctx.la_code, setup.pool, setup.design,
                                  placebos)
    weights = result.fit.weights[result.fit.weights > 0.001].rename_axis("la_code")
    _save(ctx, setup, weights.reset_index(), "synthetic_control_weights",
          "Donor LAs' weights in the synthetic LA", {"weight": "share (sums to 1)"})
    _save(ctx, setup, result.fit.path, "synthetic_control_path",
          "The LA and its synthetic control by year", {"gap": setup.outcome})
    return result
