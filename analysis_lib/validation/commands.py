"""`evidence validate`: replicate, summarise, write the tables, chart and (optionally) docs."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from analysis_lib.errors import ParameterError
from analysis_lib.packs.commands import _positive
from analysis_lib.validation import runner, scenarios


def _scale(text: str) -> float:
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 1")
    return value


def configure(subparsers) -> None:
    """Add the `validate` sub-command to the `evidence` parser."""
    v = subparsers.add_parser(
        "validate", help="measure bias and coverage of every headline estimate",
        description="Draw replications of the synthetic England (default configuration and "
        "failure scenarios), run each notebook's headline code path on each, and report "
        "bias, RMSE, coverage of the 95% intervals (with Monte Carlo SE), interval width, "
        "failures and diagnostic flag rates. Resumes from saved records.")
    v.add_argument("--replications", type=_positive, default=None,
                   help=f"default-configuration replications "
                   f"(default {scenarios.DEFAULT.replications})")
    v.add_argument("--scenario-replications", type=_positive, default=None,
                   help="replications of each failure scenario (default 100)")
    v.add_argument("--scenarios", default="",
                   help=f"comma-separated subset of {','.join(scenarios.SCENARIOS)}")
    v.add_argument("--notebooks", default="",
                   help="comma-separated subset of notebooks to run (e.g. "
                   "02_ofsted_trajectory; default: each scenario's own)")
    v.add_argument("--master-seed", type=int, default=runner.DEFAULT_MASTER_SEED)
    v.add_argument("--school-scale", type=_scale, default=runner.DEFAULT_SCHOOL_SCALE)
    v.add_argument("--family-scale", type=_scale, default=runner.DEFAULT_FAMILY_SCALE)
    v.add_argument("--workers", type=_positive, default=os.cpu_count() or 1)
    v.add_argument("--executor", choices=("local", "dask"), default="local")
    v.add_argument("--scheduler", default="",
                   help="dask scheduler address for --executor dask, e.g. tcp://host:8786")
    v.add_argument("--output", type=Path, default=runner.DEFAULT_OUTPUT,
                   help="folder for records and results (default outputs/validation)")
    v.add_argument("--docs", type=Path, default=None,
                   help="also write this markdown report (make validate: docs/validation.md)")
    v.add_argument("--quiet", action="store_true", help="no progress bar")
    v.set_defaults(handler=validate_command)


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


def _options(args) -> runner.ValidationOptions:
    names = _names(args.scenarios)
    scenarios.select(names)  # unknown names stop here with one message
    notebooks = _names(args.notebooks)
    unknown = [n for n in notebooks if n not in scenarios.NOTEBOOKS]
    if unknown:
        raise ParameterError(f"unknown notebook(s) {unknown}; choose from "
                             f"{list(scenarios.NOTEBOOKS)}")
    return runner.ValidationOptions(
        master_seed=args.master_seed, school_scale=args.school_scale,
        family_scale=args.family_scale, replications=args.replications,
        scenario_replications=args.scenario_replications, scenarios=names,
        notebooks=notebooks,
        workers=args.workers, executor=args.executor, scheduler=args.scheduler,
        output_dir=args.output, progress=not args.quiet)


def validate_command(args) -> int:
    from analysis_lib.validation.outputs import summarise_and_write

    options = _options(args)
    started = time.time()
    result = runner.run_validation(options)
    command = "evidence validate " + shlex.join(sys.argv[2:]) if sys.argv[1:2] == [
        "validate"] else "evidence validate"
    paths = summarise_and_write(result, options, started=started, command=command,
                                docs=args.docs)
    for record in result.lost:
        print(f"  LOST {record['run_id']}: {record['error'][:200]}", file=sys.stderr)
    print(f"{len(result.records)} replication records ({result.resumed} reused, "
          f"{len(result.lost)} lost) in {result.seconds / 60:.1f} min; table: "
          f"{paths['markdown']}" + (f"; docs: {paths['docs']}" if "docs" in paths else ""))
    return 0 if not result.lost else 1
