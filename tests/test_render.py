"""The rich views: text from the data file or the user is shown as written, never obeyed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from ldnclass import classify
from ldnclass.regimens import Regimens, load_regimens
from ldnclass.render import printable, regimens_table, result_panel

MARKUP = ["[/bold]", "[red]x", "[link=http://example.com]y[/link]", "[bold"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("4.5 mg qhs", "4.5 mg qhs"),
        ("\x1b[2J4.5 mg", "\\x1b[2J4.5 mg"),
        ("a\tb\nc\rd", "a\\tb\\nc\\rd"),
        ("\x00\x07\x08\x7f", "\\x00\\x07\\x08\\x7f"),
        ("\x9b31m\x85", "\\x9b31m\\x85"),  # C1: U+009B is a one-character CSI
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        ("\u202ax\u202b\u202c\u202d\u202e", "\\u202ax\\u202b\\u202c\\u202d\\u202e"),
        ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
        ("4.5 µg ½ tab, 30 caps", "4.5 µg ½ tab, 30 caps"),  # printable Unicode is left alone
        ("C:\\doses\\x1b", "C:\\doses\\x1b"),  # a backslash is not a control
        ("[/bold]", "[/bold]"),  # markup is printable text: Text() keeps it literal
    ],
)
def test_printable_escapes_controls_and_nothing_else(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_printable_leaves_no_control_character_behind() -> None:
    every_char = "".join(chr(code) for code in range(0x3000))
    shown = printable(every_char)
    for code in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        assert chr(code) not in shown, f"U+{code:04X} was not escaped"
    assert "\t" not in printable("a\tb")  # safe inside one TSV cell


def _site(tmp_path: Path, shipped_yaml: str, quoted: str) -> Regimens:
    """The shipped file with ``quoted`` (the inside of a YAML double-quoted string) in the
    LDN band's label and notes, and in the FDA summary of the band below it."""
    before, ldn = shipped_yaml.split("  - id: ldn\n", 1)
    ldn = ldn.replace('label: "Low-dose naltrexone (LDN)"', f'label: "LDN {quoted}"', 1)
    ldn = ldn.replace("    notes:\n", f'    notes:\n      - "note {quoted}"\n', 1)
    before = before.replace('summary: "No FDA-approved', f'summary: "{quoted} No FDA-approved', 1)
    site = before + "  - id: ldn\n" + ldn
    assert site.count(quoted) == 3
    path = tmp_path / "site.yaml"
    path.write_text(site, encoding="utf-8")
    return load_regimens(path)


def _render(renderable: object) -> str:
    console = Console(file=io.StringIO(), width=400, color_system=None, record=True)
    console.print(renderable)
    return console.export_text()


@pytest.mark.parametrize("markup", MARKUP)
def test_markup_in_the_data_file_is_shown_literally_in_the_table(
    tmp_path: Path, shipped_yaml: str, markup: str
) -> None:
    out = _render(regimens_table(_site(tmp_path, shipped_yaml, markup)))
    assert f"{markup} No FDA-approved" in out


@pytest.mark.parametrize("markup", MARKUP)
def test_markup_in_the_data_file_is_shown_literally_in_the_panel(
    tmp_path: Path, shipped_yaml: str, markup: str
) -> None:
    site = _site(tmp_path, shipped_yaml, markup)
    out = _render(result_panel(classify("4.5 mg qhs", site), site, details=True))
    assert f"LDN {markup}" in out and f"note {markup}" in out


@pytest.mark.parametrize("text", ["4.5 mg [/bold]", "[red]4.5 mg", "4.5 mg [bold"])
def test_markup_in_a_dose_text_is_shown_literally(regimens: Regimens, text: str) -> None:
    assert text in _render(result_panel(classify(text, regimens), regimens))


@pytest.mark.parametrize("text", ["\x1b[2J4.5 mg", "4.5 mg\x9b2J", "4.5 mg\u202e qhs", "4.5\nmg"])
def test_controls_in_a_dose_text_are_escaped_in_the_panel(regimens: Regimens, text: str) -> None:
    out = _render(result_panel(classify(text, regimens), regimens))
    assert printable(text) in out
    for char in "\x1b\x9b\u202e":
        assert char not in out


def test_controls_in_the_data_file_are_escaped_in_table_and_panel(tmp_path: Path, shipped_yaml: str) -> None:
    site = _site(tmp_path, shipped_yaml, "\\e[31mred\\u202e")  # YAML escapes: the file itself stays plain
    table = _render(regimens_table(site))
    panel = _render(result_panel(classify("4.5 mg qhs", site), site, details=True))
    for out in (table, panel):
        assert "\\x1b[31mred\\u202e" in out
        assert "\x1b" not in out and "\u202e" not in out
