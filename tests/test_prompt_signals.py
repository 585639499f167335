"""Signals at the prompt on a real terminal (a pty), landing where they were lost.

CPython's readline runs Python's signal handlers only when a signal interrupts the select() in
which it waits for a key. A signal that comes while readline is still setting up the line or
drawing the prompt, as one sent just after the prompt appears can, was only noted and waited for
Enter: ^C did nothing, kill -TERM and a hangup left the process at the prompt. These tests put
the signal there every time: the prompt runs with a readline startup hook (called as readline
begins a line, before its select) that sends the process the next of a list of signals. The hook
is C only (ctypes' ``kill`` through ``map``): Python code run there would run the handler at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from terminal_io import on_terminal, read_until

from ldnclass.errors import ExitCode

# argv: the signal to send as each line begins (0: none); then no more.
_PROMPT_WITH_SIGNALS = """
import ctypes, itertools, os, readline, sys
from ldnclass.cli import main

kill = ctypes.CDLL(None).kill
signals = [int(number) for number in sys.argv[1:]]
sends = map(kill, itertools.repeat(os.getpid()), itertools.chain(signals, itertools.repeat(0)))
readline.set_startup_hook(sends.__next__)
main(["classify"])
"""
PROMPT = b"dose> "
SOON = 10  # seconds: generous; the prompt acts within a tenth of one


def _prompt_sending(env: dict[str, str], *signals: int) -> tuple[subprocess.Popen[bytes], int]:
    """The prompt on a new terminal, sent ``signals`` as its first lines begin."""
    return on_terminal([sys.executable, "-c", _PROMPT_WITH_SIGNALS, *(str(int(number)) for number in signals)], env)


def test_ctrl_c_and_kill_int_as_the_prompt_is_drawn_clear_the_line(plain_env: dict[str, str]) -> None:
    # Three SIGINTs, one as each of the first three lines begins: each asks again on a fresh line
    # (before, the first was held and nothing happened until Enter, which then dropped that line).
    process, leader = _prompt_sending(plain_env, signal.SIGINT, signal.SIGINT, signal.SIGINT)
    try:
        assert read_until(leader, PROMPT, SOON, count=4).count(PROMPT) == 4
        for _ in range(5):  # ^C typed, and kill -INT, at the idle prompt, each as soon as it shows
            os.write(leader, b"\x03")
            assert PROMPT in read_until(leader, PROMPT, SOON)
            os.kill(process.pid, signal.SIGINT)
            assert PROMPT in read_until(leader, PROMPT, SOON)
        assert process.poll() is None
        os.write(leader, b"50 mg daily\n")
        assert b"HDN \xc2\xb7 labeled (50 mg daily)" in read_until(leader, PROMPT, SOON)
        os.write(leader, b"quit\n")
        assert process.wait(timeout=SOON) == ExitCode.OK
    finally:
        process.kill()
        os.close(leader)


def test_kill_term_as_the_prompt_is_drawn_ends_it_with_143_without_a_key(plain_env: dict[str, str]) -> None:
    # A SIGINT as the first line begins, then a SIGTERM as the second does: a fresh line, then the
    # end, with no key pressed. Before, the SIGINT waited for Enter (and a kill -TERM sent then
    # ran its handler with the KeyboardInterrupt still set, CPython gh-134644: exit 1, "internal
    # error"); a SIGTERM alone waited for Enter too.
    process, leader = _prompt_sending(plain_env, signal.SIGINT, signal.SIGTERM)
    try:
        assert process.wait(timeout=SOON) == ExitCode.TERMINATED  # no key was pressed
        assert read_until(leader, PROMPT, SOON, count=2).count(PROMPT) == 2
    finally:
        process.kill()
        os.close(leader)


def test_a_hangup_as_the_prompt_is_drawn_saves_the_history_and_ends_with_129(
    plain_env: dict[str, str], tmp_path: Path
) -> None:
    env = plain_env | {"XDG_DATA_HOME": str(tmp_path)}
    env.pop("LDNCLASS_NO_HISTORY", None)
    # Nothing as the first line begins; SIGHUP (the terminal closed) as the second does.
    process, leader = _prompt_sending(env, 0, signal.SIGHUP)
    try:
        read_until(leader, PROMPT, SOON)
        os.write(leader, b"2.25 mg bid\n")
        assert b"LDN" in read_until(leader, PROMPT, SOON)
        assert process.wait(timeout=SOON) == ExitCode.HUNG_UP
    finally:
        process.kill()
        os.close(leader)
    assert "2.25 mg bid" in (tmp_path / "ldnclass" / "history").read_text(encoding="utf-8")
