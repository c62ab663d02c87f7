"""Kernels for pack runs: one fresh kernel per run, over IPC, optionally started ahead of time.

Every run gets its own new kernel process, used once and shut down. On Linux the kernels are
forked from a per-worker fork server that has already imported the modules the pack's
notebooks import (`notebook_imports`), so a run no longer pays seconds of imports; elsewhere,
or with `fork=False`, each kernel is launched as a new process and imports them itself. A
`KernelPool` keeps the *next* kernel starting while the current run executes. Kernels listen
on Unix sockets in a private (0700) temporary folder, not TCP ports.
"""

from __future__ import annotations

import ast
import json
import logging
import os
import shutil
import sys
import tempfile
import uuid

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from analysis_lib.errors import EvidenceError
from analysis_lib.packs.kernels.client import PackKernelClient
from analysis_lib.packs.kernels.env_names import DATA_ENV, PRELOAD_ENV
from analysis_lib.packs.kernels.forked import (
    ForkingProvisioner,
    ForkServer,
    fork_supported,
    split_command,
)

PREFERRED_KERNEL = "evidence-analysis"
FALLBACK_KERNEL = "python3"
LAUNCHER = "analysis_lib.packs.kernels.ipc_kernel"
#: One numerical-library thread per kernel unless the user says otherwise: the pool already
#: runs one kernel per core, and BLAS threads on top oversubscribe the cores (measured: a
#: fixed-effects fit took 0.6 s instead of 0.09 s on the loaded 2-core machine).
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: Kernel-spec interpreters that mean "this Python" (as jupyter_client reads them).
PYTHON_ALIASES = {"python", f"python{sys.version_info[0]}",
                  f"python{sys.version_info[0]}.{sys.version_info[1]}"}


def default_kernel_name() -> str:
    """'evidence-analysis' when `make` has registered it, else 'python3'."""
    try:
        KernelSpecManager().get_kernel_spec(PREFERRED_KERNEL)
    except NoSuchKernel:
        return FALLBACK_KERNEL
    return PREFERRED_KERNEL


class _PackKernelSpecManager(KernelSpecManager):
    """Looks each kernel spec up once per process and launches ipykernel via `ipc_kernel`."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._cached: dict = {}

    def get_kernel_spec(self, kernel_name):
        cache = self._cached
        if kernel_name not in cache:
            spec = super().get_kernel_spec(kernel_name)
            parts = split_command(list(spec.argv), "ipykernel_launcher")
            if parts is not None:
                spec.argv = [*parts[0], "-m", LAUNCHER, *parts[1]]
            cache[kernel_name] = spec
        return cache[kernel_name]


def notebook_imports(notebooks) -> tuple[str, ...]:
    """Modules imported by the notebooks' code cells (`import a.b`, `from a import b`).

    For `from a import b` both `a` and `a.b` are listed; names that are not modules are
    skipped by the kernel's preload.
    """
    found: dict[str, None] = {}
    for path in notebooks:
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(dict.fromkeys(a.name for a in node.names))
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found[node.module] = None
                    found.update(dict.fromkeys(f"{node.module}.{a.name}" for a in node.names))
    return tuple(found)


class KernelFactory:
    """Starts IPC kernels of one kernel spec, with sockets in a private temporary folder;
    forked from a fork server when `fork` is set and the spec runs our launcher."""

    def __init__(self, kernel_name: str, preload: tuple[str, ...] = (), fork: bool = True,
                 data: tuple[str, str] | None = None):
        self.kernel_name = kernel_name
        self.preload = preload
        self.data = data
        self.socket_dir = tempfile.mkdtemp(prefix="evk-")
        self._specs = _PackKernelSpecManager()
        self._count = 0
        self._fork = fork and fork_supported()
        self._server: ForkServer | None = None

    def _env(self) -> dict[str, str]:
        return {**SINGLE_THREADED, **os.environ, PRELOAD_ENV: ",".join(self.preload)}

    def _fork_server(self) -> ForkServer | None:
        """The running fork server, started on first use; None to launch kernels instead."""
        if self._server is not None and self._server.alive:
            return self._server
        parts = split_command(self._specs.get_kernel_spec(self.kernel_name).argv, LAUNCHER)
        if not self._fork or parts is None:
            return None
        interpreter = parts[0]
        if interpreter[0] in PYTHON_ALIASES:  # as jupyter_client.format_kernel_cmd does
            interpreter = [sys.executable, *interpreter[1:]]
        try:
            env = self._env()
            if self.data is not None:
                env[DATA_ENV] = json.dumps(list(self.data))
            self._server = ForkServer(interpreter, env)
        except (EvidenceError, OSError) as err:
            logging.getLogger(__name__).warning("%s; launching each kernel instead", err)
            self._fork = False
            return None
        return self._server

    def start(self) -> AsyncKernelManager:
        """Start a new kernel process (returns once it exists, not when it is ready)."""
        self._count += 1
        base = os.path.join(self.socket_dir, f"k{os.getpid()}-{self._count}")
        km = AsyncKernelManager(kernel_name=self.kernel_name, transport="ipc", ip=base,
                                connection_file=f"{base}.json",
                                kernel_spec_manager=self._specs, client_factory=PackKernelClient)
        env = self._env()
        server = self._fork_server()
        if server is not None:  # the server has imported the preload list already
            env.pop(PRELOAD_ENV)
            km.kernel_id = str(uuid.uuid4())
            km.provisioner = ForkingProvisioner(kernel_id=km.kernel_id,
                                                kernel_spec=km.kernel_spec, parent=km)
            km.provisioner.server, km.provisioner.launcher = server, LAUNCHER
        run_sync(km.start_kernel)(env=env)
        return km

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
        shutil.rmtree(self.socket_dir, ignore_errors=True)


def kernel_cpu_seconds(km: AsyncKernelManager) -> float | None:
    """CPU seconds an ended forked kernel used (None for launched kernels)."""
    provisioner = km.provisioner
    if isinstance(provisioner, ForkingProvisioner) and provisioner.server is not None:
        return provisioner.server.cpu_seconds(provisioner.pid)
    return None


def shutdown(km: AsyncKernelManager) -> None:
    """Kill a kernel now and remove its connection file and sockets."""
    if run_sync(km.is_alive)():
        run_sync(km.shutdown_kernel)(now=True)
    run_sync(km.cleanup_resources)()


class KernelPool:
    """Hands out fresh kernels; with `ahead`, the next kernel boots while a run executes."""

    def __init__(self, factory: KernelFactory, ahead: bool = True):
        self.factory = factory
        self.ahead = ahead
        self._next: AsyncKernelManager | None = None

    @property
    def kernel_name(self) -> str:
        return self.factory.kernel_name

    def warm(self) -> None:
        """Start booting the first kernel now (e.g. when a worker process starts)."""
        if self.ahead and self._next is None:
            self._next = self.factory.start()

    def take(self) -> AsyncKernelManager:
        """A started, never-used kernel; the caller executes one notebook on it."""
        km, self._next = self._next, None
        if km is None or not run_sync(km.is_alive)():
            km = self.factory.start()
        if self.ahead:
            self._next = self.factory.start()
        return km

    def close(self) -> None:
        if self._next is not None:
            shutdown(self._next)
            self._next = None
        self.factory.close()

