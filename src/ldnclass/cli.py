"""The command line: a thin typer layer over the library.

Only typer and the standard library are imported at start-up; pint, pydantic,
PyYAML and rich load inside the commands that need them, so ``--help`` and
``--version`` stay fast. Exceptions become exit codes in one place: ``commands.exits``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from fractions import Fraction
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
    regimens_path: RegimensOption = None,
    debug: DebugOption = False,
) -> None:
    """Read one dose, normalize it to mg/day and classify it.

    Examples:

        ldnclass classify "4.5 mg qhs"

        ldnclass classify "2.25 mg bid" --json

        ldnclass classify "dissolve one 50 mg tablet in 50 mL water, take 4.5 mL daily"

        ldnclass classify "0.1 mg/kg qhs" --weight 30kg

        printf '4.5 mg\\n100 mg qod\\n' | ldnclass classify --json
    """
    kilograms = weight_kg(weight)
    with exits(debug):
        regimens = load(regimens_path)
        answer = _answerer(regimens, route.value if route else None, kilograms)
        if text is not None:
            result = answer(text)
            _emit_one(result, regimens, as_json)
            raise typer.Exit(ExitCode.OK if result.ok else ExitCode.UNCLASSIFIED)
        if sys.stdin.isatty() and not as_json:
            _prompt(answer, regimens)
            raise typer.Exit(ExitCode.OK)
        raise typer.Exit(_classify_lines(sys.stdin.buffer, answer, as_json))


def _answerer(regimens: Regimens, route: str | None, kilograms: Fraction | None) -> Callable[[str], Result]:
    """The core's classify with this command's data and options bound."""
    from ldnclass.classifier import classify as classify_text

    return lambda text: classify_text(text, regimens, route=route, weight_kg=kilograms)


def _emit_one(result: Result, regimens: Regimens, as_json: bool) -> None:
    """The answer on stdout; a dose that could not be read is an error, on stderr (bar --json)."""
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    from ldnclass.render import result_panel

    console(stderr=not result.ok).print(result_panel(result, regimens))


def _prompt(answer: Callable[[str], Result], regimens: Regimens) -> None:
    """A clinician's loop: one dose per line until Ctrl-D. The clinical notes of a band or
    regimen are shown the first time it comes up, then only the reading and the class."""
    import readline  # noqa: F401 - line editing and history for input()

    from ldnclass.render import result_panel

    screen = console()
    screen.print("Type a naltrexone dose and press Enter (Ctrl-D to finish).", style="dim")
    shown: set[tuple[str | None, str | None]] = set()
    while True:
        try:
            line = input("dose> ")
        except EOFError:
            screen.print()
            return
        if not line.strip():
            continue
        result = answer(line)
        seen = (result.band, result.regimen)
        screen.print(result_panel(result, regimens, details=seen not in shown))
        shown.add(seen)


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
    try:
        app(args=argv, prog_name="ldnclass")
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        silence_broken_pipe()
        sys.exit(ExitCode.OK)


app.command("batch")(batch)
