"""Reading sheets: encodings, delimiters, row numbers, typed XLSX cells, JSON Lines, and
streaming (memory does not hold the rows)."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bulkspot.core.operation import CellProblem
from bulkspot.errors import InputError
from bulkspot.sources import Row, count_rows, fingerprint, open_sheet
from bulkspot.sources.csv_source import sniff_delimiter
from bulkspot.sources.row import column_letter
from tests.sources.files import write_csv, write_xlsx

TEXT = "label,fee\nCafé crème,10\nNaïve,12.5\n"


def rows_of(path: Path, sheet: str | None = None) -> list[Row]:
    with open_sheet(path, sheet=sheet) as reader:
        return list(reader)


@pytest.mark.parametrize(
    ("encoded", "warned"),
    [
        (TEXT.encode("utf-8"), False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), False),
        (TEXT.encode("utf-16"), False),  # with its byte-order mark, as Excel writes it
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), False),
        (TEXT.encode("cp1252"), True),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16", "utf-16 big-endian", "windows-1252"],
)
def test_encodings(tmp_path: Path, encoded: bytes, warned: bool) -> None:
    path = tmp_path / "fees.csv"
    path.write_bytes(encoded)
    with open_sheet(path) as reader:
        assert reader.headers == ["label", "fee"]  # no BOM left on the first header
        rows = list(reader)
        assert bool(reader.warnings) is warned
    assert [r.cells for r in rows] == [
        {"label": "Café crème", "fee": "10"},
        {"label": "Naïve", "fee": "12.5"},
    ]
    if warned:
        assert "not UTF-8" in reader.warnings[0] and "Windows-1252" in reader.warnings[0]


def test_windows_1252_found_after_the_first_megabyte(tmp_path: Path) -> None:
    """The UTF-8 check reads the whole file, not a sample."""
    path = tmp_path / "late.csv"
    body = "label,fee\n" + "plain,1\n" * 200_000 + "Caf\xe9,2\n"
    path.write_bytes(body.encode("cp1252"))
    with open_sheet(path) as reader:
        assert reader.warnings
        *_, last = reader
    assert last.cells == {"label": "Café", "fee": "2"}


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        (["a,b,c", "1,2,3"], ","),
        (["a;b;c", "1,5;2,5;3"], ";"),  # decimal commas do not fool it
        (["a\tb\tc", "1\t2\t3"], "\t"),
        (['"x;y",b', "1,2"], ","),  # a delimiter inside quotes does not count
        (["a;b,c", "1,5,0;2"], ";"),  # a tie: the one that fits the next lines
        (["a;b,c", "1;2,3"], ","),  # both fit: comma
        (["only"], ","),
    ],
)
def test_delimiter_sniffing(lines: list[str], delimiter: str) -> None:
    assert sniff_delimiter([f"{line}\n" for line in lines]) == delimiter


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_delimiter_reads_the_same(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(tmp_path / "fees.csv", [["label", "fee"], ["VIP", "1,5"]], delimiter=delimiter)
    assert rows_of(path)[0].cells == {"label": "VIP", "fee": "1,5"}


def test_row_numbers_are_the_spreadsheets(tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_text('\n\nlabel,fee\nA,1\n\n  ,  \n"B\nsplit",2\nC,3\n')
    with open_sheet(path) as reader:
        assert reader.header_row == 3
        rows = list(reader)
    assert [(r.number, r.cells["label"]) for r in rows] == [(4, "A"), (7, "B\nsplit"), (8, "C")]
    assert count_rows(path) == 3


def test_short_rows_and_stray_cells(tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_text("label,fee\nA\nB,2,,\nC,3,x,y\n")
    short, trailing, stray = rows_of(path)
    assert short.cells == {"label": "A"} and not short.problems  # the missing cell is blank
    assert not trailing.problems  # blank cells past the header are nothing
    assert [p.column for p in stray.problems] == ["(column C)", "(column D)"]
    assert "has a value ('x') but the column has no header" in stray.problems[0].message


def test_blank_header_cells_are_named_by_column(tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_text("label,,fee,\nA,x,1,\n")
    with open_sheet(path) as reader:
        assert reader.headers == ["label", "(column B)", "fee"]


def test_a_one_megabyte_cell_is_read(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("name,description\nMug," + "x" * (1 << 20) + "\n")
    (row,) = rows_of(path)
    assert len(row.cells["description"]) == 1 << 20


def test_a_nul_byte_after_the_sample_is_no_crash(tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_bytes(b"label,fee\n" + b"a,1\n" * 5000 + b"b\x00,2\n")
    *_, last = rows_of(path)
    assert (last.number, last.cells["label"]) == (5002, "b\x00")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "no such file"),
        ("folder.csv", "DIR", "is a folder"),
        ("sheet.ods", b"x", "unknown kind of file '.ods'"),
        ("README", b"x", r"'\(no extension\)'"),
        ("empty.jsonl", b"", "empty"),
        ("bom_only.csv", codecs.BOM_UTF8, "empty"),
        ("blank_rows.csv", b" , \n,,\n", "no header row"),
    ],
)
def test_files_that_cannot_be_read(
    tmp_path: Path, name: str, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if content == "DIR":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        open_sheet(path)


def test_xlsx_typed_cells(tmp_path: Path) -> None:
    when = dt.datetime(2026, 5, 1, 18, 30)
    path = write_xlsx(
        tmp_path / "events.xlsx",
        [["name", "start_date", "price", "count", "free", "day"],
         ["Gala", when, 12.5, 40, False, dt.date(2026, 5, 2)],
         [None, None, None, None, None, None],
         ["  ", "", None, None, None, None],
         ["Ball", "2026-06-01", 0, 1, True, None]],
    )  # fmt: skip
    with open_sheet(path) as reader:
        assert reader.name == "Sheet1"
        first, second = list(reader)
    assert first.number == 2 and second.number == 5  # blank rows skipped, numbers kept
    assert first.cells == {
        "name": "Gala", "start_date": when, "price": 12.5, "count": 40, "free": False,
        "day": dt.datetime(2026, 5, 2),
    }  # fmt: skip
    assert second.cells["free"] is True and second.cells["count"] == 1
    assert count_rows(path) == 2


def test_xlsx_sheet_by_name(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.append(["label", "fee"])
    first.append(["Wrong", 1])
    merch = book.create_sheet("Merch")
    merch.append(["label", "fee"])
    merch.append(["Right", 2])
    path = tmp_path / "book.xlsx"
    book.save(path)
    assert rows_of(path)[0].cells["label"] == "Wrong"
    assert rows_of(path, sheet="Merch")[0].cells["label"] == "Right"
    assert rows_of(path, sheet="merch")[0].sheet == "Merch"
    with pytest.raises(
        InputError, match="no sheet named 'Prices'; its sheets are 'Sheet', 'Merch'"
    ):
        open_sheet(path, sheet="Prices")


def test_xlsx_formula_cells_read_as_their_saved_values(tmp_path: Path) -> None:
    from tests.sources.corpus_build import BUILDERS

    path = tmp_path / "formulas.xlsx"
    BUILDERS["formulas.xlsx"](path)
    cached, uncached = rows_of(path)
    assert cached.cells["price"] == 12  # the value Excel saved with the formula
    assert cached.problems == ()
    assert uncached.cells["default_quantity_total"] is None  # never calculated: no value
    assert uncached.problems == (
        CellProblem(
            "default_quantity_total",
            "holds the formula '=5*2', whose value was never worked out: the workbook was "
            "written by a program and not saved since by a spreadsheet program; open and save "
            "it in Excel or LibreOffice, or type the value",
        ),
    )


def test_xlsx_percent_cells_read_as_excel_shows_them(tmp_path: Path) -> None:
    """Typing 20% in Excel stores 0.2 formatted as a percent: a discount of 20%, not of 0.20."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code_name", "discount", "quantity_total"])
    sheet.append(["AAAA", 0.2, 10])
    sheet.append(["BBBB", 0.125, 0.07])
    sheet.append(["CCCC", 15.5, 3])
    sheet["B2"].number_format = "0%"
    sheet["B3"].number_format = "0.0%"
    sheet["C3"].number_format = "0.00%"
    path = tmp_path / "codes.xlsx"
    book.save(path)
    assert [r.cells for r in rows_of(path)] == [
        {"code_name": "AAAA", "discount": "20%", "quantity_total": 10},
        {"code_name": "BBBB", "discount": "12.5%", "quantity_total": "7%"},
        {"code_name": "CCCC", "discount": 15.5, "quantity_total": 3},
    ]


