"""Helpers shared by the pack end-to-end tests (fixture notebooks, CLI in a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"


def write_spec(folder: Path, **raw) -> Path:
    path = folder / f"{raw['name']}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def evidence_args(*args) -> list[str]:
    return [sys.executable, "-m", "analysis_lib.cli", *map(str, args)]


def evidence(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the `evidence` command line in a subprocess from the project root."""
    return subprocess.run(evidence_args(*args), cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def pack_args(spec: Path, output_root: Path, *extra) -> list:
    return ["pack", spec, "--notebooks-dir", FIXTURES, "--output-root", output_root, "--quiet",
            *extra]


def results_sidecars(pack_dir: Path) -> dict[str, str]:
    """Every run's results.json text, keyed by '<la>/<notebook>'."""
    return {p.parent.relative_to(pack_dir).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(pack_dir.glob("*/*/results.json"))}


def records(pack_dir: Path) -> dict[str, dict]:
    return {f"{p.parent.name}/{p.name.removesuffix('.run.json')}": json.loads(p.read_text())
            for p in sorted(pack_dir.glob("*/*.run.json"))}
