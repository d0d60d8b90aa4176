"""Input extremes (issue 11, case 6): only regular files are read, a line too long or nested
too deep is an invalid row rather than the end of the file, and messages quote a long cell
by its length and first characters, never whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bulkspot.core.coerce import CellError, to_number
from bulkspot.core.mapping import map_columns
from bulkspot.errors import InputError
from bulkspot.sources import open_sheet
from bulkspot.sources.lines import LONGEST_LINE


def rows(path: Path) -> list[tuple[int, dict[str, object], list[str]]]:
    with open_sheet(path) as sheet:
        return [(r.number, r.cells, [str(p) for p in r.problems]) for r in sheet]


def test_a_named_pipe_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "items.csv"
    os.mkfifo(pipe)  # opening it for reading would wait for a writer forever
    with pytest.raises(InputError) as refused:
        open_sheet(pipe)
    assert str(refused.value) == (
        f"{pipe}: is a named pipe, not a regular file; bulkspot reads a sheet more than once, "
        "so save it as a file and give that file's path"
    )


def test_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as device:
        open_sheet("/dev/zero")
    assert str(device.value) == (
        "/dev/zero: is a device, not a regular file; bulkspot reads a sheet more than once, "
        "so save it as a file and give that file's path"
    )
    (tmp_path / "sheet.csv").mkdir()
    with pytest.raises(InputError) as folder:
        open_sheet(tmp_path / "sheet.csv")
    assert str(folder.value) == f"{tmp_path / 'sheet.csv'}: is a folder, not a sheet"


def test_a_jsonl_line_nested_too_deep_is_an_invalid_row(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    deep = '{"name": "Hat", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path.write_text(f'{{"name": "Cap"}}\n{deep}\n{{"name": "Scarf"}}\n', encoding="utf-8")
    assert rows(path) == [
        (1, {"name": "Cap"}, []),
        (
            2,
            {},
            ["(line): line 2 is nested more than 32 levels deep; no column takes such a value"],
        ),
        (3, {"name": "Scarf"}, []),
    ]


def test_brackets_inside_text_are_not_nesting(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text('{"name": "' + "[{" * 40 + '"}\n', encoding="utf-8")
    assert rows(path) == [(1, {"name": "[{" * 40}, [])]


def test_a_csv_line_too_long_to_read_is_an_invalid_row(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    cell = "A" * (LONGEST_LINE + 10)
    path.write_text(f"name,description\nHat,{cell}\nCap,ok\n", encoding="utf-8")
    with open_sheet(path) as sheet:
        assert sheet.count() == 2
    assert rows(path) == [
        (2, {}, [
            "description: is too long to read: row 2 is 4,194,319 characters long, over the "
            "4,194,304 a row may have (the cell starts 'AAAAAAAAAAAAAAAAAAAA…')"
        ]),
        (3, {"name": "Cap", "description": "ok"}, []),
    ]  # fmt: skip


def test_a_jsonl_line_too_long_to_read_is_an_invalid_row(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    cell = "A" * LONGEST_LINE
    path.write_text(f'{{"name": "{cell}"}}\n{{"name": "Cap"}}\n', encoding="utf-8")
    assert rows(path) == [
        (1, {}, [
            "(line): line 1 is 4,194,317 characters long, over the 4,194,304 a line may have "
            "(starts '{\"name\": \"AAAAAAAAAA…')"
        ]),
        (2, {"name": "Cap"}, []),
    ]  # fmt: skip


def test_a_long_cell_is_quoted_by_its_length_and_start() -> None:
    with pytest.raises(CellError) as refused:
        to_number("A" * 1_000_000)
    assert str(refused.value) == "'AAAAAAAAAAAAAAAAAAAA…' (1,000,000 characters) is not a number"


def test_a_long_header_value_is_quoted_by_its_length_and_start(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("name," + "7" * 100_000 + "\nHat,5\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        open_sheet(path)
    assert str(refused.value) == (
        "items.csv: row 1 should be the header row naming the columns, but it holds the value "
        "'77777777777777777777…' (100,000 characters) in column B; add a header row (see "
        "`bulkspot columns KIND`)"
    )


def test_the_unknown_columns_warning_names_ten_and_counts_the_rest() -> None:
    headers = ["name", "price", *(f"extra {n}" for n in range(42))]
    mapping = map_columns("fee", ["label", "fee", *headers[2:]])
    listed = ", ".join(f"'extra {n}'" for n in range(10))
    assert mapping.warnings == (
        f"columns not read: {listed} and 32 more (not columns of a fees sheet; see "
        "`bulkspot columns fees`, or --map COLUMN=FIELD)",
    )
