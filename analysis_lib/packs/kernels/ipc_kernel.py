"""Kernel launcher used by the pack runner: ipykernel with no TCP listener at all.

With ``transport="ipc"`` jupyter_client and ipykernel put the five kernel channels on Unix
sockets, but ipykernel still binds ``tcp://127.0.0.1:<random>`` for output piped from forked
subprocesses (`IOPubThread._setup_pipe_in`). This launcher moves that pipe to an IPC socket
beside the channel sockets, then optionally imports modules named in `PRELOAD_ENV` after the
kernel is initialised and before it serves requests (no names enter the user namespace, the
execution count is untouched), and starts the kernel.

Run as ``python -m analysis_lib.packs.kernels.ipc_kernel -f <connection file>``.
"""

from __future__ import annotations

import importlib
import os
import sys

from analysis_lib.packs.kernels.env_names import PRELOAD_ENV


def _use_ipc_pipe(kernelapp) -> None:
    import zmq
    from zmq.eventloop.zmqstream import ZMQStream

    class IPCIOPubThread(kernelapp.IOPubThread):
        def _setup_pipe_in(self):
            app = kernelapp.IPKernelApp.instance()
            if app.transport != "ipc":
                return super()._setup_pipe_in()
            self._pipe_uuid = os.urandom(16)
            pipe_in = self.socket.context.socket(zmq.PULL)
            pipe_in.linger = 0
            self._pipe_address = f"ipc://{app.ip}-iopub-pipe"
            pipe_in.bind(self._pipe_address)
            self._pipe_in = ZMQStream(pipe_in, self.io_loop)
            self._pipe_in.on_recv(self._handle_pipe_msg)
            return None

        def _setup_pipe_out(self):
            if not hasattr(self, "_pipe_address"):
                return super()._setup_pipe_out()
            ctx = zmq.Context()
            pipe_out = ctx.socket(zmq.PUSH)
            pipe_out.linger = 3000
            pipe_out.connect(self._pipe_address)
            return ctx, pipe_out

    kernelapp.IOPubThread = IPCIOPubThread


def preload(names: str) -> None:
    """Import the comma-separated modules `names`, skipping any that fail."""
    for name in filter(None, names.split(",")):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the notebook's own import reports the real error
            continue


def serve(argv: list[str] | None = None) -> None:
    """Initialise an IPC kernel from `argv` (default: the command line) and serve until it
    is shut down."""
    from ipykernel import kernelapp

    _use_ipc_pipe(kernelapp)
    app = kernelapp.IPKernelApp.instance()
    app.initialize(argv)
    preload(os.environ.pop(PRELOAD_ENV, ""))
    app.start()


def main() -> None:
    # Like ipykernel_launcher: drop the working directory while loading the kernel;
    # InteractiveShellApp.init_path() adds it back for the notebook.
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    serve()


if __name__ == "__main__":
    main()
