"""Notebook 02's steps. Each takes the run context, loads what it needs, caches the
LA-independent heavy parts on disk and returns a result or `Unavailable` (with why).

Cache keys hold the data fingerprint and every parameter a result depends on, never the
studied LA, so an all-LA pack computes every school's snapshot grades and the placebo fits
once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis_lib import geography
from analysis_lib.cache import memoise
from analysis_lib.context import RunContext
from analysis_lib.errors import DataNotAvailableError, ParameterError
from analysis_lib.ofsted import did, ordered, synth, timeline
from analysis_lib.ofsted.as_at import (
    OUTCOMES,
    PHASES,
    area_shares,
    as_at_grades,
    grade_distribution,
    la_year_panel,
    snapshot_years,
)
from analysis_lib.ofsted.design import EventDesign, choose_design
from analysis_lib.ofsted.frameworks import label_inspections
from analysis_lib.ofsted.periods import check_window
from analysis_lib.ofsted.transitions import (
    consecutive_pairs,
    transition_counts,
    transition_summary,
)
from analysis_lib.ofsted.unavailable import Unavailable, guarded
from analysis_lib.tables import save_table

EXCLUDED_ARRANGEMENTS = ("outsourced", "arms_length", "trust")
WASHOUT_YEARS = 3
CACHE_VERSION = 2  # bump when a cached computation changes
NO_SCHOOL_DATA = ("School inspection data are not available for this data source ({reason}). "
                  "Ofsted's management information files of all school inspections are not "
                  "among the official extracts, so the school-level sections are skipped.")


@dataclass(frozen=True)
class SchoolData:
    """School inspections and (if present) the school register."""

    inspections: pd.DataFrame
    schools: pd.DataFrame | None
    note: str


@dataclass(frozen=True)
class Snapshots:
    """Every open school's latest grade at each 31 August, and why the series stops."""

    as_at: pd.DataFrame
    stop_note: str


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

    def to_outcome_units(self, outsourcing_effect: float) -> float:
        """An outsourcing effect in the estimation scale, in the outcome's units: the mean
        over the during years of observed minus observed-without-the-effect."""
        if self.scale == "identity" or math.isnan(outsourcing_effect):
            return outsourcing_effect
        observed = np.asarray(self.la_during) / 100
        without = stats.norm.cdf(stats.norm.ppf(observed) - outsourcing_effect)
        return float(100 * np.mean(observed - without))


def check_parameters(outsourcing_start, outsourcing_end, phase, outcome, donor_pool) -> None:
    """Stop early with one clear message if a notebook-specific parameter is impossible."""
    problems = []
    try:
        check_window(outsourcing_start, outsourcing_end)
    except ParameterError as err:
        problems.append(str(err))
    if phase not in PHASES:
        problems.append(f"phase must be one of {PHASES}, got {phase!r}")
    if outcome not in OUTCOMES:
        problems.append(f"outcome must be one of {OUTCOMES}, got {outcome!r}")
    if donor_pool != "no_intervention":
        if not isinstance(donor_pool, list | tuple) or len(donor_pool) < 2:
            problems.append("donor_pool must be 'no_intervention' or a list of at least two "
                            f"LAs, got {donor_pool!r}")
        else:
            for item in donor_pool:
                try:
                    geography.resolve_la(item)
                except ParameterError as err:
                    problems.append(str(err))
    if problems:
        raise ParameterError("02_ofsted_trajectory: cannot run with these parameters:\n- "
                             + "\n- ".join(problems))


_FINGERPRINTS: dict[int, tuple[RunContext, str]] = {}


def _fingerprint(ctx: RunContext) -> str:
    """The data fingerprint, hashed once per run context (it reads every raw file)."""
    from analysis_lib.data import fingerprint

    if id(ctx) not in _FINGERPRINTS or _FINGERPRINTS[id(ctx)][0] is not ctx:
        _FINGERPRINTS[id(ctx)] = (ctx, fingerprint(ctx.data_source, ctx.data_dir))
    return _FINGERPRINTS[id(ctx)][1]


