"""Reading what a command wrote to a terminal (a pty) or a pipe, up to a marker."""

from __future__ import annotations

import os
import select
import time


def read_until(fd: int, marker: bytes, timeout: float = 30.0) -> bytes:
    """Everything read from ``fd`` until ``marker`` shows, the descriptor closes, or ``timeout``."""
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen
