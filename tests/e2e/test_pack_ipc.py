"""Kernels started by the runner talk over IPC sockets and open no listening TCP port."""

import json
import subprocess
import sys
import time

import psutil
import pytest

from tests.e2e.pack_support import ROOT, evidence, evidence_args, pack_args, write_spec

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="IPC kernel transport is tested on Linux")]
LAUNCHER = "analysis_lib.packs.kernels.ipc_kernel"
FORKED_KERNEL = "evidence-kernel"


def test_kernel_reports_ipc_transport_and_no_listener(tmp_path):
    spec = write_spec(tmp_path, name="probe", las=["Walsall"], notebooks=["probe"])
    done = evidence(*pack_args(spec, tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    probe = json.loads((tmp_path / "probe" / "walsall" / "probe" / "probe.json").read_text())
    assert probe["transport"] == "ipc"
    assert probe["listening_inet"] == []
    assert probe["unix_sockets"] > 0


def _kernels(parent: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in parent.children(recursive=True):
        try:
            if child.name() == FORKED_KERNEL or LAUNCHER in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "launched"])
def test_no_listening_inet_socket_while_runs_execute(tmp_path, fork):
    spec = write_spec(tmp_path, name="slowprobe", las=["Walsall", "Sandwell"],
                      notebooks=["slow"], overrides={"slow": {"seconds": 4.0}})
    options = ("--workers", 2) if fork else ("--workers", 2, "--no-fork")
    runner = subprocess.Popen(evidence_args(*pack_args(spec, tmp_path, *options)),
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(runner.pid)
    seen, listening = set(), []
    try:
        while runner.poll() is None:
            for kernel in _kernels(parent):
                try:
                    conns = kernel.net_connections(kind="inet")
                except psutil.NoSuchProcess:
                    continue
                seen.add(kernel.pid)
                listening += [c for c in conns if c.status == psutil.CONN_LISTEN]
            time.sleep(0.2)
    finally:
        runner.wait(timeout=300)
    assert runner.returncode == 0
    assert len(seen) >= 2  # the two runs' kernels (and any started ahead) were inspected
    assert listening == []
