"""Which modules run compiled, and whether any is stale.

``tools/compile.py`` compiles the per-text path with mypyc into extension modules beside their
sources, which Python imports first, and writes ``compiled.stamp``: the SHA-256 of each source it
compiled. A source edited since is stale: its compiled module still answers as the old source did.
``make`` compiles again whenever a source changes; the tests refuse to run with a stale module,
and ``import ldnclass`` warns (by modification time, which costs a few stats, not a hash).
"""

from __future__ import annotations

import os
import sys

PACKAGE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(PACKAGE)
STAMP = os.path.join(PACKAGE, "compiled.stamp")
_EXTENSION = ".cpython-"


def recorded_sources() -> dict[str, str]:
    """Each compiled module's source (relative to ``src``) → the SHA-256 it was compiled from."""
    try:
        with open(STAMP, encoding="utf-8") as stamp:
            lines = stamp.read().splitlines()
    except OSError:
        return {}
    return {path: digest for digest, _, path in (line.partition("  ") for line in lines)}


def extension_modules() -> list[str]:
    """The sources beside which a compiled module lies ("ldnclass/reading/dose.py")."""
    from pathlib import Path

    return sorted(
        path.relative_to(SOURCE_ROOT).as_posix().split(_EXTENSION)[0] + ".py"
        for path in Path(PACKAGE).rglob("*.so")
        if _EXTENSION in path.name
    )


def source_digest(path: str) -> str:
    """The SHA-256 of a source (relative to ``src``), as the stamp records it."""
    import hashlib  # only the build and the tests ask: not a cost of every start

    with open(os.path.join(SOURCE_ROOT, path), "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()


def write_stamp(digests: dict[str, str]) -> None:
    """What tools/compile.py compiled: each source with its digest, hashed before compiling."""
    with open(STAMP, "w", encoding="utf-8") as stamp:
        stamp.writelines(f"{digest}  {path}\n" for path, digest in digests.items())


def stale_modules() -> list[str]:
    """Compiled modules whose source changed since they were compiled, or that no stamp records."""
    recorded = recorded_sources()
    return [path for path in extension_modules() if recorded.get(path) != source_digest(path)]


def warn_if_edited_since() -> None:
    """On import: a source newer than the stamp is a compiled module older than its source."""
    try:
        built = os.stat(STAMP).st_mtime
        edited = [path for path in recorded_sources() if os.stat(os.path.join(SOURCE_ROOT, path)).st_mtime > built]
    except OSError:  # a source gone: the tests' hash check says which
        return
    if edited:
        print(
            f"ldnclass: {', '.join(edited)} changed after it was compiled, and the compiled copy still runs: "
            "run `make` (or `make pure` to run the sources)",
            file=sys.stderr,
        )


def describe() -> str:
    """What a benchmark measures, for its first line: compiled or plain. Stale is refused: the
    figures would be those of an older source."""
    stale = stale_modules()
    if stale:
        raise SystemExit(f"compiled before their sources changed: {', '.join(stale)}; run `make` (or `make pure`)")
    count = len(recorded_sources())
    return (
        f"the per-text path compiled with mypyc ({count} module{'s' if count != 1 else ''})"
        if count
        else "plain Python (not compiled)"
    )
