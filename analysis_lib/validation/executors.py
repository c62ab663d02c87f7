"""Replications on the packs' executors: a local pool of worker processes, or dask.

The pool and the dask client are `analysis_lib.packs.executors`'; this module only supplies
what runs in a worker. Each local worker process imports the libraries once and runs
replications one after another. A dask task runs one replication; replications that land
on the same worker process wait for each other (they point the data layer at their own
folder through process-wide environment variables), so start workers with one thread each
(``dask worker ADDRESS --nthreads 1 --nworkers N``) to use every core. Records travel back
to the runner, which saves them: workers need no shared file system.
"""

from __future__ import annotations

import contextvars
import os
from dataclasses import dataclass

#: one BLAS/OpenMP thread per worker: replications run side by side, not their matrix algebra
SINGLE_THREADED = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                          "MKL_NUM_THREADS")}


@dataclass(frozen=True)
class ValidationWorker:
    """Options shipped to workers (none yet; kept for the executors' interface)."""


def _worker_main(tasks, results, options: ValidationWorker) -> None:
    # set before numpy is first imported in this (spawned) process
    for name, value in SINGLE_THREADED.items():
        os.environ.setdefault(name, value)
    from analysis_lib.packs.executors import worker_loop
    from analysis_lib.validation.replication import run_replication

    worker_loop(tasks, results, lambda job, attempt: run_replication(job))


def dask_replication(job, attempt: int, options: ValidationWorker) -> dict:
    """Task shipped to dask workers (in a fresh context, as `packs.executors.dask_execute`)."""
    from analysis_lib.validation.replication import run_replication

    return contextvars.Context().run(run_replication, job)


def make_executor(kind: str, workers: int, scheduler: str = ""):
    """A started executor of ``kind`` ("local" or "dask") for replications."""
    from analysis_lib.packs.executors import DaskExecutor, LocalExecutor
    from analysis_lib.validation.replication import lost_record

    if kind == "dask":
        return DaskExecutor(scheduler, ValidationWorker(), task=dask_replication,
                            lost=lost_record)
    return LocalExecutor(workers, ValidationWorker(), worker_main=_worker_main, lost=lost_record)
