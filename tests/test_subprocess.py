"""The installed command in a real process, a real pipe and a real terminal (pty)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from terminal_io import read_until

from ldnclass.errors import ExitCode


def _run(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, input=stdin, capture_output=True, text=True, env=env, timeout=60)


def test_installed_command_classifies(installed_command: str, plain_env: dict[str, str]) -> None:
    done = _run([installed_command, "classify", "4.5 mg qhs", "--json"], plain_env)
    assert done.returncode == ExitCode.OK
    assert json.loads(done.stdout)["class"] == "LDN"
    assert done.stderr == ""


def test_python_dash_m(plain_env: dict[str, str]) -> None:
    done = _run([sys.executable, "-m", "ldnclass", "classify", "50 mg daily", "--json"], plain_env)
    assert done.returncode == ExitCode.OK
    assert json.loads(done.stdout)["class"] == "HDN"


def test_pipe_in_gives_json_lines_and_exit_1_on_a_bad_line(installed_command: str, plain_env: dict[str, str]) -> None:
    done = _run([installed_command, "classify", "--json"], plain_env, stdin="4.5 mg\n4.5\n")
    assert done.returncode == ExitCode.UNCLASSIFIED
    assert [json.loads(line)["ok"] for line in done.stdout.splitlines()] == [True, False]


def test_broken_pipe_is_quiet(installed_command: str, plain_env: dict[str, str]) -> None:
    doses = "".join(f"{n / 10} mg\n" for n in range(1, 20001))
    pipeline = f"{installed_command} classify --json | head -1"
    done = subprocess.run(["bash", "-c", pipeline], input=doses, capture_output=True, text=True, env=plain_env)
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr and "Broken pipe" not in done.stderr


def test_bad_regimens_is_exit_3_without_traceback(installed_command: str, plain_env: dict[str, str]) -> None:
    done = _run([installed_command, "classify", "4.5 mg", "--regimens", "/nonexistent.yaml"], plain_env)
    assert done.returncode == ExitCode.INPUT
    assert "Traceback" not in done.stderr
    assert "regimens-file" in done.stderr


def test_ctrl_c_exits_130(installed_command: str, plain_env: dict[str, str]) -> None:
    process = subprocess.Popen(
        [installed_command, "classify"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=plain_env,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"4.5 mg\n")
    process.stdin.flush()
    process.stdout.readline()  # the first answer: the process is up and waiting for more
    process.send_signal(2)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == ExitCode.INTERRUPTED
    assert b"Traceback" not in stderr


def test_interactive_prompt_answers_each_dose_until_ctrl_d(installed_command: str, plain_env: dict[str, str]) -> None:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [installed_command, "classify"], stdin=follower, stdout=follower, stderr=follower, env=plain_env, close_fds=True
    )
    os.close(follower)
    try:
        assert b"dose> " in read_until(leader, b"dose> ")
        os.write(leader, b"2.25 mg bid\n")
        first = read_until(leader, b"dose> ")
        assert b"4.5 mg/day" in first and b"LDN" in first
        os.write(leader, b"100 mg qod\n")
        second = read_until(leader, b"dose> ")
        assert b"HDN" in second and b"labeled" in second
        os.write(leader, b"\x04")  # Ctrl-D ends the session
        assert process.wait(timeout=30) == ExitCode.OK
    finally:
        process.kill()
        os.close(leader)


def test_help_and_version_do_not_import_pint_rich_data(plain_env: dict[str, str]) -> None:
    """Nor pydantic: typer would import it to coerce the help flag and the app's options left out."""
    for args in (
        ["--version"],
        ["classify", "--help"],
        ["--help"],
        ["-V"],
        ["batch", "-h"],
        ["fhir", "-V"],
        ["regimens", "--help"],
    ):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "ldnclass", *args],
            capture_output=True,
            text=True,
            env=plain_env,
            check=True,
        )
        imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
        assert not {"pint", "yaml", "pydantic", "ldnclass.regimens", "ldnclass.grammar"} & imported, args


