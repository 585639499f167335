"""Issue 11: one set of command-line conventions on every command, a test (or a few) for each.

In-process tests pass an Environment (streams in memory, a fake terminal, a fixed width)
instead of patching sys; a few run the installed command in a real process.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ldnclass import __version__
from ldnclass.cli import app
from ldnclass.commands import EXIT_CODES, HungUp, Terminated, exit_code_for
from ldnclass.environment import ColorChoice, Environment
from ldnclass.errors import ExitCode, InputFileError, LdnclassError, RegimensFileError, UsageError
from ldnclass.regimens import default_regimens_path
from ldnclass.render import ClassifyFormat, table_columns

runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80", "LDNCLASS_REGIMENS": None})
COMMANDS = ("classify", "regimens", "batch", "fhir")


def invoke(args: list[str], env: Environment | None = None, stdin: str | None = None) -> tuple[int, str, str]:
    """Exit code, stdout, stderr, through an Environment (a plain pipe by default)."""
    env = env or Environment.for_test(stdin or "")
    result = runner.invoke(app, args, obj=env)
    return result.exit_code, env.stdout.getvalue(), env.stderr.getvalue()  # type: ignore[attr-defined]


def terminal(stdin: str = "") -> Environment:
    return Environment.for_test(stdin, stdin_isatty=not stdin, stdout_isatty=True, stderr_isatty=True)


def _options(command: str) -> set[str]:
    """Every option name a command (or, for "", the app) takes, -h and --help included."""
    group = typer.main.get_command(app)
    ctx = group.make_context("ldnclass", [], resilient_parsing=True)
    found = group
    if command:
        found = group.get_command(ctx, command)  # type: ignore[attr-defined]
        ctx = found.make_context(command, [], parent=ctx, resilient_parsing=True)
    return {name for param in found.get_params(ctx) for name in (*param.opts, *param.secondary_opts)}


# 1. --format / -f on every command; --json is --format json; JSON pretty on a terminal only


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_format_and_the_common_options(command: str) -> None:
    assert {"--format", "-f", "-h", "--help", "-V", "--version", "--color", "-q", "--quiet", "--debug"} <= _options(
        command
    )


def test_the_app_takes_the_common_options_before_the_command_too() -> None:
    assert {"-h", "--help", "-V", "--version", "--color", "-q", "--quiet", "--debug"} <= _options("")
    code, out, _ = invoke(["--color", "never", "-q", "classify", "4.5 mg", "--format", "json"])
    assert code == ExitCode.OK and json.loads(out)["class"] == "LDN"


def test_json_is_indented_on_a_terminal_and_one_line_on_a_pipe() -> None:
    code, piped, _ = invoke(["classify", "4.5 mg", "--format", "json"])
    assert code == ExitCode.OK and piped.count("\n") == 1
    code, shown, _ = invoke(["classify", "4.5 mg", "-f", "json"], terminal())
    assert code == ExitCode.OK and shown.startswith('{\n  "input": "4.5 mg"') and json.loads(shown) == json.loads(piped)
    assert invoke(["classify", "4.5 mg", "--json"])[1] == piped  # the alias
    assert invoke(["regimens", "--json"])[1].count("\n") == 1
    assert invoke(["regimens", "--json"], terminal())[1].count("\n") > 100


def test_jsonl_is_one_line_even_on_a_terminal() -> None:
    code, out, _ = invoke(["classify", "4.5 mg", "-f", "jsonl"], terminal())
    assert code == ExitCode.OK and out.count("\n") == 1


def test_json_and_another_format_together_are_a_usage_error() -> None:
    code, out, err = invoke(["classify", "4.5 mg", "--json", "--format", "tsv"])
    assert code == ExitCode.USAGE and out == ""
    assert err.startswith("ldnclass: error [usage]: ") and "--json" in err


@pytest.mark.parametrize("chosen", ["tsv", "csv"])
def test_tsv_and_csv_have_the_documented_header(chosen: str) -> None:
    code, out, _ = invoke(["classify", "4.5 mg qhs", "-f", chosen])
    separator = "\t" if chosen == "tsv" else ","
    header, row = (line.split(separator) for line in out.splitlines())
    assert code == ExitCode.OK and header == table_columns()
    named = dict(zip(header, row, strict=True))
    assert (named["input"], named["class"], named["daily_dose_mg"], named["label_status"]) == (
        "4.5 mg qhs",
        "LDN",
        "4.5",
        "off-label",
    )


def test_csv_escapes_a_formula_in_the_input() -> None:
    code, out, _ = invoke(["classify", "-", "-f", "csv"], stdin="=1+2 mg\n")
    assert code == ExitCode.UNCLASSIFIED
    assert out.splitlines()[1].startswith('"\'=1+2 mg"')


def test_fhir_format_prints_the_dosages() -> None:
    code, out, _ = invoke(["classify", "50 mg daily", "-f", "fhir"])
    dosages = json.loads(out)
    assert code == ExitCode.OK and dosages[0]["doseAndRate"][0]["doseQuantity"]["value"] == 50


# 2. --version, --color (NO_COLOR, FORCE_COLOR), --quiet


@pytest.mark.parametrize("args", [["-V"], ["--version"], *([command, "-V"] for command in COMMANDS)])
def test_version_everywhere(args: list[str]) -> None:
    assert invoke(args)[:2] == (ExitCode.OK, f"ldnclass {__version__}\n")


@pytest.mark.parametrize(
    ("option", "environ", "coloured"),
    [
        ([], {}, True),  # a terminal
        ([], {"NO_COLOR": "1"}, False),
        ([], {"TERM": "dumb"}, False),
        (["--color", "never"], {}, False),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
    ],
)
def test_colour_on_a_terminal_follows_color_and_no_color(
    option: list[str], environ: dict[str, str], coloured: bool
) -> None:
    env = Environment.for_test(stdout_isatty=True, environ={"TERM": "xterm-256color", **environ})
    code, out, _ = invoke(["classify", "4.5 mg qhs", *option], env)
    assert code == ExitCode.OK and "LDN" in out
    assert ("\x1b[" in out) is coloured


@pytest.mark.parametrize(
    ("option", "environ", "coloured"),
    [([], {}, False), ([], {"FORCE_COLOR": "1"}, True), (["--color", "always"], {}, True)],
)
def test_colour_on_a_pipe_only_when_forced(option: list[str], environ: dict[str, str], coloured: bool) -> None:
    code, out, _ = invoke(["classify", "4.5 mg qhs", *option], Environment.for_test(environ=environ))
    assert code == ExitCode.OK and ("\x1b[" in out) is coloured


def test_colour_precedence_in_the_environment() -> None:
    env = Environment.for_test(stdout_isatty=True, environ={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not env.colour()  # NO_COLOR wins over FORCE_COLOR
    env.color = ColorChoice.ALWAYS
    assert env.colour()


def test_quiet_silences_remarks_not_errors(tmp_path: Path, shipped_yaml: str) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(shipped_yaml, encoding="utf-8")
    assert "not the shipped file" in invoke(["regimens", "--regimens", str(site)])[2]
    assert invoke(["regimens", "--regimens", str(site), "-q"])[2] == ""
    assert invoke(["-q", "regimens", "--regimens", str(site)])[2] == ""
    code, _, err = invoke(["classify", "4.5 mg", "-q", "--regimens", str(tmp_path / "none.yaml")])
    assert code == ExitCode.INPUT and "error [regimens-file]" in err


# 3. input: joined words, -, --file / -i, blank and # lines skipped


def test_unquoted_words_are_joined() -> None:
    code, out, _ = invoke(["classify", "4.5", "mg", "qhs", "-f", "json"])
    assert code == ExitCode.OK and json.loads(out)["input"] == "4.5 mg qhs"


def test_dash_reads_stdin_even_on_a_terminal_stdout() -> None:
    env = Environment.for_test("4.5 mg\n50 mg\n", stdout_isatty=True)
    code, out, _ = invoke(["classify", "-", "-f", "jsonl"], env)
    assert code == ExitCode.OK and [json.loads(line)["class"] for line in out.splitlines()] == ["LDN", "HDN"]


@pytest.mark.parametrize("option", ["--file", "-i"])
def test_file_is_read_line_by_line_skipping_blank_and_comment_lines(tmp_path: Path, option: str) -> None:
    doses = tmp_path / "doses.txt"
    doses.write_text("# ward 3\n4.5 mg qhs\n\n   \n  # a note\n100 mg qod\n", encoding="utf-8")
    code, out, _ = invoke(["classify", option, str(doses), "-f", "jsonl"])
    assert code == ExitCode.OK
    assert [json.loads(line)["input"] for line in out.splitlines()] == ["4.5 mg qhs", "100 mg qod"]


def test_a_missing_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    code, out, err = invoke(["classify", "--file", str(tmp_path / "none.txt")])
    assert code == ExitCode.INPUT and out == ""
    assert f"ldnclass: error [input-file]: cannot read {tmp_path / 'none.txt'}" in err


def test_a_dose_and_a_file_together_are_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke(["classify", "4.5 mg", "--file", str(tmp_path / "x.txt")])
    assert code == ExitCode.USAGE and "error [usage]" in err and "'ldnclass classify --help'" in err


# 4. line mode: a TSV with a header on a pipe, panels on a terminal, the prompt only for a person


def test_lines_on_a_pipe_are_a_tsv_with_a_header_never_an_error_in_the_band_column() -> None:
    code, out, _ = invoke(["classify"], stdin="4.5\n4.5 mg\n")
    header, bad, good = (line.split("\t") for line in out.splitlines())
    assert code == ExitCode.UNCLASSIFIED and header == table_columns()
    assert bad[header.index("band")] == "" and bad[header.index("error_code")] == "no-unit"
    assert good[header.index("class")] == "LDN"


def test_lines_on_a_terminal_stdout_are_panels() -> None:
    code, out, err = invoke(["classify"], Environment.for_test("4.5 mg\n4.5\n", stdout_isatty=True))
    assert code == ExitCode.UNCLASSIFIED
    assert "LDN" in out and "Decision support" in out and "no-unit" in err


# 5. --route takes the words of a sig and of batch's route column


@pytest.mark.parametrize(
    ("word", "route"), [("po", "oral"), ("PO", "oral"), ("by mouth", "oral"), ("IM", "injectable")]
)
def test_route_words(word: str, route: str) -> None:
    text = "4.5 mg qhs" if route == "oral" else "naltrexone 380 mg every 4 weeks"
    code, out, _ = invoke(["classify", text, "--route", word, "-f", "json"])
    assert code == ExitCode.OK and json.loads(out)["route"] == route


def test_an_unknown_route_is_a_usage_error() -> None:
    code, _, err = invoke(["classify", "4.5 mg", "--route", "nasal"])
    assert code == ExitCode.USAGE and "'--route'" in err and "unknown route 'nasal'" in err


# 6. regimens -f yaml prints the data file


def test_regimens_yaml_is_the_shipped_file_and_loads_back(tmp_path: Path) -> None:
    code, out, _ = invoke(["regimens", "-f", "yaml"])
    assert code == ExitCode.OK and out == default_regimens_path().read_text(encoding="utf-8")
    site = tmp_path / "site.yaml"
    site.write_text(out, encoding="utf-8")
    code, _, err = invoke(["classify", "4.5 mg", "--regimens", str(site), "-f", "json"])
    assert code == ExitCode.OK, err


# 8. help: plain, at most 80 columns, with examples


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help_is_plain_and_fits_80_columns(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])  # click prints help itself, to sys.stdout
    code, out = result.exit_code, result.stdout
    assert code == ExitCode.OK
    assert max(len(line) for line in out.splitlines()) <= 80
    assert not set("╭╮╰╯│─") & set(out) and "<bool>" not in out and "\x1b" not in out
    assert "Examples:" in out and f"ldnclass {command[0] if command else 'classify'}" in out


def test_classify_neither_imports_nor_builds_batch_or_fhir() -> None:
    """They are built when asked for (commands.LAZY_COMMANDS): a dose at the terminal does not wait on them."""
    code = (
        "import sys; from typer.testing import CliRunner; from ldnclass.cli import app; "
        "CliRunner().invoke(app, ['classify', '4.5 mg qhs', '--json']); "
        "print(sorted(m for m in ('ldnclass.batch_cli', 'ldnclass.fhir_cli') if m in sys.modules)); "
        "CliRunner().invoke(app, ['fhir', '--help']); "
        "print(sorted(m for m in ('ldnclass.batch_cli', 'ldnclass.fhir_cli') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "['ldnclass.fhir_cli']"]


@pytest.mark.parametrize(("typo", "meant"), [("bach", "batch"), ("fhri", "fhir"), ("clasify", "classify")])
def test_a_mistyped_command_is_suggested_built_or_not(typo: str, meant: str) -> None:
    code, out, err = invoke([typo])
    assert code == ExitCode.USAGE and out == "" and f"Did you mean '{meant}'?" in err


def test_h_is_help() -> None:
    assert runner.invoke(app, ["classify", "-h"]).stdout == runner.invoke(app, ["classify", "--help"]).stdout


# 9. one error style and one table of exit codes


def test_an_option_error_is_in_the_one_style_not_a_boxed_panel() -> None:
    code, out, err = invoke(["classify", "4.5 mg", "--nope"])
    assert code == ExitCode.USAGE and out == ""
    lines = err.splitlines()
    assert lines[0].startswith("ldnclass: error [usage]: No such option: --nope")
    assert lines[1] == "ldnclass: hint: see 'ldnclass classify --help'"
    assert "╭" not in err and "Traceback" not in err


def test_a_bad_choice_is_a_usage_error_in_the_one_style() -> None:
    code, _, err = invoke(["regimens", "--format", "xml"])
    assert code == ExitCode.USAGE and err.startswith("ldnclass: error [usage]: ") and "'--format'" in err


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (KeyboardInterrupt(), ExitCode.INTERRUPTED),
        (Terminated(), ExitCode.TERMINATED),
        (HungUp(), ExitCode.HUNG_UP),  # a Terminated of its own status
        (UsageError("x"), ExitCode.USAGE),
        (RegimensFileError("x"), ExitCode.INPUT),
        (InputFileError("x"), ExitCode.INPUT),
        (FileNotFoundError("x"), ExitCode.INPUT),
        (LdnclassError("x"), ExitCode.UNCLASSIFIED),
        (RuntimeError("x"), ExitCode.UNCLASSIFIED),
    ],
)
def test_exit_code_table(error: BaseException, code: ExitCode) -> None:
    assert exit_code_for(error) is code
    assert {code for _, code in EXIT_CODES} <= set(ExitCode)


@contextmanager
def _failing(error: BaseException) -> Iterator[None]:
    """classify raises ``error`` from inside the command, as a bug or a signal would."""
    from ldnclass import cli

    def answerer(*args: object) -> object:
        raise error

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "_answerer", answerer)
        yield


def test_an_unexpected_error_is_one_line_and_a_hint_without_traceback_unless_debug() -> None:
    with _failing(RuntimeError("boom")):
        code, out, err = invoke(["classify", "4.5 mg"])
        assert code == ExitCode.UNCLASSIFIED and out == ""
        assert err.splitlines() == [
            "ldnclass: error [internal-error]: unexpected RuntimeError: boom",
            "ldnclass: hint: this is a bug in ldnclass: run again with --debug for the traceback, and please report it",
        ]
        code, _, err = invoke(["classify", "4.5 mg", "--debug"])
        assert code == ExitCode.UNCLASSIFIED and "Traceback" in err and "RuntimeError: boom" in err


def test_ctrl_c_and_sigterm_map_to_130_and_143_quietly() -> None:
    from ldnclass.commands import Terminated

    for error, expected in ((KeyboardInterrupt(), ExitCode.INTERRUPTED), (Terminated(), ExitCode.TERMINATED)):
        with _failing(error):
            code, out, err = invoke(["classify", "4.5 mg"])
            assert (code, out, err) == (expected, "", "")


def test_a_broken_pipe_ends_quietly_with_0() -> None:
    with _failing(BrokenPipeError()):
        assert invoke(["classify", "4.5 mg"]) == (ExitCode.OK, "", "")


# 7. shell completion: typer's, and light (no pint, pydantic, YAML, rich or data at each TAB)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("ldnclass cl", {"classify"}),
        ("ldnclass classify -f ", {"panel", "json", "jsonl", "tsv", "csv", "fhir"}),
        ("ldnclass classify 4.5 mg --route i", {"injectable", "im", "intramuscular"}),
        ("ldnclass regimens --fo", {"--format"}),
        ("ldnclass ba", {"batch"}),  # batch and fhir are built only when asked for (LAZY_COMMANDS)
        ("ldnclass batch --fail-on ", {"error", "out-of-range", "never"}),
        ("ldnclass fhir --fo", {"--format"}),
    ],
)
def test_completion_answers_without_loading_the_core(words: str, expected: set[str], plain_env: dict[str, str]) -> None:
    index = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = plain_env | {"_LDNCLASS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(index)}
    code = "from ldnclass.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert set(done.stdout.split()) == expected
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert not {"pint", "pydantic", "yaml", "rich", "ldnclass.regimens", "ldnclass.grammar"} & imported


# Start-up makes ~100k objects that live as long as the process; collecting among them was ~25 ms
# of a cold classify. Collection is off until a command's per-row work begins, on from there with
# start-up's objects frozen out of it, and as it was once main returns.
_WATCH_COLLECTION = """
import gc, sys
import ldnclass.cli as cli
from ldnclass.result import Result
states = set()
made = Result.made.__func__
def watched(cls, **values):  # each text classified makes its result here (result.py is never compiled)
    states.add(("on" if gc.isenabled() else "off") + (" frozen" if gc.get_freeze_count() else ""))
    return made(cls, **values)
