"""Benchmark: the pack runner against a sequential loop of the `papermill` command line.

Both execute the same N runs (LAs x notebooks) on the embedded synthetic data, each run in a
fresh kernel. The runner is timed end to end as `evidence pack` (validation, worker start-up,
execution, two HTML reports per run, index, manifest and Excel workbooks); the loop calls
`papermill IN OUT -p la ... -p output_dir ...` once per run and does nothing else.

Before timing, each notebook is executed once with papermill (untimed) so that both sides
meet the same warm data and analysis caches. With `--cli-sample K` only K of the N CLI runs
are executed (the same number of each notebook, for LAs spread over the pack) and the loop's
time is extrapolated as N x (mean time per run); the output says so.

    python benchmarks/pack_vs_papermill_cli.py --las 20 --workers 2
    python benchmarks/pack_vs_papermill_cli.py --fixtures --las 10     # tiny fixture notebooks
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from analysis_lib import geography
from analysis_lib.packs.kernels import default_kernel_name
from analysis_lib.packs.paths import la_slug

ROOT = Path(__file__).resolve().parents[1]
REAL = ["01_attainment_gaps", "02_ofsted_trajectory", "03_caseload_regressions",
        "04_troubled_families_impact"]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
BIN = Path(sys.executable).parent


def choose_las(n: int) -> list[str]:
    """Walsall, its statistical neighbours, then other LAs alphabetically: n names."""
    codes = [335, *geography.statistical_neighbours(335)]
    names = [geography.resolve_la(c)[1] for c in codes]
    table = geography.las()
    others = sorted(set(table.loc[table["valid_to"].isna(), "la_name"]) - set(names))
    return (names + others)[:n]


def cli_sample(las: list[str], notebooks: list[str], k: int) -> list[tuple[str, str]]:
    """About k runs spread over the pack's LAs, every notebook equally often (their costs
    differ several-fold, so a sample of some notebooks only would bias the loop's time)."""
    per_notebook = max(1, k // len(notebooks))
    step = max(1, len(las) // per_notebook)
    return [(la, nb) for la in las[::step][:per_notebook] for nb in notebooks]


def papermill_loop(runs, notebooks_dir: Path, out: Path, kernel: str) -> list[float]:
    """Seconds taken by each `papermill` call, executed one after another."""
    times = []
    for la, notebook in runs:
        target = out / la_slug(la)
        target.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        subprocess.run([str(BIN / "papermill"), str(notebooks_dir / f"{notebook}.ipynb"),
                        str(target / f"{notebook}.ipynb"), "-k", kernel, "--no-progress-bar",
                        "-p", "la", la, "-p", "data_source", "synthetic", "-p", "data_dir", "",
                        "-p", "output_dir", str(target / notebook)],
                       cwd=ROOT, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def runner(spec: Path, notebooks_dir: Path, out: Path, workers: int) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "evidence"), "pack", str(spec), "--notebooks-dir",
                           str(notebooks_dir), "--output-root", str(out), "--workers",
                           str(workers), "--quiet"], cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout.strip() or done.stderr.strip()[-500:]


def per_notebook_costs(manifest: Path) -> list[dict]:
    """Mean seconds per run of each notebook in the runner's pack, from its manifest: wall
    time, the stages of `execute_run` and the kernel's CPU time (where the time goes)."""
    runs = json.loads(manifest.read_text())["runs"]
    rows = []
    for notebook in dict.fromkeys(r["notebook"] for r in runs):
        mine = [r for r in runs if r["notebook"] == notebook and r["status"] == "ok"]
        if not mine:
            continue
        row = {"notebook": notebook, "runs": len(mine)}
        for key in ("seconds", "kernel_cpu_seconds"):
            values = [r[key] for r in mine if r.get(key) is not None]
            row[key] = round(sum(values) / len(values), 3) if values else None
        for stage in mine[0]["stages"]:
            row[stage] = round(sum(r["stages"][stage] for r in mine) / len(mine), 3)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--las", type=int, default=20, help="number of LAs (default 20)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--fixtures", action="store_true",
                        help="use the tiny fixture notebooks (ok, echo) instead of the real ones")
    parser.add_argument("--cli-sample", type=int, default=0,
                        help="execute only this many CLI runs and extrapolate (0: all)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()

    if args.fixtures:
        notebooks_dir, notebooks = FIXTURES, ["ok", "echo"]
    else:
        notebooks_dir = ROOT / "notebooks"
        notebooks = [n for n in REAL if (notebooks_dir / f"{n}.ipynb").exists()]
    las = choose_las(args.las)
    runs = [(la, nb) for la in las for nb in notebooks]
    kernel = default_kernel_name()
    work = Path(tempfile.mkdtemp(prefix="pack-bench-"))
    spec = work / "benchmark.yaml"
    spec.write_text(yaml.safe_dump({"name": "benchmark", "source": "synthetic", "las": las,
                                    "notebooks": notebooks}))
    load_before = os.getloadavg()

    papermill_loop([(las[0], nb) for nb in notebooks], notebooks_dir, work / "warmup", kernel)
    sample = cli_sample(las, notebooks, args.cli_sample) if args.cli_sample else runs
    cli_times = papermill_loop(sample, notebooks_dir, work / "cli", kernel)
    cli_total = sum(cli_times) * len(runs) / len(sample)
    runner_total, runner_summary = runner(spec, notebooks_dir, work / "runner", args.workers)
    load_after = os.getloadavg()
    manifest = work / "runner" / "benchmark" / "manifest.json"
    costs = per_notebook_costs(manifest) if manifest.is_file() else []

    result = {
        "notebooks": notebooks, "las": len(las), "runs": len(runs), "workers": args.workers,
        "kernel": kernel, "cli_runs_executed": len(sample),
        "cli_extrapolated": len(sample) < len(runs),
        "cli_seconds_per_run": round(sum(cli_times) / len(sample), 2),
        "cli_total_seconds": round(cli_total, 1), "runner_total_seconds": round(runner_total, 1),
        "runner_seconds_per_run": round(runner_total / len(runs), 2),
        "ratio": round(cli_total / runner_total, 2), "runner_summary": runner_summary,
        "loadavg_before": load_before, "loadavg_after": load_after, "cores": os.cpu_count(),
        "runner_per_notebook": costs,
    }
    args.output.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    (args.output / f"pack_vs_cli_{stamp}.json").write_text(json.dumps(result, indent=2))
    extrapolated = (f" (extrapolated from {len(sample)} runs)"
                    if result["cli_extrapolated"] else "")
    print("| method | runs | wall time (s) | s per run | ratio |\n|---|---|---|---|---|")
    print(f"| sequential papermill CLI | {len(runs)} | {cli_total:.1f}{extrapolated} | "
          f"{result['cli_seconds_per_run']} | 1.0 |")
    print(f"| evidence pack --workers {args.workers} | {len(runs)} | {runner_total:.1f} | "
          f"{result['runner_seconds_per_run']} | {result['ratio']} |")
    print(f"runner: {runner_summary}; load average before {load_before}, after {load_after}")
    if costs:
        columns = list(costs[0])
        print("\nrunner, mean per run (s):\n| " + " | ".join(columns) + " |\n|"
              + "---|" * len(columns))
        for row in costs:
            print("| " + " | ".join(str(row.get(c)) for c in columns) + " |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
