"""Notebook 02's survivorship step: the bias measured in the synthetic England (see
`survivorship`), set beside the real estimates, with its likely direction in words.

Only records that list surviving schools alone (``SchoolData.survivors_only``, true for the
third-party ratings timeline) get this step; the all-LA part is cached on the synthetic data's
fingerprint and the run's years, window and design, so a pack computes it once, and the
studied LA's ordered model is cached per LA.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis_lib import geography
from analysis_lib.cache import memoise, run_key
from analysis_lib.context import RunContext
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.ofsted import survivorship
from analysis_lib.ofsted.comparison import areas, comparators, excluded_las
from analysis_lib.ofsted.counterfactual import comparator_spec
from analysis_lib.ofsted.events import EventWindow
from analysis_lib.ofsted.history import la_ordered_fit
from analysis_lib.ofsted.period_shares import area_roles, snapshot_periods
from analysis_lib.ofsted.workflow import (
    SchoolData,
    Snapshots,
    all_school_data,
    school_data_from,
)
from analysis_lib.results import Estimate
from analysis_lib.tables import save_table
from analysis_lib.unavailable import guarded

ORDERED_TERM = "in_la x after (vs during)"
NEGLIGIBLE = {"percentage points": 0.5, "odds ratio": 0.05}
MIN_LAS_FOR_SPREAD = 20
ASSUMPTION = (
    "How large this bias is depends on which schools closed or converted, and how good they "
    "were. In the synthetic England weaker schools closed more often and more often became "
    "sponsored academies, and stronger ones converter academies, by assumption "
    "(analysis_lib/data/synth/schools.py): read the sizes as what the filter does under those "
    "assumptions, not as a correction to apply.")


@dataclass(frozen=True)
class SurvivorshipResult:
    """Per estimate: the synthetic estimate complete and survivors-only, the bias, its spread
    over LAs, and a sentence on the likely direction of the real estimate."""

    table: pd.DataFrame
    assumption: str = ASSUMPTION


def _synthetic(ctx: RunContext) -> tuple[SchoolData, RunContext]:
    synthetic = dataclasses.replace(ctx, data_source="synthetic", data_dir=None)
    try:
        return all_school_data(synthetic), synthetic
    except DataNotAvailableError as err:
        raise DataNotAvailableError("The survivorship bias is measured on the synthetic "
                                    "England, which is not generated here (run `evidence "
                                    f"data synth`): {err}") from err


def _area_rows(versions: dict, periods, groups: dict[str, list[int] | None]) -> pd.DataFrame:
    by_version = {v: survivorship.pooled_period_shares(versions[v]["panel"], periods, groups)
                  for v in survivorship.VERSIONS}
    rows = []
    for role, name in area_roles(groups).items():
        if role == "la":  # measured for every LA in `survivorship.bias_summary`
            continue
        for period in periods:
            complete = by_version["complete"].loc[name, period]
            filtered = by_version["survivors"].loc[name, period]
            rows.append({"estimate": f"share_good_or_outstanding_{period}_{role}",
                         "complete": complete, "survivors": filtered,
                         "bias": filtered - complete})
    return pd.DataFrame(rows)


def _ordered_row(ctx: RunContext, synthetic: SchoolData, fingerprint_: str, data_end,
                 window: EventWindow, phase: str) -> dict:
    """The studied LA's ordered-model odds ratio on the synthetic England, complete and
    survivors-only (cached per LA)."""

    def compute():
        out = {}
        for version, (insp, sch) in survivorship.versions(
                synthetic.inspections, synthetic.schools, data_end).items():
            fit = la_ordered_fit(school_data_from(insp, sch), ctx.la_code, comparators(ctx),
                                 window, phase)
            row = fit.params[fit.params["term"] == ORDERED_TERM]
            out[version] = float(row["odds_ratio"].iloc[0]) if len(row) else np.nan
        return out

    key = {"data": fingerprint_, "la": ctx.la_code, "comparators": comparators(ctx),
           "window": [str(d) for d in window.dates()], "phase": phase,
           "data_end": str(data_end)}
    odds = memoise("ofsted-survivorship-ordered", key, compute)
    return {"estimate": "ordered_logit_after", "complete": odds["complete"],
            "survivors": odds["survivors"], "bias": odds["survivors"] - odds["complete"]}


@guarded
def survivorship_bias(ctx: RunContext, data: SchoolData, snaps: Snapshots,
                      window: EventWindow, outcome: str, phase: str,
                      donor_pool="no_intervention") -> SurvivorshipResult:
    """Each headline estimate's survivorship bias, measured in the synthetic England."""
    if not data.survivors_only:
        raise DataNotAvailableError("These inspection records include schools that closed "
                                    "or converted, so there is no survivorship filter to "
                                    "measure.")
    start, end = window.dates()
    years = sorted(int(y) for y in snaps.as_at["year"].unique())
    synthetic, synthetic_ctx = _synthetic(ctx)
    las = sorted(int(c) for c in synthetic.inspections["la_code"].dropna().unique())
    excluded = set(excluded_las(ctx))
    pool = (sorted(c for c in las if c not in excluded) if donor_pool == "no_intervention"
            else sorted(geography.resolve_la(x)[0] for x in donor_pool))
    spec = comparator_spec(ctx)
    key = run_key(synthetic_ctx, years=years, window=[str(start), str(end)],
                  outcome=outcome, phase=phase, pool=pool, excluded=sorted(excluded),
                  spec=spec, data_end=str(data.data_end))
    versions = survivorship.every_la(
        synthetic.inspections, synthetic.schools, data_end=data.data_end, years=years,
        window=(start, end), outcome=outcome, phase=phase, pool=pool, excluded=excluded,
        spec=spec, extra_units=[c for c in las if c not in pool], key=key)
    summary = survivorship.bias_summary({v: versions[v]["by_la"] for v in versions},
                                        ctx.la_code)
    periods = snapshot_periods(years, start, end)
    table = pd.concat([summary, _area_rows(versions, periods, areas(ctx)),
                       pd.DataFrame([_ordered_row(ctx, synthetic, key["data"],
                                                  data.data_end, window, phase)])],
                      ignore_index=True)
    table = table.reset_index(drop=True)
    save_table(ctx, table.assign(bias_data_source=synthetic_ctx.source_label),
               "survivorship_bias", "Each estimate on the synthetic England, complete and "
               "keeping only schools open in 2017-18 (as the real records do), and the "
               "difference (bias); over all LAs where the estimate exists for every LA",
               {"complete": "estimate's unit", "survivors": "estimate's unit",
                "bias": "survivors minus complete"})
    return SurvivorshipResult(table)