def test_xlsx_stray_cells_and_excel_errors(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "fees.xlsx", [["label", "fee"], ["VIP", "#N/A", "extra"]])
    (row,) = rows_of(path)
    assert [(p.column, p.message.split(" (")[0]) for p in row.problems] == [
        ("fee", "shows the Excel error #N/A: fix the formula"),
        ("(column C)", "has a value"),
    ]


def test_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(
        '{"name": "Gala", "address": {"city": "Boston", "geo": {"lat": 42.3}}}\n'
        "\n"
        '{"name": "Ball", "payment_options": ["DOOR", "CHECK"], "free": true, "n": null}\n'
    )
    with open_sheet(path) as reader:
        assert reader.headers == ["name", "address.city", "address.geo.lat", "payment_options",
                                  "free", "n"]  # fmt: skip
        first, second = list(reader)
    assert first.number == 1 and second.number == 3
    assert first.cells == {"name": "Gala", "address.city": "Boston", "address.geo.lat": 42.3}
    assert second.cells["payment_options"] == ["DOOR", "CHECK"] and second.cells["free"] is True
    assert count_rows(path) == 2


def test_sheet_option_on_a_csv_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_text(TEXT)
    with open_sheet(path, sheet="Merch") as reader:
        assert reader.warnings == ["--sheet Merch ignored: fees.csv is not a workbook"]


def test_fingerprint_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    data = b"label,fee\n" + b"x,1\n" * 600_000  # more than one chunk
    path.write_bytes(data)
    assert fingerprint(path) == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("name", ["fees.csv", "fees.jsonl", "fees.xlsx"])
