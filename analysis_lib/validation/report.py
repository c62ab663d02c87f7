"""Write the validation outputs: CSVs, markdown tables, the chart and docs/validation.md."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from analysis_lib.results import write_atomically
from analysis_lib.validation import scenarios as scenario_defs
from analysis_lib.validation.chart import coverage_chart
from analysis_lib.validation.summary import BAND
from analysis_lib.validation.targets import TARGETS

SYNTHETIC = ("All figures come from SYNTHETIC DATA: replications of the seeded synthetic "
             "England with planted truths, not real figures.")
SCALE_NOTE = (
    "Each replication draws a new England at reduced size. `school_scale` shrinks every LA's "
    "schools alike (Walsall's too), and `family_scale` every LA's families (Walsall keeps at "
    "least 50); the LA panels of notebook 03 depend on neither. Most intervals keep their "
    "construction and only widen: the placebo ranges of notebook 02 are spreads over other "
    "LAs drawn at the same size as Walsall. The school-clustered intervals of notebook 01 "
    "depend on the number of schools through their degrees of freedom: an LA with about 90 "
    "primary schools has 9 at school_scale 0.1. The gaps and their trend pool each LA's "
    "design effect over the years of a measure (about 9 schools x 8 years), so t exceeds z "
    "by about 2%; the gap index spends one year's schools (t with G - 1), which at 9 schools "
    "widens it by about a sixth. `benchmarks/validation_scales.py` runs one notebook at the "
    "harness's size and a larger one with the same seeds; its comparison is reported below "
    "when run.")


def _number(x, decimals: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return f"{x:.{decimals}f}"


def _percent(x, decimals: int = 1) -> str:
    return _number(None if x is None or pd.isna(x) else 100 * x, decimals)


def markdown_table(frame: pd.DataFrame) -> str:
    """A GitHub pipe table of already formatted text columns."""
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def coverage_markdown(table: pd.DataFrame) -> str:
    """The per-estimate table of one scenario, formatted."""
    shown = pd.DataFrame({
        "estimate": table["estimate"] + " (" + table["notebook"].str[:2] + ")",
        "interval": table["interval_kind"].replace("", "none"),
        "R": table["replications"],
        "not computed %": table["not_computed_share"].map(_percent),
        "mean truth": table["truth_mean"].map(_number),
        "bias": table["bias"].map(_number),
        "RMSE": table["rmse"].map(_number),
        "coverage % (MC SE)": [
            "no truth" if pd.isna(p) else f"{100 * p:.1f} ({100 * se:.1f})"
            + (" **outside**" if out else "")
            for p, se, out in zip(table["coverage"], table["coverage_mc_se"],
                                  table["outside_band"], strict=True)],
        "median width": table["median_width"].map(_number)})
    return markdown_table(shown)


def diagnostics_markdown(diagnostics: pd.DataFrame, scenario: str) -> str:
    """Flag rates of the scenario's diagnostics beside the default's (false alarms)."""
    mine = diagnostics[diagnostics["scenario"] == scenario]
    base = diagnostics[diagnostics["scenario"] == scenario_defs.DEFAULT.name].set_index(
        "diagnostic")
    shown = pd.DataFrame({
        "diagnostic (notebook)": mine["diagnostic"] + " (" + mine["notebook"].str[:2] + ")",
        "warns when": mine["warns_when"],
        "flag rate % (MC SE)": [f"{100 * p:.1f} ({100 * se:.1f})" if not pd.isna(p) else ""
                                for p, se in zip(mine["flag_rate"], mine["flag_rate_mc_se"],
                                                 strict=True)],
        "under default %": mine["diagnostic"].map(base["flag_rate"]).map(_percent),
        "median value": mine["median_value"].map(lambda v: _number(v, 3))})
    return markdown_table(shown)


def _warns_more(row, base) -> bool:
    """A diagnostic warns more often than under the default, beyond 2 Monte Carlo SEs."""
    if base is None or pd.isna(row["flag_rate"]) or pd.isna(base["flag_rate"]):
        return False
    se = math.hypot(row["flag_rate_mc_se"], base["flag_rate_mc_se"])
    return row["flag_rate"] - base["flag_rate"] > 2 * max(se, 1e-9)


def scenario_findings(table: pd.DataFrame, diagnostics: pd.DataFrame, scenario) -> list[str]:
    """Two sentences: which estimates lose coverage (fall below 92.5%) and which of the
    scenario's diagnostics warn more often than under the default."""
    default = scenario_defs.DEFAULT.name
    base = table[table["scenario"] == default].set_index("estimate")["coverage"]
    rows = table[(table["scenario"] == scenario.name) & table["coverage"].notna()]
    losing = rows[rows["coverage"] < BAND[0]]
    lost = "; ".join(f"{r.estimate} ({_percent(base.get(r.estimate))}% under the default, "
                     f"{_percent(r.coverage)}% here)" for r in losing.itertuples())
    mine = diagnostics[diagnostics["scenario"] == scenario.name].set_index("diagnostic")
    normal = diagnostics[diagnostics["scenario"] == default].set_index("diagnostic")
    words = []
    for name in scenario.diagnostics:
        if name not in mine.index:
            continue
        row, usual = mine.loc[name], normal.loc[name] if name in normal.index else None
        rate = f"warns in {_percent(row['flag_rate'])}% of replications"
        usual_rate = "" if usual is None else f" (default {_percent(usual['flag_rate'])}%)"
        verdict = ("more often than by default: it catches the problem in part" if
                   _warns_more(row, usual) else "no more often than by default: it does not "
                   "catch the problem")
        words.append(f"{name} {rate}{usual_rate}, {verdict}")
    return [f"**Loses coverage (below {100 * BAND[0]:.1f}%):** {lost or 'none'}.",
            "**Do the notebook's diagnostics catch it?** " + ("; ".join(words) or
                                                              "no diagnostic applies") + "."]