Result.made = classmethod(watched)
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print("restored" if gc.isenabled() and not gc.get_freeze_count() else "left changed", file=sys.stderr)
print(",".join(sorted(states)), file=sys.stderr)
"""


def test_collection_waits_for_the_per_row_work(tmp_path: Path, plain_env: dict[str, str]) -> None:
    rows = tmp_path / "doses.csv"
    rows.write_text("dose\n4.5 mg qhs\n3 mg qhs\n")
    lines = tmp_path / "lines.txt"
    lines.write_text("4.5 mg qhs\n3 mg qhs\n")
    for args, expected in [
        (["classify", "4.5 mg qhs", "--json"], "off"),  # one dose: the process ends with it
        (["classify", "--file", str(lines), "-f", "jsonl"], "on frozen"),
        (["batch", str(rows)], "on frozen"),
    ]:
        done = subprocess.run(
            [sys.executable, "-c", _WATCH_COLLECTION, *args], capture_output=True, text=True, env=plain_env, timeout=120
        )
        restored, states = done.stderr.strip().splitlines()[-2:]
        assert (restored, states) == ("restored", expected), (args, done.stderr[-2000:])


# The console script switches collection off before typer loads (cli.main's own switch comes after
# its module's imports): the script is entry.main, which imports nothing else first.
_TYPER_LOADS = """
import builtins, gc, sys
from importlib.metadata import entry_points
states = []
real_import = builtins.__import__
def watching(name, *args, **kwargs):
    if name == "typer" and not states:
        states.append("on" if gc.isenabled() else "off")
    return real_import(name, *args, **kwargs)