def direction(row, unit: str, la_name: str) -> str:
    """Which way survivorship probably moves the real estimate, from the measured bias."""
    spread = row.get("n_las", 0) >= MIN_LAS_FOR_SPREAD and not pd.isna(row.get("n_las"))
    if spread:
        mean, low, high = (row["bias_mean_all_las"], row["bias_p2_5_all_las"],
                           row["bias_p97_5_all_las"])
        word = "too high" if mean > 0 else "too low"
        across = (f"over all {int(row['n_las'])} LAs the filter moved it by {mean:+.1f} "
                  f"{unit} on average (95% of LAs between {low:+.1f} and {high:+.1f}), and "
                  f"{la_name} in the synthetic England by {row['bias']:+.1f}")
        if low > 0 or high < 0:
            return f"Likely {word}: {across}."
        same_way = max(row["share_las_biased_up"], 1 - row["share_las_biased_up"])
        if same_way >= 0.8:
            return (f"Probably {word} (the filter moved it that way in {same_way:.0%} of "
                    f"LAs): {across}.")
        return (f"No consistent direction, so the real estimate could be wrong either way by "
                f"about this much: {across}.")
    bias = row["bias"]
    if pd.isna(bias):
        return "Not measured (no synthetic estimate)."
    if abs(bias) < NEGLIGIBLE.get(unit, 0.5):
        return (f"Barely moved: the filter changed it by {bias:+.2f} {unit} in the synthetic "
                "England.")
    word = "too high" if bias > 0 else "too low"
    return (f"Likely {word}: the filter moved it by {bias:+.2f} {unit} in the synthetic "
            "England (one comparison, so no spread to judge chance by).")


@guarded
def beside_real(result: SurvivorshipResult, estimates, la_name: str) -> pd.DataFrame:
    """The real estimates (value and interval) beside each one's measured bias and the
    likely direction of its error, in words."""
    real = {e.name: e for e in (estimates.estimates.values() if hasattr(estimates, "estimates")
                                else estimates)}
    rows = []
    for row in result.table.to_dict("records"):
        estimate = real.get(row["estimate"])
        if estimate is None:
            continue
        interval = ("" if estimate.ci_low is None else
                    f"{estimate.ci_low:.1f} to {estimate.ci_high:.1f}")
        unit = ("odds ratio" if estimate.unit == "odds ratio" else "percentage points")
        rows.append({"estimate": estimate.label, "real value": round(estimate.value, 2),
                     "real interval": interval,
                     "bias in the synthetic England (this LA)": round(row["bias"], 2),
                     "likely error of the real estimate": direction(row, unit, la_name)})
    return pd.DataFrame(rows)


def bias_estimates(result: SurvivorshipResult, estimates, la_name: str = "the LA"
                   ) -> list[Estimate]:
    """The measured bias of each headline estimate, for results.json (not headline; none
    when the bias could not be measured)."""
    if not isinstance(result, SurvivorshipResult):
        return []
    real = {e.name: e for e in (estimates.estimates.values() if hasattr(estimates, "estimates")
                                else estimates)}
    out = []
    for row in result.table.to_dict("records"):
        if row["estimate"] not in real or pd.isna(row["bias"]):
            continue
        estimate = real[row["estimate"]]
        unit = "odds ratio" if estimate.unit == "odds ratio" else "percentage points"
        out.append(Estimate(
            f"survivorship_bias_{row['estimate']}",
            f"Survivorship bias of '{estimate.label}' (synthetic England, survivors-only "
            "minus complete)", float(row["bias"]),
            "difference in odds ratio" if unit == "odds ratio" else unit,
            "same pipeline on the synthetic England with and without keeping only schools "
            "open in 2017-18", headline=False,
            caveats=(direction(row, unit, la_name), ASSUMPTION)))
    return out
