"""The built wheel carries the data and works from any folder."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_regimens_and_units_and_reads_them_from_elsewhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("ldnclass-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "ldnclass/data/regimens.yaml" in names and "ldnclass/units.txt" in names
    assert zipfile.ZipFile(wheel).read("ldnclass/data/regimens.yaml") == (REPO / "data" / "regimens.yaml").read_bytes()
    assert zipfile.ZipFile(wheel).read("ldnclass/data/regimens.json") == (REPO / "data" / "regimens.json").read_bytes()

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import json, sys; from ldnclass import classify; from ldnclass.regimens import default_regimens_path; "
        "print(json.dumps([str(default_regimens_path()), classify('4.5 mg qhs').dose_class, 'yaml' in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path, dose_class, parsed_yaml = json.loads(out)
    assert path.startswith(str(target)) and dose_class == "LDN"
    assert not parsed_yaml  # the wheel's JSON copy of the data was read
