"""From replication records to per-estimate bias, RMSE, coverage and failure shares.

Coverage is the share of replications whose 95% interval contains the truth the estimate
targets (`targets`), with its Monte Carlo standard error sqrt(p(1 - p)/R). An estimate
counts as not computed in a replication when its notebook failed, did not record it, or
recorded no value or (for an estimate that has one elsewhere) no interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib.validation.diagnostics import DIAGNOSTICS, flagged

NOMINAL = 0.95
BAND = (0.925, 0.975)
COLUMNS = ["scenario", "notebook", "estimate", "interval_kind", "unit", "replications",
           "not_computed_share", "truth_mean", "estimate_mean", "bias", "rmse", "coverage",
           "coverage_mc_se", "coverage_n", "median_width", "outside_band"]


def estimates_frame(records: list[dict]) -> pd.DataFrame:
    """One row per replication and headline estimate its notebooks should have recorded
    (missing ones with empty values): scenario, index, notebook, estimate, value, ci_low,
    ci_high, interval_kind, unit, truth."""
    expected: dict[tuple[str, str], set[str]] = {}
    for record in records:
        for e in record["estimates"]:
            if e["headline"]:
                expected.setdefault((record["job"]["scenario"], e["notebook"]), set()).add(
                    e["name"])
    rows = []
    for record in records:
        job = record["job"]
        found = {(e["notebook"], e["name"]): e for e in record["estimates"] if e["headline"]}
        for notebook in job["notebooks"]:
            for name in sorted(expected.get((job["scenario"], notebook), ())):
                e = found.get((notebook, name), {})
                rows.append({"scenario": job["scenario"], "index": job["index"],
                             "notebook": notebook, "estimate": name,
                             **{k: e.get(k) for k in ("value", "ci_low", "ci_high",
                                                      "interval_kind", "unit", "truth")}})
    frame = pd.DataFrame(rows, columns=["scenario", "index", "notebook", "estimate", "value",
                                        "ci_low", "ci_high", "interval_kind", "unit", "truth"])
    for column in ("value", "ci_low", "ci_high", "truth"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


def _summarise(group: pd.DataFrame) -> pd.Series:
    has_value = group["value"].notna()
    has_interval = group["ci_low"].notna() & group["ci_high"].notna()
    computed = (has_value & has_interval) if has_interval.any() else has_value
    scored = group[has_value & group["truth"].notna()]
    error = scored["value"] - scored["truth"]
    covered = group[has_interval & group["truth"].notna()]
    n = len(covered)
    p = float(((covered["ci_low"] <= covered["truth"])
               & (covered["truth"] <= covered["ci_high"])).mean()) if n else np.nan
    kinds = group["interval_kind"].dropna()
    units = group["unit"].dropna()
    return pd.Series({
        "interval_kind": kinds.mode().iloc[0] if len(kinds) else "",
        "unit": units.iloc[0] if len(units) else "",
        "replications": len(group),
        "not_computed_share": 1 - computed.mean(),
        "truth_mean": scored["truth"].mean() if len(scored) else np.nan,
        "estimate_mean": group["value"].mean(),
        "bias": error.mean() if len(error) else np.nan,
        "rmse": float(np.sqrt((error**2).mean())) if len(error) else np.nan,
        "coverage": p,
        "coverage_mc_se": float(np.sqrt(p * (1 - p) / n)) if n else np.nan,
        "coverage_n": n,
        "median_width": ((group["ci_high"] - group["ci_low"]).median()
                         if has_interval.any() else np.nan),
        "outside_band": bool(n and not BAND[0] <= p <= BAND[1]),
    })


def coverage_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per scenario and estimate: the columns of `COLUMNS`, in a stable order."""
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    keys = ["scenario", "notebook", "estimate"]
    table = frame.groupby(keys, sort=False).apply(_summarise, include_groups=False)
    table = table.reset_index()
    order = {name: i for i, name in enumerate(dict.fromkeys(frame["scenario"]))}
    table = table.sort_values(["scenario", "notebook", "estimate"],
                              key=lambda c: c.map(order) if c.name == "scenario" else c)
    return table[COLUMNS].reset_index(drop=True)


DIAGNOSTIC_COLUMNS = ["scenario", "diagnostic", "notebook", "warns_when", "computed", "flag_rate",
                      "flag_rate_mc_se", "median_value"]


def diagnostics_table(records: list[dict]) -> pd.DataFrame:
    """Per scenario and diagnostic: replications where it was computed, how often it warned
    (with its Monte Carlo SE) and its median value."""
    rows = []
    for record in records:
        job = record["job"]
        for name, diagnostic in DIAGNOSTICS.items():
            if diagnostic.notebook in job["notebooks"]:
                value = record["diagnostics"].get(name)
                rows.append({"scenario": job["scenario"], "diagnostic": name, "value": value,
                             "flagged": flagged(name, value)})
    frame = pd.DataFrame(rows, columns=["scenario", "diagnostic", "value", "flagged"])
    out = []
    for (scenario, name), group in frame.groupby(["scenario", "diagnostic"], sort=False):
        flags = group["flagged"].dropna().astype(bool)
        p, n = (float(flags.mean()), len(flags)) if len(flags) else (np.nan, 0)
        out.append({"scenario": scenario, "diagnostic": name,
                    "notebook": DIAGNOSTICS[name].notebook,
                    "warns_when": DIAGNOSTICS[name].warns_when, "computed": n,
                    "flag_rate": p,
                    "flag_rate_mc_se": float(np.sqrt(p * (1 - p) / n)) if n else np.nan,
                    "median_value": (pd.to_numeric(group["value"]).median()
                                     if group["value"].notna().any() else np.nan)})
    return pd.DataFrame(out, columns=DIAGNOSTIC_COLUMNS)


def scenario_changes(table: pd.DataFrame, default: str = "default") -> pd.DataFrame:
    """For every failure scenario's estimate with a coverage: its coverage beside the
    default's, and whether it falls below the band (loses coverage)."""
    base = table[table["scenario"] == default].set_index("estimate")
    rows = table[(table["scenario"] != default) & table["coverage"].notna()].copy()
    rows["default_coverage"] = rows["estimate"].map(base["coverage"])
    rows["default_bias"] = rows["estimate"].map(base["bias"])
    rows["loses_coverage"] = rows["coverage"] < BAND[0]
    return rows[["scenario", "notebook", "estimate", "interval_kind", "coverage",
                 "coverage_mc_se", "default_coverage", "bias", "default_bias",
                 "loses_coverage"]].reset_index(drop=True)
