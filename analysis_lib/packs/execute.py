"""Execute one run with papermill on a fresh kernel, export HTML, write the completion record.

Order of writes, so that a crash at any point never leaves a run that looks complete:
1. the old completion record is removed and the run's output folder emptied;
2. papermill writes the executed notebook to a hidden temporary file, moved into place when
   execution ends (successfully or not: a failed run keeps its partly executed notebook);
3. HTML reports (`html_report`) are written atomically;
4. the completion record (`<notebook>.run.json`: status, error, timings, input hash and the
   sha256 of every output file) is written atomically, last.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import traceback

import papermill
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
from papermill.exceptions import PapermillExecutionError
from papermill.log import logger

from analysis_lib.packs.html_report import HtmlReports
from analysis_lib.packs.kernels import KernelPool, kernel_cpu_seconds, shutdown
from analysis_lib.packs.paths import write_text
from analysis_lib.packs.plan import Run
from analysis_lib.packs.provenance import sha256_file

ENGINE = "evidence-prestarted"
RESULTS_SIDECAR = "results.json"


class SaveAtEndManager(NotebookExecutionManager):
    """papermill's execution manager, writing the notebook once, when execution ends or fails.

    papermill also writes it at the start and end of every cell (about 50 writes of a notebook
    of up to 1 MB of images, 0.3 s a run); the runner keeps the notebook in a hidden file until
    the run ends anyway, so those intermediate copies were never read.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._ended = False

    def save(self, **kwargs):
        if self._ended:
            super().save(**kwargs)

    def notebook_complete(self, **kwargs):
        self._ended = True
        super().notebook_complete(**kwargs)


class PrestartedKernelEngine(NBClientEngine):
    """papermill's nbclient engine, executing on a kernel the runner has already started.

    The kernel manager arrives as the `km` engine argument; the kernel is shut down
    immediately after the notebook ends, so it serves exactly one run.
    """

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True,
                         log_output=False, autosave_cell_every=30, **kwargs):
        """papermill's `Engine.execute_notebook`, with a `SaveAtEndManager`."""
        nb_man = SaveAtEndManager(nb, output_path=output_path, progress_bar=progress_bar,
                                  log_output=log_output, autosave_cell_every=autosave_cell_every)
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None,
                                 **kwargs):
        for unused in ("input_path", "timeout", "startup_timeout"):
            kwargs.pop(unused, None)
        client = PapermillNotebookClient(
            nb_man, timeout=execution_timeout, startup_timeout=start_timeout,
            kernel_name=kernel_name, log=logger, log_output=log_output,
            stdout_file=stdout_file, stderr_file=stderr_file, shutdown_kernel="immediate",
            **kwargs)
        return client.execute(cleanup_kc=True)


papermill_engines.register(ENGINE, PrestartedKernelEngine)


def _error_of(err: BaseException) -> dict:
    if isinstance(err, PapermillExecutionError):
        return {"type": err.ename, "message": str(err.evalue), "cell": err.cell_index,
                "execution_count": err.exec_count}
    return {"type": type(err).__name__, "message": str(err),
            "traceback": traceback.format_exception_only(err)[-1].strip()}


def _file_hashes(run: Run) -> dict[str, str]:
    files = [run.output_notebook, *run.html_paths.values()]
    if run.output_dir.is_dir():
        files += sorted(p for p in run.output_dir.rglob("*")
                        if p.is_file() and not p.name.startswith("."))
    return {p.relative_to(run.la_dir).as_posix(): sha256_file(p) for p in files if p.is_file()}


def _clear(run: Run) -> None:
    run.record_path.unlink(missing_ok=True)
    for path in (run.output_notebook, *run.html_paths.values()):
        path.unlink(missing_ok=True)
    shutil.rmtree(run.output_dir, ignore_errors=True)
    run.output_dir.mkdir(parents=True)


def execute_run(run: Run, kernels: KernelPool, reports: HtmlReports, attempt: int = 1,
                timeout: float | None = None) -> dict:
    """Execute `run` and return its completion record (also written to `run.record_path`).

    The record's `stages` give the seconds spent getting a kernel, executing the notebook,
    writing the HTML reports and hashing the outputs; `kernel_cpu_seconds` is the CPU time
    the run's kernel used (forked kernels only).
    """
    started, clock = time.time(), time.perf_counter()
    stages: dict[str, float] = {}

    def lap(stage: str) -> None:
        stages[stage] = round(time.perf_counter() - clock - sum(stages.values()), 3)

    _clear(run)
    partial = run.la_dir / f".{run.notebook}.partial.ipynb"
    partial.unlink(missing_ok=True)
    error, km, kernel_cpu = None, None, None
    try:
        km = kernels.take()
        lap("kernel")
        papermill.execute_notebook(
            run.notebook_path, str(partial), parameters=run.parameters, engine_name=ENGINE,
            kernel_name=kernels.kernel_name, km=km, progress_bar=False,
            execution_timeout=timeout)
    except Exception as err:  # noqa: BLE001 - any failure is recorded; other runs go on
        error = _error_of(err)
    finally:
        if km is not None:
            shutdown(km)
            kernel_cpu = kernel_cpu_seconds(km)
    lap("execute")
    if partial.is_file() and partial.stat().st_size:
        os.replace(partial, run.output_notebook)
    partial.unlink(missing_ok=True)
    if run.output_notebook.is_file():
        try:
            reports.write(run.output_notebook, run.html_paths, la_name=run.la_name)
        except Exception as err:  # noqa: BLE001 - a report that cannot be drawn fails the run
            error = error or {**_error_of(err), "stage": "html export"}
    lap("reports")
    if error is None and not (run.output_dir / RESULTS_SIDECAR).is_file():
        error = {"type": "MissingResults", "message": f"the notebook wrote no "
                 f"{RESULTS_SIDECAR} into its output_dir"}
    files = _file_hashes(run)
    lap("hashes")
    record = {
        "run_id": run.run_id, "pack": run.pack, "la_code": run.la_code, "la_name": run.la_name,
        "notebook": run.notebook, "status": "failed" if error else "ok", "error": error,
        "attempt": attempt, "input_hash": run.input_hash, "inputs": run.inputs,
        "started": started, "seconds": round(time.perf_counter() - clock, 3),
        "stages": stages, "kernel_cpu_seconds": kernel_cpu, "worker_pid": os.getpid(),
        "files": files,
    }
    write_text(run.record_path, json.dumps(record, indent=2, sort_keys=True, default=str))
    return record


def completed_record(run: Run) -> dict | None:
    """The run's record if it finished successfully with the same inputs and intact outputs."""
    try:
        record = json.loads(run.record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("status") != "ok" or record.get("input_hash") != run.input_hash:
        return None
    for relative, digest in record.get("files", {}).items():
        path = run.la_dir / relative
        if not path.is_file() or sha256_file(path) != digest:
            return None
    return record
