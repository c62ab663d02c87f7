"""Kernels forked from the warm fork server behave like launched ones, and die with it."""

import os
import sys
import time

import psutil
import pytest
from jupyter_core.utils import run_sync

from analysis_lib.packs.kernels import KernelFactory, default_kernel_name, shutdown
from analysis_lib.packs.kernels.fork_server import KERNEL_PROCESS_NAME
from analysis_lib.packs.kernels.forked import ForkingProvisioner

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="kernels are forked on Linux only")]


def run_code(km, code: str) -> str:
    """Execute `code` on the kernel and return what it printed."""
    kc = km.client()
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=60)
        kc.execute(code)
        while True:
            msg = run_sync(kc.get_iopub_msg)(timeout=60)
            if msg["msg_type"] == "stream":
                return msg["content"]["text"].strip()
            if msg["msg_type"] == "error":
                raise AssertionError(msg["content"]["evalue"])
    finally:
        kc.stop_channels()


@pytest.fixture
def factory(monkeypatch, tmp_path):
    monkeypatch.setenv("EVIDENCE_TEST_MARKER", "from-the-worker")
    monkeypatch.chdir(tmp_path)
    made = KernelFactory(default_kernel_name(), ("numpy",))
    yield made
    made.close()


def test_forked_kernels_are_separate_fresh_processes(factory, tmp_path):
    code = ("import os, numpy\n"
            "print(os.getpid(), os.getppid(), os.getsid(0), os.getcwd(),"
            " os.environ['EVIDENCE_TEST_MARKER'], numpy.random.randint(2**31), 'x' in dir())")
    seen = []
    for _ in range(2):
        km = factory.start()
        assert isinstance(km.provisioner, ForkingProvisioner)
        pid = km.provisioner.pid
        assert psutil.Process(pid).name() == KERNEL_PROCESS_NAME.decode()
        seen.append(run_code(km, code).split())
        if len(seen) == 1:
            run_code(km, "x = 1; print(x)")  # state that must not reach the next kernel
        shutdown(km)
        assert km.provisioner.server.cpu_seconds(pid) > 0
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == "zombie"
    (pid1, parent1, sid1, cwd1, marker1, draw1, x1), (pid2, parent2, *_, draw2, x2) = seen
    assert pid1 != pid2 and parent1 == parent2 != str(os.getpid())  # children of the server
    assert sid1 == pid1  # each kernel leads its own session
    assert cwd1 == str(tmp_path) and marker1 == "from-the-worker"
    assert draw1 != draw2  # numpy's global generator is re-seeded in every kernel
    assert x1 == x2 == "False"


def test_kernels_die_with_their_fork_server(factory):
    km = factory.start()
    run_code(km, "print('ready')")
    pid = km.provisioner.pid
    psutil.Process(km.provisioner.server.pid).kill()
    deadline = time.monotonic() + 10
    while run_sync(km.is_alive)():  # the server's exit is seen a moment after the signal
        assert time.monotonic() < deadline, "the kernel outlived its fork server"
        time.sleep(0.1)
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie":
        assert time.monotonic() < deadline, "the kernel process outlived its fork server"
        time.sleep(0.1)
    shutdown(km)
    replacement = factory.start()  # a new server is started for the next kernel
    assert run_code(replacement, "print(40 + 2)") == "42"
    shutdown(replacement)


def test_kill_returns_once_the_server_has_reported_the_exit(factory):
    km = factory.start()
    process = km.provisioner.process
    run_sync(km.provisioner.kill)()
    assert process.poll() == -9  # known at once: jupyter_client need not poll for it
    shutdown(km)
