"""The README can't drift: its examples are run, its tables match the code."""

from __future__ import annotations

import csv
import json
import re
import typing
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from ldnclass import classify
from ldnclass.cli import app
from ldnclass.commands import EXIT_CODES
from ldnclass.environment import Environment
from ldnclass.errors import ExitCode
from ldnclass.render import table_columns

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _example_rows() -> list[list[str]]:
    block = README.split("<!-- examples:start -->")[1].split("<!-- examples:end -->")[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block.strip().splitlines()]
    return [row for row in rows[2:]]  # skip the header and its rule


@pytest.mark.parametrize("row", _example_rows(), ids=lambda row: row[0])
def test_readme_example_table(row: list[str]) -> None:
    text, dose_class, band, regimen, daily = row
    result = classify(text.strip("`")).to_dict()
    assert (result["class"], result["band"], result["regimen"] or "") == (dose_class, band, regimen)
    assert result["daily_dose_mg"] == json.loads(daily)


def test_readme_result_object_is_what_classify_prints() -> None:
    block = README.split("### The result object")[1].split("```json")[1].split("```")[0]
    documented = json.loads(block)
    printed = json.loads(CliRunner().invoke(app, ["classify", documented["input"], "--json"]).stdout)
    assert printed == documented


def _commands() -> dict[str, Any]:
    """The app's commands by name, as click sees them ("" is the app itself)."""
    group = typer.main.get_command(app)
    ctx = group.make_context("ldnclass", [], resilient_parsing=True)
    return {"": group, **{name: group.get_command(ctx, name) for name in group.list_commands(ctx)}}  # type: ignore[attr-defined]


def _options(name: str) -> dict[str, Any]:
    """A command's options by each of their names, -h/--help included."""
    group = typer.main.get_command(app)
    ctx = group.make_context("ldnclass", [], resilient_parsing=True)
    command = _commands()[name]
    if name:
        ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
    return {
        option: param
        for param in command.get_params(ctx)
        if param.param_type_name == "option"
        for option in (*param.opts, *param.secondary_opts)
    }


@pytest.mark.parametrize("name", [name for name in _commands() if name])
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"`ldnclass {name}`" in README


def _code() -> list[str]:
    """The README's code blocks and code spans."""
    return re.findall(r"```.*?\n(.*?)```", README, flags=re.DOTALL) + re.findall(r"`([^`\n]+)`", README)


@pytest.mark.parametrize("name", list(_commands()))
def test_every_option_is_in_the_readme(name: str) -> None:
    written = {option for code in _code() for option in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", code)}
    missing = set(_options(name)) - written
    assert not missing, f"ldnclass {name}: {sorted(missing)} not in the README"


def _invocations() -> list[tuple[str, str]]:
    """Each `ldnclass COMMAND ...` written in the README's code, with the command."""
    lines = [line for block in _code() for line in block.splitlines()]
    found = []
    for line in lines:
        for match in re.finditer(r"\bldnclass(?: (--?[\w-]+(?: (?:never|always|auto))?))* (\w+)\b([^|;#]*)", line):
            name = match.group(2)
            if name in _commands():
                found.append((name, match.group(0)))
    return found


@pytest.mark.parametrize(("name", "line"), _invocations())
def test_every_option_the_readme_gives_a_command_exists(name: str, line: str) -> None:
    given = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", line.split(f"ldnclass {name}", 1)[1]))
    before = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", line.split(f"ldnclass {name}", 1)[0]))
    assert given - set(_options(name)) == set(), line
    assert before - set(_options("")) == set(), line


@pytest.mark.parametrize("name", [name for name in _commands() if name])
def test_the_readme_lists_each_commands_formats(name: str) -> None:
    table = README.split("### Commands and options")[1].split("\n\n")[1]
    row = next(line for line in table.splitlines() if line.startswith(f"| `ldnclass {name}` |"))
    formats_cell = row.split("|")[3]
    choices = _options(name)["--format"].type_descriptor.annotation
    documented = set(re.findall(r"`(\w+)`", formats_cell))
    assert documented == {choice.value for choice in _members(choices)}


def _members(annotation: Any) -> list[Any]:
    """The members of a str Enum, or of the Enum inside ``Enum | None``."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return list(annotation)
    return [member for arg in typing.get_args(annotation) if arg is not type(None) for member in _members(arg)]


def test_the_readme_lists_the_line_mode_columns() -> None:
    block = README.split("<!-- tsv-columns:start -->")[1].split("<!-- tsv-columns:end -->")[0]
    assert re.findall(r"`(\w+)`", block) == table_columns()


def test_exit_code_table_matches_the_enum_and_the_mapping() -> None:
    table = README.split("### Exit codes")[1].split("\n\n")[1]
    documented = {int(m) for m in re.findall(r"^\| (\d+) \|", table, flags=re.MULTILINE)}
    assert documented == {int(code) for code in ExitCode}
    assert {int(code) for _, code in EXIT_CODES} | {ExitCode.OK} == documented


def test_the_readme_shows_the_one_error_style() -> None:
    command, *shown = README.split("### Exit codes")[1].split("```\n")[1].splitlines()
    env = Environment.for_test()
    result = CliRunner().invoke(app, command.removeprefix("$ ldnclass ").split(), obj=env)
    assert result.exit_code == ExitCode.USAGE
    assert env.stderr.getvalue().splitlines() == shown  # type: ignore[attr-defined]


def test_every_error_code_the_examples_produce_is_documented() -> None:
    codes = set()
    for table in ("doses.csv", "pharmacist.csv"):
        cases = csv.DictReader((Path(__file__).parent / "cases" / table).open(encoding="utf-8"))
        codes |= {case["error_code"] for case in cases if case["error_code"]}
    section = README.split("### Error codes")[1].split("###")[0]
    missing = {code for code in codes if f"`{code}`" not in section}
    assert not missing


def test_pharmacist_fractions_are_exact() -> None:
    assert classify("50 mg weekly").daily_dose_mg == Fraction(50, 7)