@guarded
def la_timeline(ctx: RunContext) -> pd.DataFrame:
    """The LA's LEA and children's services judgements (see `timeline.la_timeline`)."""
    try:
        judgements = ctx.load("la_inspections", la=ctx.la_code, include_benchmarks=False)
    except DataNotAvailableError:
        judgements = None
    try:
        facts = ctx.load("reference_facts")  # filtered by LA in `la_timeline`
    except DataNotAvailableError:
        facts = None
    return timeline.la_timeline(judgements, ctx.la_code, facts)


def _all_school_data(ctx: RunContext) -> SchoolData:
    """Every LA's inspections and the school register (cached: one pickle read instead of
    validating 100,000 rows on each run)."""

    def compute():
        try:
            inspections = ctx.load("school_inspections")
        except DataNotAvailableError as err:
            raise DataNotAvailableError(NO_SCHOOL_DATA.format(reason=err)) from err
        try:
            schools = ctx.load("schools")
            if "open_date" not in schools or schools["open_date"].isna().all():
                schools = None
        except DataNotAvailableError:
            schools = None
        note = "" if schools is not None else (
            "No school register with opening and closing dates: schools count from their "
            "first inspection and a predecessor drops out when its successor is first "
            "inspected.")
        return SchoolData(inspections, schools, note)

    key = {"fingerprint": _fingerprint(ctx), "version": CACHE_VERSION}
    return memoise("ofsted-school-data", key, compute)


@guarded
def school_data(ctx: RunContext, *, la_only: bool = False) -> SchoolData:
    """Inspections and school register: all LAs, or the LA and its comparators."""
    data = _all_school_data(ctx)
    if not la_only:
        return data
    codes = [ctx.la_code, *ctx.comparator_codes]
    inspections = data.inspections[data.inspections["la_code"].isin(codes)]
    if inspections.empty:
        raise DataNotAvailableError(f"No school inspections for {ctx.la_name} or its "
                                    "comparators.")
    schools = None if data.schools is None else data.schools[
        data.schools["la_code"].isin(codes)]
    return SchoolData(inspections.reset_index(drop=True), schools, data.note)


@guarded
def snapshots(ctx: RunContext) -> Snapshots:
    """Every open school's latest grade at each 31 August in the run's years (cached)."""
    years, note = snapshot_years(ctx.first_year, ctx.last_year)
    if not years:
        raise DataNotAvailableError(note)

    def compute():
        data = _all_school_data(ctx)
        frame = as_at_grades(data.inspections, data.schools, years)
        graded = frame.groupby("year")["grade"].count()
        return frame[frame["year"].isin(graded[graded > 0].index)].reset_index(drop=True)

    key = {"fingerprint": _fingerprint(ctx), "years": years, "version": CACHE_VERSION}
    frame = memoise("ofsted-as-at", key, compute)
    if frame.empty:
        raise DataNotAvailableError("No graded school inspections in the chosen years.")
    return Snapshots(frame, note)


@guarded
def shares(ctx: RunContext, snaps: Snapshots, phase: str) -> pd.DataFrame:
    """Year x area summary (LA, comparators pooled, England), saved as a table."""
    out = area_shares(snaps.as_at, ctx.la_code, ctx.comparator_codes, phase=phase,
                      la_label=ctx.la_name)
    out = out[out["n_schools"] > 0].reset_index(drop=True)
    save_table(ctx, out, "school_grades_as_at_31_august",
               "Open schools' latest overall effectiveness at 31 August by area (school "
               "counts are public Ofsted figures, so not suppressed)",
               {"share_good_or_outstanding": "percent of graded open schools",
                "mean_grade": "1 = outstanding ... 4 = inadequate", "n_*": "schools"})
    return out


@guarded
def distribution(ctx: RunContext, shares_: pd.DataFrame) -> pd.DataFrame:
    """Grade distribution (long) for every area, saved as a table."""
    out = grade_distribution(shares_)
    save_table(ctx, out, "school_grade_distribution",
               "Open schools by latest grade at 31 August", {"n": "schools",
                                                            "percent": "percent of graded"})
    return out


