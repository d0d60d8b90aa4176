"""Spreadsheet cells to API values.

People type "$1,250.00", "1,000", "yes", "20%" and leave cells blank; Excel hands over floats
for whole numbers and datetimes for dates. Each function here takes one cell (str from CSV,
int/float/bool/datetime from XLSX, any JSON value from JSONL) and returns the value the API
wants, None for a blank cell, or raises `CellError` saying what is wrong in words a person
can act on. Nothing here knows about rows or files: the caller adds the row and the column.

core/field_readers.py picks a field's function once, so that a sheet's reader pays for the
choice once per column rather than once per cell. Each function tries the form most cells
have (plain text, plain digits) before the forgiving ones: the one coercer is also the fast
one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from bulkspot.core.decimals import NotCommaDecimal, comma_to_point
from bulkspot.core.moments import DateOrder, LocalTime, MomentError, to_moment, to_time_zone
from bulkspot.core.money import (
    DEFAULT_CURRENCY,
    MoneyError,
    check_currency,
    refuse_currency,
    split_currency,
)
from bulkspot.core.quoting import quote

__all__ = ["CellReading", "DateOrder", "LocalTime"]

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "x", "on", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "off", "f"})
UNLIMITED_WORDS = frozenset({"unlimited", "-1", "∞", "no limit"})
# The API's whole numbers are 32-bit (the Java SDK's `int`), its amounts doubles: a cell
# beyond these is a typo, and a number JSON and the API cannot carry exactly.
LARGEST_INTEGER = 2**31 - 1
LARGEST_NUMBER = Decimal(10**15)
_INTEGER_DIGITS = len(str(LARGEST_INTEGER))  # plain digits this long or shorter: int() at once
NUMBER_DIGITS = len(str(LARGEST_NUMBER)) - 1  # whole digits always below LARGEST_NUMBER
EXACT_DIGITS = 15  # what a spreadsheet's number (a double) holds exactly
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")

Coercer = Callable[[Any], Any]
"""A non-blank cell -> the field's value (None when a list cell holds nothing), or CellError."""


class CellError(ValueError):
    """A cell that cannot become the value its field needs."""


@dataclass(frozen=True, slots=True)
class CellReading:
    """What a sheet's cells cannot say themselves: whether 12/4/2027 is day-first
    (`--date-order`; None: such a cell is refused) and the currency of its amounts
    (`--currency`; a cell in another is refused), and whether its numbers have a decimal
    comma (35,00; `--decimal-comma`, or found so by `bulkspot.core.decimals`) or a decimal
    point (`--decimal-point`, or found so): with neither, an amount such as 1.200 could be
    thousands and is refused (1,200 too on a `;` sheet, where a comma may be decimal)."""

    date_order: DateOrder | None = None
    currency: str = DEFAULT_CURRENCY
    decimal_comma: bool = False
    decimal_point: bool = False
    comma_may_be_decimal: bool = False  # a `;` sheet: is 1,200 thousands, or 1.20?

    @property
    def decimals_known(self) -> bool:
        """Whether the sheet has said which mark is its decimal one."""
        return self.decimal_comma or self.decimal_point


PLAIN_READING = CellReading()


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def to_object(cell: Any) -> dict[str, Any]:
    if isinstance(cell, dict):
        return cell
    raise CellError("must be an object (use dotted columns such as address.city)")


def to_text(cell: Any) -> str:
    """Text, trimmed; a whole-number float from Excel loses its ".0". A number longer than
    a spreadsheet keeps exactly (a card or phone number typed into a number cell) is refused:
    its last digits are already lost."""
    if type(cell) is str:
        return cell.strip()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        if abs(cell) >= 10**EXACT_DIGITS:
            raise CellError(
                f"{cell:.15g} is a number too long for the sheet to keep exactly (it holds "
                f"{EXACT_DIGITS} digits): format the column as Text and type it again"
            )
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date | dt.time):
        raise CellError(_date_for_text(cell))
    return str(cell).strip()


def _date_for_text(cell: dt.datetime | dt.date | dt.time) -> str:
    """A spreadsheet's date or time where text is wanted: a spreadsheet makes one of what
    looks like a date (a size 3/4, a code 1-2), and its ISO text is neither what was typed
    nor what the sheet shows, so the cell is refused rather than sent as 2027-03-04T00:00:00."""
    if isinstance(cell, dt.time):
        what = f"a time ({cell.strftime('%H:%M')})"
    elif isinstance(cell, dt.datetime) and cell.time() != dt.time():
        what = f"a date and time ({cell.strftime('%Y-%m-%d %H:%M')})"
    else:
        what = f"a date ({cell.strftime('%Y-%m-%d')})"
    return (
        f"is {what} where text is wanted: a spreadsheet makes one of what looks like a date "
        "(3/4, 4-Mar); format the column as Text and type it again"
    )


