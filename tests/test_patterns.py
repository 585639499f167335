"""Patterns compiled where first used (patterns.py): none at import, the same answers as re."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from ldnclass.patterns import LazyPattern

# Every module a classification imports, and the patterns compiled at its import: none. (There
# were 30, about 3 ms of every start; "4.5 mg qhs" needs 7.)
_HELD_AT_IMPORT = """
import re, sys
import ldnclass.classifier
held = sorted(
    f"{name}.{attribute}"
    for name, module in list(sys.modules.items())
    if name.startswith("ldnclass")
    for attribute, value in vars(module).items()
    if isinstance(value, re.Pattern)
)
print(held)
"""


def test_a_classification_imports_no_compiled_pattern() -> None:
    done = subprocess.run([sys.executable, "-c", _HELD_AT_IMPORT], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


_SOURCES = [r"(?<=[a-z])\(s\)", r"[0-9]{1,2}/[0-9]{1,2}", r"\b(day|week)s? (\d+)", r"mg|mcg|g\b", r"[a-z]+"]


@given(
    source=st.sampled_from(_SOURCES), text=st.text(alphabet="ab12/ ()sdaywekmgc", max_size=30), pos=st.integers(0, 8)
)
def test_a_lazy_pattern_answers_as_the_compiled_one(source: str, text: str, pos: int) -> None:
    lazy, compiled = LazyPattern(source, re.IGNORECASE), re.compile(source, re.IGNORECASE)

    def spans(match: re.Match[str] | None) -> tuple[int, int] | None:
        return None if match is None else match.span()

    assert spans(lazy.search(text, pos)) == spans(compiled.search(text, pos))
    assert spans(lazy.match(text, pos)) == spans(compiled.match(text, pos))
    assert spans(lazy.fullmatch(text)) == spans(compiled.fullmatch(text))
    assert lazy.sub("_", text) == compiled.sub("_", text)
    assert lazy.sub(lambda found: found.group(0).upper(), text) == compiled.sub(lambda m: m.group(0).upper(), text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.compiled is lazy.compiled  # compiled once
