"""Headline estimates and the plain-English verdict, built only from computed results."""

from __future__ import annotations

import math

from analysis_lib.context import RunContext
from analysis_lib.ofsted.did import DidResult
from analysis_lib.ofsted.periods import first_snapshot_year_after
from analysis_lib.ofsted.unavailable import Unavailable
from analysis_lib.results import Estimate
from analysis_lib.validation import targets

UNITS = {"share_good_or_outstanding": "percentage points",
         "mean_grade": "grade points (1 = outstanding, 4 = inadequate)"}
OUTCOME_WORDS = {"share_good_or_outstanding": "share of schools judged good or outstanding",
                 "mean_grade": "mean overall effectiveness grade (lower is better)"}


def _truth(ctx: RunContext, outcome: str, phase: str, design) -> float | None:
    """The planted effect on the LA's realised schools, pooled over the design's years
    (`validation.targets.outsourcing_contrast`). It exists only for the generator's focus
    LA, its outsourcing window (the run's window must start and end in the same 31 August
    years) and the all-school good/outstanding share."""
    if not ctx.synthetic or outcome != "share_good_or_outstanding" or phase != "all":
        return None
    try:
        truths = ctx.planted_truths()
        config = truths["config"]
        same_window = all(
            first_snapshot_year_after(config[k]) == first_snapshot_year_after(
                ctx.parameters.get(k, config[k])) for k in ("outsourcing_start",
                                                             "outsourcing_end"))
        if int(config["focus_la"]) != ctx.la_code or not same_window:
            return None
        return targets.outsourcing_contrast(truths, design.pre_years, design.post_years,
                                            design.sign_to_outsourcing)
    except (KeyError, FileNotFoundError):
        return None


def _to_outsourcing(value: float, interval: tuple[float, float], sign: int, setup=None
                    ) -> tuple[float, float, float]:
    """Estimate and interval as an outsourcing effect, in the outcome's units."""
    convert = setup.to_outcome_units if setup is not None else (lambda x: x)
    low, high = sorted((convert(sign * interval[0]), convert(sign * interval[1])))
    return convert(sign * value), low, high


