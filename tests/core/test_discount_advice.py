"""A discount cell that does not say what it is gets advice the sheet then accepts (issue 23:
"the examples a message gives are formats that column accepts"): on a sheet of decimal
commas the advice is written with commas and quotes the cell as written, a percent off is
advised whole, a minus is not repeated, and the sign is the sheet's currency's."""

from __future__ import annotations

import pytest

from bulkspot.core.amounts import to_discount, to_money
from bulkspot.core.coerce import CellError, CellReading

COMMAS = CellReading(currency="EUR", decimal_comma=True)
POINTS = CellReading(currency="USD")


@pytest.mark.parametrize(
    ("cell", "reading", "message"),
    [
        ("1.500", COMMAS, "'1.500' does not say what it is: write 1500,00 for an amount off"),
        ("5,5", COMMAS, "'5,5' does not say what it is: write 5,50 for an amount off, or a "
                        "whole percent (5% or 6%) for a percent off"),
        ("0,15", COMMAS, "'0,15' could be 15% or 0,15 off: write 15% for a percent, or the "
                         "amount with its currency sign (€0,15) for an amount"),
        ("12", COMMAS, "'12' does not say what it is: write 12% for a percent off, or 12,00 for "
                       "an amount off"),
        ("€5%", COMMAS, "'€5' has a currency, but a percent discount is not an amount: write "
                        "20%, or €20"),
        ("5.5", POINTS, "'5.5' does not say what it is: write 5.50 for an amount off, or a whole "
                        "percent (5% or 6%) for a percent off"),
        ("-5", POINTS, "'-5' does not say what it is: write 5% for a percent off, or 5.00 for an "
                       "amount off (a discount is written without a minus)"),
        ("150", POINTS, "'150' does not say what it is: write 150.00 for an amount off"),
        ("1e400", POINTS, "'1e400' is not a discount: write 20% for a percent off, or 20.00 for "
                          "an amount off"),
    ],
)  # fmt: skip
def test_the_advice_is_written_as_the_sheet_writes_numbers(
    cell: str, reading: CellReading, message: str
) -> None:
    with pytest.raises(CellError) as refused:
        to_discount(cell, reading=reading)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("advised", "reading", "read"),
    [
        ("1500,00", COMMAS, ("discount_amount", 1500.0)),
        ("5,50", COMMAS, ("discount_amount", 5.5)),
        ("€0,15", COMMAS, ("discount_amount", 0.15)),
        ("6%", COMMAS, ("discount_percent", 6)),
        ("5.00", POINTS, ("discount_amount", 5.0)),
        ("150.00", POINTS, ("discount_amount", 150.0)),
    ],
)
def test_the_advice_followed_is_read(
    advised: str, reading: CellReading, read: tuple[str, float]
) -> None:
    assert to_discount(advised, reading=reading) == read


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("19,999", "'19,999' has more decimals than EUR has cents: write 20,00 or 19,99"),
        ("€ 1.234,567", "'€ 1.234,567' has more decimals than EUR has cents: write 1234,57 or "
                        "1234,56"),
    ],
)  # fmt: skip
def test_an_amount_finer_than_a_cent_is_advised_in_the_sheets_decimal_mark(
    cell: str, message: str
) -> None:
    with pytest.raises(CellError) as refused:
        to_money(cell, COMMAS)
    assert str(refused.value) == message
    if cell.startswith("€"):  # an amount off, by its sign
        with pytest.raises(CellError) as refused:
            to_discount(cell, reading=COMMAS)
        assert str(refused.value) == message
