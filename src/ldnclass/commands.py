"""What the commands share: the one error boundary, the exit-code table, the options every
command takes, the environment and its consoles.

The boundary is :class:`LdnclassGroup`'s ``main``, the way httpie's ``core.main`` wraps
``program``: the typer app runs inside it with ``standalone_mode=False``, so every error,
typer's option errors included, comes back here, is mapped to an :class:`ExitCode` by
:data:`EXIT_CODES` and printed in one style (``ldnclass: error [code]: message`` and a hint);
a traceback only with ``--debug``. Commands raise; none maps an error itself.

A module of its own so that cli.py, batch_cli.py and fhir_cli.py all import it, with no
cycle. Only typer and the standard library load with it.
"""

from __future__ import annotations

import functools
import gc
import inspect
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, get_type_hints

import typer
from typer._click import exceptions as click_errors  # typer vendors click and does not re-export these
from typer.core import TyperGroup

from ldnclass._version import __version__
from ldnclass.environment import ColorChoice, Environment
from ldnclass.errors import ErrorCode, ExitCode, InputFileError, LdnclassError, RegimensFileError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from ldnclass.regimens import Regimens

__all__ = ["EXIT_CODES", "ExitCode", "LdnclassGroup", "exit_code_for", "with_common_options"]


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt (a BaseException, so no ``except Exception`` eats it)."""


def raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


class HungUp(Terminated):
    """SIGHUP at the prompt (its terminal closed): ends as SIGTERM does, cleanup and history
    saved, with its own status, where the signal's default action would lose the history."""


def raise_hung_up(signum: int, frame: object) -> None:
    raise HungUp


# The one mapping from what went wrong to the process's exit code: the first row that matches wins.
EXIT_CODES: tuple[tuple[type[BaseException], ExitCode], ...] = (
    (KeyboardInterrupt, ExitCode.INTERRUPTED),
    (typer.Abort, ExitCode.INTERRUPTED),
    (HungUp, ExitCode.HUNG_UP),
    (Terminated, ExitCode.TERMINATED),
    (click_errors.FileError, ExitCode.INPUT),
    (click_errors.ClickException, ExitCode.USAGE),  # unknown option, bad value, missing argument
    (UsageError, ExitCode.USAGE),
    (RegimensFileError, ExitCode.INPUT),
    (InputFileError, ExitCode.INPUT),
    (OSError, ExitCode.INPUT),
    (LdnclassError, ExitCode.UNCLASSIFIED),
    (BaseException, ExitCode.UNCLASSIFIED),  # a bug in ldnclass (the message says so)
)


def exit_code_for(error: BaseException) -> ExitCode:
    """The exit code for an exception, from :data:`EXIT_CODES`."""
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


class Escaped(BaseException):
    """An error from inside a command, carried past typer's own handlers (which would turn a
    broken pipe into exit 1 and Ctrl-C into a bare 130) to the boundary, with the command's name."""

    def __init__(self, error: BaseException, command_path: str) -> None:
        super().__init__(error)
        self.error, self.command_path = error, command_path


def error_label(error: BaseException) -> ErrorCode:
    """The ``[code]`` of the message: the error's own code, else its family's."""
    if isinstance(error, LdnclassError):
        return error.code
    if isinstance(error, click_errors.FileError | OSError):
        return ErrorCode.FILE
    if isinstance(error, click_errors.ClickException):
        return ErrorCode.USAGE
    return ErrorCode.INTERNAL_ERROR


def _hint(error: BaseException, command_path: str) -> str:
    if isinstance(error, LdnclassError) and error.hint is not None:
        return error.hint
    if isinstance(error, click_errors.ClickException | UsageError):
        return f"see '{command_path} --help'"
    if isinstance(error, RegimensFileError):
        return "fix that file, or leave out --regimens (and LDNCLASS_REGIMENS) to use the shipped data"
    if isinstance(error, InputFileError | OSError | click_errors.FileError):
        return "check the file's name and permissions; - reads stdin"
    if isinstance(error, LdnclassError):
        return f"see '{command_path} --help'"
    return "this is a bug in ldnclass: run again with --debug for the traceback, and please report it"


def report(error: BaseException, env: Environment, command_path: str = "ldnclass") -> ExitCode:
    """Print ``error`` in the one style on stderr and return its exit code."""
    from ldnclass.render import printable  # plain Python: no rich

    code = exit_code_for(error)
    if isinstance(error, BrokenPipeError):
        silence_broken_pipe(env)  # the reader has seen enough (| head): not an error
        return ExitCode.OK
    if isinstance(error, click_errors.NoArgsIsHelpError):
        env.stderr.write(error.format_message() + "\n")  # `ldnclass` alone: the help, as click does
        return code
    if code in (ExitCode.INTERRUPTED, ExitCode.TERMINATED, ExitCode.HUNG_UP):
        return code  # the shell shows ^C; a command with partial output has said so itself
    if isinstance(error, click_errors.UsageError) and error.ctx is not None:
        command_path = error.ctx.command_path
    if env.debug:
        env.stderr.write("".join(traceback.format_exception(error)))
    message = error.format_message() if isinstance(error, click_errors.ClickException) else str(error)
    message = message.replace(": Value error, ", ": ")  # typer's wording of a choice that is not one
    if code is ExitCode.UNCLASSIFIED and not isinstance(error, LdnclassError):
        message = f"unexpected {type(error).__name__}: {message}"
    env.stderr.write(f"ldnclass: error [{error_label(error)}]: {printable(message)}\n")
    env.stderr.write(f"ldnclass: hint: {_hint(error, command_path)}\n")
    env.stderr.flush()
    return code


