"""A kernel client that is ready as soon as the kernel has answered, not 0.2 s later.

jupyter_client's `wait_for_ready` ends by draining IOPub until nothing arrives for 0.2 s, so
every run waited 0.2 s with both the kernel and the worker idle (about a tenth of a run on
the embedded data). `PackKernelClient` asks for kernel_info and is ready once the reply has
arrived on the shell channel and the kernel's `idle` status for that same request on IOPub:
every message the kernel published before it has then been read, which is what the drain
was for. If IOPub was not yet connected, the status is lost and the client asks again: at
once when the kernel's `iopub_welcome` (sent when a subscription takes effect, JEP 65) shows
that IOPub is now connected, otherwise after 0.2 s, as jupyter_client does.
"""

from __future__ import annotations

import math
import time
from functools import partial
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient

#: Seconds to wait for each kernel_info reply, and for its status on IOPub, before asking again.
REPLY_TIMEOUT = 1.0
STATUS_TIMEOUT = 0.2


def _is_reply_to(msg: dict, request: str) -> bool:
    return msg["parent_header"].get("msg_id") == request


def _is_idle_after_or_welcome(msg: dict, request: str) -> bool:
    """The kernel's idle status for `request`, or a welcome: IOPub connected only now, after
    that status was sent."""
    return msg["msg_type"] == "iopub_welcome" or (
        msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
        and _is_reply_to(msg, request))


class PackKernelClient(AsyncKernelClient):
    """`AsyncKernelClient` whose readiness check ends on the kernel's own idle status."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once the kernel answers on shell and IOPub; RuntimeError if it died or
        did not answer within `timeout` seconds."""
        deadline = time.monotonic() + (math.inf if timeout is None else timeout)
        while True:
            request = self.kernel_info()
            reply = await self._first(self.shell_channel, REPLY_TIMEOUT, deadline,
                                      partial(_is_reply_to, request=request))
            if reply is not None:
                status = await self._first(self.iopub_channel, STATUS_TIMEOUT, deadline,
                                           partial(_is_idle_after_or_welcome, request=request))
                if status is not None and status["msg_type"] == "status":
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    @staticmethod
    async def _first(channel, seconds: float, deadline: float, wanted) -> dict | None:
        """The first message on `channel` that is `wanted`, reading (and dropping) the others;
        None if none comes within `seconds` (or by the deadline)."""
        until = min(deadline, time.monotonic() + seconds)
        while (left := until - time.monotonic()) > 0:
            try:
                msg = await channel.get_msg(timeout=left)
            except Empty:
                return None
            if wanted(msg):
                return msg
        return None
