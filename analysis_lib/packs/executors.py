"""Where runs execute: a local pool of long-lived worker processes, or a dask.distributed cluster.

Both executors call `execute.execute_run` and hand back its completion record. A local worker
imports papermill and nbconvert once, then executes many runs, each on its own fresh kernel
(booted ahead of time by a `KernelPool`). A worker that dies mid-run (killed, out of memory)
is replaced and its run reported as failed, so other runs carry on.

The executors are not tied to notebooks: any task with a ``run_id`` can be run by passing a
worker loop (local, see `worker_loop`) or a task function (dask) and a record for a lost
task; the validation harness runs its replications this way.
"""

from __future__ import annotations

import contextvars
import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import uuid
from dataclasses import dataclass

from analysis_lib.errors import EvidenceError
from analysis_lib.packs.plan import Run


@dataclass(frozen=True)
class WorkerOptions:
    """How each worker executes runs."""

    kernel_name: str
    preload: tuple[str, ...] = ()
    ahead: bool = True
    timeout: float | None = None
    fork: bool = True
    data: tuple[str, str] | None = None  # (source, data_dir) to prepare in the fork server

    def kernel_factory(self):
        """The factory of this worker's kernels (forked from its own server when `fork`)."""
        from analysis_lib.packs.kernels import KernelFactory

        return KernelFactory(self.kernel_name, self.preload, fork=self.fork, data=self.data)


