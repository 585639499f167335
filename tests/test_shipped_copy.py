"""The shipped regimens' JSON copy: the same content as the YAML, read only while it matches it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ldnclass.errors import RegimensFileError
from ldnclass.regimens import Regimens, _load_cached, _loader_class, default_regimens_path, write_shipped_copy

SHIPPED = default_regimens_path()
COPY = SHIPPED.with_suffix(".json")
STALE = "data/regimens.json no longer matches data/regimens.yaml: run `make data/regimens.json`"


def test_the_committed_copy_is_the_yaml_as_it_is_now() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    copy = json.loads(COPY.read_text(encoding="utf-8"))
    assert copy["yaml_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest(), STALE
    from_yaml = Regimens.model_validate(yaml.load(text, Loader=_loader_class()))
    assert Regimens.model_validate(copy["regimens"]).model_dump() == from_yaml.model_dump(), STALE


def _site_with_copy(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A copy of the shipped YAML and its JSON copy, in a folder of their own."""
    yaml_path = tmp_path / "regimens.yaml"
    shutil.copyfile(SHIPPED, yaml_path)
    write_shipped_copy(yaml_path)
    return yaml_path, json.loads(yaml_path.with_suffix(".json").read_text(encoding="utf-8"))


def test_the_copy_is_what_is_read_and_validates_to_the_same_models(tmp_path: Path) -> None:
    yaml_path, copy = _site_with_copy(tmp_path)
    from_yaml = _load_cached(str(yaml_path), False)  # a site's file: always its YAML
    assert _load_cached(str(yaml_path), True).model_dump() == from_yaml.model_dump()
    # The copy really is what is read: a change to it alone (hash kept) shows.
    copy["regimens"]["reviewed"] = "2001-02-03"
    yaml_path.with_suffix(".json").write_text(json.dumps(copy), encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(yaml_path, other / "regimens.yaml")
    shutil.copyfile(yaml_path.with_suffix(".json"), other / "regimens.json")
    assert str(_load_cached(str(other / "regimens.yaml"), True).reviewed) == "2001-02-03"


def test_a_stale_broken_or_invalid_copy_is_ignored_for_the_yaml(tmp_path: Path) -> None:
    yaml_path, copy = _site_with_copy(tmp_path)
    expected = _load_cached(str(yaml_path), False).model_dump()
    stale = {**copy, "yaml_sha256": "0" * 64, "regimens": {**copy["regimens"], "reviewed": "2001-02-03"}}
    invalid = {**copy, "regimens": {**copy["regimens"], "implausible_above_mg_per_day": -1}}
    nested = "[" * 100_000 + "]" * 100_000  # json.loads raises RecursionError, not ValueError
    broken = [json.dumps(stale), "{not json", json.dumps(invalid), "[]", json.dumps({}), nested]
    for number, written in enumerate(broken):
        folder = tmp_path / str(number)
        folder.mkdir()
        shutil.copyfile(yaml_path, folder / "regimens.yaml")
        (folder / "regimens.json").write_text(written, encoding="utf-8")
        assert _load_cached(str(folder / "regimens.yaml"), True).model_dump() == expected, written[:40]


def _loads_yaml(env: dict[str, str]) -> bool:
    code = "import sys; from ldnclass import classify; classify('4.5 mg qhs'); print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return out.stdout.strip() == "True"


def test_the_shipped_file_loads_without_pyyaml_and_a_sites_file_with_it(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LDNCLASS_REGIMENS"}
    assert not _loads_yaml(env)
    site = tmp_path / "site.yaml"
    shutil.copyfile(SHIPPED, site)
    write_shipped_copy(site)  # even with a copy beside it, a site's file is read as YAML
    assert _loads_yaml({**env, "LDNCLASS_REGIMENS": str(site)})


def test_no_copy_is_written_that_would_not_read_back_the_same(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    site = tmp_path / "regimens.yaml"  # a value JSON has no type for: bytes, which str() would garble
    site.write_text(
        re.sub(r'citation: "[^"]*"', "citation: !!binary SGVsbG8gd29ybGQ=", text, count=1), encoding="utf-8"
    )
    assert "!!binary" in site.read_text(encoding="utf-8")
    with pytest.raises((RegimensFileError, TypeError)):
        write_shipped_copy(site)
    assert not site.with_suffix(".json").exists()