builtins.__import__ = watching
(script,) = [point for point in entry_points(group="console_scripts") if point.name == "ldnclass"]
sys.argv = ["ldnclass", *sys.argv[1:]]
try:
    script.load()()
except SystemExit:
    pass
print(script.value, *states, file=sys.stderr)
"""


def test_the_console_script_starts_with_collection_off(plain_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _TYPER_LOADS, "classify", "4.5 mg qhs", "--json"],
        capture_output=True,
        text=True,
        env=plain_env,
        timeout=120,
    )
    assert done.stderr.strip().splitlines()[-1] == "ldnclass.entry:main off", done.stderr[-2000:]
    assert json.loads(done.stdout)["class"] == "LDN"


# The console script's process ends with main: start-up's objects stay frozen for the collection
# at interpreter exit (~30 ms of a cold classify), and the output is whole all the same.
_AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("frozen" if gc.get_freeze_count() else "not frozen", file=sys.stderr))
sys.argv = ["ldnclass", *sys.argv[1:]]
from ldnclass.cli import main
main()
"""


def test_the_console_scripts_process_ends_frozen(tmp_path: Path, plain_env: dict[str, str]) -> None:
    rows = tmp_path / "doses.csv"
    rows.write_text("dose\n" + "4.5 mg qhs\n50 mg daily\n" * 500)
    out = tmp_path / "out.csv"
    stdout = {}
    for args in (["classify", "4.5 mg qhs", "--json"], ["batch", str(rows), "-o", str(out)]):
        done = subprocess.run(
            [sys.executable, "-c", _AT_EXIT, *args], capture_output=True, text=True, env=plain_env, timeout=120
        )
        assert done.stderr.strip().splitlines()[-1] == "frozen", (args, done.stderr[-2000:])
        stdout[args[0]] = done.stdout
    assert json.loads(stdout["classify"])["class"] == "LDN"
    assert len(out.read_text().splitlines()) == 1001


