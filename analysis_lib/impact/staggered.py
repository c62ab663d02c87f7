"""Staggered difference-in-differences across start cohorts (Callaway & Sant'Anna 2021).

Families start with the programme in different years. Two-way fixed-effects regressions
are biased when effects differ by cohort or grow with time (Goodman-Bacon 2021), so the
group-time effects ATT(g, t) are estimated with ``moderndid.att_gt`` (doubly robust by
default), with never-treated comparison families as controls, and aggregated with
``moderndid.aggte``. Standard errors are analytical (influence-function based) and
clustered by family. The pre-trend check is the package's Wald pre-test that all
pre-start ATT(g, t) are zero.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.levels import z_value

AGGREGATIONS = ("simple", "group", "dynamic", "calendar")


@dataclass(frozen=True)
class StaggeredResult:
    """Aggregated Callaway-Sant'Anna estimates, in the outcome's units."""

    overall: pd.DataFrame  # aggregation, att, se, ci_low, ci_high
    event_study: pd.DataFrame  # event_time, att, se, ci_low, ci_high, period
    group_time: pd.DataFrame  # group, year, att, se
    pretest_p: float | None
    n_units: int
    method: str

    def aggregate(self, kind: str = "simple") -> pd.Series:
        """One aggregation's row (att, se, ci_low, ci_high)."""
        return self.overall.set_index("aggregation").loc[kind]


def family_panel(sample: pd.DataFrame, outcome_wide: pd.DataFrame,
                 years: tuple[int, int] | None = None, scale: float = 100.0) -> pd.DataFrame:
    """Family x year panel: ``family_id``, ``year``, ``y`` (outcome x ``scale``),
    ``first_year`` (start year; 0 for never-treated comparison families) and covariates.

    ``outcome_wide`` is families x years of 0/1 values; only families observed in every
    year of the window are kept (a balanced panel, as ``att_gt`` expects).
    """
    wide = outcome_wide.reindex(sample.index)
    if years is not None:
        wide = wide.loc[:, [c for c in wide.columns if years[0] <= c <= years[1]]]
    wide = wide.dropna(how="any")
    if wide.empty:
        raise DataNotAvailableError("No family has a complete outcome history for the DiD.")
    long = wide.stack().rename("y").reset_index()
    long.columns = ["family_id", "year", "y"]
    long["y"] = long["y"] * scale
    start = sample["start_year"].where(sample["treated"] == 1).fillna(0).astype(int)
    long["first_year"] = long["family_id"].map(start).astype(int)
    covs = sample.drop(columns=[c for c in ("treated", "start_year") if c in sample])
    long = long.join(covs.select_dtypes("number"), on="family_id")
    return long.sort_values(["family_id", "year"]).reset_index(drop=True)


def callaway_santanna(panel: pd.DataFrame, *, yname: str = "y", tname: str = "year",
                      idname: str = "family_id", gname: str = "first_year",
                      covariates: tuple[str, ...] = (), est_method: str = "dr",
                      anticipation: int = 0, level: float = 0.95) -> StaggeredResult:
    """Group-time ATTs with never-treated controls, aggregated four ways.

    Pointwise 95% intervals use the normal critical value (no bootstrap, so results are
    deterministic). ``covariates`` (time-invariant baseline columns) make parallel trends
    conditional on them.
    """
    treated_cohorts = sorted(g for g in panel[gname].unique() if g > 0)
    if not treated_cohorts or (panel[gname] == 0).sum() == 0:
        raise DataNotAvailableError("The DiD needs both programme and never-treated families.")
    import moderndid  # imported here: it takes seconds, and only this estimator needs it

    xformla = "~ " + " + ".join(covariates) if covariates else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mp = moderndid.att_gt(data=panel, yname=yname, tname=tname, idname=idname,
                              gname=gname, xformla=xformla, est_method=est_method,
                              control_group="nevertreated", anticipation=anticipation,
                              boot=False, cband=False, alp=1 - level)
        aggs = {kind: moderndid.aggte(mp, type=kind, cband=False, boot=False)
                for kind in AGGREGATIONS}
    z = z_value(level)
    overall = pd.DataFrame([{"aggregation": k, "att": float(a.overall_att),
                             "se": float(a.overall_se)} for k, a in aggs.items()])
    overall["ci_low"] = overall["att"] - z * overall["se"]
    overall["ci_high"] = overall["att"] + z * overall["se"]
    dyn = aggs["dynamic"]
    event = pd.DataFrame({"event_time": np.asarray(dyn.event_times, dtype=int),
                          "att": np.asarray(dyn.att_by_event, dtype=float),
                          "se": np.asarray(dyn.se_by_event, dtype=float)})
    event["ci_low"] = event["att"] - z * event["se"]
    event["ci_high"] = event["att"] + z * event["se"]
    event["period"] = np.where(event["event_time"] < 0, "before start", "after start")
    group_time = pd.DataFrame({"group": np.asarray(mp.groups, dtype=int),
                               "year": np.asarray(mp.times, dtype=int),
                               "att": np.asarray(mp.att_gt, dtype=float),
                               "se": np.asarray(mp.se_gt, dtype=float)})
    pretest = None if mp.wald_pvalue is None else float(mp.wald_pvalue)
    method = (f"Callaway-Sant'Anna staggered DiD (moderndid {moderndid.__version__}, "
              f"{est_method.upper()}, never-treated controls)")
    return StaggeredResult(overall=overall, event_study=event, group_time=group_time,
                           pretest_p=pretest, n_units=int(panel[idname].nunique()),
                           method=method)
