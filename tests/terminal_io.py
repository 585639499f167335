"""Running a command on a terminal of its own (a pty), and reading what it wrote there or to a
pipe, up to a marker."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import subprocess
import termios
import time
from collections.abc import Sequence


def _take_terminal() -> None:
    # A session of its own with the pty as controlling terminal, so that Ctrl-C
    # typed on it reaches the process as SIGINT, as it does in a real terminal.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def on_terminal(command: Sequence[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    """``command`` started with a new pty as its terminal (stdin, stdout, stderr); the pty's
    other end, where the test types and reads."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        list(command),
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
        start_new_session=True,
        preexec_fn=_take_terminal,  # a test helper: no threads to disturb
    )
    os.close(follower)
    return process, leader


def read_until(fd: int, marker: bytes, timeout: float = 30.0, count: int = 1) -> bytes:
    """Everything read from ``fd`` until ``marker`` shows (``count`` times), the descriptor
    closes, or ``timeout``."""
    seen = b""
    deadline = time.monotonic() + timeout
    while seen.count(marker) < count and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen
