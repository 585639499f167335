"""One list of error codes: the ErrorCode enum is the only place a code is named, and the
README's error table is that enum, row for row (so neither can drift)."""

from __future__ import annotations

import re
from pathlib import Path

from ldnclass.errors import ErrorCode

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- error-codes:start -->", "<!-- error-codes:end -->"


def error_table() -> str:
    """The README's table, made from the enum."""
    rows = ["| code | meaning: the text or the run … |", "|---|---|"]
    rows += [f"| `{code.value}` | {code.description} |" for code in ErrorCode]
    return "\n".join(rows)


def test_the_readme_error_table_is_the_enum() -> None:
    text = README.read_text(encoding="utf-8")
    documented = text.split(START)[1].split(END)[0].strip()
    assert documented == error_table(), "regenerate it: python tests/test_error_codes.py"


def test_no_code_is_spelled_out_in_the_source() -> None:
    """Every raise names its code through the enum: no string literal that is a code appears as
    an error's code argument, and no code is built at run time."""
    spelled = re.compile(r"(?:Error|ResultError)\([^()]*?,\s*f?\"[a-z]+(?:-[a-z]+)*\"\s*\)", re.S)
    built = re.compile(r"f\"(?:conflicting|ambiguous|no|bad)-\{")
    for path in (ROOT / "src" / "ldnclass").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not spelled.search(source), f"{path.name}: {spelled.search(source).group(0)[:80]}"  # type: ignore[union-attr]
        assert not built.search(source), path.name


def test_codes_are_unique_and_kebab_case() -> None:
    values = [code.value for code in ErrorCode]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", value) for value in values)


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(START)
    _, after = rest.split(END)
    README.write_text(f"{before}{START}\n{error_table()}\n{END}{after}", encoding="utf-8")
