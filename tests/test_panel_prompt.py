"""The prompt on a real terminal (a pty): help, Ctrl-C clears the line, details, quit, history,
a hangup; and its loop in process."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from rich.console import Console
from terminal_io import on_terminal, read_until

from ldnclass.classifier import classify
from ldnclass.cli import _prompt, _Turn, history_path
from ldnclass.environment import Environment
from ldnclass.errors import ExitCode
from ldnclass.regimens import load_regimens
from ldnclass.render import Output
from ldnclass.result import Result


def _session(command: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    return on_terminal([command, "classify"], env)


def _with_history(plain_env: dict[str, str], data_home: Path) -> dict[str, str]:
    """The environment with the prompt's history kept under ``data_home``."""
    env = plain_env | {"XDG_DATA_HOME": str(data_home)}
    env.pop("LDNCLASS_NO_HISTORY", None)
    return env


def test_help_ctrl_c_details_quit_and_history(
    installed_command: str, plain_env: dict[str, str], tmp_path: Path
) -> None:
    process, leader = _session(installed_command, _with_history(plain_env, tmp_path))
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


def test_a_hangup_saves_the_history_and_ends_with_129(
    installed_command: str, plain_env: dict[str, str], tmp_path: Path
) -> None:
    # The terminal closed (SIGHUP): the signal's default action ended the process at once,
    # and the session's doses never reached the history file.
    process, leader = _session(installed_command, _with_history(plain_env, tmp_path))
    try:
        read_until(leader, b"dose> ")
        os.write(leader, b"2.25 mg bid\n")
        assert b"LDN" in read_until(leader, b"dose> ")
        _wait_until_waiting_for_a_key(process.pid)
        process.send_signal(signal.SIGHUP)
        assert process.wait(timeout=30) == ExitCode.HUNG_UP
    finally:
        process.kill()
        os.close(leader)
    assert "2.25 mg bid" in (tmp_path / "ldnclass" / "history").read_text(encoding="utf-8")


def test_ctrl_c_pressed_quickly_and_while_answering_keeps_the_session(
    installed_command: str, plain_env: dict[str, str]
) -> None:
    # A ^C could land outside the loop's try (a second one just after the first, one while a
    # panel was drawn): the session ended with 130. Bursts of them, then a dose is still answered.
    process, leader = _session(installed_command, plain_env)
    try:
        read_until(leader, b"dose> ")
        for _ in range(8):
            os.write(leader, b"4.5 mg qhs\n\x03\x03")
            os.write(leader, b"\x03")
        time.sleep(0.3)
        assert process.poll() is None
        # Back at its prompt before the next dose is typed: on a slow host the burst's last ^C may
        # still be dropping an answer (as it should) 0.3 s later, and it dropped this one (CI flake)
        _wait_until_waiting_for_a_key(process.pid)
        time.sleep(0.3)
        os.write(leader, b"100 mg qod\n")
        assert b"HDN" in read_until(leader, b"HDN")
        os.write(leader, b"quit\n")
        assert process.wait(timeout=30) == ExitCode.OK
    finally:
        process.kill()
        os.close(leader)


def _wait_until_waiting_for_a_key(pid: int) -> None:
    """Until the process sleeps in readline's wait for input (select or poll, says Linux's wchan).
    CPython's readline looks at signals only when that wait is interrupted: one that lands in
    the instant before it (the prompt drawn, the wait not yet begun) is held until a key."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        wchan = Path(f"/proc/{pid}/wchan").read_text(encoding="ascii")
        if wchan in ("", "0"):  # hidden by this kernel: give it time instead
            time.sleep(0.5)
            return
        if "poll" in wchan or "select" in wchan:
            return
        time.sleep(0.01)


class _Lines:
    """input() answering from a list, then Ctrl-D."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def __call__(self, prompt: str = "") -> str:
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)


def test_ctrl_c_while_an_answer_is_drawn_drops_that_answer_only(monkeypatch: pytest.MonkeyPatch) -> None:
    regimens = load_regimens()
    answered: list[str] = []

    def answer(text: str) -> Result:
        answered.append(text)
        if text == "slow":
            raise KeyboardInterrupt  # ^C while the answer is worked out and drawn
        return classify(text, regimens)

    screen = io.StringIO()
    output = Output(screen, False, lambda stderr: Console(file=screen, width=100), regimens)
    monkeypatch.setattr("builtins.input", _Lines(["slow", "4.5 mg qhs", "quit", "never read"]))
    before = signal.getsignal(signal.SIGINT)
    env = Environment(io.BytesIO(), screen, io.StringIO(), environ={"LDNCLASS_NO_HISTORY": "1"})
    _prompt(answer, env, regimens, output)
    assert answered == ["slow", "4.5 mg qhs"]
    assert "LDN" in screen.getvalue()
    assert signal.getsignal(signal.SIGINT) is before  # Python's own handler again


def test_ctrl_c_between_turns_is_noted_not_raised() -> None:
    # Python runs a signal's handler where a loop jumps back, outside the loop's try: there a
    # KeyboardInterrupt would end the session, so the prompt's handler only notes it.
    regimens = load_regimens()
    turn = _Turn(lambda text: classify(text, regimens), Console(file=io.StringIO()), regimens, None)  # type: ignore[arg-type]
    turn.between = True
    turn.interrupt(signal.SIGINT, None)
    assert turn.interrupted
    turn.between = False
    with pytest.raises(KeyboardInterrupt):
        turn.interrupt(signal.SIGINT, None)