def test_rows_stream(tmp_path: Path, name: str, sheet_file: Callable[..., Path]) -> None:
    """Taking the first rows of a big sheet reads no further: nothing holds every row."""
    path = tmp_path / name
    if name.endswith(".jsonl"):
        path.write_text("".join(f'{{"label": "L{n}", "fee": {n}}}\n' for n in range(50_000)))
    else:
        sheet_file(name, [["label", "fee"], *([f"L{n}", n] for n in range(20_000))])
    with open_sheet(path) as reader:
        first = list(itertools.islice(reader, 3))
        again = next(iter(reader))  # a new iteration starts from the top
    assert [r.cells["label"] for r in first] == ["L0", "L1", "L2"]
    assert again.number == first[0].number


def test_a_row_is_immutable() -> None:
    cells: dict[str, Any] = {"a": "1"}
    made = Row("s", 2, cells)
    assert (made.sheet, made.number, made.cells, made.problems) == ("s", 2, cells, ())
    with pytest.raises(AttributeError):
        made.number = 3  # type: ignore[misc]


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip


# --- issue 12: XLSX cells read as Excel shows them --------------------------------------------
def _planned_xlsx(path: Path, kind: str, **settings: Any) -> list[Any]:
    from bulkspot.core.mapping import map_columns
    from bulkspot.core.plan import PlanSettings, plan_rows

    with open_sheet(path) as reader:
        mapping = map_columns(kind, reader.headers)
        return list(plan_rows(kind, reader, mapping, PlanSettings(event_id="E1", **settings)))


def test_an_excel_sheet_of_events_keeps_its_zip_codes_and_its_local_times(
    tmp_path: Path,
) -> None:
    """An Excel date cell 2027-10-02 18:00 with US/Eastern became 18:00Z; a numeric zip code
    02110 (formatted 00000, as Excel's Zip Code format does) was sent as 2110."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Event Name", "Title", "Type", "Start", "End", "Time Zone", "Zip", "Phone"])
    six, ten = dt.datetime(2027, 10, 2, 18), dt.datetime(2027, 10, 2, 22)
    sheet.append(["Gala", "Gala", "Other", six, ten, "US/Eastern", 2110, 6175550100])
    sheet.append(["Fair", "Fair", "Other", six, ten, "Eastern", 21101234, 6175550100])
    sheet["G2"].number_format = "00000"
    sheet["G3"].number_format = "00000-0000"
    sheet["H2"].number_format = "000-000-0000"
    for cell in ("D2", "E2", "D3", "E3"):
        sheet[cell].number_format = "yyyy-mm-dd hh:mm"
    path = tmp_path / "events.xlsx"
    book.save(path)
    gala, fair = _planned_xlsx(path, "events")
    assert gala.fields["start_date"] == "2027-10-02T22:00:00.000Z"
    assert gala.fields["end_date"] == "2027-10-03T02:00:00.000Z"
    assert gala.fields["address"] == {"postal_code": "02110"}
    assert gala.fields["contact"] == {"phone_number": "617-555-0100"}
    assert [(p.column, p.message) for p in fair.problems] == [
        ("Time Zone", "'Eastern' is not a time zone; did you mean Canada/Eastern, US/Eastern?"),
    ]


def test_a_number_too_long_for_excel_is_refused_in_a_text_column(tmp_path: Path) -> None:
    """A 19-digit number typed into a number cell keeps 15 digits: its text is refused, not
    sent with invented last digits; the same digits typed as text stay exact."""
    path = write_xlsx(tmp_path / "fees.xlsx", [["label", "fee"], [1234567890123456789.0, 5],
                                               ["1234567890123456789", 5]])  # fmt: skip
    bad, good = _planned_xlsx(path, "fees")
    assert [(p.column, p.message) for p in bad.problems] == [
        ("label", "1.23456789012346e+18 is a number too long for the sheet to keep exactly (it "
                  "holds 15 digits): format the column as Text and type it again"),
    ]  # fmt: skip
    assert good.fields["label"] == "1234567890123456789"


def test_excel_percent_and_money_cells_are_discounts_that_say_what_they_are(
    tmp_path: Path,
) -> None:
    """A percent cell holding 0.15 is 15%; a cell formatted as money is an amount; a plain
    number is refused (it could be either)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Code", "Discount", "Type"])
    for code, value in (("PCT1", 0.15), ("AMT1", 4), ("AMT2", 4.5), ("BARE", 20)):
        sheet.append([code, value, "DISCOUNT"])
    sheet["B2"].number_format = "0%"
    sheet["B3"].number_format = '"$"#,##0.00'
    sheet["B4"].number_format = "0.00"
    path = tmp_path / "codes.xlsx"
    book.save(path)
    percent, dollars, amount, bare = _planned_xlsx(path, "promocodes")
    assert percent.fields["discount_percent"] == 15
    assert (dollars.fields["discount_amount"], amount.fields["discount_amount"]) == (4.0, 4.5)
    assert (bare.problems[0].column, bare.problems[0].message) == (
        "Discount", "'20' does not say what it is: write 20% for a percent off, or 20.00 for "
                    "an amount off"
    )  # fmt: skip
