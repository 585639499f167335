"""The command line: a thin typer layer over the library.

Only typer and the standard library are imported at start-up; pint, pydantic,
PyYAML and rich load inside the commands that need them, so ``--help``, ``--version``
and shell completion stay fast. Errors become exit codes and messages in one place,
the boundary in ``commands.py``; every command reads its streams and terminal from
the :class:`~ldnclass.environment.Environment` it is given.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NamedTuple

import typer

from ldnclass.commands import (
    LdnclassGroup,
    RegimensOption,
    console,
    environment,
    load,
    raise_hung_up,
    raise_terminated,
    with_common_options,
    work_begins,
)
from ldnclass.environment import ClosedStdout, Environment
from ldnclass.errors import ExitCode, InputFileError, UsageError
from ldnclass.render import ClassifyFormat, Output, RegimensFormat, result_writer

if TYPE_CHECKING:
    from types import FrameType

    from rich.console import Console

    from ldnclass.regimens import Regimens
    from ldnclass.result import Result

MAX_LINE_CHARS = 100_000  # a longer stdin line is answered "too-long" without being held whole

app = typer.Typer(
    name="ldnclass",
    cls=LdnclassGroup,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: no boxes, no <bool> metavars, words never split across cells
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80},
)

JsonOption = Annotated[bool, typer.Option("--json", help="The same as --format json.")]
# The words --route takes: those the text and batch's --route-column take (reading.route_of decides).
ROUTE_WORDS = ("oral", "injectable", "topical", "po", "by mouth", "sublingual", "im", "intramuscular", "sc")


def _complete_route(incomplete: str) -> list[str]:
    return [word for word in ROUTE_WORDS if word.startswith(incomplete.lower())]


RouteOption = Annotated[
    str | None,
    typer.Option(
        "--route",
        help="The route when the text does not say it, in the words a sig uses (oral, po, IM, injectable, "
        "topical …); it must agree with the text.",
        autocompletion=_complete_route,
        show_default=False,
    ),
]
DetailsOption = Annotated[
    bool,
    typer.Option("--details", help="Also show mechanism, FDA status, adverse effects, notes and sources."),
]


class ContextChoice(str, Enum):
    dermatology = "dermatology"


ContextOption = Annotated[
    ContextChoice | None,
    typer.Option("--context", help="Add the notes for a clinical context.", show_default=False),
]
WeightOption = Annotated[
    str | None,
    typer.Option("--weight", help="Body weight for a per-kg dose, e.g. 30kg.", show_default=False),
]


def weight_kg(value: str | None) -> Fraction | None:
    """ "30kg", "30 kg" or "30" → 30; anything else is a usage error."""
    if value is None:
        return None
    from ldnclass.errors import DoseError
    from ldnclass.weight import body_weight_kg

    try:
        return body_weight_kg(value)
    except DoseError as error:  # its message gives an example and the plausible range
        raise typer.BadParameter(error.message, param_hint="'--weight'") from None


def route_name(value: str | None) -> str | None:
    """``--route po`` → oral, as the text and batch's route column read it; else a usage error."""
    if value is None:
        return None
    from ldnclass.errors import DoseError
    from ldnclass.reading import route_of

    try:
        return route_of(value)
    except DoseError as error:
        raise typer.BadParameter(error.message, param_hint="'--route'") from None


def chosen_format(output_format: Enum | None, as_json: bool, json_member: Enum) -> Enum | None:
    """``--json`` is ``--format json``; the two disagreeing is a usage error."""
    if as_json and output_format not in (None, json_member):
        raise typer.BadParameter(f"--json and --format {output_format.value} disagree: give one", param_hint="'--json'")
    return json_member if as_json else output_format


@app.callback()
@with_common_options
def _root() -> None:
    """Classify a prescribed naltrexone dose as low-dose (LDN), high-dose (HDN) or
    out-of-range, with what applies at that dose.

    \b
    Examples:
      ldnclass classify 4.5 mg qhs
      ldnclass classify "100 mg every other day" --format json
      ldnclass regimens
      ldnclass batch export.csv --column Sig -o classified.csv
      ldnclass fhir MedicationRequest.ndjson --format csv

    Data goes to stdout, errors and remarks to stderr. Exit codes: 0 classified,
    1 a dose could not be classified, 2 usage, 3 an input or data file, 130 Ctrl-C,
    143 SIGTERM. The options below also work after a command's name.
    """