@guarded
def transitions(ctx: RunContext, data: SchoolData, start, end, phase: str) -> pd.DataFrame:
    """Transition counts for the LA by period (see `transition_counts`), saved as a table."""
    pairs = consecutive_pairs(data.inspections, data.schools)
    counts = transition_counts(pairs, ctx.la_code, start, end, phase=phase)
    save_table(ctx, counts, "grade_transitions",
               "Grade at an inspection against the previous inspection of the same school "
               "(or its predecessor), by the period of the later inspection",
               {"count": "inspections", "row_percent": "percent of the previous grade's row"})
    return counts


@guarded
def transition_overview(counts: pd.DataFrame) -> pd.DataFrame:
    """Per period: transitions and the percentages improving, staying and declining."""
    return transition_summary(counts)


@guarded
def framework_summary(ctx: RunContext, data: SchoolData) -> pd.DataFrame:
    """The LA's graded inspections by framework and grade word (grade 3 under the old
    'satisfactory' meaning flagged), saved as a table."""
    own = label_inspections(data.inspections[data.inspections["la_code"] == ctx.la_code])
    own = own.dropna(subset=["overall_effectiveness"])
    table = (own.groupby(["framework_by_date", "overall_effectiveness", "grade_word",
                          "grade3_is_satisfactory"]).size().rename("inspections")
             .reset_index().rename(columns={"framework_by_date": "framework",
                                            "overall_effectiveness": "grade"}))
    save_table(ctx, table, "inspections_by_framework",
               "The LA's graded school inspections by framework and grade",
               {"inspections": "count"})
    return table


@guarded
def ordered_model(ctx: RunContext, data: SchoolData, start, end, phase: str
                  ) -> ordered.OrderedFit:
    """Ordered logit of inspection grades in the LA and its comparators, saved as a table."""
    frame = ordered.inspection_frame(data.inspections, data.schools, ctx.la_code,
                                     ctx.comparator_codes, start, end, phase=phase)
    fit = ordered.la_period_model(frame)
    save_table(ctx, fit.params, "ordered_logit",
               "Ordered logit of a better grade (cluster-robust by school)",
               {"coef": "log-odds of a better grade", "odds_ratio": "ratio"})
    return fit


def excluded_las(ctx: RunContext) -> list[int]:
    """LAs with an outsourced, arm's-length or trust arrangement (any service)."""
    try:
        interventions = ctx.load("interventions")
    except DataNotAvailableError:
        return []
    keep = interventions["arrangement"].isin(EXCLUDED_ARRANGEMENTS)
    return sorted(int(c) for c in interventions.loc[keep, "la_code"].dropna().unique())


def intervention_note(ctx: RunContext, start, end) -> str:
    """What the interventions table records for the LA, and how to read the run if nothing."""
    try:
        rows = ctx.load("interventions")
        rows = rows[rows["arrangement"].isin(EXCLUDED_ARRANGEMENTS)
                    & (rows["la_code"] == ctx.la_code)]
    except DataNotAvailableError:
        rows = pd.DataFrame()
    if rows.empty:
        return (f"{ctx.la_name} has no outsourcing or arm's-length arrangement in the "
                f"interventions table, so the dates {start} to {end} are applied as a "
                "what-if: any 'effect' found shows how large chance differences can be.")
    listed = "; ".join(
        f"{r.service} -> {r.provider} ({r.arrangement}, {r.start_date:%b %Y} to "
        f"{'no end recorded' if pd.isna(r.end_date) else format(r.end_date, '%b %Y')})"
        for r in rows.itertuples())
    return f"Recorded arrangements for {ctx.la_name}: {listed}."


def _controls(unit: int, spec, excluded: set[int]) -> list[int] | None:
    try:
        out = geography.comparators(unit, spec)
    except ParameterError:
        return None
    return [c for c in out if c not in excluded]