# The console script's process ends at once when a command that writes only to stdout and stderr
# is done (entry.end_at_once): exit handlers registered while it ran still run, the status and
# output are whole, and the interpreter's teardown (here: the flush of a file left open) is skipped.
# batch ends the usual way, and so does any run where a handler was registered before the script.
_ENDING = """
import atexit, builtins, sys, types
witness = sys.modules["witness"] = types.ModuleType("witness")  # cleared by the teardown, as any module
witness.left_open = open(sys.argv[2], "w")
witness.left_open.write("torn down")  # buffered: written out only by the interpreter's teardown
if sys.argv[1] == "earlier":
    atexit.register(print, "earlier handler ran", file=sys.stderr)  # as coverage or a profiler would
real_import = builtins.__import__
def importing(name, *args, **kwargs):
    if name == "typer" and "typer" not in sys.modules:  # a library that registers its handler on import
        atexit.register(print, "library handler ran", file=sys.stderr)
    return real_import(name, *args, **kwargs)
builtins.__import__ = importing
sys.argv = ["ldnclass", *sys.argv[3:]]
from ldnclass.entry import main
main()
"""


@pytest.mark.parametrize(
    ("args", "status", "ends_at_once"),
    [
        (["-", "classify", "4.5 mg qhs", "--json"], ExitCode.OK, True),
        (["-", "classify", "4.5 zz", "--json"], ExitCode.UNCLASSIFIED, True),
        (["-", "classify", "--no-such-option"], ExitCode.USAGE, True),
        (["-", "--version"], ExitCode.OK, True),
        (["earlier", "classify", "4.5 mg qhs", "--json"], ExitCode.OK, False),
        (["-", "batch", "-f", "jsonl"], ExitCode.OK, False),
    ],
)
def test_the_console_script_ends_at_once_after_the_handlers(
    args: list[str], status: int, ends_at_once: bool, tmp_path: Path, plain_env: dict[str, str]
) -> None:
    witness = tmp_path / "witness"
    done = subprocess.run(
        [sys.executable, "-c", _ENDING, args[0], str(witness), *args[1:]],
        input="dose\n4.5 mg qhs\n",
        capture_output=True,
        text=True,
        env=plain_env,
        timeout=120,
    )
    assert done.returncode == status, done.stderr[-2000:]
    assert "library handler ran" in done.stderr
    assert (witness.read_text() == "") == ends_at_once, done.stderr[-2000:]
    assert ("earlier handler ran" in done.stderr) == (args[0] == "earlier")
    if args[1] in ("classify", "batch") and status == ExitCode.OK:
        assert json.loads(done.stdout.splitlines()[-1])["class"] == "LDN"


