"""`evidence pack SPEC` and `evidence run NOTEBOOK`: thin wrappers over `runner.run_pack`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from analysis_lib.context import DATA_SOURCES
from analysis_lib.packs.paths import NOTEBOOKS_DIR

INTERRUPTED = 130


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output-root", type=Path, default=Path("outputs"),
                        help="folder that receives <pack>/ (default: outputs)")
    parser.add_argument("--kernel", default="", help="Jupyter kernel name (default: "
                        "evidence-analysis if registered, else python3)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds allowed per notebook cell (default: no limit)")
    parser.add_argument("--no-fork", dest="fork", action="store_false",
                        help="launch every kernel as a new Python process instead of forking "
                        "it from a warm per-worker server (Linux only; slower)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def configure(subparsers) -> None:
    """Add the `pack` and `run` sub-commands to the `evidence` parser."""
    pack = subparsers.add_parser("pack", help="run an evidence pack (LAs x notebooks)",
                                 description="Validate a pack spec, run every LA x notebook "
                                 "with papermill, then write HTML reports, index.html and "
                                 "manifest.json under <output-root>/<pack>/.")
    pack.add_argument("spec", type=Path, help="pack spec, e.g. parameters/packs/default.yaml")
    pack.add_argument("--workers", type=_positive, default=os.cpu_count() or 1,
                      help="local worker processes (default: number of cores)")
    pack.add_argument("--executor", choices=("local", "dask"), default="local")
    pack.add_argument("--scheduler", default="",
                      help="dask scheduler address for --executor dask, e.g. tcp://host:8786")
    pack.add_argument("--retries", type=_non_negative, default=0,
                      help="re-run a failed run up to N more times (default 0)")
    pack.add_argument("--resume", action="store_true",
                      help="skip runs already complete with the same inputs")
    pack.add_argument("--notebooks-dir", type=Path, default=NOTEBOOKS_DIR,
                      help="where the spec's notebooks live (default: notebooks/)")
    pack.add_argument("--pdf", action="store_true",
                      help="also print each LA's reports to one PDF (needs chromium and "
                      "chromium-driver)")
    pack.add_argument("--compare-to", type=Path, default=None, metavar="PREVIOUS_PACK",
                      help="a previous pack's folder or manifest.json: write changes.html "
                      "and changes.json saying what changed since it")
    _add_run_options(pack)
    pack.set_defaults(handler=pack_command)

    run = subparsers.add_parser("run", help="run one notebook for one LA",
                                description="Execute one notebook with papermill for one LA, "
                                "as a one-run pack under <output-root>/run/.")
    run.add_argument("notebook", type=Path, help="e.g. notebooks/01_attainment_gaps.ipynb")
    run.add_argument("--la", required=True, help="LA name, DfE 3-digit code or GSS code")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                     metavar=("NAME", "VALUE"), help="set a notebook parameter (repeatable)")
    run.add_argument("--source", choices=DATA_SOURCES, default="synthetic",
                     help="local: an LA's own family records (docs/troubled_families_template.md)")
    run.add_argument("--data-dir", default="",
                     help="folder of official files, or of the LA's own records (local)")
    _add_run_options(run)
    run.set_defaults(handler=run_command)


def _options(args, **extra):
    from analysis_lib.packs.runner import PackOptions

    return PackOptions(output_root=args.output_root, kernel_name=args.kernel,
                       timeout=args.timeout, progress=not args.quiet, fork=args.fork,
                       **extra)


def _execute(spec, options) -> int:
    from analysis_lib.packs.runner import run_pack, summary

    try:
        result = run_pack(spec, options)
    except KeyboardInterrupt:
        print(f"Interrupted: finished runs are kept; resume with --resume "
              f"({options.output_root / spec.name}).", file=sys.stderr)
        return INTERRUPTED
    print(summary(result, len(spec.las) * len(spec.notebooks)))
    return 0 if result.ok else 1


def pack_command(args) -> int:
    from analysis_lib.packs.spec import load_spec

    spec = load_spec(args.spec, args.notebooks_dir)
    previous = None
    if args.compare_to is not None:
        from analysis_lib.packs.compare import load_previous

        previous = load_previous(args.compare_to)  # before the runs overwrite anything
    return _execute(spec, _options(args, workers=args.workers, executor=args.executor,
                                   scheduler=args.scheduler, retries=args.retries,
                                   resume=args.resume, pdf=args.pdf, compare_to=previous))


def cli_value(param, text: str):
    """A command-line value as the declared type: text stays text, '2016' becomes 2016, etc."""
    if param is not None and param.types == (str,):
        return text
    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    if param is not None and param.types and str in param.types and not isinstance(
            parsed, tuple(t for t in param.types if t is not str)):
        return text
    return parsed


def run_command(args) -> int:
    from analysis_lib.packs.notebook_params import declared_parameters
    from analysis_lib.packs.spec import validate_spec

    declared = declared_parameters(args.notebook)
    overrides = {name: cli_value(declared.get(name), value) for name, value in args.parameter}
    raw = {"name": "run", "source": args.source, "data_dir": args.data_dir, "las": [args.la],
           "notebooks": [args.notebook.stem], "overrides": {args.notebook.stem: overrides}}
    spec = validate_spec(raw, args.notebook.resolve().parent, origin="evidence run")
    return _execute(spec, _options(args, workers=1))
