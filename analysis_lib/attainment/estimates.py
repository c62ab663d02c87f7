"""What notebook 01 records, as `Estimate`s built from its sections' tables: the gaps and
each group's percentage, the trend, the gap index, the school funnel, floor standards and
the LA effect given intake."""

from __future__ import annotations

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from analysis_lib.attainment import gaps, trends
from analysis_lib.results import Estimate
from analysis_lib.validation import targets

PP = "percentage points"
NEWCOMBE = "Newcombe (1998) hybrid score interval (method 10) for a difference of proportions"
CLUSTERED = (NEWCOMBE + " on Korn-Graubard (1998) effective sample sizes from the "
             "school-clustered variance")


def gap_estimate(name: str, label: str, row: pd.Series, truth=None, headline=True) -> Estimate:
    """A gap row (from :func:`gaps.group_gaps`) as an estimate, its method named by its interval."""
    has_ci = pd.notna(row["ci_low"])
    caveats = (row["interval_note"],) if row["interval_note"] else ()
    unit = PP if row["unit"] == "percent" else "points"
    n = row["focal_pupils"] + row["reference_pupils"]
    method = CLUSTERED if gaps.NOTE_CLUSTERED in str(row["interval_note"]) else NEWCOMBE
    return Estimate(name=name, label=label, value=float(row["gap"]), unit=unit,
                    method=method if has_ci else "difference of published percentages",
                    ci_low=float(row["ci_low"]) if has_ci else None,
                    ci_high=float(row["ci_high"]) if has_ci else None,
                    n=int(n) if pd.notna(n) else None, truth=truth, headline=headline,
                    caveats=caveats, interval_kind="confidence" if has_ci else None)


def pct_estimate(name: str, label: str, row: pd.Series, side: str) -> Estimate:
    """One group's percentage (``side`` "focal" or "reference") with its Wilson interval."""
    n, meeting, pct = (row[f"{side}_pupils"], row[f"{side}_meeting"], row[f"{side}_pct"])
    unit = "percent" if row["unit"] == "percent" else "points"
    if pd.notna(n) and pd.notna(meeting) and n > 0:
        lo, hi = proportion_confint(meeting, n, method="wilson")
        return Estimate(name, label, float(pct), unit, "Wilson score interval", 100 * lo,
                        100 * hi, n=int(n), headline=False, interval_kind="confidence")
    return Estimate(name, label, float(pct), unit, "published percentage", headline=False,
                    caveats=(gaps.NOTE_NO_COUNTS,))


def headline_estimates(la_name: str, table: pd.DataFrame, pair, year: int,
                       truth_of) -> list[Estimate]:
    """The latest year's gaps (LA, England, region), the LA's two groups' percentages and
    the LA's gap minus England's; ``truth_of(role)`` gives an area's planted gap or None."""
    what = f"{pair.reference_label} minus {pair.focal_label}, {year}"
    la_row = table.iloc[0]
    out = [gap_estimate("gap_la", f"{la_name}: gap ({what})", la_row, truth=truth_of("LA"))]
    for role, name in (("England", "gap_england"), ("Region", "gap_region")):
        hit = table[table["role"] == role]
        if not hit.empty:
            out.append(gap_estimate(name, f"{hit['area_name'].iloc[0]}: gap ({what})",
                                    hit.iloc[0], truth=truth_of(role)))
    for side, label in (("focal", pair.focal_label), ("reference", pair.reference_label)):
        out.append(pct_estimate(f"{side}_pct_la", f"{la_name}: {label} meeting the "
                                f"measure, {year}", la_row, side))
    england = table[table["role"] == "England"]
    if not england.empty and pd.notna(la_row["ci_low"]) and pd.notna(england["ci_low"].iloc[0]):
        e = england.iloc[0]
        d, lo, hi = gaps.difference_of_gaps(la_row["gap"], (la_row["ci_low"], la_row["ci_high"]),
                                            e["gap"], (e["ci_low"], e["ci_high"]))
        out.append(Estimate("gap_la_minus_england", f"{la_name}'s gap minus England's, "
                            f"{year}", d, PP, "MOVER combination of two Newcombe intervals",
                            lo, hi, headline=False, interval_kind="confidence"))
    return out


TREND_VARIANCE = {
    trends.CLUSTERED_VARIANCE: "each year's variance the school-clustered one about each "
    "school's lasting effect (pooled design effect), taken as known; t on the design's "
    "degrees of freedom",
    trends.INDEPENDENT_VARIANCE: "weights 1/binomial variance; standard error widened by the "
    "residual dispersion about the line when above 1; t on years - 2"}


