"""PackKernelClient is ready when the kernel's idle status for kernel_info arrives."""

from queue import Empty

import pytest
from jupyter_core.utils import run_sync

from analysis_lib.packs.kernels import client as kernel_client
from analysis_lib.packs.kernels.client import PackKernelClient


class ScriptedChannel:
    """A channel whose `get_msg` hands out queued messages, then raises Empty (recording
    each wait that ran into its timeout)."""

    def __init__(self):
        self.queue: list[dict] = []
        self.timeouts: list[float] = []

    async def get_msg(self, timeout=None):
        if self.queue:
            return self.queue.pop(0)
        self.timeouts.append(timeout)
        raise Empty


def _message(msg_type, parent, **content):
    return {"msg_type": msg_type, "header": {"msg_type": msg_type},
            "parent_header": {"msg_id": parent} if parent else {}, "content": content}


class ScriptedClient(PackKernelClient):
    """Answers kernel_info from a script: per request, what shell and IOPub will deliver."""

    def __init__(self, script):
        super().__init__()
        self._script = list(script)
        self._shell, self._iopub = ScriptedChannel(), ScriptedChannel()
        self.requests: list[str] = []
        self.alive = True

    @property
    def shell_channel(self):
        return self._shell

    @property
    def iopub_channel(self):
        return self._iopub

    def kernel_info(self):
        request = f"info-{len(self.requests)}"
        self.requests.append(request)
        step = self._script.pop(0) if self._script else ()
        for channel, msg_type, content in step:
            target = self._shell if channel == "shell" else self._iopub
            target.queue.append(_message(msg_type, request, **content))
        return request

    async def is_alive(self):
        return self.alive

    def _handle_kernel_info_reply(self, msg):
        self.info_reply = msg


REPLY = ("shell", "kernel_info_reply", {"status": "ok"})
BUSY = ("iopub", "status", {"execution_state": "busy"})
IDLE = ("iopub", "status", {"execution_state": "idle"})
WELCOME = ("iopub", "iopub_welcome", {"subscription": ""})


def test_ready_on_the_idle_status_without_waiting_for_silence():
    client = ScriptedClient([(REPLY, BUSY, IDLE)])
    run_sync(client.wait_for_ready)(timeout=10)
    assert client.requests == ["info-0"]
    assert client.info_reply["parent_header"]["msg_id"] == "info-0"
    assert client.iopub_channel.timeouts == []  # no wait ran into a timeout
    assert client.iopub_channel.queue == []  # everything the request published was read


def test_asks_again_at_once_when_iopub_connects_late():
    # the first request's status was published before the subscription took effect
    client = ScriptedClient([(REPLY, WELCOME), (REPLY, BUSY, IDLE)])
    run_sync(client.wait_for_ready)(timeout=10)
    assert client.requests == ["info-0", "info-1"]
    assert client.info_reply["parent_header"]["msg_id"] == "info-1"
    assert client.iopub_channel.timeouts == []


def test_asks_again_after_the_status_timeout_without_a_welcome():
    client = ScriptedClient([(REPLY,), (REPLY, IDLE)])
    run_sync(client.wait_for_ready)(timeout=10)
    assert client.requests == ["info-0", "info-1"]
    assert len(client.iopub_channel.timeouts) == 1
    assert client.iopub_channel.timeouts[0] <= kernel_client.STATUS_TIMEOUT


def test_ignores_replies_and_statuses_of_other_requests():
    client = ScriptedClient([(REPLY,), (REPLY, IDLE)])
    client.shell_channel.queue.append(_message("kernel_info_reply", "someone-else"))
    client.iopub_channel.queue.append(_message("status", "someone-else",
                                               execution_state="idle"))
    run_sync(client.wait_for_ready)(timeout=10)
    assert client.info_reply["parent_header"]["msg_id"] == "info-1"


def test_a_dead_kernel_is_reported():
    client = ScriptedClient([()])
    client.alive = False
    with pytest.raises(RuntimeError, match="died"):
        run_sync(client.wait_for_ready)(timeout=10)


def test_a_silent_kernel_times_out(monkeypatch):
    monkeypatch.setattr(kernel_client, "REPLY_TIMEOUT", 0.01)
    client = ScriptedClient([])
    with pytest.raises(RuntimeError, match="didn't respond"):
        run_sync(client.wait_for_ready)(timeout=0.05)
