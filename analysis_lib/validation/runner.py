"""Plan the replications, skip those already on disk, run the rest, keep every record.

Records live in ``<output>/records/<key>/<scenario>/rep-NNNN.json``; the key hashes what
makes a record reusable (master seed, scales, the scenarios' switches and notebooks, the
generator version and the analysis_lib sources), so a rerun with the same settings resumes
where the last one stopped (or adds replications when more are asked for) and a run with
other settings or code never mixes with it.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from analysis_lib.context import PROJECT_ROOT
from analysis_lib.data.synth.config import GENERATOR_VERSION
from analysis_lib.results import write_atomically
from analysis_lib.validation import scenarios as scenario_defs
from analysis_lib.validation.replication import Job, replication_seed

DEFAULT_OUTPUT = PROJECT_ROOT / "outputs" / "validation"
#: Reduced sizes (see docs/validation.md for why each keeps its estimators' behaviour).
DEFAULT_SCHOOL_SCALE, DEFAULT_FAMILY_SCALE = 0.1, 0.2
DEFAULT_MASTER_SEED = 20130401
REPORTING_MODULES = {f"validation/{name}.py" for name in ("summary", "report", "chart",
                                                          "outputs", "commands")}


@dataclass(frozen=True)
class ValidationOptions:
    """What to replicate and where (the `evidence validate` options)."""

    master_seed: int = DEFAULT_MASTER_SEED
    school_scale: float = DEFAULT_SCHOOL_SCALE
    family_scale: float = DEFAULT_FAMILY_SCALE
    replications: int | None = None  # default scenario (None: its own count)
    scenario_replications: int | None = None  # each failure scenario (None: its own count)
    scenarios: tuple[str, ...] = ()
    notebooks: tuple[str, ...] = ()  # only these of each scenario's notebooks (empty: all)
    workers: int = 2
    executor: str = "local"
    scheduler: str = ""
    output_dir: Path = DEFAULT_OUTPUT
    progress: bool = True

    def replications_of(self, scenario: scenario_defs.Scenario) -> int:
        asked = (self.replications if scenario.name == scenario_defs.DEFAULT.name
                 else self.scenario_replications)
        return scenario.replications if asked is None else asked

    def notebooks_of(self, scenario: scenario_defs.Scenario) -> tuple[str, ...]:
        return tuple(n for n in scenario.notebooks if not self.notebooks or n in self.notebooks)

    def key(self) -> str:
        """Hash of everything a record depends on: settings, scenarios and the code."""
        chosen = scenario_defs.select(self.scenarios)
        text = json.dumps({"seed": self.master_seed, "school_scale": self.school_scale,
                           "family_scale": self.family_scale, "generator": GENERATOR_VERSION,
                           "code": records_code_hash(),
                           "scenarios": {s.name: [s.switches, self.notebooks_of(s)]
                                         for s in chosen}},
                          sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @property
    def records_dir(self) -> Path:
        return self.output_dir / "records" / self.key()


def records_code_hash() -> str:
    """Hash of the analysis_lib sources a record depends on: all but the modules that only
    summarise and report records (so rewording the report reuses the records)."""
    from analysis_lib.code_version import sources_hash

    return sources_hash(frozenset(REPORTING_MODULES))


@dataclass
class ValidationResult:
    """Every saved record, the replications that failed to report, and the time taken."""

    records: list[dict]
    lost: list[dict] = field(default_factory=list)
    resumed: int = 0
    seconds: float = 0.0


def plan(options: ValidationOptions) -> list[Job]:
    """Every replication of every chosen scenario, in a fixed order."""
    key = options.key()
    return [Job(scenario.name, i, replication_seed(options.master_seed, i), scenario.switches,
                options.notebooks_of(scenario), options.school_scale, options.family_scale,
                key)
            for scenario in scenario_defs.select(options.scenarios)
            if options.notebooks_of(scenario)
            for i in range(1, options.replications_of(scenario) + 1)]


def record_path(options: ValidationOptions, job: Job) -> Path:
    return options.records_dir / job.scenario / f"rep-{job.index:04d}.json"


def _load(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return None


def run_validation(options: ValidationOptions) -> ValidationResult:
    """Run every planned replication that has no record yet; return all records."""
    from analysis_lib.validation.executors import make_executor

    clock = time.perf_counter()
    jobs = plan(options)
    saved = {job.run_id: _load(record_path(options, job)) for job in jobs}
    todo = [job for job in jobs if saved[job.run_id] is None]
    result = ValidationResult([], resumed=len(jobs) - len(todo))
    bar = tqdm(total=len(jobs), initial=result.resumed, unit="rep", desc="validate",
               disable=not options.progress, dynamic_ncols=True)
    if todo:
        executor = make_executor(options.executor, min(options.workers, len(todo)),
                                 options.scheduler)
        try:
            for job in todo:
                executor.submit(job, 1)
            for _ in todo:
                record = executor.next_done()
                if record["status"] == "done":
                    job = next(j for j in todo if j.run_id == record["run_id"])
                    write_atomically(record_path(options, job),
                                     json.dumps(record, indent=1, sort_keys=True) + "\n")
                    saved[job.run_id] = record
                else:
                    result.lost.append(record)
                bar.update(1)
        finally:
            executor.close()
            bar.close()
    result.records = [saved[job.run_id] for job in jobs if saved[job.run_id] is not None]
    result.seconds = time.perf_counter() - clock
    return result
