"""How much listing only the schools open in 2017-18 moves each headline estimate.

The real inspection history lists only schools open in 2017-18 (the performance-tables spine
of that year): schools that closed or converted before then are missing, and so are the
inspections of their predecessor URNs. We cannot see what that does in the real data, so we
measure it in the synthetic England, where we have every school: the same functions the
notebook uses are run on the synthetic inspections as they are and with the same filter
(`survivors_only`), over the same snapshot years, window and design as the real run. The
difference (filtered minus complete) is the survivorship bias of each estimate: for the
studied LA, and for every LA (shares, DiD, synthetic control), which shows whether the bias
has a consistent direction or is noise of the size shown.

The measurement is only as good as the synthetic England's closures and conversions: which
schools closed or became academies, and how their grades compared, is the generator's
assumption (`analysis_lib.data.synth.schools`), stated beside the result.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib.cache import memoise
from analysis_lib.ofsted import did, synth
from analysis_lib.ofsted.as_at import as_at_grades
from analysis_lib.ofsted.counterfactual import (
    during_values,
    outcome_panel,
    to_outcome_units,
    unit_controls,
    washout_design,
)
from analysis_lib.ofsted.period_shares import snapshot_periods

#: The academic year of the spine the real history was compiled for.
SPINE_YEAR = (pd.Timestamp("2017-09-01"), pd.Timestamp("2018-08-31"))
VERSIONS = ("complete", "survivors")


def survivors_only(inspections: pd.DataFrame, schools: pd.DataFrame,
                   spine_year=SPINE_YEAR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The schools open at any time in the spine year, and only their own inspections
    (predecessor URNs' inspections go, the links to them stay), as in the real files."""
    first, last = spine_year
    open_then = ((schools["open_date"].isna() | (schools["open_date"] <= last))
                 & (schools["close_date"].isna() | (schools["close_date"] >= first)))
    kept = schools[open_then]
    return (inspections[inspections["urn"].isin(kept["urn"])].reset_index(drop=True),
            kept.reset_index(drop=True))


def versions(inspections: pd.DataFrame, schools: pd.DataFrame, data_end
             ) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Complete and survivors-only data, both cut at the real records' last inspection."""
    cut = inspections[inspections["inspection_date"] <= pd.Timestamp(data_end)]
    return {"complete": (cut, schools), "survivors": survivors_only(cut, schools)}


def pooled_period_shares(panel: pd.DataFrame, periods: dict[str, list[int]],
                         groups: dict[str, list[int] | None]) -> pd.DataFrame:
    """Group x period pooled share good or outstanding (percent) from an LA x year panel of
    shares and graded schools: the same pooling as `period_shares` (school x snapshot)."""
    rows = {}
    for name, codes in groups.items():
        part = panel if codes is None else panel[panel["la_code"].isin(codes)]
        rows[name] = {}
        for period, years in periods.items():
            cell = part[part["year"].isin(years)]
            n = cell["n_schools"].sum()
            rows[name][period] = ((cell["value_outcome"] * cell["n_schools"]).sum() / n
                                  if n else np.nan)
    return pd.DataFrame.from_dict(rows, orient="index")


def la_effects(panel: pd.DataFrame, scale: str, design, *, pool, excluded: set[int],
               spec: str, extra_units=()) -> pd.DataFrame:
    """Every LA's DiD and synthetic-control outsourcing effect (outcome units), as the
    notebook computes them for one LA; `extra_units` (studied LAs outside the pool) are
    fitted against the pool as the notebook fits them."""
    units = sorted({*pool, *extra_units})
    did_raw = did.placebo_fits(panel, unit_controls(units, spec, excluded), design)["estimate"]
    synth_raw = synth.placebo_fits(panel, pool, design)["effect"]
    wide = synth.wide_outcome(panel, units, design.years)
    for unit in extra_units:
        if unit in wide.columns and unit not in synth_raw.index:
            synth_raw.loc[unit] = synth.fit_synth(wide, unit, pool, design).effect
    sign = design.sign_to_outsourcing
    rows = []
    for unit in units:
        during = during_values(panel, unit, design)
        rows.append({"la_code": unit, **{
            name: to_outcome_units(sign * float(raw.get(unit, np.nan)), during, scale)
            if during else np.nan
            for name, raw in (("did_outsourcing_effect", did_raw),
                              ("synth_outsourcing_effect", synth_raw))}})
    return pd.DataFrame(rows).set_index("la_code")


def every_la(inspections, schools, *, data_end, years, window, outcome, phase, pool,
             excluded, spec, extra_units, key: dict) -> dict[str, dict]:
    """For each version: every LA's period shares, DiD and synthetic-control estimates
    (``by_la``) and the LA x year panel of shares (``panel``), cached on ``key`` (the
    synthetic data's fingerprint and every parameter)."""

    def compute():
        out = {}
        periods = snapshot_periods(years, *window)
        for version, (insp, sch) in versions(inspections, schools, data_end).items():
            as_at = as_at_grades(insp, sch, years)
            shares, _ = outcome_panel(as_at, "share_good_or_outstanding", phase)
            la_shares = pooled_period_shares(
                shares, periods, {int(c): [int(c)] for c in shares["la_code"].unique()})
            la_shares.columns = [f"share_good_or_outstanding_{p}_la" for p in la_shares]
            panel, scale = outcome_panel(as_at, outcome, phase)
            design = washout_design(panel["year"].unique(), *window)
            effects = la_effects(panel, scale, design, pool=pool, excluded=excluded,
                                 spec=spec, extra_units=extra_units)
            out[version] = {"by_la": la_shares.join(effects, how="outer"), "panel": shares}
        return out

    return memoise("ofsted-survivorship", key, compute)


def bias_summary(by_la: dict[str, pd.DataFrame], la_code: int) -> pd.DataFrame:
    """Per estimate: the studied LA's synthetic estimate complete and filtered, its bias, and
    the bias over every LA (mean, 2.5th and 97.5th percentiles, share positive, n)."""
    bias = by_la["survivors"] - by_la["complete"]
    rows = []
    for name in bias.columns:
        values = bias[name].dropna()
        own = (by_la["complete"][name].get(la_code, np.nan),
               by_la["survivors"][name].get(la_code, np.nan))
        rows.append({"estimate": name, "complete": own[0], "survivors": own[1],
                     "bias": own[1] - own[0], "bias_mean_all_las": values.mean(),
                     "bias_p2_5_all_las": values.quantile(0.025),
                     "bias_p97_5_all_las": values.quantile(0.975),
                     "share_las_biased_up": (values > 0).mean(), "n_las": len(values)})
    return pd.DataFrame(rows)
