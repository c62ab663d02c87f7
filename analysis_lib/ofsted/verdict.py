"""Headline estimates and the plain-English verdict, built only from computed results."""

from __future__ import annotations

import math

from analysis_lib.context import RunContext
from analysis_lib.ofsted.did import DidResult
from analysis_lib.ofsted.periods import first_snapshot_year_after
from analysis_lib.results import Estimate, interval_label
from analysis_lib.unavailable import Unavailable
from analysis_lib.validation import targets

UNITS = {"share_good_or_outstanding": "percentage points",
         "mean_grade": "grade points (1 = outstanding, 4 = inadequate)"}
OUTCOME_WORDS = {"share_good_or_outstanding": "share of schools judged good or outstanding",
                 "mean_grade": "mean overall effectiveness grade (lower is better)"}


def _truth(ctx: RunContext, outcome: str, phase: str, window, design) -> float | None:
    """The planted effect on the LA's realised schools, pooled over the design's years
    (`validation.targets.outsourcing_contrast`). It exists only for the generator's focus
    LA, its outsourcing window (the run's window must start and end in the same 31 August
    years) and the all-school good/outstanding share."""
    if not ctx.synthetic or outcome != "share_good_or_outstanding" or phase != "all":
        return None
    truths = ctx.planted_truths()
    if truths is None or window is None or not window.has_event:
        return None
    try:
        config = truths["config"]
        same_window = all(first_snapshot_year_after(config[k]) == first_snapshot_year_after(d)
                          for k, d in (("outsourcing_start", window.start),
                                       ("outsourcing_end", window.end)))
        if int(config["focus_la"]) != ctx.la_code or not same_window:
            return None
        return targets.outsourcing_contrast(truths, design.pre_years, design.post_years,
                                            design.sign_to_outsourcing)
    except (KeyError, FileNotFoundError):
        return None


PERIOD_WORDS = {"during": "during outsourcing", "after": "after the return in-house"}


def period_estimates(by_period, caveats: tuple[str, ...]) -> list[Estimate]:
    """Share good or outstanding during and after, by area, with school-clustered CIs."""
    out = []
    for row in by_period.itertuples():
        out.append(Estimate(
            f"share_good_or_outstanding_{row.period}_{row.role}",
            f"{row.area}: schools good or outstanding {PERIOD_WORDS[row.period]} "
            f"(31 August {row.first_year}-{row.last_year})",
            float(row.share_good_or_outstanding), "percent",
            "graded open schools' latest grades pooled over the period's 31 August snapshots",
            float(row.ci_low), float(row.ci_high), n=int(row.n_schools), se=float(row.se),
            interval_kind="confidence", caveats=caveats,
            headline=row.role in ("la", "comparators", "england")))
    return out


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


def estimates(ctx: RunContext, *, outcome: str, phase: str, shares=None, by_period=None,
              did=None, synth=None, ordered=None, setup=None, window=None,
              source: str = "") -> list[Estimate]:
    """Headline Estimate objects for results.json (effects expressed as outsourcing effects:
    during-outsourcing level minus the level without it). `Unavailable` inputs are left out;
    ``source`` (the inspection records' own label) is the first caveat of each."""
    unit, out = UNITS[outcome], []
    did, synth, ordered, shares, setup, by_period = (
        _result(x) for x in (did, synth, ordered, shares, setup, by_period))
    labelled = (f"inspection records: {source}",) if source else ()
    if shares is not None:
        own = shares[shares["area"] == ctx.la_name]
        if not own.empty:
            last = own.iloc[-1]
            out.append(Estimate(
                "la_share_good_or_outstanding_latest",
                f"{ctx.la_name}: schools good or outstanding at 31 August {int(last['year'])}",
                float(last["share_good_or_outstanding"]), "percent",
                "latest overall effectiveness of open schools (as at 31 August)",
                n=int(last["n_schools"]), caveats=labelled))
    if by_period is not None:
        out += period_estimates(by_period, labelled)
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
        caveats = [*labelled, design.note]
        if isinstance(result, DidResult):
            _, c_low, c_high = _to_outsourcing(result.estimate, result.ci_clustered,
                                               design.sign_to_outsourcing, setup)
            caveats.append(f"LA-clustered 95% CI {c_low:.2f} to {c_high:.2f} (unreliable "
                           "with one treated LA)")
            caveats.append(f"placebo p-value (two-sided, {result.n_placebos} placebo LAs) = "
                           f"{result.p_placebo:.3f}")
            caveats.append(f"pre-trend: placebo p = {result.pretrend_placebo_p:.2f}; "
                           f"clustered Wald p = {result.pretrend_p:.3g}")
        else:
            caveats.append(f"placebo p-value (RMSPE ratio rank) = {result.p_value:.3f}; "
                           f"pre-period RMSPE = {result.fit.pre_rmspe:.2f}")
            caveats.append(f"the p-value and the placebo range use the same placebos: "
                           f"{result.screen_note()}")
        out.append(Estimate(name, f"{short}: outsourcing effect on the "
                            f"{OUTCOME_WORDS[outcome]}",
                            value, unit, method, _finite(low), _finite(high),
                            n=result.n_placebos, truth=_truth(ctx, outcome, phase, window, design),
                            caveats=tuple(caveats),
                            interval_kind="placebo_range"
                            if None not in (_finite(low), _finite(high)) else None))
    if ordered is not None:
        out += ordered_estimates(ordered, labelled)
    return out


