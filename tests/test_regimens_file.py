"""A site's regimens file that is hostile or broken: refused quickly, with the file and the line named."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ldnclass import classify
from ldnclass.errors import RegimensFileError
from ldnclass.regimens import MAX_FILE_BYTES, Regimens, _loader_class, load_regimens


@pytest.fixture(params=["c", "pure-python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with PyYAML's C loader (when built) and with its pure-Python one."""
    if request.param == "pure-python":
        monkeypatch.setattr("ldnclass.regimens._loader_class", lambda: _loader_class(pure_python=True))
    return str(request.param)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line that starts (after indentation) with ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(needle)]
    return found[occurrence - 1]


def _refused_quickly(load: Callable[[], Regimens], seconds: float = 5.0) -> str:
    """Run ``load`` in a thread so a hang fails the test instead of stalling the run."""
    outcome: list[BaseException | Regimens] = []

    def run() -> None:
        try:
            outcome.append(load())
        except BaseException as error:  # reported below, whatever it is
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    started = time.perf_counter()
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"loading did not finish in {seconds} s"
    assert time.perf_counter() - started < seconds
    (result,) = outcome
    assert isinstance(result, RegimensFileError), f"expected RegimensFileError, got {result!r}"
    return str(result)


@pytest.mark.usefixtures("yaml_loader")
def test_a_duplicate_key_in_a_band_is_an_error_naming_file_key_and_line(tmp_path: Path, shipped_yaml: str) -> None:
    text = shipped_yaml.replace("    class: LDN\n", "    class: LDN\n    class: HDN\n", 1)
    assert text != shipped_yaml
    path = _write(tmp_path, text)
    message = _refused_quickly(lambda: load_regimens(path))
    line = _line_of(text, "class: HDN")
    assert str(path) in message and "duplicate key 'class'" in message
    assert f"line {line}:" in message and f"first given on line {line - 1}" in message


@pytest.mark.usefixtures("yaml_loader")
def test_a_duplicate_key_nested_inside_a_band_range_is_an_error(tmp_path: Path, shipped_yaml: str) -> None:
    text = shipped_yaml.replace("      max_mg: 4.5\n", "      max_mg: 4.5\n      max_mg: 50\n", 1)
    assert text != shipped_yaml
    message = _refused_quickly(lambda: load_regimens(_write(tmp_path, text)))
    assert "duplicate key 'max_mg'" in message and f"line {_line_of(text, 'max_mg: 50')}:" in message


@pytest.mark.usefixtures("yaml_loader")
def test_a_duplicate_top_level_key_is_an_error(tmp_path: Path, shipped_yaml: str) -> None:
    text = shipped_yaml + "\nimplausible_above_mg_per_day: 2000\n"
    message = _refused_quickly(lambda: load_regimens(_write(tmp_path, text)))
    assert "duplicate key 'implausible_above_mg_per_day'" in message
    assert f"line {len(text.splitlines())}:" in message


@pytest.mark.usefixtures("yaml_loader")
def test_a_duplicate_key_in_a_flow_mapping_is_an_error(tmp_path: Path) -> None:
    assert "duplicate key 'a'" in _refused_quickly(lambda: load_regimens(_write(tmp_path, "{a: 1, a: 2}\n")))


@pytest.mark.usefixtures("yaml_loader")
def test_a_merge_key_may_be_overridden(tmp_path: Path) -> None:
    # '<<' exists to be overridden: not a duplicate. The file is then refused for its content only.
    message = _refused_quickly(lambda: load_regimens(_write(tmp_path, "x: &b {a: 1}\ny:\n  <<: *b\n  a: 2\n")))
    assert "duplicate" not in message and "Extra inputs" in message


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("max_mg: 4.5", "max_mg: '1e9999999'"),
        ("max_mg: 4.5", "max_mg: 1e400"),
        ("max_mg: 4.5", "max_mg: 1.0e+400"),
        ("max_mg: 4.5", "max_mg: .inf"),
        ("max_mg: 4.5", "max_mg: .nan"),
        ("max_mg: 4.5", "max_mg: " + "9" * 5000),
        ("max_mg: 4.5", "max_mg: 4." + "5" * 5000),
        ("max_mg: 4.5", "max_mg: 2000000"),
        ("min_mg: 4.5", "min_mg: '1e-9999999'"),
        ("implausible_above_mg_per_day: 1000", "implausible_above_mg_per_day: '1e9999999'"),
        ("dose_mg: 100", "dose_mg: '1e9999999'"),
        ("every_days: 2", "every_days: " + "9" * 30),
        ("strength_mg_per_unit: 8", "strength_mg_per_unit: '1E+400'"),
        ("naltrexone_hcl: 377.86", "naltrexone_hcl: '1e9999999'"),
    ],
)
def test_an_absurd_number_is_refused_at_load_and_quickly(tmp_path: Path, shipped_yaml: str, old: str, new: str) -> None:
    text = shipped_yaml.replace(old, new, 1)
    assert text != shipped_yaml
    path = _write(tmp_path, text)
    message = _refused_quickly(lambda: load_regimens(path), seconds=2.0)
    assert str(path) in message
    assert f"line {_line_of(text, new[:20])}:" in message