def _finite(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _result(value):
    return None if isinstance(value, Unavailable) else value


def estimates(ctx: RunContext, *, outcome: str, phase: str, shares=None, did=None,
              synth=None, ordered=None, setup=None) -> list[Estimate]:
    """Headline Estimate objects for results.json (effects expressed as outsourcing effects:
    during-outsourcing level minus the level without it). `Unavailable` inputs are left out.
    """
    unit, out = UNITS[outcome], []
    did, synth, ordered, shares, setup = (_result(x) for x in (did, synth, ordered, shares,
                                                               setup))
    if shares is not None:
        own = shares[shares["area"] == ctx.la_name]
        if not own.empty:
            last = own.iloc[-1]
            out.append(Estimate(
                "la_share_good_or_outstanding_latest",
                f"{ctx.la_name}: schools good or outstanding at 31 August {int(last['year'])}",
                float(last["share_good_or_outstanding"]), "percent",
                "latest overall effectiveness of open schools (as at 31 August)",
                n=int(last["n_schools"])))
    for result, name, short, method in (
            (did, "did_outsourcing_effect", "Difference-in-differences",
             "two-way fixed effects DiD vs comparators (PanelOLS); placebo-in-space interval"),
            (synth, "synth_outsourcing_effect", "Synthetic control",
             "synthetic control (pysyncon) from the donor pool; placebo-in-space interval")):
        if result is None:
            continue
        design = result.design
        value = result.estimate if isinstance(result, DidResult) else result.fit.effect
        value, low, high = _to_outsourcing(value, result.ci_placebo,
                                           design.sign_to_outsourcing, setup)
        caveats = [design.note]
        if isinstance(result, DidResult):
            _, c_low, c_high = _to_outsourcing(result.estimate, result.ci_clustered,
                                               design.sign_to_outsourcing, setup)
            caveats.append(f"LA-clustered 95% CI {c_low:.2f} to {c_high:.2f} (unreliable "
                           "with one treated LA)")
            caveats.append(f"pre-trend: placebo p = {result.pretrend_placebo_p:.2f}; "
                           f"clustered Wald p = {result.pretrend_p:.3g}")
        else:
            caveats.append(f"placebo p-value (RMSPE ratio rank) = {result.p_value:.3f}; "
                           f"pre-period RMSPE = {result.fit.pre_rmspe:.2f}")
        out.append(Estimate(name, f"{short}: outsourcing effect on the "
                            f"{OUTCOME_WORDS[outcome]}",
                            value, unit, method, _finite(low), _finite(high),
                            n=result.n_placebos, truth=_truth(ctx, outcome, phase, design),
                            caveats=tuple(caveats),
                            interval_kind="placebo_range"
                            if None not in (_finite(low), _finite(high)) else None))
    if ordered is not None:
        rows = ordered.params[ordered.params["term"].str.startswith("in_la x ")]
        for row in rows.itertuples():
            out.append(Estimate(
                "ordered_logit_" + row.term.split(" x ")[1].split(" ")[0],
                f"Ordered logit: odds ratio of a better grade, {row.term.replace('in_la x ', '')}",
                float(row.odds_ratio), "odds ratio", f"ordered logit, {ordered.interval} by "
                "school", float(math.exp(row.ci_low)), float(math.exp(row.ci_high)),
                n=ordered.nobs, headline=True, interval_kind="confidence"))
    return out


def _interval_text(low, high, unit) -> str:
    if low is None or high is None:
        return "no interval available (too few placebo LAs)"
    return f"95% interval {low:+.1f} to {high:+.1f} {unit}"


def _reading(low, high) -> str:
    if low is None or high is None:
        return "cannot be judged"
    if low > 0:
        return "higher than it would have been"
    if high < 0:
        return "lower than it would have been"
    return "not distinguishable from no effect"


def verdict(ctx: RunContext, estimates_, *, did=None, synth=None, school_note="",
            intervention_note: str = "", setup=None) -> str:
    """Markdown verdict: effect sizes, intervals, agreement, and what the design can and
    cannot say. Every number comes from the results passed in (`estimates_` is a list of
    Estimate or a ResultsRecorder)."""
    if hasattr(estimates_, "estimates"):
        estimates_ = list(estimates_.estimates.values())
    if isinstance(school_note, Unavailable):
        school_note = school_note.message
    did, synth, setup = _result(did), _result(synth), _result(setup)
    scale = ("probit units of the share" if getattr(setup, "scale", "") == "probit"
             else "outcome units")
    by_name = {e.name: e for e in estimates_}
    lines = [f"### Verdict for {ctx.la_name}"]
    if intervention_note:
        lines.append(intervention_note)
    if did is None and synth is None:
        lines.append(school_note or "School inspection outcomes are not available, so no "
                     "counterfactual estimate could be made.")
        return "\n\n".join(lines)
    design = (did or synth).design
    lines.append(f"**What the data can identify.** {design.note}")
    effects = [by_name[n] for n in ("did_outsourcing_effect", "synth_outsourcing_effect")
               if n in by_name]
    for e in effects:
        lines.append(f"- **{e.label}**: {e.value:+.1f} {e.unit} "
                     f"({_interval_text(e.ci_low, e.ci_high, e.unit)}); the outcome during "
                     f"outsourcing was {_reading(e.ci_low, e.ci_high)} without it.")
    if did is not None:
        lines.append(f"- Pre-trend check (DiD, {len(did.design.pre_years) - 1} pre-event "
                     f"years): placebo p = {did.pretrend_placebo_p:.2f}"
                     + (" — the LA was already moving differently from its comparators "
                        "before the event, so the DiD is doubtful."
                        if did.pretrend_placebo_p < 0.1 else
                        " — no sign that the LA was moving differently before the event."))
    if synth is not None:
        lines.append(f"- Synthetic control: {len(synth.fit.weights[synth.fit.weights > 0.01])} "
                     f"donor LAs carry the weight; pre-event fit error (RMSPE) "
                     f"{synth.fit.pre_rmspe:.3g} {scale}; placebo p-value {synth.p_value:.2f} "
                     f"({synth.n_placebos} placebo LAs).")
    if len(effects) == 2:
        a, b = effects
        agree = (a.ci_low is not None and b.ci_low is not None
                 and max(a.ci_low, b.ci_low) <= min(a.ci_high, b.ci_high))
        same_sign = math.copysign(1, a.value) == math.copysign(1, b.value)
        lines.append("**Do the methods agree?** " + (
            "Yes: the two estimates have the same sign and overlapping intervals."
            if agree and same_sign else
            "Only partly: " + ("the signs differ" if not same_sign else
                               "the intervals do not overlap")
            + ", so the size of any effect depends on the comparison chosen."))
    lines.append(
        "**What this cannot say.** With one LA treated, the intervals come from how much "
        "LAs with no intervention move by chance, not from sampling error. The estimate "
        "is causal only if the LA would otherwise have moved like its comparators, and if "
        "nothing else specific to the LA changed at the same time (for example the "
        "November 2012 improvement notice for children's safeguarding, or academy "
        "conversions). Inspection frameworks changed during the period (grade 3 became "
        "'requires improvement' in September 2012), which affects all LAs alike and is "
        "absorbed by the comparison. The LEA's own 1-7 judgements (2000-2004) are a "
        "before/after of a single LA with no comparison group, so they cannot show what "
        "would have happened without outsourcing.")
    return "\n\n".join(lines)
