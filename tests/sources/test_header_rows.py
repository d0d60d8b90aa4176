"""The header row as people have it (issue 12): title rows above it skipped, the header found
by the kind's column names, `--header-row N` to say which; a `;` sheet with a title line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkspot.core.mapping import header_namer
from bulkspot.errors import InputError
from bulkspot.sources import HeaderChoice, open_sheet
from tests.sources.files import write_csv, write_xlsx

ITEMS = HeaderChoice(names=header_namer("items"))
HEADER = ["Item", "Price", "Qty", "Limit", "Show Quantity"]


def _read(path: Path, header: HeaderChoice = ITEMS) -> tuple[list[str], int, list[str], list]:
    with open_sheet(path, header=header) as reader:
        rows = [(row.number, row.cells) for row in reader]
        assert reader.count() == len(rows)
        return reader.headers, reader.header_row, reader.warnings, rows


def test_an_excel_title_and_a_blank_row_above_the_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "inventory.xlsx", [
        ["Spring Fair — Inventory", None, None, None, None],  # a merged title: its first cell
        [],
        HEADER,
        ["Hat", 12.5, 40, 2, True],
        [],
        ["Mug", 8, 100, 4, False],
    ])  # fmt: skip
    headers, header_row, warnings, rows = _read(path)
    assert (headers, header_row) == (HEADER, 3)
    assert warnings == [
        "inventory.xlsx: the header is row 3; rows 1-2 above it (a title) are not read "
        "(--header-row N to choose another row)"
    ]
    assert rows == [
        (4, dict(zip(HEADER, ["Hat", 12.5, 40, 2, True], strict=True))),
        (6, dict(zip(HEADER, ["Mug", 8, 100, 4, False], strict=True))),
    ]


def test_a_title_line_and_a_dated_line_above_a_semicolon_header(tmp_path: Path) -> None:
    path = tmp_path / "inventar.csv"
    path.write_text(
        "Inventar Frühjahrsmarkt\n"  # typed into one cell: no delimiter in it
        "Exportiert;2027-03-01;;;\n"  # a value: no header
        "name;price;quantity;limit;show qty\n"
        "T-Shirt;35,00;10;2;yes\n",
        encoding="utf-8",
    )
    headers, header_row, warnings, rows = _read(path)
    assert (headers, header_row) == (["name", "price", "quantity", "limit", "show qty"], 3)
    assert warnings == [
        "inventar.csv: the header is row 3; rows 1-2 above it (a title) are not read "
        "(--header-row N to choose another row)"
    ]
    assert rows == [(4, {"name": "T-Shirt", "price": "35,00", "quantity": "10", "limit": "2",
                         "show qty": "yes"})]  # fmt: skip


def test_a_title_that_names_one_column_is_still_a_title(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "items.csv", [["Products"], ["Product", "Price", "Qty"],
                                              ["Hat", "5", "1"]])  # fmt: skip
    headers, header_row, _, _ = _read(path)
    assert (headers, header_row) == (["Product", "Price", "Qty"], 2)


def test_a_header_of_one_column_and_a_header_of_mapped_names(tmp_path: Path) -> None:
    one = write_csv(tmp_path / "folders.csv", [["Our folders"], [], ["name"], ["Brochures"]])
    folders = HeaderChoice(names=header_namer("folders"))
    assert _read(one, folders)[:2] == (["name"], 3)
    german = write_csv(tmp_path / "artikel.csv", [["Artikel"], ["Artikel", "Preis", "Menge"],
                                                  ["Hut", "5", "1"]])  # fmt: skip
    mapped = HeaderChoice(names=header_namer("items", {"Preis": "price", "Menge": "qty"}))
    assert _read(german, mapped)[:2] == (["Artikel", "Preis", "Menge"], 2)


def test_without_names_the_first_non_blank_row_is_the_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "items.csv", [[], ["Spring Fair"], HEADER, ["Hat", "5"]])
    assert _read(path, HeaderChoice())[:3] == (["Spring Fair"], 2, [])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_header_row_chooses_the_header(tmp_path: Path, suffix: str) -> None:
    rows = [["Item", "Price"], ["Report of 3/1", ""], HEADER, ["Hat", "5", "1", "2", "yes"]]
    write = write_csv if suffix == ".csv" else write_xlsx
    path = write(tmp_path / f"items{suffix}", rows)
    headers, header_row, warnings, found = _read(path, HeaderChoice(row=3))
    assert (headers, header_row, warnings) == (HEADER, 3, [])
    assert [number for number, _ in found] == [4]
    # found by names, row 1 (two of the columns) would have been the header
    assert _read(path)[:2] == (["Item", "Price"], 1)


def test_header_row_on_a_blank_row_or_past_the_end(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "items.csv", [["Spring Fair"], [], HEADER])
    with pytest.raises(InputError) as refused:
        open_sheet(path, header=HeaderChoice(row=2))
    assert str(refused.value) == "items.csv: --header-row 2: row 2 is blank"
    with pytest.raises(InputError) as refused:
        open_sheet(path, header=HeaderChoice(row=9))
    assert str(refused.value) == "items.csv: --header-row 9: the sheet has 3 rows"


def test_json_lines_have_no_header_row(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text('{"name": "Hat"}\n', encoding="utf-8")
    with open_sheet(path, header=HeaderChoice(row=2)) as reader:
        assert reader.warnings == [
            "--header-row 2 ignored: items.jsonl is JSON Lines, which has no header row"
        ]
        assert [row.cells for row in reader] == [{"name": "Hat"}]


def test_a_sheet_without_a_header_is_still_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "items.csv", [["Hat", "12.50", "40"], ["Mug", "8", "100"]])
    with pytest.raises(InputError) as refused:
        open_sheet(path, header=ITEMS)
    assert str(refused.value) == (
        "items.csv: row 1 should be the header row naming the columns, but it holds the value "
        "'12.50' in column B; add a header row (see `bulkspot columns KIND`)"
    )
