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
