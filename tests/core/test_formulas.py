"""The one escape of formula-like text and its inverse (issue 20): what an export quotes, an
import reads back as the very text, and nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulkspot.core.formulas import escape_formula, unescape_formula
from bulkspot.sources import open_sheet


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab1 "), max_size=6) | st.text(max_size=6))
def test_what_an_export_quotes_is_read_back_as_the_same_text(text: str) -> None:
    assert unescape_formula(escape_formula(text, numbers_too=True)) == text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-5", "'-5"),  # text that looks like a number stays text in a text column
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'=x", "''=x"),  # already quoted text keeps its own quote
        ("'quoted", "'quoted"),
        ("Shirt", "Shirt"),
    ],
)
def test_an_exports_text_is_quoted_when_a_spreadsheet_would_run_it(text: str, written: str) -> None:
    assert escape_formula(text, numbers_too=True) == written


def test_numbers_stay_numbers_negative_ones_too() -> None:
    assert escape_formula(-5, numbers_too=True) == -5
    assert escape_formula(-0.5, numbers_too=True) == -0.5
    assert escape_formula("-5") == "-5"  # a results file echoes number text as it was


def test_a_csv_sheet_reads_quoted_cells_as_their_text(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("name,price\n'=SUM(A1),'-5\n'hello,5\n''=x,6\n", encoding="utf-8")
    with open_sheet(path) as sheet:
        assert [row.cells for row in sheet] == [
            {"name": "=SUM(A1)", "price": "-5"},
            {"name": "'hello", "price": "5"},
            {"name": "'=x", "price": "6"},
        ]


def test_an_errors_file_quotes_formula_text_and_imports_back_as_it_was(tmp_path: Path) -> None:
    """The errors file is opened in a spreadsheet to fix its rows: it wrote `=cmd|...` raw."""
    from bulkspot.sinks.errors_file import ErrorsWriter

    path = tmp_path / "items.errors.csv"
    rows = [{"name": "=cmd|' /C calc'!A0", "price": "-5"}, {"name": "'=x", "price": "7"}]
    with ErrorsWriter(path, ["name", "price"]) as errors:
        for cells in rows:
            errors.write(cells, "invalid")
    assert path.read_text(encoding="utf-8-sig").splitlines() == [
        "name,price",
        "'=cmd|' /C calc'!A0,-5",
        "''=x,7",
    ]
    with open_sheet(path) as sheet:
        assert [row.cells for row in sheet] == rows