def write_outputs(output_dir: Path, table: pd.DataFrame, diagnostics: pd.DataFrame,
                  changes: pd.DataFrame, meta: dict,
                  scale_check: pd.DataFrame | None = None) -> dict[str, Path]:
    """coverage.csv, diagnostics.csv, scenario_changes.csv, coverage.md, coverage.png and
    run.json in ``output_dir``."""
    paths = {}
    for name, frame in (("coverage", table), ("diagnostics", diagnostics),
                        ("scenario_changes", changes)):
        labelled = frame.assign(data_source="SYNTHETIC DATA (validation replications)")
        paths[name] = write_atomically(output_dir / f"{name}.csv",
                                       labelled.to_csv(index=False))
    paths["markdown"] = write_atomically(output_dir / "coverage.md",
                                         validation_markdown(table, diagnostics, meta,
                                                             scale_check))
    paths["chart"] = coverage_chart(table, output_dir / "coverage.png",
                                    note=f"{SYNTHETIC} Commit {meta['commit']}.")
    paths["run"] = write_atomically(output_dir / "run.json",
                                    json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return paths


def _invocations(meta: dict) -> str:
    drew = [i for i in meta["invocations"] if i["new_replications"]]
    return "; ".join(f"{i['new_replications']} on {i['date']} with {i['workers']} "
                     f"{i['executor']} worker(s), commit {i['commit']}" for i in drew) or \
        "no new replications"


def _header(meta: dict) -> list[str]:
    counts = ", ".join(f"{name} {n}" for name, n in meta["replications"].items())
    return [
        "# Validation: how often each headline interval covers its planted truth", "",
        f"*Written by `{meta['command']}`; do not edit by hand.* {SYNTHETIC}", "",
        f"- Date: {meta['date']}; commit `{meta['commit']}`",
        f"- Master seed {meta['master_seed']}; school_scale {meta['school_scale']}, "
        f"family_scale {meta['family_scale']}",
        f"- Replications (records used): {counts}",
        f"- Time: {meta['drawn_replications']} replications drawn in "
        f"{meta['wall_minutes']:.1f} min wall ({meta['replications_per_minute']:.1f} per "
        f"minute; {_invocations(meta)}); CPU {meta['cpu_minutes']:.1f} min over all records "
        f"(mean {meta['cpu_seconds_per_replication']:.1f} s per replication)", "",
        "Coverage is the share of replications whose 95% interval contains the truth the "
        "estimate targets (`analysis_lib/validation/targets.py`), with its Monte Carlo "
        "standard error sqrt(p(1-p)/R); **outside** marks coverage outside 92.5-97.5%. "
        "Bias and RMSE are in the estimate's units. 'not computed' is the share of "
        "replications in which the estimate or its interval could not be computed.", ""]


def scale_markdown(check: pd.DataFrame) -> str:
    """The scale check (benchmarks/validation_scales.py): coverage at two sizes."""
    shown = pd.DataFrame({
        "estimate": check["estimate"] + " (" + check["notebook"].str[:2] + ")",
        "R": check["replications"],
        "school/family scale": check["small_scales"] + " vs " + check["large_scales"],
        "coverage %": [f"{100 * a:.1f} vs {100 * b:.1f}" for a, b in
                       zip(check["coverage_small"], check["coverage_large"], strict=True)],
        "difference (z)": [f"{100 * d:+.1f} ({z:+.1f})" for d, z in
                           zip(check["difference"], check["z"], strict=True)],
        "median width": [f"{a:.2f} vs {b:.2f}" for a, b in
                         zip(check["median_width_small"], check["median_width_large"],
                             strict=True)]})
    return markdown_table(shown)


def validation_markdown(table: pd.DataFrame, diagnostics: pd.DataFrame, meta: dict,
                        scale_check: pd.DataFrame | None = None) -> str:
    """The whole report: default table, estimates outside the band, scenarios, notes."""
    lines = _header(meta)
    default = table[table["scenario"] == scenario_defs.DEFAULT.name]
    lines += ["## Default configuration", "", coverage_markdown(default), ""]
    outside = default[default["outside_band"].astype(bool)]
    lines += ["Outside 92.5-97.5% under the default configuration: "
              + ("; ".join(f"{r.estimate} ({100 * r.coverage:.1f}%, {r.interval_kind})"
                           for r in outside.itertuples()) or "none") + ".", ""]
    lines += ["Diagnostics under the default configuration (how often each warns when "
              "nothing is wrong):", "", diagnostics_markdown(diagnostics,
                                                             scenario_defs.DEFAULT.name), ""]
    no_truth = default[default["truth_mean"].isna()]
    if len(no_truth):
        lines += ["Headline estimates without a planted truth on their own scale (bias and "
                  "coverage not measured): " + ", ".join(
                      f"{r.estimate} ({r.interval_kind or 'no interval'})"
                      for r in no_truth.itertuples()) + ".", ""]
    no_interval = default[default["truth_mean"].notna() & default["coverage"].isna()]
    if len(no_interval):
        lines += ["Headline estimates with a truth but no interval (bias and RMSE only): "
                  + ", ".join(no_interval["estimate"]) + ".", ""]
    for scenario in scenario_defs.select():
        if scenario.name == scenario_defs.DEFAULT.name or scenario.name not in set(
                table["scenario"]):
            continue
        lines += [f"## Scenario `{scenario.name}`", "", scenario.what_fails,
                  f"Switches: `{scenario.switches}`; notebooks run: "
                  + ", ".join(scenario.notebooks) + ".", "",
                  *scenario_findings(table, diagnostics, scenario), "",
                  coverage_markdown(table[table["scenario"] == scenario.name]), "",
                  diagnostics_markdown(diagnostics, scenario.name), ""]
    lines += ["## Targets", ""] + [f"- `{name}` ({t.kind}): {t.definition}"
                                   for name, t in TARGETS.items()]
    lines += ["", "## Scales", "", SCALE_NOTE, ""]
    if scale_check is not None and not scale_check.empty:
        lines += ["Coverage at the harness's sizes and at larger ones, same seeds "
                  "(`benchmarks/validation_scales.py`; z is the difference over its Monte "
                  "Carlo SE):", "", scale_markdown(scale_check), ""]
    return "\n".join(lines)
