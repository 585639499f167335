"""What the commands share: the common options, the error-to-exit-code mapping, the consoles.

A module of its own so that cli.py and batch_cli.py both import it, with no cycle.
Only typer and the standard library load with it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ldnclass.errors import ExitCode, LdnclassError, exit_code_for

if TYPE_CHECKING:
    from rich.console import Console

    from ldnclass.regimens import Regimens

RegimensOption = Annotated[
    Path | None,
    typer.Option(
        "--regimens",
        envvar="LDNCLASS_REGIMENS",
        help="A site's own regimens YAML file, validated like the shipped one.",
        show_default=False,
    ),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")]


@contextmanager
def exits(debug: bool) -> Iterator[None]:
    """The one place where errors become messages on stderr and exit codes."""
    try:
        yield
    except typer.Exit:
        raise
    except (LdnclassError, OSError, KeyboardInterrupt) as error:
        if isinstance(error, BrokenPipeError):
            silence_broken_pipe()
            raise typer.Exit(ExitCode.OK) from None
        if debug:
            raise
        code = exit_code_for(error)
        if not isinstance(error, KeyboardInterrupt):
            from ldnclass.render import printable  # no rich: printable is plain Python

            label = error.code if isinstance(error, LdnclassError) else "file"
            typer.echo(f"ldnclass: error [{label}]: {printable(str(error))}", err=True)
        raise typer.Exit(code) from None


def silence_broken_pipe() -> None:
    # The reader went away (| head): point stdout at devnull so the interpreter's
    # final flush does not raise again, as the Python docs on SIGPIPE advise.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def load(regimens_path: Path | None) -> Regimens:
    from ldnclass.regimens import load_regimens

    # load_regimens says precisely what is wrong (missing, a FIFO, a directory, a link loop …)
    return load_regimens(regimens_path)


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)