def test_the_ending_at_once_keeps_output_written_to_a_file(tmp_path: Path, installed_command: str) -> None:
    out = tmp_path / "out.json"
    texts = [f"{n / 2} mg qhs" for n in range(2, 10)]
    with out.open("w") as stdout:  # a file: block-buffered, so the last write is still in the buffer
        done = subprocess.run(
            [installed_command, "classify", "-f", "jsonl"], input="\n".join(texts).encode(), stdout=stdout, timeout=120
        )
    assert done.returncode == ExitCode.OK
    assert [json.loads(line)["input"] for line in out.read_text().splitlines()] == texts


def test_show_completion_prints_a_script(installed_command: str, plain_env: dict[str, str]) -> None:
    done = subprocess.run(
        [installed_command, "--show-completion", "bash"], capture_output=True, text=True, env=plain_env, timeout=60
    )
    assert done.returncode == 0 and "_LDNCLASS_COMPLETE" in done.stdout


# 10. the environment is what commands read


def test_the_environment_from_sys_sees_the_runners_streams() -> None:
    result = runner.invoke(app, ["classify", "4.5 mg", "-f", "jsonl"])
    assert result.exit_code == ExitCode.OK and json.loads(result.stdout)["class"] == "LDN"


def test_width_comes_from_the_environment() -> None:
    narrow = Environment.for_test(width=60)
    code, out, _ = invoke(["classify", "4.5 mg qhs"], narrow)
    assert code == ExitCode.OK and max(len(line) for line in out.splitlines()) <= 60
    assert re.search(r"LDN", out)


