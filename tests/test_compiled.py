"""The compiled per-text path (tools/compile.py, mypyc) answers as its sources do, and is never stale."""

from __future__ import annotations

import csv
import hashlib
import importlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_batch_jobs import mixed_export

from ldnclass import classify, compiled

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "cases"
PRODUCTS = [None, "naltrexone 50 mg tablet", "naltrexone 4.5 mg capsule", "naltrexone 1 mg/mL oral solution"]
_MADE_BY_MAKE = REPO / "build" / ".compiled"
_ANSWER = """
import json, sys
from ldnclass import classify
for text, product in json.load(sys.stdin):
    print(json.dumps(classify(text, product=product).to_dict(), sort_keys=True))
"""


def _case_texts() -> list[tuple[str, str | None]]:
    """Every text of the case tables, each with a product, and with its numbers changed (the rare
    paths a table's own numbers never reach)."""
    texts = []
    for table in sorted(CASES.glob("*.csv")):
        with table.open(newline="", encoding="utf-8") as rows:
            texts += [row["text"] for row in csv.DictReader(rows)]
    chosen = random.Random(30)
    numbers = ["0.5", "1", "1.5", "2", "3", "4.5", "8", "25", "50", "100", "380", "1/2", "2.25"]
    changed = [re.sub(r"\d+(?:\.\d+)?", lambda _: chosen.choice(numbers), text) for text in texts for _ in range(2)]
    return [(text, chosen.choice(PRODUCTS)) for text in [*texts, *changed]]


def _compiled_modules() -> list[str]:
    return [path.removesuffix(".py").replace("/", ".") for path in compiled.recorded_sources()]


def _sources_alone(root: Path) -> Path:
    """A checkout's src/ and data/ without the compiled modules: the package as plain Python."""
    shutil.copytree(
        REPO / "src" / "ldnclass", root / "src" / "ldnclass", ignore=shutil.ignore_patterns("*.so", "*.stamp")
    )
    shutil.copytree(REPO / "data", root / "data")
    return root / "src"


compiled_here = pytest.mark.skipif(not compiled.recorded_sources(), reason="the per-text path is not compiled here")


@pytest.mark.skipif(not (_MADE_BY_MAKE.exists() and shutil.which("cc")), reason="not made here, or no C compiler")
def test_make_never_falls_back_quietly_where_it_can_compile() -> None:
    """tools/compile.py leaves plain Python where it cannot compile; where it can, a failure is a bug."""
    assert compiled.recorded_sources(), "make ran, a C compiler is here, and nothing was compiled"


@compiled_here
def test_make_compiled_the_whole_per_text_path() -> None:
    """What make compiled is what runs: every module the stamp records is imported compiled."""
    assert "ldnclass/reading/grammar.py" in compiled.recorded_sources()
    for name in _compiled_modules():
        assert importlib.import_module(name).__file__.endswith(".so"), name


@compiled_here
def test_compiled_answers_as_the_sources_do(tmp_path: Path) -> None:
    sources = _sources_alone(tmp_path)
    texts = _case_texts()
    env = {**os.environ, "PYTHONPATH": str(sources)}
    done = subprocess.run(
        [sys.executable, "-c", _ANSWER], input=json.dumps(texts), capture_output=True, text=True, env=env, check=True
    )
    assert "ldnclass/reading/grammar.py" not in done.stderr
    from_sources = done.stdout.splitlines()
    assert len(from_sources) == len(texts) > 3000
    for (text, product), answer in zip(texts, from_sources, strict=True):
        assert json.dumps(classify(text, product=product).to_dict(), sort_keys=True) == answer, (text, product)


