"""Kernels forked from a warm fork server instead of launched as new Python processes.

A pack worker starts one `ForkServer` (see `fork_server`), which pays for the imports once;
every run then gets a new kernel process forked from it in milliseconds. `ForkingProvisioner`
plugs this into jupyter_client, so papermill and nbclient drive a forked kernel exactly like
a launched one: `ForkedProcess` stands in for the `subprocess.Popen` object, with exit codes
reported by the server, which is the kernels' parent.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

from analysis_lib.errors import EvidenceError

SERVER_MODULE = "analysis_lib.packs.kernels.fork_server"
#: How long the server may take to import the pack's libraries before it counts as failed.
START_TIMEOUT = 120.0
#: How long `kill` waits for the server to report the kernel's exit (normally milliseconds).
KILL_WAIT = 5.0


def fork_supported() -> bool:
    """Forking kernels needs Linux (fork, parent-death signals)."""
    return sys.platform.startswith("linux")


def split_command(cmd: list[str], launcher: str) -> tuple[list[str], list[str]] | None:
    """``[python, *options, "-m", launcher, *args]`` -> (interpreter part, args); None when
    the command does not run `launcher`."""
    for i in range(1, len(cmd) - 1):
        if cmd[i:i + 2] == ["-m", launcher]:
            return cmd[:i], cmd[i + 2:]
    return None


class ForkServer:
    """A running fork server, its reader thread and the exit codes of its kernels."""

    def __init__(self, interpreter: list[str], env: dict[str, str]):
        self._proc = subprocess.Popen([*interpreter, "-m", SERVER_MODULE], env=env,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._lock = threading.Lock()
        self._changed = threading.Condition()
        self._forked: list[int] = []
        self._exits: dict[int, int] = {}
        self._cpu: dict[int, float] = {}
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True,
                                        name="fork-server-reader")
        self._reader.start()
        if not self._ready.wait(START_TIMEOUT) or self._proc.poll() is not None:
            self.close()
            raise EvidenceError(f"the kernel fork server ({' '.join(interpreter)} -m "
                                f"{SERVER_MODULE}) did not start; see the errors above")

    def _read(self) -> None:
        for line in self._proc.stdout:
            message = json.loads(line)
            with self._changed:
                if "ready" in message:
                    self._ready.set()
                elif "forked" in message:
                    self._forked.append(message["forked"])
                elif "exited" in message:
                    self._exits[message["exited"]] = message["status"]
                    self._cpu[message["exited"]] = message["cpu_seconds"]
                self._changed.notify_all()
        with self._changed:  # the server is gone, and its kernels with it
            self._ready.set()
            self._changed.notify_all()

    @property
    def pid(self) -> int:
        return self._proc.pid

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def fork(self, args: list[str], env: dict[str, str], cwd: str) -> ForkedProcess:
        """A new kernel process running `ipc_kernel.serve(args)` with `env` in `cwd`."""
        request = {"fork": {"args": args, "env": env, "cwd": cwd}}
        with self._lock, self._changed:
            try:
                self._proc.stdin.write((json.dumps(request) + "\n").encode())
                self._proc.stdin.flush()
            except (BrokenPipeError, ValueError) as err:
                raise EvidenceError("the kernel fork server has stopped") from err
            if not self._changed.wait_for(lambda: self._forked or not self.alive, timeout=30):
                raise EvidenceError("the kernel fork server did not answer a fork request")
            if not self._forked:
                raise EvidenceError("the kernel fork server has stopped")
            return ForkedProcess(self, self._forked.pop(0))

    def returncode(self, pid: int) -> int | None:
        with self._changed:
            if pid in self._exits:
                return self._exits[pid]
            return None if self.alive else -signal.SIGKILL

    def cpu_seconds(self, pid: int) -> float | None:
        """CPU time (user + system) an ended kernel used, as its parent saw it."""
        with self._changed:
            return self._cpu.get(pid)

    def wait(self, pid: int, timeout: float | None = None) -> int | None:
        with self._changed:
            self._changed.wait_for(lambda: self.returncode(pid) is not None, timeout=timeout)
        code = self.returncode(pid)
        if code is None:
            raise subprocess.TimeoutExpired(f"forked kernel {pid}", timeout)
        return code

    def close(self) -> None:
        """Stop the server; its kernels are killed with it."""
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


class ForkedProcess:
    """The part of `subprocess.Popen` jupyter_client uses, for a kernel forked by a server."""

    stdin = stdout = stderr = None

    def __init__(self, server: ForkServer, pid: int):
        self._server = server
        self.pid = pid

    @property
    def returncode(self) -> int | None:
        return self._server.returncode(self.pid)

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        return self._server.wait(self.pid, timeout)

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkingProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching the kernel through a `ForkServer`.

    The kernel command must be ``<python> [options] -m <launcher> ARGS``; ARGS reach the
    kernel, which the server runs with the same interpreter and options.
    """

    server: ForkServer | None = None
    launcher: str = ""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        parts = split_command(cmd, self.launcher)
        if self.server is None or parts is None:
            raise EvidenceError(f"cannot fork {cmd}: needs a fork server and a command that "
                                f"runs {self.launcher or 'the launcher'}")
        cwd = str(kwargs.get("cwd") or Path.cwd())
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(self.server.pid)  # the kernel's parent, as the launcher sets
        self.process = self.server.fork(parts[1], env, cwd)
        self.pid = self.pgid = self.process.pid  # the kernel leads its own session
        self.cwd = cwd
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:
        """Kill the kernel and wait for the server to report its exit, so that jupyter_client
        finds it ended at once instead of polling every 0.1 s (a tenth of a second a run)."""
        await super().kill(restart=restart)
        if self.process is not None:
            try:
                await asyncio.to_thread(self.process.wait, KILL_WAIT)
            except subprocess.TimeoutExpired:
                pass  # jupyter_client's own wait takes over