# batch and fhir: the same environment, remarks and help


# batch's rows still come from sys.stdin and go to sys.stdout's descriptor (csvio.open_input, whole-line
# writes), so these read the runner's streams; its terminal flags and remarks come from the Environment.


def test_batch_remarks_go_quiet_with_q() -> None:
    csv_in = "id,Sig\n1,4.5 mg qhs\n"
    env = Environment.for_test()
    said = runner.invoke(app, ["batch", "-f", "jsonl"], input=csv_in, obj=env)
    assert said.exit_code == ExitCode.OK and "reading doses from 'Sig'" in env.stderr.getvalue()  # type: ignore[attr-defined]
    quiet_env = Environment.for_test()
    quiet = runner.invoke(app, ["batch", "-f", "jsonl", "-q"], input=csv_in, obj=quiet_env)
    assert quiet.exit_code == ExitCode.OK and quiet_env.stderr.getvalue() == ""  # type: ignore[attr-defined]
    assert quiet.stdout == said.stdout and json.loads(said.stdout)["class"] == "LDN"


def test_batch_help_lists_the_real_result_columns() -> None:
    from ldnclass.fields import fields_for

    flat = " ".join(runner.invoke(app, ["batch", "--help"]).stdout.split())
    listed = flat.split("(default ldn_): ")[1].split(". ")[0]
    assert re.findall(r"\b[a-z_]+(?:_[a-z]+)*\b", listed.replace(" with quantity and days' supply columns", "")) == [
        *(field.name for field in fields_for(has_supply=False)),
        "and",
        *(field.name for field in fields_for(has_supply=True) if field.needs_supply),
    ]


