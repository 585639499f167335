"""Compile the per-text path (the readers and the classifier) with mypyc, in place.

    .venv/bin/python tools/compile.py          (make does this whenever a source changes)

mypyc compiles the sources as they are, type-checked with the project's strict mypy settings, into
extension modules beside them (``*.so``, ignored by git), which Python imports before the sources:
about 1.6× faster a text. The sources stay the truth: ``tests/test_compiled.py`` checks that both
give the same answers, and ``ldnclass.compiled`` finds a compiled module older than its source.
Without a C compiler this fails, leaves nothing compiled, and ldnclass runs as plain Python.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ldnclass.compiled import PACKAGE, SOURCE_ROOT, STAMP, source_digest, write_stamp

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(SOURCE_ROOT)
# What every text passes through, and the loop every row of a CSV batch passes through. Not the
# pydantic models (regimens.py), the rest of the I/O or the CLI, nor result.py: its Result is copied
# without its __init__ (result.py says why), which a compiled class refuses.
HOT = [
    *sorted(path.relative_to(SRC).as_posix() for path in (SRC / "ldnclass" / "reading").glob("*.py")),
    "ldnclass/classifier.py",
    "ldnclass/display.py",
    "ldnclass/label.py",
    "ldnclass/patterns.py",
    "ldnclass/plain_rows.py",
    "ldnclass/record.py",
]


def remove_compiled() -> None:
    for path in [*Path(PACKAGE).rglob("*.so"), *SRC.glob("*__mypyc*.so"), Path(STAMP)]:
        path.unlink(missing_ok=True)


def main() -> int:
    from mypyc.build import mypycify
    from setuptools import setup

    remove_compiled()
    digests = {module: source_digest(module) for module in HOT}  # before: an edit meanwhile is then stale
    os.chdir(SRC)  # module names come from the paths: ldnclass/reading/dose.py → ldnclass.reading.dose
    build = ROOT / "build"
    try:
        setup(
            name="ldnclass-compiled",
            ext_modules=mypycify(
                ["--config-file", str(ROOT / "pyproject.toml"), *HOT], target_dir=str(build / "mypyc"), multi_file=True
            ),
            script_args=[
                *("-q", "build_ext", "--inplace", "--parallel", "2"),
                *("--build-temp", str(build / "temp"), "--build-lib", str(build / "lib")),
            ],
        )
    except (Exception, SystemExit) as error:  # setuptools exits on a compiler's failure
        remove_compiled()  # never half compiled: all of the per-text path, or none of it
        print(f"tools/compile.py: not compiled ({error}); ldnclass runs as plain Python", file=sys.stderr)
        return 1
    write_stamp(digests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
