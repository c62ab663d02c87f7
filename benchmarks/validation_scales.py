"""Does the reduced size change coverage? One notebook's estimates at two sizes, same seeds.

Runs the default configuration of one notebook with `run_validation` at the harness's
default scales and at larger ones (the same replication seeds), and compares each estimate's
coverage: difference, and its z-score against the two Monte Carlo SEs. Writes
`scale_comparison.csv` into the validation output folder (replacing that notebook's rows,
keeping other notebooks'), where `evidence validate --docs` picks it up for
docs/validation.md.

    python benchmarks/validation_scales.py --notebook 02_ofsted_trajectory \
        --replications 150 --school-scale 0.25 \
        --small-records outputs/validation/records/<key>/default   # reuse the full run's
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import pandas as pd

from analysis_lib.validation import summary
from analysis_lib.validation.runner import DEFAULT_OUTPUT, ValidationOptions, run_validation


def _coverage(records: list[dict]) -> pd.DataFrame:
    table = summary.coverage_table(summary.estimates_frame(records))
    return table[table["coverage"].notna()].set_index("estimate")


def saved_records(folder: Path, notebook: str, replications: int) -> list[dict]:
    """The first replications of a finished run's default scenario (same seeds), cut down
    to one notebook's estimates."""
    records = []
    for path in sorted(folder.glob("rep-*.json"))[:replications]:
        record = json.loads(path.read_text())
        record["job"]["notebooks"] = [notebook]
        record["estimates"] = [e for e in record["estimates"] if e["notebook"] == notebook]
        records.append(record)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", default="02_ofsted_trajectory")
    parser.add_argument("--replications", type=int, default=150)
    parser.add_argument("--school-scale", type=float, default=0.25)
    parser.add_argument("--family-scale", type=float, default=0.5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--small-records", type=Path, default=None,
                        help="a finished run's records/<key>/default folder at the default "
                        "scales: reuse it for the small side instead of running it again")
    args = parser.parse_args()
    common = {"scenarios": ("default",), "notebooks": (args.notebook,),
              "replications": args.replications, "workers": args.workers,
              "output_dir": args.output / "scale_check"}
    small = ValidationOptions(**common)
    large = ValidationOptions(school_scale=args.school_scale, family_scale=args.family_scale,
                              **common)
    a = _coverage(saved_records(args.small_records, args.notebook, args.replications)
                  if args.small_records else run_validation(small).records)
    b = _coverage(run_validation(large).records)
    rows = []
    for name in a.index.intersection(b.index):
        diff = b.loc[name, "coverage"] - a.loc[name, "coverage"]
        se = math.hypot(a.loc[name, "coverage_mc_se"], b.loc[name, "coverage_mc_se"])
        rows.append({"notebook": args.notebook, "estimate": name,
                     "interval_kind": a.loc[name, "interval_kind"],
                     "replications": int(a.loc[name, "coverage_n"]),
                     "small_scales": f"{small.school_scale}/{small.family_scale}",
                     "large_scales": f"{large.school_scale}/{large.family_scale}",
                     "coverage_small": a.loc[name, "coverage"],
                     "coverage_large": b.loc[name, "coverage"], "difference": diff,
                     "z": diff / se if se > 0 else float("nan"),
                     "median_width_small": a.loc[name, "median_width"],
                     "median_width_large": b.loc[name, "median_width"]})
    table = pd.DataFrame(rows)
    path = args.output / "scale_comparison.csv"
    if path.is_file():  # keep other notebooks' checks
        earlier = pd.read_csv(path)
        table = pd.concat([earlier[earlier["notebook"] != args.notebook], table],
                          ignore_index=True)
    table.to_csv(path, index=False)
    print(table.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
