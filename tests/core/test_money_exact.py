"""Issue 23: money read as meant, in core. Amounts exact to their currency's smallest unit in
every money field (the registry marks them), 1.200 never silently thousands or decimals,
`Free` and `25.-`, and the Excel formats that make a number money."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from bulkspot.core.coerce import CellReading
from bulkspot.core.mapping import map_columns
from bulkspot.core.operation import Operation, RowError
from bulkspot.core.plan import PlanSettings, plan_rows
from bulkspot.core.resources import RESOURCES
from bulkspot.core.shown import ShownNumber
from bulkspot.sources.number_format import shown_number
from bulkspot.sources.row import Row

POINT = CellReading(decimal_point=True)
UNSAID = CellReading()  # a `,` sheet whose cells have not said which mark is decimal
SEMICOLON = CellReading(comma_may_be_decimal=True)  # a `;` sheet, unsaid
SHEETS = {  # kind -> the header of a row and its cells, with "{}" for the money cell
    "fee": (["label", "fee", "early_fee", "late_fee"], ["Member", "{}", "{}", "{}"]),
    "item": (["name", "price", "default_quantity_total", "per_registrant_limit",
              "show_quantity_available"], ["Cap", "{}", 5, 1, "yes"]),
    "promocode": (["code_name", "code_type", "discount_amount", "discount_scope"],
                  ["SAVE10", "DISCOUNT", "{}", "ORDER_TOTAL"]),
}  # fmt: skip


def _plan(kind: str, headers: list[str], row: Sequence[Any], reading: CellReading) -> Any:
    sheet = [Row("s", 2, dict(zip(headers, row, strict=True)))]
    settings = PlanSettings(event_id="E1", reading=reading)
    (planned,) = plan_rows(kind, iter(sheet), map_columns(kind, headers), settings)
    return planned


def _money_fields() -> list[tuple[str, str]]:
    return [(s.kind, f.name) for s in RESOURCES.values() for f in s.fields if f.money]


def _read(kind: str, field: str, cell: Any, reading: CellReading = POINT) -> Any:
    """The row's problems, or the value the field got."""
    headers, template = SHEETS[kind]
    row = [(cell if name == field else "1") if value == "{}" else value
           for name, value in zip(headers, template, strict=True)]  # fmt: skip
    planned = _plan(kind, headers, row, reading)
    if isinstance(planned, RowError):  # a promocode without its amount also lacks a discount
        return [(p.column, p.message) for p in planned.problems if p.column == field]
    assert isinstance(planned, Operation)
    return planned.fields[field]


@pytest.mark.parametrize(("kind", "field"), _money_fields())
def test_every_money_field_is_exact_to_the_cent(kind: str, field: str) -> None:
    assert _read(kind, field, "12.345") == [
        (field, "'12.345' has more decimals than USD has cents: write 12.35 or 12.34")
    ]
    assert _read(kind, field, 12.345) == [  # a typed cell: XLSX, JSON Lines
        (field, "12.345 has more decimals than USD has cents: write 12.35 or 12.34")
    ]
    shows = ShownNumber("$20.00", 19.999)  # 19.999 formatted "$"#,##0.00
    assert _read(kind, field, shows) == [
        (field, "19.999 (shown as '$20.00') has more decimals than USD has cents: write 20.00 "
         "or 19.99")
    ]  # fmt: skip
    assert _read(kind, field, "$12.35") == 12.35
    assert _read(kind, field, ShownNumber("$1,200.00", 1200)) == 1200


@pytest.mark.parametrize(("kind", "field"), _money_fields())
def test_three_digits_after_one_separator_wait_for_the_sheet_to_say(kind: str, field: str) -> None:
    said = "say how this sheet writes decimals with --decimal-comma or --decimal-point"
    assert _read(kind, field, "1.200", UNSAID) == [
        (field, f"'1.200' could be 1200 or 1.20: write 1200 or 1.20, or {said}")
    ]
    assert _read(kind, field, "1,250", SEMICOLON) == [
        (field, f"'1,250' could be 1250 or 1.25: write 1250 or 1.25, or {said}")
    ]
    assert _read(kind, field, "12.345", UNSAID) == [
        (field, "'12.345' could be 12345, or 12.345, which has more decimals than USD has "
         f"cents: write 12345, 12.35 or 12.34, or {said}")
    ]  # fmt: skip
    assert _read(kind, field, "1,250", UNSAID) == 1250  # a `,` sheet: commas group thousands
    assert _read(kind, field, "1.200", POINT) == 1.2
    assert _read(kind, field, "1.200", CellReading(decimal_comma=True)) == 1200
    assert _read(kind, field, "1,250", CellReading(decimal_comma=True)) == 1.25
    assert _read(kind, field, "1,234.50", UNSAID) == 1234.5


