"""Summarise a validation run's records and write every output, with the run's provenance."""

from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path

import pandas as pd

from analysis_lib.packs.provenance import code_version
from analysis_lib.results import write_atomically
from analysis_lib.validation import summary
from analysis_lib.validation.report import validation_markdown, write_outputs

#: written by benchmarks/validation_scales.py, reported when present
SCALE_CHECK = "scale_comparison.csv"


def _earlier_invocations(output_dir: Path, key: str) -> list[dict]:
    """Invocations recorded in run.json that drew replications of the same records key (a
    run resumed after an interruption, or rerun to reword the report)."""
    try:
        earlier = json.loads((output_dir / "run.json").read_text())
    except (OSError, json.JSONDecodeError):
        return []
    return earlier.get("invocations", []) if earlier.get("records_key") == key else []


def run_meta(result, options, *, started: float, command: str) -> dict:
    """Date, commit, command, seed, scales, replications and timing of a run; timing adds
    up every invocation that drew replications for the same records."""
    records = result.records
    key = options.key()
    invocations = _earlier_invocations(options.output_dir, key)
    this = {"date": dt.datetime.fromtimestamp(started, dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": code_version()["version"], "command": command,
            "new_replications": len(records) - result.resumed,
            "wall_minutes": result.seconds / 60, "workers": options.workers,
            "executor": options.executor}
    if this["new_replications"] or not invocations:
        invocations = [*invocations, this]
    drawn = sum(i["new_replications"] for i in invocations)
    minutes = sum(i["wall_minutes"] for i in invocations if i["new_replications"])
    cpu = sum(r.get("cpu_seconds", {}).get("total", 0.0) for r in records)
    return {
        "date": this["date"], "commit": this["commit"], "command": command,
        "records_key": key, "invocations": invocations,
        "master_seed": options.master_seed, "school_scale": options.school_scale,
        "family_scale": options.family_scale,
        "replications": dict(collections.Counter(r["job"]["scenario"] for r in records)),
        "drawn_replications": drawn, "lost": len(result.lost),
        "workers": options.workers, "executor": options.executor,
        "wall_minutes": minutes,
        "replications_per_minute": drawn / minutes if minutes > 0 else 0.0,
        "cpu_minutes": cpu / 60,
        "cpu_seconds_per_replication": cpu / len(records) if records else 0.0}


def summarise_and_write(result, options, *, started: float, command: str,
                        docs: Path | None = None) -> dict[str, Path]:
    """Tables, chart, CSVs and run.json in the options' output folder; the markdown report
    also at ``docs`` when given. A scale check left in the output folder is reported too."""
    frame = summary.estimates_frame(result.records)
    table = summary.coverage_table(frame)
    diagnostics = summary.diagnostics_table(result.records)
    changes = summary.scenario_changes(table)
    meta = run_meta(result, options, started=started, command=command)
    scale_file = options.output_dir / SCALE_CHECK
    scale_check = pd.read_csv(scale_file) if scale_file.is_file() else None
    paths = write_outputs(options.output_dir, table, diagnostics, changes, meta, scale_check)
    if docs is not None:
        paths["docs"] = write_atomically(Path(docs), validation_markdown(
            table, diagnostics, meta, scale_check))
    return paths
