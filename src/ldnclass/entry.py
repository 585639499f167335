"""The ``ldnclass`` console script and ``python -m ldnclass``.

``cli.main`` keeps garbage collection off through start-up (why, and when it resumes, is said
there). Switched off there, collection would still run through the import of typer and of the
command line's own modules; switched off here, before anything but this small package loads,
a cold ``classify`` is about 2 ms shorter (measured alternating with the switch in ``cli.main``).
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from ldnclass.cli import main as run_command_line

    run_command_line()
