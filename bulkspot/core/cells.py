"""One cell to one column's value: the converter chosen once per column, with fast paths.

`converter(column)` gives the function that turns a trimmed, non-blank cell into the
column's value (or raises `CellError`). Common cells ("20%", "15.00", "yes", "VIP;General")
take a direct path that gives exactly what `bulkspot.core.coerce.coerce_cell` gives (the tests
hold the two equal); anything else goes through `coerce_cell` itself. `always_valid` says
which columns' values need no checking again, `memoizable` which are worth remembering.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bulkspot.core.coerce import (
    FALSE_WORDS,
    TRUE_WORDS,
    UNLIMITED_WORDS,
    coerce_cell,
    to_discount,
    to_text,
    to_text_list,
)
from bulkspot.core.columns import Column, Role
from bulkspot.core.resources import Field, FieldType

Converter = Callable[[Any], Any]


def always_valid(column: Column) -> bool:
    """Whether every value the column's converter returns keeps its field's rules (a choice
    is a choice, yes/no a bool, a non-blank unbounded text a valid text): no need to check
    those again per row. The tests hold this against `check_value`."""
    rule = column.field
    if column.role is not Role.FIELD:
        return False
    if rule.type is FieldType.STRING:
        return rule.max_length is None and rule.pattern is None and (rule.min_length or 0) <= 1
    return rule.type in (FieldType.ENUM, FieldType.BOOLEAN, FieldType.DATETIME,
                         FieldType.STRING_LIST, FieldType.ENUM_LIST)  # fmt: skip


def memoizable(column: Column) -> bool:
    """Whether to remember the column's converted cells: only immutable results (not
    lists) of columns whose cells repeat (not names or ids, which rarely do)."""
    if column.role in (Role.FEES, Role.DISCOUNT):
        return True
    if column.role in (Role.ID, Role.ITEM_ID, Role.ITEM, Role.ATTRIBUTE):
        return False
    return column.field.type not in (FieldType.STRING, FieldType.STRING_LIST, FieldType.ENUM_LIST)


def converter(column: Column) -> Converter:
    """The function that turns a (trimmed, non-blank) cell into the column's value.

    Common cells take a fast path that gives exactly what `coerce_cell` gives (the tests hold
    the two equal); anything else goes through `coerce_cell` itself.
    """
    rule = column.field
    match column.role:
        case Role.DISCOUNT:
            return _discount
        case Role.FEES:
            return _labels
        case Role.ID | Role.EVENT_ID | Role.ITEM_ID:
            return to_text
    match rule.type:
        case FieldType.STRING:
            return _text
        case FieldType.INTEGER if column.name == "discount_percent":
            return _percent(_integer(rule))
        case FieldType.INTEGER:
            return _integer(rule)
        case FieldType.NUMBER:
            return _number(rule)
        case FieldType.BOOLEAN:
            return _boolean
        case FieldType.ENUM:
            return _choice(rule)
        case FieldType.STRING_LIST:
            return _list_of_text
    return lambda cell: coerce_cell(rule, cell)


def _text(cell: Any) -> str:
    return cell if type(cell) is str else to_text(cell)


def _list_of_text(cell: Any) -> list[str] | None:
    if type(cell) is str:
        return [part.strip() for part in cell.split(";") if part.strip()] or None
    return to_text_list(cell) or None


def _labels(cell: Any) -> tuple[str, ...] | None:
    """Fee labels as a tuple: immutable, so a repeated cell is converted once."""
    found = _list_of_text(cell)
    return tuple(found) if found else None


def _discount(cell: Any) -> tuple[str, int | float]:
    """`to_discount`, with its common cells ("20%", "15.00") read directly."""
    if type(cell) is str and cell.isascii():
        if cell.endswith("%") and cell[:-1].isdigit():
            return "discount_percent", int(cell[:-1])
        whole, _, fraction = cell.partition(".")
        if whole.isdigit() and (not fraction or fraction.isdigit()) and len(whole) < 16:
            return "discount_amount", float(cell)
    return to_discount(cell)


def _integer(rule: Field) -> Converter:
    unlimited = rule.unlimited

    def integer(cell: Any) -> Any:
        if type(cell) is str:
            if cell.isdigit() and cell.isascii() and len(cell) < 10:  # within LARGEST_INTEGER
                return int(cell)
            if unlimited is not None and cell.lower() in UNLIMITED_WORDS:
                return unlimited
        return coerce_cell(rule, cell)

    return integer


def _percent(integer: Converter) -> Converter:
    """A percent column also takes "20%" (what a percent-formatted Excel cell reads as)."""

    def percent(cell: Any) -> Any:
        if type(cell) is str and cell.endswith("%"):
            cell = cell[:-1].strip()
        return integer(cell)

    return percent


def _number(rule: Field) -> Converter:
    def number(cell: Any) -> Any:
        if type(cell) is str and cell.isascii():
            if cell.isdigit() and len(cell) < 16:
                return int(cell)
            whole, dot, fraction = cell.partition(".")
            if dot and (whole.isdigit() or not whole) and fraction.isdigit() and len(whole) < 16:
                return float(cell)
        return coerce_cell(rule, cell)  # with its message for a number too large

    return number


def _boolean(cell: Any) -> Any:
    if type(cell) is str:
        word = cell.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return coerce_cell(_BOOLEAN, cell)


_BOOLEAN = Field("boolean", FieldType.BOOLEAN)


def _choice(rule: Field) -> Converter:
    choices = frozenset(rule.choices)

    def choice(cell: Any) -> Any:
        if type(cell) is str and cell in choices:
            return cell
        return coerce_cell(rule, cell)

    return choice