#: Why the ordered logit's LA x period odds ratios are not headlines.
ORDERED_NOT_HEADLINE = (
    "not a headline: the LA x period term contrasts one LA's schools with its comparators' "
    "schools, and the school-clustered interval allows for repeated inspections of a school "
    "but not for how much whole LAs differ by chance from one period to the next, so it "
    "understates the uncertainty of this one-LA contrast (the DiD and synthetic control "
    "placebo ranges allow for that)")


def ordered_estimates(ordered, caveats: tuple[str, ...]) -> list[Estimate]:
    """The ordered logit's LA x period odds ratios, recorded but not as headlines (see
    `ORDERED_NOT_HEADLINE`)."""
    rows = ordered.params[ordered.params["term"].str.startswith("in_la x ")]
    return [Estimate(
        "ordered_logit_" + row.term.split(" x ")[1].split(" ")[0],
        f"Ordered logit: odds ratio of a better grade, {row.term.replace('in_la x ', '')}",
        float(row.odds_ratio), "odds ratio", f"ordered logit, {ordered.interval} by school",
        float(math.exp(row.ci_low)), float(math.exp(row.ci_high)), n=ordered.nobs,
        headline=False, interval_kind="confidence",
        caveats=(*caveats, ORDERED_NOT_HEADLINE)) for row in rows.itertuples()]


def _interval_text(e) -> str:
    """The estimate's interval, named by its kind (a placebo range is never called a 95%
    confidence interval)."""
    if e.ci_low is None or e.ci_high is None:
        return "no interval available (too few placebo LAs)"
    return (f"{interval_label(e.interval_kind, short=False)} {e.ci_low:+.1f} to "
            f"{e.ci_high:+.1f} {e.unit}")


def _reading(low, high) -> str:
    if low is None or high is None:
        return "cannot be judged"
    if low > 0:
        return "higher than it would have been"
    if high < 0:
        return "lower than it would have been"
    return "not distinguishable from no effect"


def _effect_text(e) -> str:
    return (f"{e.value:+.1f} {e.unit} ({_interval_text(e)}); the "
            f"outcome during outsourcing was {_reading(e.ci_low, e.ci_high)} without it.")


def _period_text(by_name: dict, la_name: str) -> list[str]:
    lines = []
    for period, words in PERIOD_WORDS.items():
        parts = [by_name[f"share_good_or_outstanding_{period}_{role}"]
                 for role in ("la", "region", "comparators", "england")
                 if f"share_good_or_outstanding_{period}_{role}" in by_name]
        if not parts or not parts[0].name.endswith("_la"):
            continue
        own, *rest = parts
        years = own.label[own.label.index("(") + 1:-1]
        others = "; ".join(f"{e.label.split(':')[0]} {e.value:.1f}%" for e in rest)
        lines.append(f"- {words.capitalize()} ({years}): {own.value:.1f}% of {la_name}'s "
                     f"graded schools were good or outstanding (95% CI {own.ci_low:.1f} to "
                     f"{own.ci_high:.1f}){'; ' + others if others else ''}.")
    return lines


