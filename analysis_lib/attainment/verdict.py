"""The plain-English verdict of the attainment notebook, built only from recorded results.

No number is typed by hand: every figure comes from an ``Estimate`` in the run's
``ResultsRecorder``; a sentence whose estimate is missing is left out, and an interval that
includes zero is described as "no clear difference".
"""

from __future__ import annotations

from analysis_lib.results import Estimate, ResultsRecorder


def _ci(e: Estimate, decimals: int = 1) -> str:
    if e.ci_low is None or e.ci_high is None:
        return " (no interval: pupil counts not published)"
    return f" (95% interval {e.ci_low:.{decimals}f} to {e.ci_high:.{decimals}f})"


def _clear(e: Estimate) -> bool:
    return e.ci_low is not None and e.ci_high is not None and (e.ci_low > 0 or e.ci_high < 0)


def verdict(results: ResultsRecorder) -> str:
    """Markdown paragraphs summarising the run's estimates for a council reader; the headline
    in one sentence is recorded with the results (`ResultsRecorder.record_verdict`)."""
    est = results.estimates
    la = results.ctx.la_name
    lines = []
    gap = est.get("gap_la")
    if gap is not None and gap.value is not None:
        focal, ref = est.get("focal_pct_la"), est.get("reference_pct_la")
        groups = ""
        if focal is not None and ref is not None:
            groups = (f"{focal.value:.1f}% of the focus group met the measure against "
                      f"{ref.value:.1f}% of the comparison group; ")
        lines.append(f"**Headline.** {gap.label}: {groups}the gap is {gap.value:.1f} "
                     f"{gap.unit}{_ci(gap)}.")
        eng = est.get("gap_england")
        diff = est.get("gap_la_minus_england")
        if eng is not None:
            text = f"England's gap is {eng.value:.1f} {eng.unit}{_ci(eng)}"
            if diff is not None:
                word = ("wider" if diff.value > 0 else "narrower") if _clear(diff) else None
                text += (f"; {la}'s gap is {word} than England's by {abs(diff.value):.1f} "
                         f"{diff.unit}{_ci(diff)}" if word else
                         f"; {la}'s gap is not clearly different from England's "
                         f"(difference {diff.value:.1f}{_ci(diff)})")
            lines.append(text + ".")
    trend = est.get("gap_trend_la")
    if trend is not None:
        if _clear(trend):
            word = "widened" if trend.value > 0 else "narrowed"
            lines.append(f"**Trend.** {trend.label}: the gap {word} by about "
                         f"{abs(trend.value):.2f} percentage points a year{_ci(trend, 2)}.")
        else:
            lines.append(f"**Trend.** {trend.label}: no clear change ({trend.value:.2f} "
                         f"percentage points a year{_ci(trend, 2)}).")
    index_la, index_eng = est.get("gap_index_la"), est.get("gap_index_england")
    if index_la is not None:
        text = f"**Gap index.** {index_la.label}: {index_la.value:.2f}{_ci(index_la, 2)}"
        if index_eng is not None:
            text += f"; England {index_eng.value:.2f}"
        lines.append(text + " (0 = no gap, 10 = every disadvantaged pupil below every other).")
    above, below = est.get("schools_above_95"), est.get("schools_below_95")
    if above is not None and below is not None:
        lines.append(f"**Schools.** Of {above.n} schools, {below.value:.0f} were below and "
                     f"{above.value:.0f} above the 95% funnel limits for disadvantaged pupils "
                     "(about 1 in 20 would fall outside by chance alone).")
    effect = est.get("la_effect_conditional")
    if effect is not None:
        if _clear(effect):
            word = "above" if effect.value > 0 else "below"
            text = (f"disadvantaged pupils were {abs(effect.value):.1f} percentage points "
                    f"{word} the average LA{_ci(effect)}")
        else:
            text = (f"disadvantaged pupils were not clearly different from the average LA "
                    f"({effect.value:.1f} percentage points{_ci(effect)})")
        rank = f", {effect.caveats[0]}" if effect.caveats else ""
        lines.append(f"**Allowing for intake.** After allowing for schools' disadvantaged share "
                     f"and year, {text}{rank}.")
    if results.ctx.synthetic:
        lines.append("*These figures come from synthetic data and describe no real council.*")
    if gap is not None and gap.value is not None:
        results.record_verdict(_one_sentence(gap, est.get("gap_la_minus_england")))
    return "\n\n".join(lines)


def _one_sentence(gap: Estimate, diff: Estimate | None) -> str:
    """The verdict in one sentence: the LA's gap and how it compares with England's."""
    text = f"{gap.label}: {gap.value:.1f} {gap.unit}{_ci(gap)}"
    if diff is not None and _clear(diff):
        text += (f", {'wider' if diff.value > 0 else 'narrower'} than England's by "
                 f"{abs(diff.value):.1f} {diff.unit}{_ci(diff)}")
    elif diff is not None:
        text += ", not clearly different from England's"
    return text + "."
