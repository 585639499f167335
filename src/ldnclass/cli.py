"""The command line: a thin typer layer over the library.

Only typer and the standard library are imported at start-up; pint, pydantic,
PyYAML and rich load inside the commands that need them, so ``--help`` and
``--version`` stay fast. Exceptions become exit codes in one place: ``commands.exits``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from ldnclass._version import __version__
from ldnclass.batch_cli import batch
from ldnclass.commands import DebugOption, RegimensOption, console, exits, load, silence_broken_pipe
from ldnclass.errors import ExitCode

if TYPE_CHECKING:
    from ldnclass.regimens import Regimens
    from ldnclass.result import Result

MAX_LINE_CHARS = 100_000  # a longer stdin line is answered "too-long" without being held whole

app = typer.Typer(
    name="ldnclass",
    help="Classify a prescribed naltrexone dose as low-dose (LDN), high-dose (HDN) or out-of-range.\n\n"
    'Example: ldnclass classify "4.5 mg qhs"',
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result object as JSON (JSON lines for many).")]


class RouteChoice(str, Enum):
    oral = "oral"
    injectable = "injectable"
    topical = "topical"


RouteOption = Annotated[
    RouteChoice | None,
    typer.Option("--route", help="The route, when the text does not say it; it must agree with the text."),
]
DetailsOption = Annotated[
    bool,
    typer.Option("--details", help="Also show mechanism, FDA status, adverse effects, notes and sources."),
]


class ContextChoice(str, Enum):
    dermatology = "dermatology"


ContextOption = Annotated[
    ContextChoice | None,
    typer.Option("--context", help="Add the notes for a clinical context (dermatology).", show_default=False),
]
WeightOption = Annotated[
    str | None,
    typer.Option("--weight", help="Body weight for a per-kg dose, e.g. 30kg.", show_default=False),
]


def weight_kg(value: str | None) -> Fraction | None:
    """ "30kg", "30 kg" or "30" → 30; anything else is a usage error."""
    if value is None:
        return None
    from ldnclass.dose import body_weight_kg
    from ldnclass.errors import DoseError
    from ldnclass.render import printable

    try:
        return body_weight_kg(value)
    except DoseError as error:  # its message gives an example and the plausible range
        raise typer.BadParameter(printable(error.message), param_hint="--weight") from None


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"ldnclass {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Classify a prescribed naltrexone dose as low-dose (LDN), high-dose (HDN) or out-of-range.

    Example: ldnclass classify "4.5 mg qhs"
    """


@app.command()
def classify(
    text: Annotated[
        str | None,
        typer.Argument(
            help="The dose as written. Leave out to read one dose per line from stdin (a prompt on a terminal)."
        ),
    ] = None,
    as_json: JsonOption = False,
    route: RouteOption = None,
    weight: WeightOption = None,
    details: DetailsOption = False,
    context: ContextOption = None,
    regimens_path: RegimensOption = None,
    debug: DebugOption = False,
) -> None:
    """Read one dose, normalize it to mg/day and classify it.

    Examples:

        ldnclass classify "4.5 mg qhs"

        ldnclass classify "2.25 mg bid" --json

        ldnclass classify "4.5 mg qhs" --details --context dermatology

        ldnclass classify "dissolve one 50 mg tablet in 50 mL water, take 4.5 mL daily"

        ldnclass classify "0.1 mg/kg qhs" --weight 30kg

        printf '4.5 mg\\n100 mg qod\\n' | ldnclass classify --json
    """
    kilograms = weight_kg(weight)
    view = View(details, context.value if context else None)
    with exits(debug):
        regimens = load(regimens_path)
        answer = _answerer(regimens, route.value if route else None, kilograms)
        if text is not None:
            result = answer(text)
            _emit_one(result, regimens, as_json, view)
            raise typer.Exit(ExitCode.OK if result.ok else ExitCode.UNCLASSIFIED)
        if sys.stdin.isatty() and not as_json:
            _prompt(answer, regimens, view)
            raise typer.Exit(ExitCode.OK)
        raise typer.Exit(_classify_lines(sys.stdin.buffer, answer, as_json))


def _answerer(regimens: Regimens, route: str | None, kilograms: Fraction | None) -> Callable[[str], Result]:
    """The core's classify with this command's data and options bound."""
    from ldnclass.classifier import classify as classify_text

    return lambda text: classify_text(text, regimens, route=route, weight_kg=kilograms)


@dataclass(frozen=True)
class View:
    """How a person wants the panel: with the details, in a clinical context."""

    details: bool = False
    context: str | None = None


def _emit_one(result: Result, regimens: Regimens, as_json: bool, view: View = View()) -> None:
    """The answer on stdout; a dose that could not be read is an error, on stderr (bar --json)."""
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    from ldnclass.render import show_result

    show_result(console(stderr=not result.ok), result, regimens, view.details, view.context)


PROMPT_HELP = """Type a dose as written, one per line, for example:
  4.5 mg qhs     2.25 mg bid     100 mg qod     Contrave 2 tabs bid
  start 0.5 mg nightly, increase by 0.5 mg weekly to 4.5 mg
  0.1 mg/kg qhs wt 30 kg       naltrexone 1% cream apply bid
Commands: details (the last dose's mechanism, FDA status, effects, sources),
help, quit or exit (or Ctrl-D). Ctrl-C clears the line you are typing."""
HISTORY_OPT_OUT = "LDNCLASS_NO_HISTORY"


