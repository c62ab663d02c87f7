"""Run a validated pack: plan, skip complete runs on resume, execute with retries, report.

`run_pack` never stops on a failed run: failures are retried up to `retries` times, then
recorded with their error and partly executed notebook. Interrupting (Ctrl-C, SIGTERM) stops
the workers, writes the index and manifest for what finished, and re-raises; `resume=True`
later executes only runs without a matching completion record. After the runs, `pdf=True`
prints one PDF per LA and `compare_to` (a previous pack, read before the runs start) adds
`changes.html` and `changes.json`.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from analysis_lib.data import prepare
from analysis_lib.packs.execute import completed_record
from analysis_lib.packs.executors import DaskExecutor, LocalExecutor, WorkerOptions
from analysis_lib.packs.kernels import default_kernel_name, notebook_imports
from analysis_lib.packs.plan import Run, pack_dir, plan_runs, runs_by_la
from analysis_lib.packs.provenance import code_version, data_fingerprint, table_fingerprints
from analysis_lib.packs.report import write_pack_outputs, write_workbook
from analysis_lib.packs.spec import PackSpec


@dataclass(frozen=True)
class PackOptions:
    """How to run a pack (the `evidence pack` command-line options)."""

    output_root: Path = Path("outputs")
    workers: int = os.cpu_count() or 1
    executor: str = "local"
    scheduler: str = ""
    retries: int = 0
    resume: bool = False
    kernel_name: str = ""
    ahead: bool = True
    preload: bool = True
    fork: bool = True
    timeout: float | None = None
    progress: bool = True
    pdf: bool = False
    compare_to: object = None  # a compare.PreviousPack


@dataclass
class PackResult:
    """Every run's completion record, and where the index and manifest are."""

    pack_dir: Path
    records: dict[str, dict]
    seconds: float
    interrupted: bool = False
    paths: dict[str, Path] = field(default_factory=dict)

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.records.values() if r["status"] != "ok"]

    @property
    def ok(self) -> bool:
        return not self.interrupted and not self.failed


def _make_executor(spec: PackSpec, options: PackOptions, todo: list[Run]):
    worker = WorkerOptions(
        kernel_name=options.kernel_name or default_kernel_name(),
        preload=notebook_imports(spec.notebooks.values()) if options.preload else (),
        ahead=options.ahead, timeout=options.timeout, fork=options.fork,
        data=(spec.source, spec.data_dir))
    if options.executor == "dask":
        return DaskExecutor(options.scheduler, worker)
    return LocalExecutor(min(options.workers, max(1, len(todo))), worker)


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


class LaWorkbooks:
    """Writes an LA's workbook as soon as every run of that LA has its final record, while the
    other LAs still run, instead of all of them after the last run."""

    def __init__(self, spec: PackSpec, runs: list[Run], records: dict[str, dict]):
        self._spec, self._records = spec, records
        self._groups = runs_by_la(runs)
        self.written: dict[str, Path | None] = {}

    def run_ended(self, run: Run) -> None:
        """Write the run's LA workbook if that LA has no run left. A workbook that cannot be
        written now is left for `write_pack_outputs`, which reports the error."""
        group = self._groups[run.la_slug]
        if all(r.run_id in self._records for r in group):
            try:
                self.written[run.la_slug] = write_workbook(group, self._records,
                                                           self._spec.synthetic)
            except Exception as err:  # noqa: BLE001 - the other LAs' runs go on
                logging.getLogger(__name__).warning("workbook for %s: %s", run.la_slug, err)


def _execute(spec, options, todo, records, bar, workbooks: LaWorkbooks) -> None:
    executor = _make_executor(spec, options, todo)
    try:
        for run in todo:
            executor.submit(run, 1)
        pending = {run.run_id: run for run in todo}
        while pending:
            record = executor.next_done()
            run = pending[record["run_id"]]
            if record["status"] != "ok" and record["attempt"] <= options.retries:
                executor.submit(run, record["attempt"] + 1)
                continue
            records[run.run_id] = record
            del pending[run.run_id]
            workbooks.run_ended(run)
            bar.update(1)
            bar.set_postfix(failed=sum(r["status"] != "ok" for r in records.values()))
    finally:
        executor.close()


def run_pack(spec: PackSpec, options: PackOptions) -> PackResult:
    """Execute every (LA x notebook) run of `spec`; write reports, index and manifest."""
    started = time.time()
    clock = time.perf_counter()
    code = code_version()
    fingerprint = data_fingerprint(spec.source, spec.data_dir)
    runs = plan_runs(spec, options.output_root, fingerprint, code["analysis_lib_sources_sha256"])
    records: dict[str, dict] = {}
    if options.resume:
        for run in runs:
            record = completed_record(run)
            if record is not None:
                records[run.run_id] = {**record, "resumed": True}
    todo = [run for run in runs if run.run_id not in records]
    if todo:  # build missing tables once here, not in every worker at once
        prepare(spec.source, spec.data_dir or None)
    tables = table_fingerprints(spec.source, spec.data_dir)
    interrupted = False
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:  # SIGTERM stops a pack like Ctrl-C: workers stopped, index written
        previous = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    workbooks = LaWorkbooks(spec, runs, records)
    bar = tqdm(total=len(runs), initial=len(records), unit="run", desc=spec.name,
               disable=not options.progress, dynamic_ncols=True)
    try:
        if todo:
            _execute(spec, options, todo, records, bar, workbooks)
    except KeyboardInterrupt:
        interrupted = True
        for run in todo:  # a run may have completed while the workers were being stopped
            if run.run_id not in records and (record := completed_record(run)) is not None:
                records[run.run_id] = record
    finally:
        bar.close()
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
    seconds = time.perf_counter() - clock
    result = PackResult(pack_dir=pack_dir(spec, options.output_root), records=records,
                        seconds=seconds, interrupted=interrupted)
    result.paths = write_pack_outputs(spec, runs, records, code=code, fingerprint=fingerprint,
                                      options=options, started=started, seconds=seconds,
                                      interrupted=interrupted, workbooks=workbooks.written,
                                      tables=tables)
    if interrupted:
        raise KeyboardInterrupt
    return result


def summary(result: PackResult, total: int) -> str:
    """A few lines for the terminal: counts, time, failures with their error, where to look."""
    ok = sum(r["status"] == "ok" for r in result.records.values())
    resumed = sum(bool(r.get("resumed")) for r in result.records.values())
    lines = [f"{ok}/{total} runs succeeded, {len(result.failed)} failed, "
             f"{total - len(result.records)} not run, {resumed} reused from a previous run "
             f"({result.seconds:.1f} s)."]
    for record in result.failed:
        error = record.get("error") or {}
        cell = f" in cell {error['cell']}" if error.get("cell") is not None else ""
        lines.append(f"  FAILED {record['run_id']} (attempt {record['attempt']}): "
                     f"{error.get('type')}{cell}: {str(error.get('message', ''))[:200]}")
    pdfs = [path for key, path in result.paths.items() if key.startswith("pdf:")]
    if pdfs:
        lines.append(f"PDFs: {len(pdfs)} (one per LA), e.g. {pdfs[0]}")
    if "changes" in result.paths:
        lines.append(f"Changes since the previous pack: {result.paths['changes']}")
    if "index" in result.paths:
        lines.append(f"Index: {result.paths['index']}")
    return "\n".join(lines)
