"""A CSV whose quote opens a cell and never closes, or closes before the cell ends, is refused
before anything is sent, naming the row and the column of that quote.

Seen before: read leniently, the quoted cell ran on over the lines below, so `"Kid ,10`
swallowed the next rows up to a later `12"`: one fee labelled 'Kid ,10\\nSenior,5\\nVIP 12
screen' was made at 20, the Kid and Senior rows were gone, and the run exited 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.plain_http import get

ADVICE = (
    'a quote that belongs to the text is written twice, inside a cell in quotes ("12"" '
    'screen"); save the sheet again from a spreadsheet program, or fix the quote'
)


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (
            'label,fee\nAdult,35\n"Kid ,10\nSenior,5\nVIP 12" screen,20\nLast,1\n',
            'row 3, column label: the quote (") that starts the cell is closed before the '
            "cell ends (' screen' follows it), so lines 3 to 5 of the file would be read as "
            "one cell",
        ),
        (
            'label,fee\nAdult,35\n"Kid ,10\nSenior,5\n',
            'row 3, column label: the quote (") that starts the cell is never closed, so '
            "lines 3 to 4 of the file would all be read into that one cell",
        ),
        (
            'label,fee\nAdult,35\n"Special" edition,10\n',
            'row 3, column label: the quote (") that starts the cell is closed before the '
            "cell ends (' edition' follows it)",
        ),
        (
            'label;fee\r\n"Multi\r\nline";5\r\nAdult;"35\r\n',
            'row 3, column fee: the quote (") that starts the cell is never closed',
        ),
        (
            'label,fee\n"Adult" ,35\n"Kid" x,10\n',
            'row 3, column label: the quote (") that starts the cell is closed before the '
            "cell ends (' x' follows it)",
        ),
    ],
    ids=["rows-joined", "never-closed", "closed-early", "after-a-multiline-cell", "after-spaces"],
)
def test_a_stray_quote_is_refused_naming_its_row_and_column_and_nothing_is_sent(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path, sheet: str, message: str
) -> None:
    event = sandbox.new_event()
    path = tmp_path / "fees.csv"
    path.write_bytes(sheet.encode())
    result = run_cli("import", "fees", str(path), "--event", event, env=sandbox.env)
    assert result.exit_code == 2
    assert result.stderr == f"Error: fees.csv: {message}; {ADVICE}\n"
    assert get(sandbox.base, f"eventspot/events/{event}/fees") == []


def test_quotes_a_spreadsheet_program_writes_are_read_as_written(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """A quoted cell with a line break, a quote written twice and a quote inside an unquoted
    cell are CSV as it is written: read as they are; so are spaces after a closing quote."""
    event = sandbox.new_event()
    path = tmp_path / "fees.csv"
    path.write_text(
        'label,fee\n"Kid, ""small""",10\nVIP 12" screen,20\n"Adult"  ,35\n"Two\nlines" ,5\n',
        encoding="utf-8",
    )  # and spaces after a closing quote, as a CSV written by hand has them
    result = run_cli("import", "fees", str(path), "--event", event, env=sandbox.env)
    assert result.exit_code == 0, result.output
    fees = get(sandbox.base, f"eventspot/events/{event}/fees")
    assert sorted((fee["label"], fee["fee"]) for fee in fees) == [
        ("Adult", 35.0),
        ('Kid, "small"', 10.0),
        ("Two\nlines", 5.0),
        ('VIP 12" screen', 20.0),
    ]