def test_no_help_line_breaks_a_word_at_a_hyphen() -> None:
    for command in ([], *([c] for c in COMMANDS)):
        out = runner.invoke(app, [*command, "--help"]).stdout
        assert not re.search(r"[A-Za-z]-\n", out), command


def test_batch_defaults_to_a_table_on_a_terminal_stdout() -> None:
    env = Environment.for_test(stdout_isatty=True)
    result = runner.invoke(app, ["batch"], input="id,Sig\n1,4.5 mg qhs\n", obj=env)
    assert result.exit_code == ExitCode.OK and "LDN" in result.stdout and "ldn_class" not in result.stdout


# Every dataclass says what it is in a docstring of its own: one without gets a docstring made at
# import from inspect.signature of its __init__ (Python 3.11), ~0.2 ms of every start for Result's.
def test_every_dataclass_has_a_docstring_of_its_own() -> None:
    import dataclasses
    import importlib
    import pkgutil

    import ldnclass

    found = []
    for module_info in pkgutil.walk_packages(ldnclass.__path__, "ldnclass."):
        if module_info.name == "ldnclass.__main__":  # runs the command line when imported
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
                found.append(value)
                compiled = not str(module.__file__).endswith(".py")  # mypyc keeps no class docstring
                assert (compiled or value.__doc__) and not (value.__doc__ or "").startswith(f"{value.__name__}("), value
    assert {cls.__name__ for cls in found} >= {"Result", "ResultError", "Environment", "Dose", "Reading", "Raw"}