def exact_decimal(cell: Any, currency: str | None = None, decimal_comma: bool = False) -> Decimal:
    """`currency`: the sheet's, for an amount (a cell in another is refused); None: the
    cell is a count or a percent and may not have one. `decimal_comma`: 35,00 is 35.00 and
    1.234 is 1234."""
    if isinstance(cell, bool):
        raise CellError(f"must be a number, not {quote(cell)}")
    if isinstance(cell, int | float):
        return Decimal(repr(cell))
    written = str(cell).strip()
    try:
        if currency is None:
            refuse_currency(written, "this column counts, it holds no amount")
            text = written
        else:
            text, marker = split_currency(written)
            check_currency(written, marker, currency)
    except MoneyError as error:
        raise CellError(str(error)) from None
    text = text.replace(" ", "").replace("\u00a0", "")
    if decimal_comma:
        try:
            text = comma_to_point(text)
        except NotCommaDecimal as error:
            raise CellError(str(error)) from None
    if _GROUPED.match(text):
        text = text.replace(",", "")
    elif "," in text:
        raise CellError(
            f"{quote(cell)} is not a number: write decimals with a point and thousands as "
            "1,000, or give --decimal-comma if this sheet writes decimal commas (35,00)"
        )
    if not _PLAIN.match(text):
        raise CellError(f"{quote(cell)} is not a number")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise CellError(f"{quote(cell)} is not a number") from None


def to_number(
    cell: Any, currency: str = DEFAULT_CURRENCY, *, decimal_comma: bool = False
) -> float | int:
    """A number: "$1,250.00" -> 1250.0 (a sign of another currency than `currency`, the
    sheet's, is refused), or "1.250,00" with `decimal_comma`; whole numbers stay int."""
    if type(cell) is str and not decimal_comma:  # most cells: "12" or "12.50", as they are
        whole, dot, fraction = cell.partition(".")
        if whole.isdigit() and whole.isascii() and len(whole) <= NUMBER_DIGITS:
            if not dot:
                return int(whole)
            if fraction.isdigit() and fraction.isascii():
                return float(cell)
    value = exact_decimal(cell, currency, decimal_comma)
    if not value.is_finite():
        raise CellError(f"{quote(cell)} is not a finite number")
    if abs(value) > LARGEST_NUMBER:
        raise CellError(f"{quote(cell)} is too large a number")
    if value == value.to_integral_value() and int(value.as_tuple().exponent) >= 0:
        return int(value)  # written without decimals
    return float(value)


def to_integer(cell: Any, *, unlimited: int | None = None, decimal_comma: bool = False) -> int:
    """A whole number: "1,000" -> 1000, 12.0 -> 12; "unlimited" -> the field's unlimited value."""
    if type(cell) is str and len(cell) <= _INTEGER_DIGITS and cell.isdigit() and cell.isascii():
        value = int(cell)  # most cells: plain digits
    elif (
        unlimited is not None and isinstance(cell, str) and cell.strip().lower() in UNLIMITED_WORDS
    ):
        return unlimited
    else:
        exact = exact_decimal(cell, decimal_comma=decimal_comma)
        if not exact.is_finite() or exact != exact.to_integral_value():
            raise CellError(f"{quote(cell)} is not a whole number")
        value = int(exact)
    if abs(value) > LARGEST_INTEGER:
        raise CellError(f"{quote(cell)} is too large a whole number (at most {LARGEST_INTEGER:,})")
    return int(value)


def to_boolean(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    word = str(cell).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"{quote(cell)} is not yes/no (use yes, no, true, false, 1 or 0)")


def to_choice(cell: Any, choices: tuple[str, ...], words: tuple[tuple[str, str], ...] = ()) -> str:
    """An enum value, forgiving case, spaces and dashes: "fee list" -> "FEE_LIST"; `words`:
    the other words a sheet uses for a choice (a shop's "Published" for ACTIVE)."""
    text = to_text(cell)
    if text in choices:  # the choices are upper case with underscores: as written
        return text
    word = re.sub(r"[\s-]+", "_", text).upper()
    if word in choices:
        return word
    meant = dict(words).get(word)
    if meant is not None:
        return meant
    raise CellError(f"{quote(to_text(cell))} is not one of {', '.join(choices)}")


def to_text_list(cell: Any) -> list[str]:
    """A list: a JSON list as is, else text split on ";"."""
    if isinstance(cell, list | tuple):
        return [to_text(v) for v in cell if not is_blank(v)]
    return [part.strip() for part in to_text(cell).split(";") if part.strip()]


def to_datetime(
    cell: Any, order: DateOrder | None = None, *, zoned: bool = True
) -> str | LocalTime:
    """ISO-8601 in UTC as the API writes it (2014-08-06T14:00:00.000Z) when the cell gives
    its offset; else the `LocalTime` it names, read in its row's time zone later. A date
    alone is midnight; 12/4/2027 is read in `order` (see `bulkspot.core.moments`)."""
    try:
        return to_moment(cell, order, zoned=zoned)
    except MomentError as error:
        raise CellError(str(error)) from None


def to_time_zone_id(cell: Any) -> str:
    """A zone of the tz database, spelled as it spells it; an unknown one is refused with
    the closest names (see `bulkspot.core.moments`)."""
    try:
        return to_time_zone(to_text(cell))
    except MomentError as error:
        raise CellError(str(error)) from None
