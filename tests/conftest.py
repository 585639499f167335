from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from ldnclass.compiled import stale_modules
from ldnclass.regimens import Regimens, default_regimens_path, load_regimens

REPO = Path(__file__).resolve().parents[1]


def pytest_sessionstart(session: pytest.Session) -> None:
    # A compiled module older than its source would test the old source: never.
    stale = stale_modules()
    if stale:
        pytest.exit(f"compiled before their sources changed: {', '.join(stale)}; run `make test` (or `make pure`)", 2)


@pytest.fixture(scope="session")
def regimens() -> Regimens:
    """The shipped regimens, loaded once for the whole run (like pint's one registry)."""
    return load_regimens(default_regimens_path())


@pytest.fixture()
def shipped_yaml() -> str:
    return default_regimens_path().read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_site_regimens(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's own LDNCLASS_REGIMENS must not change what the tests see.
    monkeypatch.delenv("LDNCLASS_REGIMENS", raising=False)


@pytest.fixture(scope="session")
def installed_command() -> str:
    """The console script of the installed project, for real-subprocess tests."""
    beside_python = Path(sys.executable).parent / "ldnclass"
    found = str(beside_python) if beside_python.exists() else shutil.which("ldnclass")
    if found is None:
        pytest.fail("the ldnclass command is not installed: run `make test`, which installs it")
    return found


@pytest.fixture()
def plain_env() -> dict[str, str]:
    """An environment for subprocesses: no colour, fixed width, no site regimens."""
    env = {k: v for k, v in os.environ.items() if k != "LDNCLASS_REGIMENS"}
    env.update({"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "LDNCLASS_NO_HISTORY": "1"})
    return env
