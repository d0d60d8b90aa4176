"""Spreadsheet cells to API values.

People type "$1,250.00", "1,000", "yes", "20%" and leave cells blank; Excel hands over floats
for whole numbers and datetimes for dates. Each function here takes one cell (str from CSV,
int/float/bool/datetime from XLSX, any JSON value from JSONL) and returns the value the API
wants, None for a blank cell, or raises `CellError` saying what is wrong in words a person
can act on. Nothing here knows about rows or files: the caller adds the row and the column.

`coercer(field)` picks a field's function once, so that a sheet's reader pays for the choice
once per column rather than once per cell. Each function tries the form most cells have (plain
text, plain digits) before the forgiving ones: the one coercer is also the fast one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from bulkspot.core.resources import Field, FieldType

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "x", "on", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "off", "f"})
UNLIMITED_WORDS = frozenset({"unlimited", "-1", "∞", "no limit"})
# The API's whole numbers are 32-bit (the Java SDK's `int`), its amounts doubles: a cell
# beyond these is a typo, and a number JSON and the API cannot carry exactly.
LARGEST_INTEGER = 2**31 - 1
LARGEST_NUMBER = Decimal(10**15)
_INTEGER_DIGITS = len(str(LARGEST_INTEGER))  # plain digits this long or shorter: int() at once
_NUMBER_DIGITS = len(str(LARGEST_NUMBER)) - 1  # whole digits always below LARGEST_NUMBER
_CURRENCY = re.compile(r"^[$€£¥]|(?:\s*(?:USD|EUR|GBP|CAD|AUD))$", re.IGNORECASE)
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")

Coercer = Callable[[Any], Any]
"""A non-blank cell -> the field's value (None when a list cell holds nothing), or CellError."""


class CellError(ValueError):
    """A cell that cannot become the value its field needs."""


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def coerce_cell(field: Field, cell: Any) -> Any:
    """The API value of `cell` for `field`; None when the cell is blank."""
    if is_blank(cell):
        return None
    return coercer(field)(cell)


def coercer(field: Field) -> Coercer:
    """The function that reads a non-blank cell of `field`: chosen once per column."""
    match field.type:
        case FieldType.STRING:
            return to_text
        case FieldType.INTEGER:
            unlimited = field.unlimited
            return lambda cell: to_integer(cell, unlimited=unlimited)
        case FieldType.NUMBER:
            return to_number
        case FieldType.BOOLEAN:
            return to_boolean
        case FieldType.DATETIME:
            return to_datetime
        case FieldType.ENUM:
            choices = field.choices
            return lambda cell: to_choice(cell, choices)
        case FieldType.STRING_LIST:
            return to_text_list
        case FieldType.ENUM_LIST:
            listed = field.choices
            return lambda cell: [to_choice(v, listed) for v in to_text_list(cell)]
        case FieldType.OBJECT:
            return to_object
    raise CellError(f"cannot read a {field.type}")  # pragma: no cover


def to_object(cell: Any) -> dict[str, Any]:
    if isinstance(cell, dict):
        return cell
    raise CellError("must be an object (use dotted columns such as address.city)")


def to_text(cell: Any) -> str:
    """Text, trimmed; a whole-number float from Excel loses its ".0"."""
    if type(cell) is str:
        return cell.strip()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return str(cell).strip()


def _decimal(cell: Any) -> Decimal:
    if isinstance(cell, bool):
        raise CellError(f"must be a number, not {cell!r}")
    if isinstance(cell, int | float):
        return Decimal(repr(cell))
    text = str(cell).strip().replace(" ", "").replace("\u00a0", "")
    text = _CURRENCY.sub("", text).strip()
    if _GROUPED.match(text):
        text = text.replace(",", "")
    elif "," in text:
        raise CellError(
            f"{cell!r} is not a number: write decimals with a point and thousands as 1,000"
        )
    if not _PLAIN.match(text):
        raise CellError(f"{cell!r} is not a number")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise CellError(f"{cell!r} is not a number") from None


def to_number(cell: Any) -> float | int:
    """A number: "$1,250.00" -> 1250.0; whole numbers stay int."""
    if type(cell) is str:  # most cells: "12" or "12.50", read as they are
        whole, dot, fraction = cell.partition(".")
        if whole.isdigit() and whole.isascii() and len(whole) <= _NUMBER_DIGITS:
            if not dot:
                return int(whole)
            if fraction.isdigit() and fraction.isascii():
                return float(cell)
    value = _decimal(cell)
    if not value.is_finite():
        raise CellError(f"{cell!r} is not a finite number")
    if abs(value) > LARGEST_NUMBER:
        raise CellError(f"{cell!r} is too large a number")
    if value == value.to_integral_value() and "." not in str(cell):
        return int(value)
    return float(value)


def to_integer(cell: Any, *, unlimited: int | None = None) -> int:
    """A whole number: "1,000" -> 1000, 12.0 -> 12; "unlimited" -> the field's unlimited value."""
    if type(cell) is str and len(cell) <= _INTEGER_DIGITS and cell.isdigit() and cell.isascii():
        value = int(cell)  # most cells: plain digits
    elif (
        unlimited is not None and isinstance(cell, str) and cell.strip().lower() in UNLIMITED_WORDS
    ):
        return unlimited
    else:
        exact = _decimal(cell)
        if not exact.is_finite() or exact != exact.to_integral_value():
            raise CellError(f"{cell!r} is not a whole number")
        value = int(exact)
    if abs(value) > LARGEST_INTEGER:
        raise CellError(f"{cell!r} is too large a whole number (at most {LARGEST_INTEGER:,})")
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
    raise CellError(f"{cell!r} is not yes/no (use yes, no, true, false, 1 or 0)")


def to_choice(cell: Any, choices: tuple[str, ...]) -> str:
    """An enum value, forgiving case, spaces and dashes: "fee list" -> "FEE_LIST"."""
    text = to_text(cell)
    if text in choices:  # the choices are upper case with underscores: as written
        return text
    word = re.sub(r"[\s-]+", "_", text).upper()
    if word in choices:
        return word
    raise CellError(f"{to_text(cell)!r} is not one of {', '.join(choices)}")


def to_text_list(cell: Any) -> list[str]:
    """A list: a JSON list as is, else text split on ";"."""
    if isinstance(cell, list | tuple):
        return [to_text(v) for v in cell if not is_blank(v)]
    return [part.strip() for part in to_text(cell).split(";") if part.strip()]


def to_datetime(cell: Any) -> str:
    """ISO-8601 in UTC as the API writes it: 2014-08-06T14:00:00.000Z.

    A time without a zone is taken as UTC; a date alone as midnight UTC.
    """
    if isinstance(cell, dt.datetime):
        moment = cell
    elif isinstance(cell, dt.date):
        moment = dt.datetime(cell.year, cell.month, cell.day)
    else:
        text = to_text(cell).replace("Z", "+00:00").replace("z", "+00:00")
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise CellError(f"{to_text(cell)!r} is not a date (use 2026-05-01T18:00:00Z)") from None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        except OverflowError:  # 0001-01-01T00:00+05:00 is before the first representable UTC
            raise CellError(f"{to_text(cell)!r} is out of the range of dates") from None
    # isoformat, not strftime: "%Y" does not pad years before 1000 to four digits on glibc
    return moment.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def to_discount(cell: Any) -> tuple[str, int | float]:
    """A discount cell: "20%" -> ("discount_percent", 20); "15.00" -> ("discount_amount", 15.0)."""
    text = to_text(cell)
    if text.endswith("%"):
        return "discount_percent", to_integer(text[:-1].strip())
    return "discount_amount", float(to_number(cell))
