"""The label status in the headline, and a default panel that fits an 80×24 terminal."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from ldnclass import classify
from ldnclass.regimens import Regimens
from ldnclass.render import headline, headline_style, result_panel, show_result

# text, label status, the headline as shown, and the headline's colour
HEADLINES = [
    ("4.5 mg qhs", "off-label", "LDN · off-label, compounded", "green"),
    ("2.25 mg bid", "off-label", "LDN · off-label, compounded", "green"),
    ("50 mg daily", "labeled", "HDN · labeled (50 mg daily)", "blue"),
    ("100 mg daily", "off-label", "HDN · off-label dose (the label gives 50 mg once daily)", "blue"),
    ("100 mg qod", "labeled", "HDN · labeled alternative schedule (supervised opioid blockade)", "blue"),
    ("150 mg every 3 days", "labeled", "HDN · labeled alternative schedule (supervised opioid blockade)", "blue"),
    (
        "50 mg Mon-Fri and 100 mg Sat",
        "labeled",
        "HDN · labeled alternative schedule (supervised opioid blockade)",
        "blue",
    ),
    ("100 mg Mon and Wed, 150 mg Fri", "off-label", "HDN · off-label schedule, used in supervised programmes", "blue"),
    ("25 mg daily", "labeled", "out-of-range · labeled first dose (25 mg, opioid dependence)", "cyan"),
    ("12.5 mg daily", "off-label", "out-of-range · off-label lead-in (alcohol use disorder practice)", "yellow"),
    ("0.5 mg qhs", "off-label", "out-of-range · off-label; an LDN starting step or a child's dose", "yellow"),
    ("0.1 mg", "off-label", "out-of-range · off-label; below any usual LDN dose", "yellow"),
    ("10 mg daily", "off-label", "out-of-range · off-label; no plain naltrexone product is labeled here", "yellow"),
    ("150 mg daily", "outside-label", "out-of-range · above labeled dosing; confirm with the prescriber", "red"),
    ("Contrave 2 tabs bid", "labeled", "out-of-range · Contrave within labeled dosing (≤ 32 mg/day)", "cyan"),
    ("Contrave 1 tab qam", "labeled", "out-of-range · Contrave within labeled dosing (≤ 32 mg/day)", "cyan"),
    ("Contrave 3 tabs bid", "outside-label", "out-of-range · over Contrave's labeled maximum (32 mg/day)", "red"),
    ("Vivitrol 380 mg IM q4 weeks", "labeled", "HDN · labeled (Vivitrol 380 mg every 4 weeks)", "blue"),
    ("Vivitrol 380 mg monthly", "labeled", "HDN · labeled (Vivitrol 380 mg every 4 weeks)", "blue"),
    ("Vivitrol 190 mg q4 weeks", "outside-label", "HDN · outside the label (Vivitrol is 380 mg every 4 weeks)", "red"),
    ("naltrexone 1% cream apply bid", "not-applicable", "Topical · oral bands do not apply", "cyan"),
]


@pytest.mark.parametrize(("text", "status", "shown", "colour"), HEADLINES, ids=[h[0] for h in HEADLINES])
def test_headline_shows_class_and_label_status(
    regimens: Regimens, text: str, status: str, shown: str, colour: str
) -> None:
    result = classify(text, regimens)
    assert result.ok, result.error
    assert result.label_status == status
    assert result.to_dict()["label_status"] == status
    assert headline(result).plain == shown
    assert headline_style(result).split()[-1] == colour


def test_an_unreadable_dose_has_no_label_status(regimens: Regimens) -> None:
    result = classify("4.5", regimens)
    assert result.label_status is None and result.to_dict()["label_status"] is None


def test_titration_steps_have_their_own_label_status_and_a_routine_start_is_not_warned(regimens: Regimens) -> None:
    result = classify("start 0.5 mg nightly, increase by 0.5 mg weekly to 4.5 mg", regimens)
    assert result.steps[0].regimen == "ldn-titration-start"
    assert {step.label_status for step in result.steps} == {"off-label"}
    assert not any("different bands" in warning for warning in result.warnings)
    contrave = classify("Contrave 1 tab qam x 7 days, then 1 tab bid x 7 days, then 2 tabs bid", regimens)
    assert [step.label_status for step in contrave.steps] == ["labeled", "labeled", "labeled"]


def _screen(renderable: object, width: int = 80) -> list[str]:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text().splitlines()


def _every_form(regimens: Regimens) -> list[str]:
    """A dose for every band and every regimen, and the longest forms: titrations, a weekday schedule."""
    texts = [
        "0.1 mg",
        "0.5 mg qhs",
        "4.5 mg qhs",
        "2.25 mg bid",
        "10 mg daily",
        "25 mg daily",
        "12.5 mg daily",
        "50 mg daily",
        "100 mg qod",
        "100 mg Mon and Wed, 150 mg Fri",
        "150 mg daily",
        "Vivitrol 380 mg IM q4 weeks",
        "Vivitrol 190 mg every 2 weeks",
        "Contrave 2 tabs bid",
        "Contrave 3 tabs bid",
        "naltrexone 1% cream apply bid",
        "naltrexone base 4.5 mg",
        "4.50 mg",
        "start 0.5 mg nightly, increase by 0.5 mg weekly to 4.5 mg",
        "start 1 mg daily, increase by 1 mg weekly to 50 mg qod",
        "1.5 mg qhs x 7 days, then 3 mg qhs x 7 days, then 4.5 mg qhs",
        "50 mg weekly",
        "take 1/2 tablet of 50 mg (25 mg total) daily",
    ]
    covered = {classify(text, regimens).regimen for text in texts} | {classify(t, regimens).band for t in texts}
    assert {r.id for r in regimens.regimens} <= covered
    assert {b.id for b in regimens.bands} <= covered
    return texts


def test_every_band_regimen_and_titration_fits_80_by_24(regimens: Regimens) -> None:
    for text in _every_form(regimens):
        for context in (None, "dermatology"):
            result = classify(text, regimens)
            lines = _screen(result_panel(result, regimens, context=context))
            assert len(lines) <= 24, (text, len(lines), "\n".join(lines))
            class_line = next(n for n, line in enumerate(lines) if "Class " in line)
            assert class_line < 24
            assert all(len(line) <= 80 for line in lines)


def test_the_panel_is_capped_near_100_columns_on_a_wide_terminal(regimens: Regimens) -> None:
    lines = _screen(result_panel(classify("4.5 mg qhs", regimens), regimens), width=200)
    assert max(len(line) for line in lines) <= 100


def test_numbers_have_no_float_noise(regimens: Regimens) -> None:
    out = "\n".join(_screen(result_panel(classify("50 mg weekly", regimens), regimens)))
    assert "≈ 7.14 mg/day" in out and "≈7.1429" not in out and "= ≈" not in out


@pytest.mark.parametrize(
    ("text", "own", "foreign"),
    [
        ("Contrave 2 tabs bid", "Contrave", "tenfold"),
        ("Vivitrol 380 mg IM q4 weeks", "gluteal", "Classed as HDN by route"),
        ("naltrexone 1% cream apply bid", "29.4%", "Toljan"),
    ],
)
def test_a_product_panel_shows_that_products_notes_and_sources_only(
    regimens: Regimens, text: str, own: str, foreign: str
) -> None:
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    show_result(console, classify(text, regimens), regimens, details=True)
    out = console.export_text()
    assert own in out and foreign not in out


def test_details_print_each_url_whole(regimens: Regimens) -> None:
    console = Console(file=io.StringIO(), width=80, record=True, color_system=None)
    show_result(console, classify("50 mg daily", regimens), regimens, details=True)
    lines = [line.strip() for line in console.export_text().splitlines()]
    for source in regimens.regimen("hdn-oral").sources:
        assert source.url in lines


def test_opioid_co_use_comes_first_on_every_systemic_panel(regimens: Regimens) -> None:
    for entry in (*regimens.bands, *regimens.regimens):
        if entry.route != "topical":
            assert entry.key_warnings and "pioid" in entry.key_warnings[0], entry.id


def test_a_split_ldn_dose_gets_the_once_daily_note(regimens: Regimens) -> None:
    bid = "\n".join(_screen(result_panel(classify("2.25 mg bid", regimens), regimens), width=100))
    qhs = "\n".join(_screen(result_panel(classify("4.5 mg qhs", regimens), regimens), width=100))
    assert "once a day" in bid and "once a day" not in qhs


def _drawn(renderable: object, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [12, 30, 60, 100])
def test_labelled_rows_draw_what_rich_s_two_column_grid_draws(width: int) -> None:
    """The panel's rows are drawn by our own small renderable, for speed at the prompt. It must
    stay byte for byte what rich's Table.grid drew (styles, padding, folding), on any width."""
    from rich.table import Table
    from rich.text import Text

    from ldnclass.render import COLUMN_GAP, _LabelledRows, _timeline

    steps = classify("1.5 mg qhs x 7 days, then 3 mg qhs x 7 days, then 4.5 mg qhs")
    rows = [
        ("Input", Text("4.5 mg qhs")),
        ("Class", headline(classify("100 mg daily"))),
        ("Warnings", Text("• a warning long enough to wrap on a narrow panel\n• another", style="bold yellow")),
        ("Steps", _timeline(steps, 8)),
        ("Fold", Text("x" * 150)),
        ("", Text("no label", style="dim")),
    ]
    ours = _LabelledRows()
    grid = Table.grid(padding=(0, COLUMN_GAP))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        ours.add_row(label, value)
        grid.add_row(label, value)
    ours.fit(width)
    grid.columns[0].width, grid.columns[1].width = ours.label_width, ours.value_width
    assert _drawn(ours, width) == _drawn(grid, width)
