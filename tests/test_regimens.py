"""The regimens file: validated strictly, replaceable by a site, errors that name what is wrong."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldnclass import classify
from ldnclass.errors import RegimensFileError
from ldnclass.regimens import Regimens, load_regimens


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_file_has_the_bands_of_the_rule(regimens: Regimens) -> None:
    bounds = {b.id: b.daily_dose_mg for b in regimens.bands if b.daily_dose_mg}
    assert list(bounds) == ["below-ldn", "ldn", "between", "hdn", "above-hdn"]
    assert (bounds["ldn"].min_mg, bounds["ldn"].max_mg) == (Decimal(1), Decimal("4.5"))
    assert bounds["ldn"].min_inclusive and bounds["ldn"].max_inclusive
    assert (bounds["hdn"].min_mg, bounds["hdn"].max_mg) == (Decimal(50), Decimal(100))
    assert regimens.implausible_above_mg_per_day == 1000


def test_every_entry_has_content_and_sources(regimens: Regimens) -> None:
    for entry in (*regimens.bands, *regimens.regimens):
        assert entry.label and entry.fda_status.summary
        assert entry.sources and all(s.url.startswith("http") for s in entry.sources)
    hdn = regimens.regimen("hdn-oral")
    assert hdn.fda_status.approved
    assert any("1984" in a.since for a in hdn.fda_status.approvals)
    assert any("ausea" in e.effect and e.frequency and "10" in e.frequency for e in hdn.adverse_effects)
    assert not regimens.regimen("ldn-oral").fda_status.approved


def test_unknown_key_names_file_entry_and_field(tmp_path: Path, shipped_yaml: str) -> None:
    broken = shipped_yaml.replace("  - id: ldn\n", "  - id: ldn\n    colour: green\n", 1)
    assert broken != shipped_yaml
    path = _write(tmp_path, broken)
    with pytest.raises(RegimensFileError) as caught:
        load_regimens(path)
    message = str(caught.value)
    assert str(path) in message
    assert "(id 'ldn')" in message and "colour" in message


def test_a_band_gap_is_rejected(tmp_path: Path, shipped_yaml: str) -> None:
    path = _write(tmp_path, shipped_yaml.replace("min_mg: 50", "min_mg: 60", 1))
    with pytest.raises(RegimensFileError, match="neither gap nor overlap"):
        load_regimens(path)


@pytest.mark.parametrize("text", ["", "just text", "bands: [", "- a\n- b\n"])
def test_not_a_regimens_file(tmp_path: Path, text: str) -> None:
    with pytest.raises(RegimensFileError):
        load_regimens(_write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RegimensFileError, match="cannot read"):
        load_regimens(tmp_path / "nope.yaml")


def test_a_site_can_move_a_band_and_the_result_says_which_file(tmp_path: Path, shipped_yaml: str) -> None:
    # Stretch LDN to 5 mg, as some sources do.
    moved = shipped_yaml.replace("max_mg: 4.5", "max_mg: 5", 1).replace("min_mg: 4.5", "min_mg: 5", 1)
    path = _write(tmp_path, moved)
    site = load_regimens(path)
    result = classify("5 mg", site)
    assert (result.dose_class, result.band) == ("LDN", "ldn")
    assert result.regimens_file == str(path.resolve())
    assert classify("5 mg").band == "between"  # the shipped file is untouched
    assert classify("5 mg").regimens_file is None


def test_environment_variable_points_at_a_site_file(
    tmp_path: Path, shipped_yaml: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, shipped_yaml.replace("max_mg: 4.5", "max_mg: 5", 1).replace("min_mg: 4.5", "min_mg: 5", 1))
    monkeypatch.setenv("LDNCLASS_REGIMENS", str(path))
    assert load_regimens().path == str(path.resolve())
    assert classify("5 mg").band == "ldn"


@settings(max_examples=500, deadline=None)
@given(st.fractions(min_value=0, max_value=200, max_denominator=10**6))
def test_a_band_holds_a_dose_as_exact_comparison_says(daily: Fraction) -> None:
    """Bands compare by cross-multiplied integers: the same answer as comparing exactly."""
    for band in load_regimens().bands:
        limits = band.daily_dose_mg
        if limits is None:
            continue
        low, high = Fraction(limits.min_mg), Fraction(limits.max_mg)
        above = daily >= low if limits.min_inclusive else daily > low
        below = daily <= high if limits.max_inclusive else daily < high
        assert limits.contains(daily) == (above and below)
        assert limits.contains(low) == limits.min_inclusive and limits.contains(high) == limits.max_inclusive


# pydantic scans every installed distribution for plugins the first time it builds a model,
# unless PYDANTIC_DISABLE_PLUGINS is set; ours are built with it set, and only then.
_PLUGIN_PROBE = """
import os, sys
from ldnclass import classify, load_regimens
from ldnclass import regimens as module
regimens = load_regimens()
classify("4.5 mg qhs", regimens)
regimens.model_dump_json()
loader = sys.modules.get("pydantic.plugin._loader")
print(getattr(loader, "_plugins", None), os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
print(module.Regimens.__pydantic_complete__)
"""


@pytest.mark.parametrize("before", [None, "some_plugin"])
def test_our_models_are_built_without_the_plugin_scan_and_the_setting_is_restored(before: str | None) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if before is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = before
    run = subprocess.run([sys.executable, "-c", _PLUGIN_PROBE], env=env, capture_output=True, text=True, check=True)
    scanned, built_up_front = run.stdout.splitlines()
    # None: the scan never ran, so no model was built outside the setting (any later build of a
    # nested model would have run it); {} would mean it ran (a name in the setting skips only that plugin)
    assert scanned == ("None " + str(before) if before is not None else "None None")
    assert built_up_front == "True"