def run_guarded(program: Callable[[], object], env: Environment) -> int:
    """Run the app; whatever it raises becomes a message and an exit code (see :func:`report`)."""
    try:
        returned = program()
        env.stdout.flush()  # inside the guard: a reader gone at the last flush is a broken pipe too
    except SystemExit:  # shell completion and --help end this way
        raise
    except Escaped as escaped:
        return report(escaped.error, env, escaped.command_path)
    except BaseException as error:
        return report(error, env)
    return int(returned) if isinstance(returned, int) else ExitCode.OK


# Commands whose module is imported, and whose options are built, only when one is asked for
# (by name, or to list them in --help and completion): ``classify``, run at every dose, need not
# pay for them (batch's options alone are ~8 ms to import; building regimens' ~0.5 ms). Name → (module, function).
LAZY_COMMANDS = {
    "regimens": ("ldnclass.cli", "list_regimens"),
    "batch": ("ldnclass.batch_cli", "batch"),
    "fhir": ("ldnclass.fhir_cli", "fhir"),
}


class LdnclassGroup(TyperGroup):
    """The app's click group, with the boundary around it.

    ``CliRunner.invoke(app, ..., obj=Environment.for_test(...))`` passes a test's environment in.
    """

    _completing = False  # a shell's TAB: no value is coerced (_main_shell_completion)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in LAZY_COMMANDS if name not in self.commands)]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and args[0] not in LAZY_COMMANDS:
            for name in LAZY_COMMANDS:  # a name mistyped: typer suggests from the commands made
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            command = _lazy_command(cmd_name)
            _help_flag_passes_through(command)  # as main() did for the commands made up front
            _coerce_when_given(command)
            if self._completing:
                _pass_values_through(command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        env = extra.pop("obj", None)
        if not isinstance(env, Environment):
            env = Environment.from_sys()

        def program() -> object:
            return super(LdnclassGroup, self).main(
                args, prog_name, complete_var, standalone_mode=False, obj=env, **extra
            )

        _coerce_when_given(self)
        _help_flag_passes_through(self)
        code = run_guarded(program, env)
        if standalone_mode:
            sys.exit(code)
        return code

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        # The shell re-runs the program at every TAB. Typer coerces each option's value through
        # pydantic (some 50 ms to import) even while completing, where values are never used:
        # give every parameter a pass-through coercion for this run only.
        if os.environ.get(complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()):
            self._completing = True
            _pass_values_through(self)
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


def _lazy_command(name: str) -> Any:
    """The click command of one of LAZY_COMMANDS, built as the app's own commands are."""
    import importlib

    module, function = LAZY_COMMANDS[name]
    alone = typer.Typer(add_completion=False, rich_markup_mode=None)  # as the app: plain help
    alone.command(name)(with_common_options(getattr(importlib.import_module(module), function)))
    return typer.main.get_command(alone)


class _Uncoerced:
    """Stands in for typer's per-parameter coercion (``_runtime_param``) while completing."""

    def coerce(self, value: Any, param: object, ctx: object) -> Any:
        return value


def _pass_values_through(command: Any) -> None:
    for param in command.params:
        _uncoerced(param)
    for sub in getattr(command, "commands", {}).values():
        _pass_values_through(sub)


def _help_flag_passes_through(command: Any) -> None:
    """``-h``/``--help`` is a flag, True or False: it needs no coercion (typer's would import
    pydantic to turn True into True), on the app and on each command."""
    if getattr(command, "_help_passes_through", False):
        return
    made_help_option = command.get_help_option  # made on first use, from the context's help names

    def get_help_option(ctx: object) -> Any:
        return _uncoerced(made_help_option(ctx))

    command.get_help_option = get_help_option
    command._help_passes_through = True
    for sub in getattr(command, "commands", {}).values():
        _help_flag_passes_through(sub)


class _CoercedWhenGiven:
    """typer's coercion for one parameter, built at the first value given. The app's own options
    are read before every command, mostly left out: a value left out becomes None (or () for a
    multi-value parameter), as typer's coercion makes it, without importing pydantic (some 35 ms,
    all that ``classify --help`` would spend beyond the app). A command's options too: typer would
    build a pydantic adapter for each of classify's eleven, given or not (~1 ms of a start)."""

    def __init__(self, param: Any) -> None:
        self._param = param
        self._built: Any = None

    def coerce(self, value: Any, param: Any, ctx: object) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        if self._built is None:
            from typer._coercion import build_runtime_param

            self._built = build_runtime_param(self._param.type_descriptor)
        return self._built.coerce(value, param=param, ctx=ctx)


def _coerce_when_given(command: Any) -> None:
    for param in command.params:
        if getattr(param, "_runtime_param", False) is None:  # typer's, not yet built
            param._runtime_param = _CoercedWhenGiven(param)
    for sub in getattr(command, "commands", {}).values():
        _coerce_when_given(sub)


def _uncoerced(param: Any) -> Any:
    if hasattr(param, "_runtime_param"):
        param._runtime_param = _Uncoerced()
    return param


def environment(ctx: typer.Context | None = None) -> Environment:
    """The running command's environment (``ctx.obj``), else the process's own."""
    from typer._click.globals import get_current_context

    current = ctx if ctx is not None else get_current_context(silent=True)
    found = current.find_object(Environment) if current is not None else None
    return found if found is not None else Environment.from_sys()


def _show_version(ctx: typer.Context, value: bool) -> None:
    if value:
        out = environment(ctx).stdout
        out.write(f"ldnclass {__version__}\n")
        raise typer.Exit()


# The options every command takes (and the app itself, before the command's name).
COMMON_OPTIONS: dict[str, tuple[Any, Any]] = {
    "color": (
        Annotated[
            ColorChoice | None,
            typer.Option(
                "--color",
                case_sensitive=False,
                help="Colour: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always or never.",
                show_default=False,
            ),
        ],
        None,
    ),
    "quiet": (
        Annotated[bool, typer.Option("--quiet", "-q", help="No remarks on stderr (errors are still shown).")],
        False,
    ),
    "debug": (
        Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")],
        False,
    ),
    "version": (
        Annotated[
            bool,
            typer.Option("--version", "-V", callback=_show_version, is_eager=True, help="Show the version and exit."),
        ],
        False,
    ),
}
_CONTEXT = "ldnclass_context"

F = TypeVar("F", bound=Callable[..., Any])


def with_common_options(command: F) -> F:
    """``command`` with the common options added to its signature (those it does not declare
    itself), applied to the environment before it runs; what it raises goes to the boundary."""
    hints = get_type_hints(command, include_extras=True)  # evaluated once: typer reads them from both
    signature = inspect.signature(command)
    own = set(signature.parameters)
    added = {name: spec for name, spec in COMMON_OPTIONS.items() if name not in own}
    parameters = [
        *(
            parameter.replace(annotation=hints.get(name, parameter.annotation))
            for name, parameter in signature.parameters.items()
        ),
        *(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
            for name, (annotation, default) in added.items()
        ),
        inspect.Parameter(_CONTEXT, inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context),
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx: typer.Context = kwargs.pop(_CONTEXT)
        env = environment(ctx)
        options = {name: kwargs.pop(name) if name in added else kwargs.get(name) for name in COMMON_OPTIONS}
        if options["color"] is not None:
            env.color = ColorChoice(options["color"])
        env.quiet |= bool(options["quiet"])
        env.debug |= bool(options["debug"])
        try:
            return command(*args, **kwargs)
        except (typer.Exit, click_errors.ClickException, SystemExit):
            raise  # typer's own way out, and its option errors: the boundary gets them from typer
        except BaseException as error:
            raise Escaped(error, ctx.command_path) from error

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=parameters, return_annotation=hints.get("return", inspect.Signature.empty)
    )
    wrapper.__annotations__ = {
        **hints,
        **{name: annotation for name, (annotation, _) in added.items()},
        _CONTEXT: typer.Context,
    }
    return wrapper  # type: ignore[return-value]


RegimensOption = Annotated[
    Path | None,
    typer.Option(
        "--regimens",
        envvar="LDNCLASS_REGIMENS",
        help="A site's own regimens YAML file, validated like the shipped one.",
        show_default=False,
    ),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")]


def silence_broken_pipe(env: Environment | None = None) -> None:
    # The reader went away (| head): point stdout at devnull so the interpreter's
    # final flush does not raise again, as the Python docs on SIGPIPE advise.
    stream = env.stdout if env is not None else sys.stdout
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):  # a stream in memory: nothing to point elsewhere
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def work_begins() -> None:
    """Where a command's per-row or per-dose work begins (cli.main turned collection off for the
    start): what start-up made lives as long as the process, so later collections skip it."""
    gc.freeze()
    gc.enable()


def load(regimens_path: Path | None) -> Regimens:
    from ldnclass.regimens import load_regimens

    # load_regimens says precisely what is wrong (missing, a FIFO, a directory, a link loop …)
    return load_regimens(regimens_path)


def console(stderr: bool = False, env: Environment | None = None) -> Console:
    """A rich console on the environment's stdout (or stderr), coloured as ``--color`` and
    ``NO_COLOR`` / ``FORCE_COLOR`` say, at its width."""
    from rich.console import Console

    env = env if env is not None else environment()
    colour = env.colour(stderr)
    dumb = env.environ.get("TERM") in ("dumb", "unknown")
    return Console(
        file=env.stderr if stderr else env.stdout,
        force_terminal=True if colour else None,
        no_color=not colour,
        color_system=("auto" if env.isatty(stderr) and not dumb else "standard") if colour else None,
        width=env.width,
        highlight=False,
        soft_wrap=False,
        _environ=dict(env.environ),
    )
