"""The reading package shows a small face: nothing outside it imports its inner modules."""

from __future__ import annotations

import re
from pathlib import Path

import ldnclass.reading

SOURCE = Path(__file__).resolve().parents[1] / "src" / "ldnclass"
INNER = re.compile(r"^\s*(?:from|import)\s+ldnclass\.reading\.(\w+)", re.MULTILINE)


def test_only_the_package_imports_its_inner_modules() -> None:
    for path in SOURCE.glob("*.py"):  # everything outside ldnclass/reading/
        found = INNER.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} imports ldnclass.reading.{found[0]}: use the package's face"


def test_the_face_is_what_it_says() -> None:
    assert {"read", "Reading", "ReadOptions"} <= set(ldnclass.reading.__all__)
    for name in ldnclass.reading.__all__:
        assert hasattr(ldnclass.reading, name), name