def test_free_and_whole_amounts_with_a_dash_are_prices() -> None:
    comma = CellReading(decimal_comma=True, currency="CHF")
    assert [_read("item", "price", cell, comma) for cell in ("25.-", "25,-", "CHF 1.250,-")] == [
        25, 25, 1250
    ]  # fmt: skip
    assert [_read("fee", "fee", cell) for cell in ("Free", "FREE", " free ", "$25.-")] == [
        0, 0, 0, 25
    ]  # fmt: skip


def test_an_amount_of_a_currency_without_cents_is_whole() -> None:
    yen = CellReading(currency="JPY", decimal_point=True)
    assert _read("item", "price", "¥1,200", yen) == 1200
    assert _read("item", "price", "1200.5", yen) == [
        ("price", "'1200.5' has decimals, but JPY amounts are whole: write 1201 or 1200")
    ]


def test_a_discount_cell_is_exact_to_the_cent_and_waits_for_the_sheet_too() -> None:
    headers = ["code_name", "code_type", "discount", "discount_scope"]

    def read(cell: Any, reading: CellReading) -> Any:
        planned = _plan("promocode", headers, ["SAVE10", "DISCOUNT", cell, "ORDER_TOTAL"], reading)
        if isinstance(planned, RowError):
            return [(p.column, p.message) for p in planned.problems]
        return planned.fields["discount_amount"]

    assert read("$19.999", POINT) == [
        ("discount", "'$19.999' has more decimals than USD has cents: write 20.00 or 19.99")
    ]
    assert read("€1.200", CellReading(currency="EUR")) == [
        ("discount", "'€1.200' could be 1200 or 1.20: write 1200 or 1.20, or say how this sheet "
         "writes decimals with --decimal-comma or --decimal-point")
    ]  # fmt: skip
    assert read("€1,200", CellReading(currency="EUR", comma_may_be_decimal=True)) == [
        ("discount", "'€1,200' could be 1200 or 1.20: write 1200 or 1.20, or say how this sheet "
         "writes decimals with --decimal-comma or --decimal-point")
    ]  # fmt: skip
    assert read("€1.200", CellReading(currency="EUR", decimal_comma=True)) == 1200
    assert read(ShownNumber("$4.00", 3.999), POINT) == [
        ("discount", "3.999 (shown as '$4.00') has more decimals than USD has cents: write "
         "4.00 or 3.99")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (19.999, '"$"#,##0.00', "$20.00"),
        (1200, '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)', "$1,200.00"),
        (1500.5, "_-* #,##0.00 [$€-407]_-;-* #,##0.00 [$€-407]_-", "€1,500.50"),
        (12.5, "#,##0.00 [$€-407]", "€12.50"),
        (12, '#,##0.00\\ "€"', "€12.00"),
        (9.99, "[$CHF] #,##0.00", "CHF 9.99"),
        (1200.5, "[$¥-411]#,##0", "¥1,201"),
    ],
)
def test_currency_and_accounting_formats_are_money(
    value: float, number_format: str, shown: str
) -> None:
    cell = shown_number(value, number_format)
    assert isinstance(cell, ShownNumber)
    assert (str(cell), cell.value) == (shown, value)


def test_a_euro_format_on_a_dollar_sheet_gets_the_currency_refusal() -> None:
    cell = shown_number(12.5, "#,##0.00 [$€-407]")
    assert _read("item", "price", cell) == [
        ("price", "'€12.50' is in € (EUR), but this sheet's amounts are USD: write the amount "
         "in USD, or give --currency with the event's currency")
    ]  # fmt: skip
