"""Amounts, percents and discounts in cells: money read as the person meant it.

The rules are `bulkspot.core.money`'s (currencies, cents, thousands or decimals); this module
applies them to a cell, as `bulkspot.core.coerce` does for the other types, and through its
`exact_decimal`. An amount is exact to its currency's smallest unit, an XLSX money cell is
what it holds (not what it shows), and a discount is a percent or an amount only when it
says which.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from bulkspot.core.coerce import (
    LARGEST_NUMBER,
    NUMBER_DIGITS,
    PLAIN_READING,
    CellError,
    CellReading,
    exact_decimal,
    to_integer,
    to_text,
)
from bulkspot.core.decimals import NotCommaDecimal, comma_to_point
from bulkspot.core.money import (
    DEFAULT_CURRENCY,
    FREE_WORDS,
    MoneyError,
    check_cents,
    check_currency,
    discount_kind,
    minor_unit,
    refuse_currency,
    split_currency,
    thousands_or_decimals,
    whole_dash,
)
from bulkspot.core.quoting import quote
from bulkspot.core.shown import ShownNumber

__all__ = ["to_discount", "to_money", "to_percent"]


def to_money(cell: Any, reading: CellReading = PLAIN_READING) -> float | int:
    """An amount in the sheet's currency, exact to its smallest unit: "$1,250.00" ->
    1250.0, "Free" -> 0, "25.-" -> 25. Refused: a sign of another currency, an amount finer
    than a cent (19.999, also an XLSX cell that shows $20.00), and 1.200 or 1,200 (thousands,
    or decimals?) while the sheet has not said which mark is its decimal one."""
    currency = reading.currency
    if type(cell) is str and not reading.decimal_comma:  # most cells: "12" or "12.50"
        whole, dot, fraction = cell.partition(".")
        if whole.isdigit() and whole.isascii() and len(whole) <= NUMBER_DIGITS:
            if not dot:
                return int(whole)
            if fraction.isdigit() and len(fraction) <= minor_unit(currency) and cell.isascii():
                return float(cell)
    try:
        if isinstance(cell, ShownNumber):  # a formatted XLSX number: what it holds, exactly
            check_currency(cell, split_currency(cell)[1], currency)
            return _exact_amount(
                Decimal(repr(cell.value)), f"{cell.value!r} (shown as {quote(str(cell))})", currency
            )
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            return _exact_amount(exact_decimal(cell), repr(cell), currency)
        written = str(cell).strip()
        if written.lower() in FREE_WORDS:
            return 0
        number, marker = split_currency(written)
        check_currency(written, marker, currency)
        text = whole_dash(written)
        if not reading.decimals_known:
            bare = whole_dash(number).replace(" ", "").replace("\u00a0", "")
            thousands_or_decimals(
                bare, written, currency, comma_may_be_decimal=reading.comma_may_be_decimal
            )
    except MoneyError as error:
        raise CellError(str(error)) from None
    value = exact_decimal(text, currency, reading.decimal_comma)
    return _exact_amount(value, quote(written), currency, reading.decimal_comma)


def _exact_amount(
    value: Decimal, written: str, currency: str, decimal_comma: bool = False
) -> float | int:
    """`value` as the API takes it, once it is a finite amount exact to `currency`'s unit."""
    if not value.is_finite():
        raise CellError(f"{written} is not a finite number")
    if abs(value) > LARGEST_NUMBER:
        raise CellError(f"{written} is too large a number")
    try:
        check_cents(value, written, currency, decimal_comma)
    except MoneyError as error:
        raise CellError(str(error)) from None
    if value == value.to_integral_value() and int(value.as_tuple().exponent) >= 0:
        return int(value)  # written without decimals
    return float(value)


def to_percent(cell: Any, decimal_comma: bool = False) -> int:
    """A whole percent: "20%", "20" in a percent column, an XLSX percent cell shown as 20%,
    "20,0" on a sheet of decimal commas; a currency ("$5") is refused, it is no percent."""
    if not isinstance(cell, str):
        return to_integer(cell)
    text = cell.strip()
    text = text[:-1].strip() if text.endswith("%") else text
    try:
        refuse_currency(text, "a percent is not an amount: write 20, or 20%")
    except MoneyError as error:
        raise CellError(str(error)) from None
    return to_integer(text, decimal_comma=decimal_comma)


def to_discount(
    cell: Any,
    currency: str = DEFAULT_CURRENCY,
    decimal_comma: bool = False,
    reading: CellReading | None = None,
) -> tuple[str, int | float]:
    """A discount cell: "20%" -> ("discount_percent", 20); "15.00" or "$15" ->
    ("discount_amount", 15.0). A bare number ("20", "0.15", an XLSX number without a percent
    or money format) could be either, and is refused with what to write. With
    `decimal_comma`, "15,00" is the amount 15.0. `reading`: the sheet's, for all of these."""
    reading = reading or CellReading(currency=currency, decimal_comma=decimal_comma)
    text = to_text(cell)
    if reading.decimal_comma:
        try:
            text = comma_to_point(text)
        except NotCommaDecimal as error:
            raise CellError(str(error)) from None
    try:
        kind = discount_kind(
            text, to_text(cell), currency=reading.currency, decimal_comma=reading.decimal_comma
        )
    except MoneyError as error:
        raise CellError(str(error)) from None
    if kind == "percent":
        return "discount_percent", to_percent(text)
    if isinstance(cell, ShownNumber):  # an XLSX money cell: the amount it holds
        return "discount_amount", float(to_money(cell, reading))
    if reading.decimal_comma:  # read as written: a refusal quotes it and advises in commas
        return "discount_amount", float(to_money(to_text(cell), reading))
    # written with a decimal point by now; 1.200 is still thousands or decimals unless the
    # sheet said which mark it uses
    pointed = replace(reading, decimal_comma=False, decimal_point=reading.decimals_known)
    return "discount_amount", float(to_money(text, pointed))
