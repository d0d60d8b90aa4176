"""Decimal commas (issue 12, Locale): when a sheet's numbers are 35,00 and 1.234,50, and how
such a cell is read; text cells stay as they are."""

from __future__ import annotations

import pytest

from bulkspot.core.amounts import to_discount
from bulkspot.core.coerce import CellError, CellReading
from bulkspot.core.columns import find_column
from bulkspot.core.decimals import DecimalMarks, comma_to_point
from bulkspot.core.field_readers import coerce_cell
from bulkspot.core.mapping import map_columns, number_headers

COMMA = CellReading(decimal_comma=True)


def _decide(cells: list[str], delimiter: str | None = ";") -> bool:
    marks = DecimalMarks()
    for row, cell in enumerate(cells, 2):
        marks.see(row, [cell])
    return marks.decimal_comma(delimiter)


@pytest.mark.parametrize(
    ("cells", "delimiter", "comma"),
    [
        (["35,00", "12"], ";", True),
        (["1.234,50", "7"], ";", True),
        (["€4,5"], ";", True),
        (["1.234", "35,00"], ";", True),  # thousand dots beside a comma decimal
        (["35,00"], ",", False),  # a comma-separated file has no decimal commas unquoted
        (["35,00"], None, False),  # an XLSX: its numbers are numbers
        (["35,00", "12.50"], ";", False),  # both: not unambiguous, read with points
        (["1,234", "7"], ";", False),  # thousands either way: nothing says comma
        (["1.234"], ";", False),
        (["12", "7"], ";", False),
    ],
)
def test_when_a_sheet_has_decimal_commas(cells: list[str], delimiter: str, comma: bool) -> None:
    assert _decide(cells, delimiter) is comma


def test_the_marks_remember_where_they_were_seen() -> None:
    marks = DecimalMarks()
    marks.see(4, ["12", "35,00"])
    assert (marks.comma_row, marks.point_row, marks.settled) == (4, None, False)
    marks.see(9, ["12.50"])
    assert (marks.comma_row, marks.point_row, marks.settled) == (4, 9, True)


@pytest.mark.parametrize(
    ("field", "cell", "value"),
    [
        ("price", "35,00", 35.0),
        ("price", "1.234,50", 1234.5),
        ("price", "$1.234,50", 1234.5),
        ("price", "12", 12),
        ("price", "1.234", 1234),
        ("default_quantity_total", "1.000", 1000),
        ("default_quantity_total", "40", 40),
    ],
)
def test_a_decimal_comma_cell(field: str, cell: str, value: float) -> None:
    column = find_column("items", field)
    assert column is not None
    read = coerce_cell(column.field, cell, COMMA)
    assert read == value and type(read) is type(value)


def test_a_decimal_point_on_a_decimal_comma_sheet_is_refused() -> None:
    column = find_column("items", "price")
    assert column is not None
    with pytest.raises(CellError) as refused:
        coerce_cell(column.field, "12.50", COMMA)
    assert str(refused.value) == (
        "'12.50' is written with a decimal point, but this sheet's numbers have a decimal "
        "comma: write 12,50"
    )


def test_discounts_and_text_with_decimal_commas() -> None:
    assert to_discount("15,00", "USD", True) == ("discount_amount", 15.0)
    assert to_discount("20%", "USD", True) == ("discount_percent", 20)
    assert comma_to_point("Größe 1,5") == "Größe 1.5"  # only ever applied to number cells
    mapping = map_columns("items", ["name", "description", "price", "qty", "limit", "show qty"])
    mapping = mapping.read_with(COMMA)
    values, problems = mapping.read(
        {"name": "Tasse 0,3 l", "description": "Kaffee, 1.000 Stück", "price": "3,50",
         "qty": "1.000", "limit": "2", "show qty": "yes"}
    )  # fmt: skip
    assert problems == []
    assert values["name"] == "Tasse 0,3 l" and values["description"] == "Kaffee, 1.000 Stück"
    assert (values["price"], values["default_quantity_total"]) == (3.5, 1000)


def test_the_number_columns_are_those_decimal_commas_are_looked_for_in() -> None:
    mapping = map_columns("promocodes", ["Code", "Discount", "Uses", "Type", "Fee"])
    assert number_headers(mapping) == ("Discount", "Uses")