@guarded
def counterfactual_setup(ctx: RunContext, snaps: Snapshots, outcome: str, phase: str, start,
                         end, donor_pool="no_intervention", *,
                         washout_years: int = WASHOUT_YEARS) -> Counterfactual:
    """LA x year panel, the identifiable design (see `design.choose_design`; the first
    `washout_years` snapshots after the event are left out because a school's latest grade
    changes only when it is re-inspected), donors and comparators."""
    panel = la_year_panel(snaps.as_at, outcome=outcome, phase=phase)
    panel["value_outcome"] = panel["value"]
    scale = "probit" if outcome == "share_good_or_outstanding" else "identity"
    if scale == "probit":  # continuity-corrected so 0% and 100% stay finite
        count = panel["value"] / 100 * panel["n_schools"]
        panel["value"] = stats.norm.ppf((count + 0.5) / (panel["n_schools"] + 1))
    design = choose_design(panel["year"].unique(), start, end)
    post = tuple(y for y in design.post_years if y >= design.event_year + washout_years)
    if len(post) >= 2 and washout_years:
        design = EventDesign(
            design.event, design.event_year, design.pre_years, post, design.contrast,
            design.sign_to_outsourcing,
            f"{design.note} The first {washout_years} snapshots after the event are left "
            "out of the comparison, because a school's latest grade changes only when it is "
            "re-inspected, typically every three to five years.",
            tuple(y for y in design.post_years if y not in post))
    excluded = set(excluded_las(ctx))
    if donor_pool == "no_intervention":
        pool = sorted(int(c) for c in panel["la_code"].unique() if c not in excluded)
    else:
        pool = sorted(geography.resolve_la(item)[0] for item in donor_pool)
    controls = [c for c in ctx.comparator_codes if c not in excluded]
    during = design.pre_years if design.sign_to_outsourcing < 0 else design.post_years
    own = panel[(panel["la_code"] == ctx.la_code) & panel["year"].isin(during)]
    if own.empty:
        raise DataNotAvailableError(f"No school outcomes for {ctx.la_name} during "
                                    "outsourcing.")
    key = {"fingerprint": _fingerprint(ctx), "outcome": outcome, "phase": phase,
           "scale": scale, "years": [ctx.first_year, ctx.last_year], "design": design,
           "pool": pool, "version": CACHE_VERSION}
    return Counterfactual(panel, design, pool, controls, outcome, scale,
                          tuple(own["value_outcome"]), key)


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


@guarded
def difference_in_differences(ctx: RunContext, setup: Counterfactual) -> did.DidResult:
    """DiD and event study for the LA against its comparators; placebo fits cached."""
    excluded = set(excluded_las(ctx))
    spec = ctx.comparators if isinstance(ctx.comparators, str) else "statistical_neighbours"

    def compute():
        controls_of = {u: c for u in setup.pool
                       if (c := _controls(u, spec, excluded)) is not None}
        return did.placebo_fits(setup.panel, controls_of, setup.design)

    placebos = memoise("ofsted-did-placebos",
                       {**setup.key, "spec": spec, "excluded": sorted(excluded)}, compute)
    result = did.did_analysis(setup.panel, ctx.la_code, setup.controls, setup.design, placebos)
    save_table(ctx, result.event_study, "event_study",
               "Event-time coefficients: LA minus comparators relative to the last pre-event "
               "year (LA-clustered 95% CI)", {"coef": setup.outcome})
    return result


@guarded
def synthetic_control(ctx: RunContext, setup: Counterfactual) -> synth.SynthResult:
    """Synthetic control for the LA from the donor pool; placebo fits cached."""
    placebos = memoise("ofsted-synth-placebos", {**setup.key, "max_donors": synth.MAX_DONORS},
                       lambda: synth.placebo_fits(setup.panel, setup.pool, setup.design))
    result = synth.synth_analysis(setup.panel, ctx.la_code, setup.pool, setup.design,
                                  placebos)
    weights = result.fit.weights[result.fit.weights > 0.001].rename_axis("la_code")
    save_table(ctx, weights.reset_index(), "synthetic_control_weights",
               "Donor LAs' weights in the synthetic LA", {"weight": "share (sums to 1)"})
    save_table(ctx, result.fit.path, "synthetic_control_path",
               "The LA and its synthetic control by year", {"gap": setup.outcome})
    return result