def test_only_the_options_given_are_coerced_by_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    # typer builds a pydantic adapter for every parameter it coerces, given or not; ldnclass's
    # commands build one only for a value given (commands._CoercedWhenGiven).
    import typer._coercion

    built: list[object] = []
    real = typer._coercion.build_runtime_param

    def counting(descriptor: typer._coercion.TypeDescriptor) -> typer._coercion.RuntimeParam:
        built.append(descriptor.annotation)
        return real(descriptor)

    monkeypatch.setattr(typer._coercion, "build_runtime_param", counting)
    monkeypatch.setattr("typer.core.build_runtime_param", counting)
    code, out, _ = invoke(["classify", "4.5 mg qhs", "--format", "json", "--route", "oral"])
    assert code == ExitCode.OK and json.loads(out)["class"] == "LDN"
    assert sorted(map(str, built)) == sorted(map(str, [list[str], ClassifyFormat, str]))  # TEXT, --format, --route


# The immediate end stands aside where more follows the program: a profiler or tracer around it,
# or Python's own interactive prompt after it. The exit status is then what the ordinary ending
# gives (here: the same run with an exit handler registered first, which never arms it).
_AS_A_MODULE = """
import atexit, runpy, sys
if sys.argv[1] == "ordinary":
    atexit.register(lambda: None)
sys.argv = sys.argv[2:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize(
    ("module_args", "environ"),
    [
        (["cProfile", "-o", "{tmp}/profile", "-m", "ldnclass", "classify", "zzz", "-f", "json"], {}),
        (["trace", "--count", "-C", "{tmp}", "--module", "ldnclass", "classify", "zzz", "-f", "json"], {}),
        (["ldnclass", "classify", "4.5 mg qhs", "-f", "tsv"], {"PYTHONINSPECT": "1"}),
        (["ldnclass", "classify", "--no-such-option"], {"PYTHONINSPECT": "1"}),
    ],
)
def test_the_immediate_end_stands_aside_where_more_follows(
    module_args: list[str], environ: dict[str, str], tmp_path: Path, plain_env: dict[str, str]
) -> None:
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in module_args]
    statuses = [
        subprocess.run(
            [sys.executable, "-c", _AS_A_MODULE, ending, *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env={**plain_env, **environ},
            timeout=120,
        ).returncode
        for ending in ("ordinary", "-")
    ]
    assert statuses[0] == statuses[1], statuses
