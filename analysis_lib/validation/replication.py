"""One replication: draw a synthetic England, run the notebooks' headline paths, keep a record.

Everything a replication writes (the England's files, its built tables and cached results)
lives in a temporary folder of its own, deleted afterwards; the environment variables that
point the data layer and the cache there are set for the replication only, so one process
runs replications one at a time (the executors guarantee it). The record, a plain dict, is
what the caller saves: every estimate the notebooks recorded, with its interval, interval
kind and truth, each diagnostic's value, the failures and the time spent.
"""

from __future__ import annotations

import math
import os
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from analysis_lib.data.synth import SynthConfig, generate
from analysis_lib.validation.headlines import run_headlines

_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class Job:
    """Replication ``index`` of ``scenario``: its seed, generator switches and notebooks."""

    scenario: str
    index: int
    seed: int
    switches: dict
    notebooks: tuple[str, ...]
    school_scale: float
    family_scale: float
    key: str = field(default="")

    @property
    def run_id(self) -> str:
        return f"{self.scenario}/rep-{self.index:04d}"

    def config(self) -> SynthConfig:
        return replace(SynthConfig(school_scale=self.school_scale,
                                   family_scale=self.family_scale), **self.switches)


def replication_seed(master_seed: int, index: int) -> int:
    """The generator seed of replication ``index``: the same for every scenario, so a
    scenario's England differs from the default one of the same index only by its switch."""
    return int(np.random.SeedSequence([master_seed, index]).generate_state(1)[0])


@contextmanager
def _isolated(work: Path):
    names = ("EVIDENCE_PROCESSED_DIR", "EVIDENCE_CACHE_DIR")
    saved = {name: os.environ.get(name) for name in names}
    os.environ["EVIDENCE_PROCESSED_DIR"] = str(work / "processed")
    os.environ["EVIDENCE_CACHE_DIR"] = str(work / "cache")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _plain(value):
    """Numbers as JSON can hold them (NaN as None, numpy scalars as Python ones)."""
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def _estimate_row(notebook: str, estimate) -> dict:
    row = {k: _plain(v) for k, v in asdict(estimate).items()
           if k in ("name", "value", "ci_low", "ci_high", "interval_kind", "se", "truth",
                    "headline", "unit")}
    return {"notebook": notebook, **row}


def run_replication(job: Job) -> dict:
    """Generate the job's England and run each of its notebooks' headline paths."""
    with _ONE_AT_A_TIME, tempfile.TemporaryDirectory(prefix="evidence-validate-") as tmp:
        work = Path(tmp)
        wall, cpu = time.perf_counter(), time.process_time()
        record = {"status": "done", "run_id": job.run_id, "job": asdict(job), "estimates": [],
                  "diagnostics": {}, "failures": {}, "seconds": {}, "cpu_seconds": {}}
        with _isolated(work):
            generate(work / "england", seed=job.seed, config=job.config())
            record["seconds"]["generate"] = round(time.perf_counter() - wall, 3)
            record["cpu_seconds"]["generate"] = round(time.process_time() - cpu, 3)
            for notebook in job.notebooks:
                started, started_cpu = time.perf_counter(), time.process_time()
                try:
                    found = run_headlines(notebook, work / "england")
                except Exception as err:  # noqa: BLE001 - a failure is a result to count
                    record["failures"][notebook] = (f"{type(err).__name__}: {err}\n"
                                                    + traceback.format_exc(limit=-6))
                else:
                    record["estimates"] += [_estimate_row(notebook, e) for e in found.estimates]
                    record["diagnostics"].update({k: _plain(v) for k, v in
                                                  found.diagnostics.items()})
                record["seconds"][notebook] = round(time.perf_counter() - started, 3)
                record["cpu_seconds"][notebook] = round(time.process_time() - started_cpu, 3)
        record["seconds"]["total"] = round(time.perf_counter() - wall, 3)
        record["cpu_seconds"]["total"] = round(time.process_time() - cpu, 3)
        return record


def lost_record(job: Job, attempt: int, kind: str, message: str) -> dict:
    """The record of a replication whose worker died or could not report (not saved, so a
    rerun draws it again)."""
    return {"status": "failed", "run_id": job.run_id, "job": asdict(job), "attempt": attempt,
            "error": f"{kind}: {message}"}
