"""The prompt on a real terminal (a pty): help, Ctrl-C clears the line, details, quit, history."""

from __future__ import annotations

import fcntl
import os
import pty
import subprocess
import termios
import time
from pathlib import Path

import pytest
from terminal_io import read_until

from ldnclass.cli import history_path
from ldnclass.errors import ExitCode


def _take_terminal() -> None:
    # A session of its own with the pty as controlling terminal, so that Ctrl-C
    # typed on it reaches the process as SIGINT, as it does in a real terminal.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _session(command: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [command, "classify"],
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


def test_help_ctrl_c_details_quit_and_history(
    installed_command: str, plain_env: dict[str, str], tmp_path: Path
) -> None:
    env = plain_env | {"XDG_DATA_HOME": str(tmp_path)}
    env.pop("LDNCLASS_NO_HISTORY", None)
    process, leader = _session(installed_command, env)
    try:
        assert b"dose> " in read_until(leader, b"dose> ")
        os.write(leader, b"help\n")
        assert b"Ctrl-C clears" in read_until(leader, b"dose> ")
        os.write(leader, b"999 mg")
        time.sleep(0.3)
        os.write(leader, b"\x03")  # Ctrl-C: the line is dropped, the session goes on
        assert b"dose> " in read_until(leader, b"dose> ")
        assert process.poll() is None
        os.write(leader, b"50 mg daily\n")
        answer = read_until(leader, b"dose> ")
        assert b"HDN \xc2\xb7 labeled (50 mg daily)" in answer and b"999" not in answer
        assert b"type details" in answer
        os.write(leader, b"details\n")
        assert b"Sources" in read_until(leader, b"dose> ")
        os.write(leader, b"quit\n")
        assert process.wait(timeout=30) == ExitCode.OK
    finally:
        process.kill()
        os.close(leader)
    history = (tmp_path / "ldnclass" / "history").read_text(encoding="utf-8")
    assert "50 mg daily" in history
    assert (tmp_path / "ldnclass" / "history").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("setting", ["opt-out", "unwritable"])
def test_no_history_when_opted_out_or_unwritable(
    installed_command: str, plain_env: dict[str, str], tmp_path: Path, setting: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    env = plain_env | {"XDG_DATA_HOME": str(tmp_path if setting == "opt-out" else blocker)}
    if setting == "opt-out":
        env["LDNCLASS_NO_HISTORY"] = "1"
    process, leader = _session(installed_command, env)
    try:
        read_until(leader, b"dose> ")
        os.write(leader, b"4.5 mg qhs\n")
        assert b"LDN" in read_until(leader, b"dose> ")
        os.write(leader, b"\x04")  # Ctrl-D ends the session
        assert process.wait(timeout=30) == ExitCode.OK
    finally:
        process.kill()
        os.close(leader)
    assert not (tmp_path / "ldnclass").exists()


def test_history_path_follows_xdg_and_the_opt_out() -> None:
    assert history_path({"XDG_DATA_HOME": "/data", "HOME": "/home/a"}) == Path("/data/ldnclass/history")
    assert history_path({"HOME": "/home/a"}) == Path("/home/a/.local/share/ldnclass/history")
    assert history_path({"XDG_DATA_HOME": "relative", "HOME": "/home/a"}) == Path(
        "/home/a/.local/share/ldnclass/history"
    )
    assert history_path({"HOME": "/home/a", "LDNCLASS_NO_HISTORY": "1"}) is None
