"""The `evidence` command: a thin dispatcher over the data and pack commands.

Phases: ``evidence data ...`` (synth, build, fetch) prepares tidy tables;
``evidence run ...`` executes one notebook; ``evidence pack SPEC`` runs an evidence pack;
``evidence validate`` measures the headline intervals' coverage over synthetic Englands.
Each command group lives in its own module, which adds its sub-commands with ``configure``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from analysis_lib import __version__
from analysis_lib.errors import EvidenceError

COMMAND_MODULES = ("analysis_lib.data.commands", "analysis_lib.packs.commands",
                   "analysis_lib.validation.commands")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evidence", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"evidence {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).configure(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except EvidenceError as err:
        print(f"evidence: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
