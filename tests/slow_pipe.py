"""A slow reader on a command's stdout, then a signal: what both signal tests need."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable


def read_slowly_then_signal(child: subprocess.Popen[bytes], signal_it: Callable[[], None]) -> tuple[bytes, bytes]:
    """Read a little, slowly, so the command blocks in the middle of a write; then signal it and
    return everything it wrote to stdout and stderr."""
    assert child.stdout is not None
    try:
        # os.read, not the pipe object's buffered reads: communicate() reads the descriptor after them
        received = [os.read(child.stdout.fileno(), 4096)]
        for _ in range(20):
            time.sleep(0.01)
            received.append(os.read(child.stdout.fileno(), 4096))
        signal_it()
        rest, errors = child.communicate(timeout=60)
    finally:
        child.kill()
    return b"".join(received) + rest, errors


def assert_stopped_at_a_whole_line(
    child: subprocess.Popen[bytes], data: bytes, errors: bytes, exit_code: int, rows: int
) -> None:
    """The command stopped early with its exit code and a word, no traceback; what it wrote is
    whole JSON lines, the input's first rows in order."""
    assert child.returncode == exit_code, errors
    assert b"Traceback" not in errors and b"partial" in errors
    assert data.endswith(b"\n")
    lines = data.decode("utf-8").splitlines()
    assert len(lines) < rows  # it did stop early
    for number, line in enumerate(lines, 1):
        assert json.loads(line)["row"]["id"] == str(number - 1)