def failure_record(run: Run, attempt: int, kind: str, message: str) -> dict:
    """A record for a run whose worker could not report (it died or was lost)."""
    return {"run_id": run.run_id, "pack": run.pack, "la_code": run.la_code,
            "la_name": run.la_name, "notebook": run.notebook, "status": "failed",
            "error": {"type": kind, "message": message}, "attempt": attempt,
            "input_hash": run.input_hash, "inputs": run.inputs, "started": time.time(),
            "seconds": 0.0, "files": {}}


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this worker if the runner process dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def worker_loop(tasks, results, handle) -> None:
    """A local worker's loop: take (task, attempt) pairs until None, report each as started
    (with this process's id) and done (with ``handle(task, attempt)``'s record)."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner decides how to stop
    for task, attempt in iter(tasks.get, None):
        results.put(("started", task.run_id, os.getpid()))
        results.put(("done", task.run_id, handle(task, attempt)))


def _worker_main(tasks, results, options: WorkerOptions) -> None:
    from analysis_lib.packs.execute import execute_run
    from analysis_lib.packs.html_report import HtmlReports
    from analysis_lib.packs.kernels import KernelPool

    pool = KernelPool(options.kernel_factory(), ahead=options.ahead)
    pool.warm()
    reports = HtmlReports()
    try:
        worker_loop(tasks, results, lambda run, attempt: execute_run(
            run, pool, reports, attempt, options.timeout))
    finally:
        pool.close()


class LocalExecutor:
    """`workers` long-lived processes pulling runs from a queue.

    ``worker_main(tasks, results, options)`` is each process's body (default: notebook runs);
    ``lost(task, attempt, kind, message)`` makes the record of a task whose worker died.
    """

    def __init__(self, workers: int, options, *, worker_main=_worker_main,
                 lost=failure_record):
        self._ctx = multiprocessing.get_context("spawn")
        self._tasks = self._ctx.Queue()
        self._results = self._ctx.Queue()
        self._options = options
        self._worker_main, self._lost = worker_main, lost
        self._procs = [self._spawn() for _ in range(max(1, workers))]
        self._submitted: dict[str, tuple[Run, int]] = {}
        self._running: dict[int, str] = {}

    def _spawn(self):
        proc = self._ctx.Process(target=self._worker_main, daemon=True,
                                 args=(self._tasks, self._results, self._options))
        proc.start()
        return proc

    def submit(self, run: Run, attempt: int) -> None:
        self._submitted[run.run_id] = (run, attempt)
        self._tasks.put((run, attempt))

    def _replace_dead_workers(self) -> dict | None:
        for i, proc in enumerate(self._procs):
            if proc.is_alive():
                continue
            self._procs[i] = self._spawn()
            run_id = self._running.pop(proc.pid, None)
            if run_id is not None:
                run, attempt = self._submitted.pop(run_id)
                return self._lost(run, attempt, "WorkerDied",
                                  f"worker process {proc.pid} exited with code "
                                  f"{proc.exitcode} during the run")
        return None

    def next_done(self) -> dict:
        """Block until some run finishes; return its completion record."""
        while True:
            try:
                kind, run_id, payload = self._results.get(timeout=1.0)
            except queue.Empty:
                lost = self._replace_dead_workers()
                if lost is not None:
                    return lost
                continue
            if kind == "started":
                self._running[payload] = run_id
            else:
                self._running = {p: r for p, r in self._running.items() if r != run_id}
                self._submitted.pop(run_id, None)
                return payload

    def close(self) -> None:
        """Stop the workers: finished ones exit cleanly, busy ones are terminated."""
        for _ in self._procs:
            self._tasks.put(None)
        deadline = time.monotonic() + (0.5 if self._submitted else 10.0)
        for proc in self._procs:
            proc.join(timeout=max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)
        self._tasks.cancel_join_thread()
        self._results.cancel_join_thread()


_dask_state = threading.local()


def dask_execute(run: Run, attempt: int, options: WorkerOptions) -> dict:
    """Run function shipped to dask workers: one kernel per run, no kernels left behind.

    It runs in a fresh `contextvars` context: a task thread inherits the context of the
    worker's event loop, where jupyter_core's `run_sync` would find that (running) loop and
    fail with "This event loop is already running".
    """
    return contextvars.Context().run(_execute_on_worker, run, attempt, options)


def _execute_on_worker(run: Run, attempt: int, options: WorkerOptions) -> dict:
    from analysis_lib.packs.execute import execute_run
    from analysis_lib.packs.html_report import HtmlReports
    from analysis_lib.packs.kernels import KernelPool

    if getattr(_dask_state, "pool", None) is None:
        _dask_state.pool = KernelPool(options.kernel_factory(), ahead=False)
        _dask_state.reports = HtmlReports()
    return execute_run(run, _dask_state.pool, _dask_state.reports, attempt, options.timeout)


class DaskExecutor:
    """Submits runs to a running dask.distributed scheduler (shared file system assumed).

    ``task(run, attempt, options)`` runs on a worker (default: one notebook run) and
    ``lost(run, attempt, kind, message)`` makes the record of a task that raised or was lost.
    """

    def __init__(self, scheduler: str, options, *, task=dask_execute, lost=failure_record):
        from distributed import Client, as_completed

        if not scheduler:
            raise EvidenceError("--executor dask needs --scheduler ADDRESS "
                                "(e.g. tcp://127.0.0.1:8786)")
        try:
            self._client = Client(scheduler, timeout=30)
        except OSError as err:
            raise EvidenceError(f"cannot reach the dask scheduler at {scheduler}: {err}") from err
        self._options = options
        self._task, self._lost = task, lost
        self._done = as_completed()
        self._futures: dict[str, tuple[Run, int]] = {}

    def submit(self, run: Run, attempt: int) -> None:
        key = f"evidence-run-{run.run_id.replace('/', '-')}-{attempt}-{uuid.uuid4().hex[:8]}"
        future = self._client.submit(self._task, run, attempt, self._options, key=key,
                                     pure=False, retries=0)
        self._futures[future.key] = (run, attempt)
        self._done.add(future)

    def next_done(self) -> dict:
        future = next(self._done)
        run, attempt = self._futures.pop(future.key)
        try:
            return future.result()
        except Exception as err:  # noqa: BLE001 - a lost worker fails this run only
            return self._lost(run, attempt, type(err).__name__, str(err))

    def close(self) -> None:
        for future in list(self._done.futures):
            future.cancel()
        self._client.close()
