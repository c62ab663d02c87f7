"""Benchmark: replications per minute of `evidence validate`, and what file writing costs.

1. Baseline in the same run: the harness's headline paths on the same few Englands, in this
   process, with chart and table files written (as a notebook run does) and with file
   writing off (as the harness runs them); CPU seconds per replication and their ratio. One
   untimed replication first, so imports and warm-ups count in neither.
2. `run_validation` with R default-configuration replications on W local workers, timed end
   to end (worker start-up included): wall minutes, replications per minute, CPU seconds per
   replication (each record's own process time) and per component; then the projected time
   of the full run (every scenario's replications x the CPU of the components it runs,
   spread over W idle cores).

    python benchmarks/validation_speed.py --replications 8 --workers 2
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from analysis_lib.data.synth import SynthConfig, generate
from analysis_lib.validation import headlines, scenarios
from analysis_lib.validation.replication import _isolated, replication_seed
from analysis_lib.validation.runner import ValidationOptions, run_validation

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def _headline_cpu(seed: int, write_files: bool, options: ValidationOptions) -> float:
    """CPU seconds of the four headline paths on one England (generation excluded)."""
    original = headlines.start_run
    if write_files:  # what a notebook run does: every chart and table saved
        headlines.start_run = lambda *a, **k: original(*a, **{**k, "write_files": True})
    try:
        with tempfile.TemporaryDirectory() as tmp, _isolated(Path(tmp)):
            config = SynthConfig(school_scale=options.school_scale,
                                 family_scale=options.family_scale)
            generate(Path(tmp) / "england", seed=seed, config=config)
            started = time.process_time()
            for notebook in scenarios.NOTEBOOKS:
                with tempfile.TemporaryDirectory() as out:
                    headlines.PATHS[notebook](Path(tmp) / "england", Path(out))
            return time.process_time() - started
    finally:
        headlines.start_run = original


def file_writing_baseline(seeds: list[int], options: ValidationOptions) -> dict:
    _headline_cpu(seeds[0] + 1, False, options)  # warm-up, untimed
    on = [_headline_cpu(s, True, options) for s in seeds]
    off = [_headline_cpu(s, False, options) for s in seeds]
    return {"files_written_cpu_s": statistics.mean(on), "no_files_cpu_s": statistics.mean(off),
            "ratio": statistics.mean(on) / statistics.mean(off)}


def projected_full_run(records: list[dict], workers: int) -> dict:
    """Minutes of the full default run on idle cores, from mean CPU per component."""
    parts = {k: statistics.mean(r["cpu_seconds"][k] for r in records)
             for k in records[0]["cpu_seconds"] if k != "total"}
    cpu = sum(s.replications * (parts["generate"] + sum(parts[n] for n in s.notebooks))
              for s in scenarios.SCENARIOS.values())
    return {"cpu_seconds_by_component": parts, "full_run_cpu_minutes": cpu / 60,
            "full_run_wall_minutes_on_idle_cores": cpu / 60 / workers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--baseline-seeds", type=int, default=2)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    options = ValidationOptions(progress=False)
    seeds = [replication_seed(options.master_seed, 10_000 + i)
             for i in range(args.baseline_seeds)]
    baseline = file_writing_baseline(seeds, options)
    with tempfile.TemporaryDirectory() as tmp:
        started, cpu_here = time.perf_counter(), time.process_time()
        result = run_validation(ValidationOptions(
            scenarios=("default",), replications=args.replications, workers=args.workers,
            output_dir=Path(tmp), progress=False))
        wall = time.perf_counter() - started
    per_rep = [r["cpu_seconds"]["total"] for r in result.records]
    out = {"replications": len(result.records), "workers": args.workers,
           "school_scale": options.school_scale, "family_scale": options.family_scale,
           "wall_minutes": wall / 60, "replications_per_minute": len(result.records) / wall * 60,
           "cpu_seconds_per_replication": statistics.mean(per_rep),
           "runner_process_cpu_s": time.process_time() - cpu_here,
           "file_writing_baseline": baseline,
           **projected_full_run(result.records, args.workers)}
    (RESULTS / "validation_speed.json").write_text(json.dumps(out, indent=2) + "\n")
    print(f"harness path, CPU per replication (4 notebooks, generation excluded): "
          f"{baseline['no_files_cpu_s']:.1f} s without files, "
          f"{baseline['files_written_cpu_s']:.1f} s writing charts and tables "
          f"(x{baseline['ratio']:.2f})")
    print(f"{out['replications']} replications on {args.workers} workers: "
          f"{out['wall_minutes']:.1f} min wall, {out['replications_per_minute']:.2f} per minute, "
          f"{out['cpu_seconds_per_replication']:.1f} CPU s per replication")
    print("CPU s by component: " + ", ".join(
        f"{k} {v:.1f}" for k, v in out["cpu_seconds_by_component"].items()))
    print(f"projected full run (200 default + 5 x 100 scenario replications): "
          f"{out['full_run_cpu_minutes']:.0f} CPU min, "
          f"{out['full_run_wall_minutes_on_idle_cores']:.0f} min on {args.workers} idle cores")


if __name__ == "__main__":
    main()
