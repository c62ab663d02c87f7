"""Kernel fork server: imports the pack's libraries once, then forks one fresh kernel per run.

Started by a pack worker as ``python -m analysis_lib.packs.kernels.fork_server`` with the
kernel's environment (see `forked.ForkServer`). It imports ipykernel, the modules named in
`PRELOAD_ENV` and `WARM_IMPORTS`, warms matplotlib's font cache and the data layer's file
hashes, reports ``{"ready": pid}``, then serves requests on stdin, one JSON object per line:

- ``{"fork": {"args": [...], "env": {...}, "cwd": "..."}}`` forks a child that becomes an
  IPC kernel (`ipc_kernel.serve(args)`) in its own session; the reply is ``{"forked": pid}``,
  and ``{"exited": pid, "status": code, "cpu_seconds": s}`` follows when that kernel ends
  (status negative: killed by that signal);
- end of input: the server exits, and its kernels with it (parent-death signal).

The server never runs notebook code and holds no sockets or Python threads when it forks;
each child takes the requested environment and re-seeds numpy's global generator, so a forked
kernel starts like a freshly launched one, without the seconds of imports. Native threads
that libraries start at import (jemalloc's background threads, polars' spill cleaner) stay
behind in the server; both survive fork (tested: 400 forks each running polars).
"""

from __future__ import annotations

import ctypes
import json
import os
import selectors
import signal
import sys
import threading
import traceback

from analysis_lib.packs.kernels.env_names import DATA_ENV, PRELOAD_ENV

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Modules the notebooks' libraries import lazily, on first use. Imported here, they cost each
#: run nothing; measured per run when each kernel imported them: moderndid (with polars and
#: dask.dataframe) 1-2 s in notebook 04, xlsxwriter 0.15 s for every workbook.
WARM_IMPORTS = ("moderndid", "dask.dataframe", "xlsxwriter", "linearmodels.panel", "duckdb",
                "IPython.display")


KERNEL_PROCESS_NAME = b"evidence-kernel"  # what `ps -o comm`, top and psutil show


def _prctl(option: int, value) -> None:
    ctypes.CDLL(None, use_errno=True).prctl(option, value)


def _die_with_parent() -> None:
    """Linux: be SIGKILLed when the parent exits (the worker for the server, the server for
    a kernel), so no kernel outlives the pack."""
    _prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _warm_up() -> None:
    """Imports and caches every kernel would otherwise rebuild: ipykernel, the pack's modules,
    the code's identity (source hash, git commit), matplotlib's fonts, the data files' hashes.
    Draws without pyplot, so the inline backend is not yet loaded (a kernel loads it with its
    shell, as a launched kernel does)."""
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)  # as ipykernel would set it
    from ipykernel import ipkernel, kernelapp, zmqshell  # noqa: F401

    from analysis_lib.packs.kernels import ipc_kernel

    ipc_kernel.preload(",".join([os.environ.pop(PRELOAD_ENV, ""), *WARM_IMPORTS]))
    from analysis_lib.code_version import code_identity

    code_identity()  # source hash and git commit, computed once for every forked kernel
    data = os.environ.pop(DATA_ENV, "")
    if data:
        from analysis_lib.data import prepare

        source, data_dir = json.loads(data)
        try:
            prepare(source, data_dir or None)
        except Exception:  # noqa: BLE001 - the runs that load the data report any problem
            traceback.print_exc()
    if "matplotlib" in sys.modules:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure()
        FigureCanvasAgg(fig)
        fig.add_subplot().set_title("warm-up")
        fig.canvas.draw()
        from PIL import Image

        Image.init()  # the image plugins, loaded on first save otherwise


def _become_kernel(request: dict) -> None:
    """In the forked child: detach, take the requested environment and serve as a kernel."""
    status = 1
    try:
        os.setsid()
        _die_with_parent()
        _prctl(15, KERNEL_PROCESS_NAME)  # PR_SET_NAME
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(2, 1)  # the kernel's own output goes where the server's errors go
        os.close(devnull)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()  # as in a new process; `random` reseeds itself
        from analysis_lib.packs.kernels import ipc_kernel

        args = list(request["args"])
        if os.environ.get("JPY_PARENT_PID"):  # this trait read the environment at import
            args.append(f"--IPKernelApp.parent_handle={os.environ['JPY_PARENT_PID']}")
        sys.argv = [ipc_kernel.__file__, *args]
        ipc_kernel.serve(args)
        status = 0
    except BaseException:  # noqa: BLE001 - a child must never return into the server loop
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _reply(message: dict) -> None:
    os.write(1, (json.dumps(message) + "\n").encode())


def _reap() -> None:
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _reply({"exited": pid, "status": os.waitstatus_to_exitcode(status),
                "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3)})


def _serve_requests() -> None:
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the selector via the pipe
    selector = selectors.DefaultSelector()
    selector.register(0, selectors.EVENT_READ)
    selector.register(wake_read, selectors.EVENT_READ)
    buffer = b""
    while True:
        for key, _ in selector.select():
            if key.fd == wake_read:
                os.read(wake_read, 4096)
                continue
            chunk = os.read(0, 65536)
            if not chunk:
                return
            buffer += chunk
        _reap()
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            request = json.loads(line)["fork"]
            pid = os.fork()
            if pid == 0:
                selector.close()
                signal.set_wakeup_fd(-1)
                os.close(wake_read)
                os.close(wake_write)
                _become_kernel(request)
            _reply({"forked": pid})


def main() -> None:
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # like ipykernel_launcher; the kernel adds its working folder back
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner decides how to stop
    _warm_up()
    if threading.active_count() > 1:  # forking with Python threads running is unsafe
        names = [t.name for t in threading.enumerate()]
        sys.exit(f"fork server: not forking, the warm-up started Python threads {names}")
    _reply({"ready": os.getpid()})
    _serve_requests()


if __name__ == "__main__":
    main()
