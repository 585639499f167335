"""The ``ldnclass`` console script and ``python -m ldnclass``.

``cli.main`` keeps garbage collection off through start-up (why, and when it resumes, is said
there). Switched off there, collection would still run through the import of typer and of the
command line's own modules; switched off here, before anything but this small package loads,
a cold ``classify`` is about 2 ms shorter (measured alternating with the switch in ``cli.main``).

A command that writes only to stdout and stderr (``classify``, the prompt, ``regimens``, help,
version, completion) ends the process at once when its output is flushed: the interpreter's
teardown would only free, one by one, the ~100,000 objects of pint's registry, the vocabulary and
the data file's models, memory the process is about to give back (~6 ms of a cold ``classify``,
measured alternating). It is the ending Instagram describes for its servers ("Dismissing Python
Garbage Collection at Instagram": ``os._exit`` as the last exit handler). Every exit handler
still runs first: ours is registered before typer, pint, logging or readline load, and the
handlers run last-registered first. It is not registered at all when a handler is there before it,
or a profiler or tracer is running (coverage, ``-m cProfile``, ``-m trace``: what runs after the
program, its status included, would be lost), and it stands aside when Python has more to do at
the end (``-i`` or ``PYTHONINSPECT``, ``PYTHONMALLOCSTATS``). ``batch`` and ``fhir`` write files and
may start worker processes or a JVM: they end as any Python program does.

This is the console script's own ``main``: it ends the process. A program that runs ldnclass's
command line and goes on calls ``ldnclass.cli.main(argv)``, which never ends it.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

# The commands' modules whose process ends the usual way (files, worker processes, Spark).
ORDINARY_ENDING = ("ldnclass.batch_cli", "ldnclass.fhir_cli")
_status: list[int] = []  # the exit status, once the command line has decided it


def main() -> None:
    gc.disable()
    nothing_watches = sys.getprofile() is None and sys.gettrace() is None
    if nothing_watches and getattr(atexit, "_ncallbacks", lambda: 1)() == 0:  # CPython's count of exit handlers
        atexit.register(end_at_once)
    from ldnclass.cli import main as run_command_line

    try:
        run_command_line()
    except SystemExit as ending:
        code = ending.code
        if code is None or (isinstance(code, int) and not isinstance(code, bool)):
            _status.append(code or 0)
        raise


def end_at_once() -> None:
    """The last exit handler: end now, unless a command with files ran or the streams will not flush."""
    if not _status or any(name in sys.modules for name in ORDINARY_ENDING) or _python_goes_on():
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return  # the interpreter's own ending reports it, as it always has
    os._exit(_status[-1])


def _python_goes_on() -> bool:
    """Whether the interpreter has more to do after the program: an interactive prompt (``-i``,
    ``PYTHONINSPECT``, which a program may also set) or its allocator's statistics."""
    return bool(sys.flags.inspect or os.environ.get("PYTHONINSPECT") or os.environ.get("PYTHONMALLOCSTATS"))