def trend_estimate(la_name: str, slope: dict, truth=None) -> Estimate:
    """The LA's yearly change in gap (from :func:`trends.gap_trend`)."""
    return Estimate(
        "gap_trend_la", f"{la_name}: change in gap per year, {slope['first_year']}-"
        f"{slope['last_year']}", slope["slope"], f"{PP} per year",
        "weighted least squares of yearly gaps on year, current regime; "
        + TREND_VARIANCE.get(slope["variance"], "ordinary least squares (no intervals)"),
        slope["ci_low"], slope["ci_high"], n=slope["n"], truth=truth,
        interval_kind="confidence")


def gap_index_estimates(la_name: str, index: pd.DataFrame, truths: dict | None, *,
                        focus: bool) -> list[Estimate]:
    """The latest gap index of the LA (with its interval) and of England (``index``: rows
    with role LA or England); planted values where ``truths`` hold them (the LA's only when
    it is the generator's ``focus`` LA)."""
    out = []
    for role, name in (("LA", "gap_index_la"), ("England", "gap_index_england")):
        rows = index[(index["role"] == role) & index["gap_index"].notna()]
        if rows.empty:
            continue
        last = rows.sort_values("year").iloc[-1]
        area = "england" if role == "England" else "focus_la" if focus else None
        truth = targets.gap_index(truths, area, int(last["year"])) if area and truths else None
        out.append(_gap_index_estimate(name, la_name if role == "LA" else "England", last,
                                       with_interval=role == "LA", truth=truth))
    return out


def _gap_index_estimate(name: str, who: str, last: pd.Series, *, with_interval: bool,
                        truth=None) -> Estimate:
    return Estimate(
        name, f"{who}: disadvantage gap index, {int(last['year'])}", float(last["gap_index"]),
        "index points",
        "DfE mean-rank method: 20 x difference in mean national percentile rank; "
        "school-clustered interval (t on schools - 1 df, never narrower than Welch's)",
        float(last["ci_low"]) if with_interval else None,
        float(last["ci_high"]) if with_interval else None,
        n=int(last["disadvantaged_pupils"] + last["other_pupils"]), truth=truth,
        interval_kind="confidence" if with_interval else None)


def school_estimates(la_name: str, points: pd.DataFrame, info: dict,
                     distribution: pd.DataFrame, year: int, target_label: str) -> list[Estimate]:
    """Schools above and below the funnel limits, the overdispersion and the median gap."""
    counts = points["position"].str.split(" ").str[0].value_counts()
    out = [Estimate(f"schools_{side}_95", f"{la_name}: schools {side} the 95% funnel limit, "
                    f"{year}", float(counts.get(side, 0)), "schools",
                    f"funnel plot ({info['method']}), target {target_label}",
                    n=len(points), headline=False) for side in ("above", "below")]
    out.append(Estimate("funnel_overdispersion", f"Funnel overdispersion factor, {year}",
                        info["phi_estimate"], "ratio", "Winsorised z-scores (10% tails), "
                        "Spiegelhalter 2005", n=info["phi_schools"], headline=False))
    la = distribution.iloc[0]
    if la["schools"]:
        out.append(Estimate("school_gap_median", f"{la_name}: median school gap, {year}",
                            float(la["median"]), PP, "median over mainstream schools of other "
                            "minus disadvantaged pupils meeting the measure (unweighted)",
                            n=int(la["schools"]), headline=False, caveats=(
                                f"quartiles {la['lower_quartile']:.1f} to "
                                f"{la['upper_quartile']:.1f}",)))
    return out


def floor_estimate(la_name: str, last: pd.Series) -> Estimate:
    """The LA's schools below the floor in the latest year with a rule."""
    return Estimate("schools_below_floor_latest", f"{la_name}: schools below the floor, "
                    f"{int(last['year'])}", float(last["la_below_floor"]), "schools",
                    "floor standard in force that year", n=int(last["la_schools"]),
                    headline=False)


def conditional_estimates(la_name: str, row: pd.Series, info: dict,
                          years: str) -> list[Estimate]:
    """The LA's effect given intake and its rank among LAs."""
    return [
        Estimate("la_effect_conditional", f"{la_name}: disadvantaged pupils meeting the "
                 f"measure vs average LA, given intake, {years}", float(row["effect_pp"]), PP,
                 "school-level binomial GLM (logit; LA, disadvantaged share, year; "
                 "quasi-binomial dispersion), LA contrast against the average LA at the "
                 "national rate", float(row["pp_low"]), float(row["pp_high"]),
                 n=int(row["disadvantaged_pupils"]),
                 caveats=(f"rank {int(row['rank'])} of {info['las']} LAs",),
                 interval_kind="confidence"),
        Estimate("la_effect_rank", f"{la_name}: rank of {info['las']} LAs (1 = highest)",
                 float(row["rank"]), "rank", "ordering of LA effects", headline=False)]