@app.command()
@with_common_options
def classify(
    text: Annotated[
        list[str] | None,
        typer.Argument(
            help="The dose as written; unquoted words are joined (4.5 mg qhs). Leave out, or give -, to "
            "read one dose per line from stdin (a prompt on a terminal).",
            show_default=False,
            metavar="TEXT",
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-i", help="Read doses from this file, one per line (- is stdin).", show_default=False),
    ] = None,
    output_format: Annotated[
        ClassifyFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="panel, json, jsonl, tsv, csv or fhir (FHIR R4 Dosages). Default: the panel for one dose or "
            "on a terminal, else tsv with a header row.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    product: Annotated[
        str | None,
        typer.Option(
            "--product",
            help="The record's medication field (naltrexone 50 mg tablet, Vivitrol, an RxCUI or NDC), read apart "
            "from the sig and then with it.",
            show_default=False,
        ),
    ] = None,
    quantity: Annotated[
        str | None,
        typer.Option(
            "--quantity",
            help="Units dispensed (or mL, g), for the supply cross-check (with --days-supply).",
            show_default=False,
        ),
    ] = None,
    days_supply: Annotated[
        str | None,
        typer.Option("--days-supply", help="Days' supply: the supply check.", show_default=False),
    ] = None,
    route: RouteOption = None,
    weight: WeightOption = None,
    details: DetailsOption = False,
    context: ContextOption = None,
    regimens_path: RegimensOption = None,
) -> ExitCode:
    """Read a dose, normalize it to mg/day and classify it.

    With several doses (stdin or --file), one result per line, in order; a blank
    line or one starting with # is skipped. Exit 1 if any dose could not be
    classified.

    \b
    Examples:
      ldnclass classify 4.5 mg qhs
      ldnclass classify "2.25 mg bid" --json
      ldnclass classify "4.5 mg qhs" --details --context dermatology
      ldnclass classify "0.1 mg/kg qhs" --weight 30kg
      ldnclass classify "naltrexone 380 mg every 4 weeks" --route IM
      ldnclass classify "1/2 tab daily" --product "naltrexone 50 mg tablet"
      ldnclass classify --file doses.txt --format csv > classified.csv
      printf '4.5 mg\\n100 mg qod\\n' | ldnclass classify -f jsonl
    """
    env = environment()
    format_given = chosen_format(output_format, as_json, ClassifyFormat.JSON)
    kilograms, route_given = weight_kg(weight), route_name(route)
    if file is not None and text:
        raise UsageError("give a dose or --file, not both")
    one = " ".join(text) if text and text != ["-"] else None
    chosen = ClassifyFormat(format_given) if format_given else _default_format(env, one is not None)
    regimens = load(regimens_path)
    answer = _answerer(regimens, route_given, kilograms, product, (quantity, days_supply))
    output = _output(env, regimens, View(details, context.value if context else None))
    if one is not None:
        result = answer(one)
        _write_all(chosen, output, [result])
        return ExitCode.OK if result.ok else ExitCode.UNCLASSIFIED
    work_begins()
    if file is None and not text and env.stdin_isatty and chosen is ClassifyFormat.PANEL:
        _prompt(answer, env, regimens, output)
        return ExitCode.OK
    with _opened_lines(file, env) as stream:
        return _write_all(chosen, output, (_answer_line(line, answer) for line in dose_lines(stream)))


def _default_format(env: Environment, one: bool) -> ClassifyFormat:
    """A person's panel for one dose or on a terminal; a table with a header row on a pipe."""
    return ClassifyFormat.PANEL if one or env.stdout_isatty else ClassifyFormat.TSV


def _answerer(
    regimens: Regimens,
    route: str | None,
    kilograms: Fraction | None,
    product: str | None = None,
    supply: tuple[str | None, str | None] = (None, None),
) -> Callable[[str], Result]:
    """The core's classify with this command's data and options bound."""
    from ldnclass.classifier import classify as classify_text

    quantity, days_supply = supply
    return lambda text: classify_text(
        text, regimens, product=product, route=route, weight_kg=kilograms, quantity=quantity, days_supply=days_supply
    )


class View(NamedTuple):  # NamedTuples here: defined in ~0.07 ms at start-up, a frozen dataclass ~0.5
    """How a person wants the panel: with the details, in a clinical context."""

    details: bool = False
    context: str | None = None


def _output(env: Environment, regimens: Regimens, view: View) -> Output:
    return Output(
        env.stdout, env.stdout_isatty, lambda stderr: console(stderr, env), regimens, view.details, view.context
    )


def _write_all(chosen: ClassifyFormat, output: Output, results: Iterable[Result]) -> ExitCode:
    """Each result in the chosen format; exit 1 if any could not be classified."""
    write = result_writer(chosen, output)
    failed = False
    for result in results:
        failed |= not result.ok
        write(result)
    return ExitCode.UNCLASSIFIED if failed else ExitCode.OK


@contextmanager
def _opened_lines(file: Path | None, env: Environment) -> Iterator[IO[bytes]]:
    """The bytes of --file, or stdin for none or -; a file that cannot be opened is an input
    error naming it."""
    if file is None or str(file) == "-":
        yield env.stdin
        return
    try:
        stream = open(file, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise InputFileError(f"cannot read {file}: {error.strerror or error}") from None
    with stream:
        yield stream


def dose_lines(stream: IO[bytes]) -> Iterator[str | int]:
    """The lines that hold a dose: a blank line, or one whose first non-blank character is #,
    is skipped (a comment, as in a shell script)."""
    for line in iter_lines(stream):
        if isinstance(line, str) and (not line.strip() or line.lstrip().startswith("#")):
            continue
        yield line


def _answer_line(line: str | int, answer: Callable[[str], Result]) -> Result:
    if isinstance(line, int):
        from ldnclass.errors import ErrorCode
        from ldnclass.result import Result, ResultError

        message = f"the line is over {line} characters and was not read"
        return Result("", ok=False, error=ResultError(ErrorCode.TOO_LONG, message))
    return answer(line)


PROMPT_HELP = """Type a dose as written, one per line, for example:
  4.5 mg qhs     2.25 mg bid     100 mg qod     Contrave 2 tabs bid
  start 0.5 mg nightly, increase by 0.5 mg weekly to 4.5 mg
  0.1 mg/kg qhs wt 30 kg       naltrexone 1% cream apply bid
Commands: details (the last dose's mechanism, FDA status, effects, sources),
help, quit or exit (or Ctrl-D). Ctrl-C clears the line you are typing."""
HISTORY_OPT_OUT = "LDNCLASS_NO_HISTORY"
TICK_SECONDS = 0.1  # the longest a signal waits while the prompt waits for a line (_Turn.read_line)


def _prompt(answer: Callable[[str], Result], env: Environment, regimens: Regimens, output: Output) -> None:
    """A clinician's loop: one dose per line, a one-screen panel each, until Ctrl-D or quit.
    Ctrl-C clears the current line, as Python's REPL, sqlite3 and psql do; pressed while an answer
    is drawn, it drops that answer. A hangup (the terminal closed) ends it with the history saved."""
    history = _start_history(env.environ)
    screen = output.console(False)
    screen.print("Type a naltrexone dose and press Enter (help: what to type; Ctrl-D or quit: end).", style="dim")
    turn = _Turn(answer, screen, regimens, output)
    with _prompt_signals(turn):
        try:
            while True:
                try:
                    turn.between = False
                    go_on = turn.take()
                    turn.between = True
                    if not go_on:
                        return
                except KeyboardInterrupt:
                    turn.between = turn.interrupted = True
        finally:
            _save_history(history)


class _Turn:
    """One line at the prompt: read it, then answer it, run a command, or say goodbye."""

    def __init__(self, answer: Callable[[str], Result], screen: Console, regimens: Regimens, output: Output) -> None:
        self.answer, self.screen, self.regimens, self.output = answer, screen, regimens, output
        self.last: Result | None = None
        self.interrupted = False  # the last turn ended with ^C: its line is dropped
        self.between = False  # after a turn, before the next begins (outside the loop's try)
        self.ticking = False  # _prompt_signals set the SIGALRM handler that read_line's timer needs

    def take(self) -> bool:
        """Whether the session goes on."""
        from ldnclass.render import show_result

        if self.interrupted:
            self.interrupted = False
            self.screen.print()  # ^C: drop this line, ask again on a fresh one
        try:
            line = self.read_line()
        except EOFError:
            self.screen.print()
            return False
        command = line.strip().lower()
        if command in ("quit", "exit"):
            return False
        if command in ("help", "?"):
            self.screen.print(PROMPT_HELP, highlight=False, markup=False)
        elif command == "details":
            if self.last is None:
                self.screen.print("No dose yet: type one first.", style="dim")
            else:
                show_result(self.screen, self.last, self.regimens, details=True, context=self.output.context)
        elif command:
            self.last = self.answer(line)
            show_result(
                self.screen,
                self.last,
                self.regimens,
                self.output.details,
                self.output.context,
                details_hint="type details",
            )
        return True

    def read_line(self) -> str:
        """input(), with a signal acted on within TICK_SECONDS while it waits.

        CPython's readline waits for a key in select() and runs Python's signal handlers only when
        a signal interrupts that select (Modules/readline.c, readline_until_enter_or_signal: the
        select has no timeout without an input hook, and handlers run on EINTR alone). A signal
        that comes while readline is elsewhere (drawing the prompt just before the select, echoing
        a key, writing to a terminal whose output Ctrl-S stopped) is only noted by Python's C
        handler, and waited for Enter: ^C did nothing, and kill -INT, -TERM or -HUP left the
        process at the prompt. While input() waits, a timer's SIGALRM interrupts the select every
        TICK_SECONDS, and a noted signal's handler runs then."""
        if not self.ticking:
            return input("dose> ")
        signal.setitimer(signal.ITIMER_REAL, TICK_SECONDS, TICK_SECONDS)
        try:
            return input("dose> ")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def interrupt(self, signum: int, frame: FrameType | None) -> None:
        """Ctrl-C: KeyboardInterrupt, as Python's own handler raises, except between two turns.
        Python runs a signal's handler where a loop jumps back, outside the loop's ``try``: a second
        ^C pressed just after the first (or at a turn's end) would end the session. There it is
        only noted: the next turn starts on a fresh line."""
        if self.between:
            self.interrupted = True
            return
        signal.default_int_handler(signum, frame)


@contextmanager
def _prompt_signals(turn: _Turn) -> Iterator[None]:
    """For the prompt's time: Ctrl-C as ``turn.interrupt`` says, SIGHUP (the terminal closed)
    raising HungUp, so the history is saved and the status is 129, where the signal's default
    action would end the process at once, and SIGALRM, the tick of ``turn.read_line``'s timer,
    doing nothing (its work is to interrupt readline's wait)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; a caller's thread keeps Python's
        return
    handlers: dict[int, Callable[[int, FrameType | None], None]] = {signal.SIGINT: turn.interrupt}
    if hasattr(signal, "SIGHUP"):  # not on Windows
        handlers[signal.SIGHUP] = raise_hung_up
    ticking = hasattr(signal, "setitimer")  # not on Windows
    if ticking:
        handlers[signal.SIGALRM] = _tick
    previous = {number: signal.signal(number, handler) for number, handler in handlers.items()}
    turn.ticking = ticking
    try:
        yield
    finally:
        turn.ticking = False
        for number, handler in previous.items():
            signal.signal(number, handler)


def _tick(signum: int, frame: FrameType | None) -> None:
    """SIGALRM while the prompt waits: nothing to do; that it interrupted readline is the point."""


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


def _start_history(environ: Mapping[str, str] | None = None) -> Path | None:
    """Load the history into readline; None (no history) if readline or a writable folder is missing."""
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline: plain input() still works
        return None
    path = history_path(environ)
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


def list_regimens(  # built only when asked for (commands.LAZY_COMMANDS), as batch and fhir are
    output_format: Annotated[
        RegimensFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="table, json, or yaml (the data file itself, to start a site's copy). Default: table.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    regimens_path: RegimensOption = None,
) -> None:
    """Show the bands and regimens: class, daily-dose range, FDA status.

    \b
    Examples:
      ldnclass regimens
      ldnclass regimens --format json
      ldnclass regimens -f yaml > site.yaml
      ldnclass classify "5 mg" --regimens site.yaml
    """
    env = environment()
    chosen = RegimensFormat(chosen_format(output_format, as_json, RegimensFormat.JSON) or RegimensFormat.TABLE)
    regimens = load(regimens_path)
    from ldnclass.render import printable, regimens_table, regimens_text

    text = regimens_text(regimens, chosen, env.stdout_isatty)
    if text is None:
        console(env=env).print(regimens_table(regimens))
    else:
        env.stdout.write(text)
    if not regimens.is_default:
        env.remark(f"regimens from {printable(regimens.path)} (not the shipped file)")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: the app inside the boundary (commands.LdnclassGroup.main)."""
    # Start-up makes some 100,000 objects that live as long as the process (pint's registry, the
    # vocabulary, the data file's models): collecting among them found nothing and cost about 25 ms
    # of a 240 ms `classify` (measured). Collection resumes where a command's per-row work begins
    # (commands.work_begins), with those objects frozen out of it.
    gc.disable()
    try:
        from ldnclass import units

        units.LOAD_PINT_WITHOUT_NUMPY = True
        if sys.stdout is None:  # started with descriptor 1 closed
            sys.stdout = ClosedStdout()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, raise_terminated)  # SIGTERM ends like Ctrl-C: cleanup runs, exit 143
        app(args=argv, prog_name="ldnclass")
    finally:
        if argv is None:
            # The process's own command line (the console script, `python -m ldnclass`): it ends
            # here. Frozen, start-up's objects are skipped by the collection at interpreter exit,
            # which only frees memory the process is about to give back: ~30 ms of a cold
            # `classify` (measured). Files are closed, and stdout flushed, as without it.
            gc.freeze()
        else:
            gc.unfreeze()  # for a caller in the same process (the tests): as it was
            gc.enable()