def _panel_on_a_terminal(command: str, env: dict[str, str]) -> bytes:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [command, "classify", "4.5 mg qhs"], stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True
    )
    os.close(follower)
    try:
        seen = read_until(leader, b"prescription")
        process.wait(timeout=30)
        return seen
    finally:
        process.kill()
        os.close(leader)


def test_class_in_colour_on_a_terminal_unless_no_color(installed_command: str, plain_env: dict[str, str]) -> None:
    coloured = {k: v for k, v in plain_env.items() if k != "NO_COLOR"} | {"TERM": "xterm-256color"}
    assert b"\x1b[1;32mLDN" in _panel_on_a_terminal(installed_command, coloured)  # bold green
    assert b"\x1b[1;32m" not in _panel_on_a_terminal(installed_command, plain_env | {"TERM": "xterm-256color"})


def test_piped_lines_are_a_tsv_with_a_header_in_a_real_pipe(installed_command: str, plain_env: dict[str, str]) -> None:
    pipeline = f"printf '# doses\\n4.5 mg qhs\\n\\n4.5\\n' | {installed_command} classify | cut -f1,2,9"
    done = subprocess.run(["bash", "-c", pipeline], capture_output=True, text=True, env=plain_env, timeout=60)
    assert done.stdout.splitlines() == ["input\tclass\terror_code", "4.5 mg qhs\tLDN\t", "4.5\t\tno-unit"]
    assert done.stderr == ""


def test_an_option_error_in_a_real_process_is_one_style(installed_command: str, plain_env: dict[str, str]) -> None:
    done = _run([installed_command, "batch", "--format", "xml"], plain_env)
    assert done.returncode == ExitCode.USAGE and done.stdout == ""
    assert done.stderr.startswith("ldnclass: error [usage]: Invalid value for '--format'")
    assert done.stderr.splitlines()[-1] == "ldnclass: hint: see 'ldnclass batch --help'"


def test_sigterm_exits_143_quietly(installed_command: str, plain_env: dict[str, str]) -> None:
    process = subprocess.Popen(
        [installed_command, "classify", "-f", "jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=plain_env,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"4.5 mg\n")
    process.stdin.flush()
    assert json.loads(process.stdout.readline())["class"] == "LDN"
    process.send_signal(15)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == ExitCode.TERMINATED
    assert b"Traceback" not in stderr


def test_force_color_colours_a_pipe(installed_command: str, plain_env: dict[str, str]) -> None:
    env = {k: v for k, v in plain_env.items() if k != "NO_COLOR"} | {"FORCE_COLOR": "1"}
    assert "\x1b[" in _run([installed_command, "classify", "4.5 mg qhs"], env).stdout
    assert "\x1b[" not in _run([installed_command, "classify", "4.5 mg qhs", "--color", "never"], env).stdout


def test_a_closed_stdout_is_a_file_error_and_output_to_a_file_still_works(
    installed_command: str, plain_env: dict[str, str], tmp_path: Path
) -> None:
    def with_stdout_closed(*args: str) -> subprocess.CompletedProcess[str]:
        # `ldnclass … >&-`: the process starts with no descriptor 1, and Python's sys.stdout is None
        return subprocess.run(
            [installed_command, *args],
            stdout=None,
            stderr=subprocess.PIPE,
            text=True,
            env=plain_env,
            timeout=60,
            preexec_fn=lambda: os.close(1),
        )

    for args in (["classify", "4.5 mg qhs", "--json"], ["regimens"], ["--version"]):
        done = with_stdout_closed(*args)
        assert done.returncode == ExitCode.INPUT, (args, done.stderr)
        assert "error [input-file]: stdout is closed" in done.stderr and "bug" not in done.stderr, done.stderr
        assert "hint: send the output to a file or a pipe" in done.stderr, done.stderr  # not the input file's hint
    doses = tmp_path / "doses.csv"
    doses.write_text("dose\n4.5 mg qhs\n")
    out = tmp_path / "out.csv"
    done = with_stdout_closed("batch", str(doses), "-o", str(out))
    assert done.returncode == ExitCode.OK, done.stderr
    assert out.read_text().splitlines()[1].startswith("4.5 mg qhs,LDN,")
