"""The command line, in-process through typer's CliRunner: exit code, stdout and stderr apart."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldnclass import __version__
from ldnclass.cli import app
from ldnclass.errors import ExitCode
from ldnclass.regimens import Regimens

runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100", "LDNCLASS_REGIMENS": None})


def test_panel_shows_reading_class_label_status_and_reminder() -> None:
    result = runner.invoke(app, ["classify", "2.25 mg bid"])
    assert result.exit_code == ExitCode.OK
    out = result.stdout
    assert "2.25 mg × 2/day = 4.5 mg/day" in out
    assert "LDN · off-label, compounded" in out and "ldn: Low-dose naltrexone" in out
    assert "--details" in out and "Decision support" in out
    for heading in ("Mechanism", "Adverse effects", "About", "Sources"):
        assert heading not in out  # one screen: the clinical content is one option away
    assert result.stderr == ""
    assert "\x1b[" not in out  # no colour when not a terminal


def test_details_show_mechanism_fda_status_effects_and_whole_urls() -> None:
    result = runner.invoke(app, ["classify", "2.25 mg bid", "--details"])
    assert result.exit_code == ExitCode.OK
    for heading in ("Mechanism", "FDA status", "Adverse effects", "About", "Sources", "Decision support"):
        assert heading in result.stdout
    url = "https://pmc.ncbi.nlm.nih.gov/articles/PMC6313374/"
    assert any(line.strip() == url for line in result.stdout.splitlines())  # whole, on a line of its own


def test_dermatology_context_adds_its_notes_only_when_asked() -> None:
    plain = runner.invoke(app, ["classify", "4.5 mg qhs", "--details"]).stdout
    derm = runner.invoke(app, ["classify", "4.5 mg qhs", "--details", "--context", "dermatology"]).stdout
    assert "Atopic dermatitis" not in plain
    assert "Atopic dermatitis" in derm and "Dermatology" in derm


def test_panel_shows_assumptions_and_warnings() -> None:
    out = runner.invoke(app, ["classify", "4.50 mg"]).stdout
    assert "no frequency given: taken as once daily" in out
    assert "trailing zero" in out


def test_json_is_one_object_and_nothing_else() -> None:
    result = runner.invoke(app, ["classify", "4.5 mg qhs", "--json"])
    assert result.exit_code == ExitCode.OK
    payload = json.loads(result.stdout)
    assert (payload["class"], payload["band"], payload["daily_dose_mg"]) == ("LDN", "ldn", 4.5)
    assert result.stdout.count("\n") == 1


def test_unclassifiable_dose_still_prints_its_object_and_exits_1() -> None:
    result = runner.invoke(app, ["classify", "4.5", "--json"])
    assert result.exit_code == ExitCode.UNCLASSIFIED
    assert json.loads(result.stdout)["error"]["code"] == "no-unit"


def test_unclassifiable_dose_without_json_goes_to_stderr() -> None:
    result = runner.invoke(app, ["classify", "naloxone 4 mg"])
    assert result.exit_code == ExitCode.UNCLASSIFIED
    assert result.stdout == ""
    assert "other-drug" in result.stderr and "naloxone" in result.stderr


def test_explicit_empty_argument_is_an_empty_dose_not_the_prompt() -> None:
    result = runner.invoke(app, ["classify", "", "--json"])
    assert result.exit_code == ExitCode.UNCLASSIFIED
    assert json.loads(result.stdout)["error"]["code"] == "empty"


def test_piped_lines_give_one_result_per_line_in_order() -> None:
    stdin = "4.5 mg\n\n  \n# a comment\n100 mg qod\nbanana\n"
    result = runner.invoke(app, ["classify", "--json"], input=stdin)
    assert result.exit_code == ExitCode.UNCLASSIFIED
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["input"] for r in rows] == ["4.5 mg", "100 mg qod", "banana"]  # blank and # lines skipped
    assert [r["class"] for r in rows] == ["LDN", "HDN", None]
    assert rows[1]["regimen"] == "hdn-labeled-alternative"


def test_piped_lines_without_a_format_are_a_tsv_with_a_header() -> None:
    from ldnclass.render import table_columns

    result = runner.invoke(app, ["classify"], input="4.5 mg\r\n50 mg\n4.5\n")
    assert result.exit_code == ExitCode.UNCLASSIFIED
    header, *rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert header == table_columns()
    assert header[:4] == ["input", "class", "band", "regimen"] and "error_code" in header
    named = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(r["input"], r["class"], r["band"], r["daily_dose_mg"]) for r in named] == [
        ("4.5 mg", "LDN", "ldn", "4.5"),
        ("50 mg", "HDN", "hdn", "50"),
        ("4.5", "", "", ""),
    ]
    assert named[2]["error_code"] == "no-unit" and named[0]["label_status"] == "off-label"


def test_undecodable_bytes_are_an_error_for_that_line_only() -> None:
    result = runner.invoke(app, ["classify", "--json"], input=b"4.5 mg\n\xff\xfe mg\n")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["ok"] and rows[1]["error"]["code"] == "bad-character"


def test_regimens_table_and_json() -> None:
    table = runner.invoke(app, ["regimens"])
    assert table.exit_code == ExitCode.OK
    for band in ("below-ldn", "ldn", "between", "hdn", "above-hdn"):
        assert band in table.stdout
    data = json.loads(runner.invoke(app, ["regimens", "--json"]).stdout)
    assert [b["id"] for b in data["bands"]][:5] == ["below-ldn", "ldn", "between", "hdn", "above-hdn"]
    assert data["bands"][1]["class"] == "LDN"


def test_missing_regimens_file_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["classify", "4.5 mg", "--regimens", str(tmp_path / "none.yaml")])
    assert result.exit_code == ExitCode.INPUT
    assert "none.yaml: No such file or directory" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_fifo_as_regimens_file_is_named_as_such_and_errors_are_escaped(tmp_path: Path) -> None:
    fifo = tmp_path / "site.yaml"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["classify", "4.5 mg", "--regimens", str(fifo)])
    assert result.exit_code == ExitCode.INPUT
    assert "not a regular file" in result.stderr
    hostile = runner.invoke(app, ["classify", "4.5 mg", "--regimens", str(tmp_path / "\x1b[2J.yaml")])
    assert "\x1b" not in hostile.stderr and "\\x1b[2J" in hostile.stderr


def test_broken_regimens_file_exits_3_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("reviewed: 2026-01-01\nbands: []\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", "4.5 mg", "--regimens", str(broken)])
    assert result.exit_code == ExitCode.INPUT
    assert str(broken) in result.stderr


def test_site_regimens_file_is_named_in_the_output(tmp_path: Path, shipped_yaml: str) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(shipped_yaml, encoding="utf-8")
    result = runner.invoke(app, ["classify", "4.5 mg", "--regimens", str(site)])
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "(not the shipped file)" in flat and "site.yaml" in flat
    assert json.loads(runner.invoke(app, ["classify", "4.5 mg", "--json", "--regimens", str(site)]).stdout)[
        "regimens_file"
    ] == str(site.resolve())


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"ldnclass {__version__}"


@pytest.mark.parametrize("command", ["classify", "regimens", "batch"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"ldnclass {command}" in result.stdout


def test_unknown_option_is_a_usage_error() -> None:
    assert runner.invoke(app, ["classify", "4.5 mg", "--nope"]).exit_code == ExitCode.USAGE


def test_compact_panel_leaves_out_clinical_notes_but_keeps_the_reading(regimens: Regimens) -> None:
    import io

    from rich.console import Console

    from ldnclass import classify
    from ldnclass.render import result_panel

    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(result_panel(classify("2.25 mg bid", regimens), regimens, details=False))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "2.25 mg × 2/day = 4.5 mg/day" in out and "LDN" in out
    assert "Mechanism" not in out and "Sources" not in out


def _site_with_label(tmp_path: Path, shipped_yaml: str, label: str) -> Path:
    site = tmp_path / "site.yaml"
    # the band's label shows in the panel, its FDA summary in the table
    text = shipped_yaml.replace('label: "Low-dose naltrexone (LDN)"', f'label: "{label}"', 1)
    text = text.replace('summary: "', f'summary: "{label} ', 1)
    assert text.count(label) == 2
    site.write_text(text, encoding="utf-8")
    return site


@pytest.mark.parametrize("label", ["[/bold]", "[red]x", "LDN [bold"])
def test_markup_in_a_site_label_is_printed_literally(tmp_path: Path, shipped_yaml: str, label: str) -> None:
    site = _site_with_label(tmp_path, shipped_yaml, label)
    table = runner.invoke(app, ["regimens", "--regimens", str(site)])
    assert table.exit_code == ExitCode.OK, table.stderr
    assert "Traceback" not in table.stdout + table.stderr
    assert label in table.stdout
    panel = runner.invoke(app, ["classify", "4.5 mg qhs", "--regimens", str(site)])
    assert panel.exit_code == ExitCode.OK, panel.stderr
    assert f"ldn: {label}" in panel.stdout


def test_an_escape_sequence_in_the_argument_never_reaches_the_terminal() -> None:
    result = runner.invoke(app, ["classify", "\x1b[2J4.5 mg"])
    assert "\x1b" not in result.stdout + result.stderr
    assert "\\x1b[2J4.5 mg" in result.stdout + result.stderr


def test_an_escape_sequence_in_the_prompt_is_shown_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    from ldnclass import cli
    from ldnclass.environment import Environment

    env = Environment.for_test(
        stdin_isatty=True, stdout_isatty=True, environ={"LDNCLASS_NO_HISTORY": "1", "NO_COLOR": "1"}
    )
    lines = iter(["\x1b]0;owned\x07 4.5 mg", "4.5 mg\u202e qhs"])

    def typed(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", typed)  # the prompt reads with input(), for readline's editing
    result = runner.invoke(app, ["classify"], obj=env)
    assert result.exit_code == ExitCode.OK
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "\\x1b]0;owned\\x07 4.5 mg" in out and "4.5 mg\\u202e qhs" in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert cli.HISTORY_OPT_OUT == "LDNCLASS_NO_HISTORY"


def test_line_mode_escapes_controls_and_keeps_one_line_of_its_columns() -> None:
    from ldnclass.render import table_columns

    stdin = "\x1b[2J4.5 mg\n4.5 mg\tqhs\n\x9b31m50 mg\n4.5 mg\u2028qhs\n"
    result = runner.invoke(app, ["classify"], input=stdin)
    rows = result.stdout.split("\n")
    assert rows[-1] == "" and len(rows) == 6  # the header, four rows, the last newline
    for row in rows[:-1]:
        assert len(row.split("\t")) == len(table_columns()), row
    assert rows[1].startswith("\\x1b[2J4.5 mg\t") and rows[2].startswith("4.5 mg\\tqhs\t")
    assert rows[3].startswith("\\x9b31m50 mg\t") and rows[4].startswith("4.5 mg\\u2028qhs\t")
    for char in "\x1b\x9b\u2028\r":
        assert char not in result.stdout


@pytest.mark.parametrize("weight", ["1e-5000", "1e999999999", "0.001", "0", "-70", "nan", "inf", "70 lb"])
def test_an_implausible_weight_is_a_quick_usage_error(
    weight: str, installed_command: str, plain_env: dict[str, str]
) -> None:
    import subprocess

    # A real process with a timeout: a weight such as 1e999999999 must not be expanded.
    done = subprocess.run(
        [installed_command, "classify", "0.1 mg/kg qhs", f"--weight={weight}"],
        capture_output=True,
        text=True,
        env=plain_env,
        timeout=10,
        check=False,
    )
    assert done.returncode == ExitCode.USAGE, done.stdout + done.stderr
    assert done.stdout == ""
    assert "--weight" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("weight", ["30kg", "30 kg", "30", "70.5"])
def test_a_plausible_weight_is_accepted(weight: str) -> None:
    result = runner.invoke(app, ["classify", "0.1 mg/kg qhs", "--weight", weight, "--json"])
    assert result.exit_code == ExitCode.OK, result.stdout + result.stderr
    assert json.loads(result.stdout)["ok"]


@pytest.mark.parametrize("weight", ["\x1b[31m70", "[/bold]", "70\u202e"])
def test_a_weight_with_controls_or_markup_is_echoed_safely(weight: str) -> None:
    result = runner.invoke(app, ["classify", "0.1 mg/kg qhs", "--weight", weight])
    assert result.exit_code == ExitCode.USAGE
    assert "Traceback" not in result.stderr and "--weight" in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