def _survivorship_text(survivorship, by_name: dict, la_name: str) -> list[str]:
    from analysis_lib.ofsted.survivorship_report import direction

    if survivorship is None or isinstance(survivorship, Unavailable):
        return []
    lines = ["**Survivorship.** These records list only schools open in 2017-18, so schools "
             "that closed or converted earlier are missing with their inspections. Run on "
             "the synthetic England with and without the same filter, the pipeline shows "
             "which way that probably moves each estimate:"]
    for row in survivorship.table.to_dict("records"):
        if row["estimate"] in by_name and (row["estimate"].endswith("_la")
                                           or not row["estimate"].startswith("share")):
            e = by_name[row["estimate"]]
            unit = "odds ratio" if e.unit == "odds ratio" else "percentage points"
            lines.append(f"- {e.label}: {direction(row, unit, la_name)}")
    lines.append(survivorship.assumption)
    return lines


def verdict(ctx: RunContext, estimates_, *, did=None, synth=None, school_note=None,
            intervention_note: str = "", setup=None, survivorship=None, source: str = "",
            other_events: str = "") -> str:
    """Markdown verdict: effect sizes, intervals, agreement, survivorship, and what the
    design can and cannot say. Every number comes from the results passed in (`estimates_`
    is a list of Estimate or a ResultsRecorder, which also gets the first effect's finding as
    the one-sentence verdict); ``source`` is the inspection records' own label and
    ``other_events`` what else the interventions table records for the LA."""
    recorder = estimates_
    if hasattr(estimates_, "estimates"):
        estimates_ = list(estimates_.estimates.values())
    missing = [x.message for x in (school_note, setup, did, synth) if isinstance(x, Unavailable)]
    did, synth, setup = _result(did), _result(synth), _result(setup)
    scale = ("probit units of the share" if getattr(setup, "scale", "") == "probit"
             else "outcome units")
    by_name = {e.name: e for e in estimates_}
    lines = [f"### Verdict for {ctx.la_name}"]
    if intervention_note:
        lines.append(intervention_note)
    if source:
        lines.append(f"**School inspection records:** {source}.")
    lines += _period_text(by_name, ctx.la_name)
    if did is None and synth is None:
        why = missing[0] if missing else "No counterfactual estimate could be made."
        if why not in intervention_note:
            lines.append(why)
        return "\n\n".join(lines)
    design = (did or synth).design
    lines.append(f"**What the data can identify.** {design.note}")
    effects = [by_name[n] for n in ("did_outsourcing_effect", "synth_outsourcing_effect")
               if n in by_name]
    for e in effects:
        lines.append(f"- **{e.label}**: {_effect_text(e)}")
    if effects and hasattr(recorder, "record_verdict"):
        recorder.record_verdict(f"{effects[0].label}: {_effect_text(effects[0])}")
    if did is not None:
        lines.append(f"- DiD placebo p-value {did.p_placebo:.2f}: the share of the "
                     f"{did.n_placebos} placebo LAs with an estimate at least as large.")
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
                     f"and placebo range from the same placebos ({synth.screen_note()}).")
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
    lines += _survivorship_text(survivorship, by_name, ctx.la_name)
    recorded = (f" (the interventions table records for {ctx.la_name}: {other_events})"
                if other_events else "")
    lines.append(
        "**What this cannot say.** With one LA treated, the intervals come from how much "
        "LAs with no intervention move by chance, not from sampling error. The estimate "
        "is causal only if the LA would otherwise have moved like its comparators, and if "
        f"nothing else specific to the LA changed at the same time{recorded}, such as "
        "academy conversions. Inspection frameworks changed during the period (grade 3 "
        "became 'requires improvement' in September 2012), which affects all LAs alike and "
        "is absorbed by the comparison. Judgements of the LA itself (section 1) are a "
        "before/after of a single LA with no comparison group, so they cannot show what "
        "would have happened without outsourcing.")
    return "\n\n".join(lines)