def test_a_number_at_the_limits_still_loads(tmp_path: Path, shipped_yaml: str) -> None:
    site = load_regimens(_write(tmp_path, shipped_yaml.replace("naltrexone_hcl: 377.86", "naltrexone_hcl: 377.860000")))
    assert classify("4.5 mg", site).band == "ldn"


def test_a_validation_error_names_the_line_of_the_field(tmp_path: Path, shipped_yaml: str) -> None:
    text = shipped_yaml.replace("  - id: ldn\n", "  - id: ldn\n    colour: green\n", 1)
    message = _refused_quickly(lambda: load_regimens(_write(tmp_path, text)))
    assert f"line {_line_of(text, 'colour:')}: entry bands[1] (id 'ldn'), field 'colour'" in message


@pytest.mark.usefixtures("yaml_loader")
def test_a_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "reviewed: 2026-01-01\nbands: [\n  x: y\n")
    message = _refused_quickly(lambda: load_regimens(path))
    assert str(path) in message and "not valid YAML" in message and "line " in message


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize(
    "text",
    [
        # a "billion laughs": ten lines that expand to 10^6 values
        "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcde", "bcdef", strict=True)),
        "a: &a [1, *a]\n",
        "a: " + "[" * 20_000 + "]" * 20_000 + "\n",
    ],
    ids=["alias-bomb", "self-reference", "deep-nesting"],
)
def test_a_structure_too_big_or_too_deep_is_refused_quickly(tmp_path: Path, text: str) -> None:
    _refused_quickly(lambda: load_regimens(_write(tmp_path, text)))


def test_dev_zero_is_not_read() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    assert "not a regular file" in _refused_quickly(lambda: load_regimens("/dev/zero"))


def test_a_fifo_is_not_waited_on(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "regimens.yaml"
    os.mkfifo(fifo)
    assert "not a regular file" in _refused_quickly(lambda: load_regimens(fifo), seconds=2.0)


def test_a_symlink_loop_is_a_file_error_not_a_runtime_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    message = _refused_quickly(lambda: load_regimens(tmp_path / "a.yaml"))
    assert "cannot read regimens file" in message and "a.yaml" in message


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert "is a directory" in _refused_quickly(lambda: load_regimens(tmp_path))


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, shipped_yaml: str) -> None:
    padding = "# " + "x" * 100 + "\n"
    text = shipped_yaml + padding * (MAX_FILE_BYTES // len(padding) + 1)
    message = _refused_quickly(lambda: load_regimens(_write(tmp_path, text)))
    assert "over the limit" in message and str(MAX_FILE_BYTES) in message


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"reviewed: 2026-01-01\nnote: caf\xe9\n")
    assert "line 2: not UTF-8" in _refused_quickly(lambda: load_regimens(path))


def test_a_symlink_to_a_good_file_still_loads(tmp_path: Path, shipped_yaml: str) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(_write(tmp_path, shipped_yaml))
    assert load_regimens(link).path == str((tmp_path / "site.yaml").resolve())


@pytest.mark.usefixtures("yaml_loader")
def test_a_raw_control_character_names_its_line(tmp_path: Path) -> None:
    message = _refused_quickly(lambda: load_regimens(_write(tmp_path, "reviewed: 2026-01-01\nnote: a\x1bb\n")))
    assert "line 2: not valid YAML: character U+001B" in message


@pytest.mark.parametrize("value", ["1e400", "'1e9999999'", "-50", ".inf"])
def test_an_absurd_weekday_amount_is_refused(tmp_path: Path, shipped_yaml: str, value: str) -> None:
    text = shipped_yaml.replace("mg_by_weekday: {mon: 50,", f"mg_by_weekday: {{mon: {value},", 1)
    assert text != shipped_yaml
    message = _refused_quickly(lambda: load_regimens(_write(tmp_path, text)), seconds=2.0)
    assert "mg_by_weekday.mon" in message and f"line {_line_of(text, 'mg_by_weekday: {mon: ' + value)}:" in message


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('      status: off-label\n      headline: "off-label, compounded"\n', "", "label_status"),
        ("      status: off-label\n", "      status: approved-ish\n", "label_status.status"),
        (
            '        headline: "over Contrave\'s labeled maximum (32 mg/day)"\n',
            '        headline: "over Contrave\'s labeled maximum (32 mg/day)"\n      colour: red\n',
            "colour",
        ),
        ("    max_daily_dose_mg: 32\n", "", "otherwise"),
        ("    leads_to: ldn\n", "    leads_to: nowhere\n", "leads_to unknown band"),
        (
            "        daily_dose_mg:\n          min_mg: 0.5\n",
            "        dose_mg: 1\n        daily_dose_mg:\n          min_mg: 0.5\n",
            "give dose_mg and every_days",
        ),
    ],
)
def test_label_status_and_new_fields_are_validated_strictly(
    tmp_path: Path, shipped_yaml: str, old: str, new: str, message: str
) -> None:
    text = shipped_yaml.replace(old, new, 1)
    assert text != shipped_yaml
    with pytest.raises(RegimensFileError, match=message):
        load_regimens(_write(tmp_path, text))