@compiled_here
@pytest.mark.parametrize("options", [[], ["--cache-size", "5"], ["--no-escape-formulas"]])
def test_a_csv_batch_writes_compiled_the_bytes_its_sources_write(options: list[str], tmp_path: Path) -> None:
    """The per-row loop (plain_rows.py) is compiled too: the same bytes, and the same summary
    (repeated and new texts, quoted cells, one over two lines, ragged rows, formulas, errors)."""
    assert "ldnclass/plain_rows.py" in compiled.recorded_sources()
    export = tmp_path / "export.csv"
    export.write_text(mixed_export(4_000), newline="")
    command = [sys.executable, "-m", "ldnclass", "batch", "-f", "csv", "--summary", *options, str(export)]
    plain_env = {**os.environ, "PYTHONPATH": str(_sources_alone(tmp_path)), "NO_COLOR": "1"}
    from_sources = subprocess.run(command, capture_output=True, env=plain_env, check=False)
    compiled_run = subprocess.run(command, capture_output=True, env={**os.environ, "NO_COLOR": "1"}, check=False)
    assert from_sources.returncode == compiled_run.returncode == 1  # some rows are errors, as intended
    assert len(from_sources.stdout.splitlines()) > 4_000
    assert compiled_run.stdout == from_sources.stdout
    assert compiled_run.stderr == from_sources.stderr


@compiled_here
def test_the_pure_run_is_the_sources(tmp_path: Path) -> None:
    """The comparison above is against the sources, never the compiled copy again."""
    sources = _sources_alone(tmp_path)
    where = "import ldnclass.reading.grammar as g; print(g.__file__)"
    done = subprocess.run(
        [sys.executable, "-c", where], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(sources)}
    )
    assert done.stdout.strip() == str(sources / "ldnclass" / "reading" / "grammar.py")


def _package(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package with one compiled module, ``ldnclass/dose.py``, and its stamp, as tools/compile.py leaves it."""
    package = root / "ldnclass"
    package.mkdir()
    source = package / "dose.py"
    source.write_text("DOSE = 4.5\n")
    (package / "dose.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    stamp = package / "compiled.stamp"
    stamp.write_text(f"{hashlib.sha256(source.read_bytes()).hexdigest()}  ldnclass/dose.py\n")
    compiled_at = source.stat().st_mtime - 10  # a second edit's time must come after it
    os.utime(source, (compiled_at - 10, compiled_at - 10))
    os.utime(stamp, (compiled_at, compiled_at))
    for name, value in [("PACKAGE", package), ("SOURCE_ROOT", root), ("STAMP", stamp)]:
        monkeypatch.setattr(compiled, name, str(value))
    return package


def test_a_source_edited_after_compiling_is_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    package = _package(tmp_path, monkeypatch)
    assert compiled.stale_modules() == []
    compiled.warn_if_edited_since()
    assert capsys.readouterr().err == ""
    (package / "dose.py").write_text("DOSE = 3\n")
    assert compiled.stale_modules() == ["ldnclass/dose.py"]
    compiled.warn_if_edited_since()
    assert "ldnclass/dose.py changed after it was compiled" in capsys.readouterr().err


def test_a_compiled_module_no_stamp_records_is_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package(tmp_path, monkeypatch)
    (package / "reading").mkdir()
    (package / "reading" / "pieces.py").write_text("")
    (package / "reading" / "pieces.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    assert compiled.stale_modules() == ["ldnclass/reading/pieces.py"]
    (package / "compiled.stamp").unlink()
    assert compiled.stale_modules() == ["ldnclass/dose.py", "ldnclass/reading/pieces.py"]


def test_a_benchmark_says_what_it_measures_and_refuses_a_stale_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package(tmp_path, monkeypatch)
    assert compiled.describe() == "the per-text path compiled with mypyc (1 module)"
    (package / "dose.py").write_text("DOSE = 3\n")
    with pytest.raises(SystemExit, match=r"ldnclass/dose\.py"):
        compiled.describe()
    for path in package.glob("*.so"):
        path.unlink()
    (package / "compiled.stamp").unlink()
    assert compiled.describe() == "plain Python (not compiled)"
