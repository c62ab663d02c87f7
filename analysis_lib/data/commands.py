"""``evidence data``: ``synth`` (write the synthetic England), ``build`` (tidy tables),
``fetch`` (download official files) and ``calibration`` (synthetic vs real panels)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analysis_lib.data.catalogue import PROJECT_DIR, SOURCES


def configure(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``data`` command group to the ``evidence`` parser."""
    data = subparsers.add_parser("data", help="prepare data: synth, build, fetch, calibration")
    commands = data.add_subparsers(dest="data_command", required=True)

    synth = commands.add_parser("synth", help="write the synthetic England (raw files + truth)")
    synth.add_argument("--seed", type=int, default=None, help="random seed (default: built in)")
    synth.add_argument("--out", type=Path, default=PROJECT_DIR / "data" / "synthetic",
                       help="output folder (default data/synthetic)")
    synth.set_defaults(handler=run_synth)

    build = commands.add_parser("build", help="build every tidy table into data/processed")
    build.add_argument("--source", choices=SOURCES, default="synthetic")
    build.add_argument("--data-dir", type=Path, default=None,
                       help="folder of official files (default data/raw)")
    build.set_defaults(handler=run_build)

    fetch = commands.add_parser("fetch", help="download the official files")
    fetch.add_argument("--dest", type=Path, default=PROJECT_DIR / "data" / "raw")
    fetch.set_defaults(handler=run_fetch)

    calibration = commands.add_parser(
        "calibration", help="compare the synthetic England with real panels (docs/calibration.md)")
    calibration.add_argument("--real-dir", type=Path, required=True,
                             help="folder of the real published files, e.g. ../shared/data/real")
    calibration.add_argument("--synthetic-dir", type=Path, default=None,
                             help="synthetic data folder (default data/synthetic)")
    calibration.add_argument("--markdown", action="store_true",
                             help="print a Markdown table (as in docs/calibration.md)")
    calibration.set_defaults(handler=run_calibration)


def run_synth(args: argparse.Namespace) -> int:
    from analysis_lib.data.synth import generate

    started = time.perf_counter()
    kwargs = {"out_dir": Path(args.out)}
    if args.seed is not None:
        kwargs["seed"] = args.seed
    out = generate(**kwargs)
    print(f"synthetic data written to {out} in {time.perf_counter() - started:.1f} s")
    return 0


def run_build(args: argparse.Namespace) -> int:
    from analysis_lib.data.api import build_all

    started = time.perf_counter()
    report = build_all(args.source, args.data_dir)
    for name, info in report.items():
        if "error" in info:
            print(f"  {name:22s} FAILED: {info['error']}")
        elif "not_available" in info:
            print(f"  {name:22s} not available: {info['not_available']}")
        else:
            dropped = sum(info.get("dropped", {}).values())
            print(f"  {name:22s} {info['rows']:>10,d} rows  ({dropped:,d} dropped on purpose, "
                  f"see data/processed/.../{name}.json)")
    print(f"built in {time.perf_counter() - started:.1f} s")
    failed = [name for name, info in report.items() if "error" in info]
    if failed:
        print(f"evidence: error: {len(failed)} table(s) failed: {', '.join(failed)}",
              file=sys.stderr)
        return 2
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    from analysis_lib.data.fetch import fetch

    for path, status in fetch(args.dest).items():
        print(f"  {status:10s} {path}")
    return 0


def run_calibration(args: argparse.Namespace) -> int:
    from analysis_lib.data.calibration import report

    table = report.synthetic_vs_real(args.real_dir, args.synthetic_dir)
    if args.markdown:
        print(report.as_markdown(table))
        print(f"\n{report.summary(table)}.")
    else:
        print("SYNTHETIC DATA compared with the real published panels\n")
        print(report.as_text(table))
    return 0