def _prompt(answer: Callable[[str], Result], regimens: Regimens, view: View = View()) -> None:
    """A clinician's loop: one dose per line, a one-screen panel each, until Ctrl-D or quit.
    Ctrl-C clears the current line, as Python's REPL, sqlite3 and psql do."""
    from ldnclass.render import show_result

    history = _start_history()
    screen = console()
    screen.print("Type a naltrexone dose and press Enter (help: what to type; Ctrl-D or quit: end).", style="dim")
    last: Result | None = None
    try:
        while True:
            try:
                line = input("dose> ")
            except EOFError:
                screen.print()
                return
            except KeyboardInterrupt:
                screen.print()  # ^C: drop this line, ask again
                continue
            command = line.strip().lower()
            if not command:
                continue
            if command in ("quit", "exit"):
                return
            if command in ("help", "?"):
                screen.print(PROMPT_HELP, highlight=False, markup=False)
            elif command == "details":
                if last is None:
                    screen.print("No dose yet: type one first.", style="dim")
                else:
                    show_result(screen, last, regimens, details=True, context=view.context)
            else:
                last = answer(line)
                show_result(screen, last, regimens, view.details, view.context, details_hint="type details")
    finally:
        _save_history(history)


def history_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the prompt keeps its history: ``$XDG_DATA_HOME/ldnclass/history``, else
    ``~/.local/share/ldnclass/history`` (the platformdirs location on Linux); None when
    ``LDNCLASS_NO_HISTORY`` is set or there is no home."""
    env = os.environ if environ is None else environ
    if env.get(HISTORY_OPT_OUT):
        return None
    data_home = env.get("XDG_DATA_HOME", "")
    if not os.path.isabs(data_home):  # the XDG spec: a relative path is ignored
        home = env.get("HOME") or os.path.expanduser("~")
        if not home or home == "~":
            return None
        data_home = os.path.join(home, ".local", "share")
    return Path(data_home) / "ldnclass" / "history"


def _start_history() -> Path | None:
    """Load the history into readline; None (no history) if readline or a writable folder is missing."""
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline: plain input() still works
        return None
    path = history_path()
    if path is None:
        return None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not os.access(path.parent, os.W_OK):
            return None
        if path.exists():
            readline.read_history_file(path)
    except OSError:  # a read-only home, a file where the folder should be: no history
        return None
    readline.set_history_length(1000)
    return path


def _save_history(path: Path | None) -> None:
    if path is None:
        return
    import readline

    try:
        readline.write_history_file(path)
        path.chmod(0o600)  # doses are health data: for this user only
    except OSError:
        pass


def _classify_lines(stream: IO[bytes], answer: Callable[[str], Result], as_json: bool) -> ExitCode:
    """One result per input line, in order; exit 1 if any line could not be classified."""
    from ldnclass.result import Result, ResultError

    failed = False
    for line in iter_lines(stream):
        if isinstance(line, int):
            result = Result(
                "", ok=False, error=ResultError("too-long", f"the line is over {line} characters and was not read")
            )
        else:
            result = answer(line)
        failed |= not result.ok
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False) if as_json else _plain_line(result))
    return ExitCode.UNCLASSIFIED if failed else ExitCode.OK


def iter_lines(stream: IO[bytes], max_chars: int = MAX_LINE_CHARS) -> Iterator[str | int]:
    """Decoded lines without their newline; an over-long line yields ``max_chars`` instead.

    Undecodable bytes become U+FFFD, which the grammar then reports for that line.
    """
    while True:
        raw = stream.readline(max_chars + 1)
        if not raw:
            return
        if len(raw) > max_chars and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of this line
                raw = stream.readline(max_chars)
            yield max_chars
            continue
        yield raw.decode("utf-8", errors="replace").removeprefix("\ufeff").rstrip("\r\n")


def _plain_line(result: Result) -> str:
    """Tab-separated, one line: the user's text and the message are shown through
    ``printable``, so a tab, newline or escape sequence in them can neither split the
    columns nor reach the terminal."""
    from ldnclass.render import printable

    if result.ok:
        return "\t".join(
            [printable(result.input), str(result.dose_class), str(result.band), f"{_num(result.daily_dose_mg)} mg/day"]
        )
    assert result.error is not None
    return "\t".join([printable(result.input), "error", result.error.code, printable(result.error.message)])


def _num(value: Any) -> str:
    from ldnclass.result import json_number

    return str(json_number(value))


@app.command("regimens")
def list_regimens(
    as_json: JsonOption = False,
    regimens_path: RegimensOption = None,
    debug: DebugOption = False,
) -> None:
    """Show the bands and regimens: class, daily-dose range, FDA status.

    Examples:

        ldnclass regimens

        ldnclass regimens --json
    """
    with exits(debug):
        regimens = load(regimens_path)
        if as_json:
            typer.echo(regimens.model_dump_json(by_alias=True, indent=2))
            return
        from ldnclass.render import printable, regimens_table

        console().print(regimens_table(regimens))
        if not regimens.is_default:
            typer.echo(f"regimens from {printable(regimens.path)} (not the shipped file)", err=True)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    from ldnclass import units

    units.LOAD_PINT_WITHOUT_NUMPY = True
    try:
        app(args=argv, prog_name="ldnclass")
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        silence_broken_pipe()
        sys.exit(ExitCode.OK)


app.command("batch")(batch)
app.command("fhir")(__import__("ldnclass.fhir_cli", fromlist=["fhir"]).fhir)  # issue 9: FHIR resources
