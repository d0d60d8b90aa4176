"""A field's reader: the function of core/coerce.py (or core/amounts.py, for money) that
reads a non-blank cell of it, chosen once per column, and the check of the ids it gives.

Apart from coerce.py because money is read in amounts.py, which builds on coerce.py: the
choice between them belongs to neither.
"""

from __future__ import annotations

from typing import Any

from bulkspot.core.amounts import to_money
from bulkspot.core.coerce import (
    PLAIN_READING,
    CellError,
    CellReading,
    Coercer,
    is_blank,
    to_boolean,
    to_choice,
    to_datetime,
    to_integer,
    to_number,
    to_object,
    to_text,
    to_text_list,
    to_time_zone_id,
)
from bulkspot.core.resources import Field, FieldType, id_problem


def coerce_cell(field: Field, cell: Any, reading: CellReading = PLAIN_READING) -> Any:
    """The API value of `cell` for `field`; None when the cell is blank."""
    if is_blank(cell):
        return None
    return coercer(field, reading)(cell)


def coercer(field: Field, reading: CellReading = PLAIN_READING) -> Coercer:
    """The function that reads a non-blank cell of `field`: chosen once per column."""
    return checking_ids(field, _coercer(field, reading))


def checking_ids(field: Field, read: Coercer) -> Coercer:
    """`read`, and then each id it gives checked against the shape of the ids of the kind
    `field` holds (`Field.id_of`): an id is data, and never becomes an address. A JSON
    object, list (but the ids of a list column) or yes/no value is no id either: refused as
    it is, before reading would make text of it ("true" has an id's shape)."""
    kind = field.id_of
    if kind is None:
        return read
    many = field.type is FieldType.STRING_LIST

    def read_ids(cell: Any) -> Any:
        for given in cell if many and isinstance(cell, list | tuple) else (cell,):
            if isinstance(given, bool | dict | list | tuple):
                raise CellError(str(id_problem(kind, given)))
        value = read(cell)
        for ident in value if isinstance(value, list | tuple) else (value,):
            why = id_problem(kind, ident) if ident is not None else None
            if why is not None:
                raise CellError(why)
        return value

    return read_ids


def _coercer(field: Field, reading: CellReading) -> Coercer:
    match field.type:
        case FieldType.STRING:
            return to_time_zone_id if field.time_zone else to_text
        case FieldType.INTEGER:
            unlimited, comma = field.unlimited, reading.decimal_comma
            return lambda cell: to_integer(cell, unlimited=unlimited, decimal_comma=comma)
        case FieldType.NUMBER if field.money:
            return lambda cell: to_money(cell, reading)
        case FieldType.NUMBER:
            currency, comma = reading.currency, reading.decimal_comma
            return lambda cell: to_number(cell, currency, decimal_comma=comma)
        case FieldType.BOOLEAN:
            return to_boolean
        case FieldType.DATETIME:
            order, zoned = reading.date_order, field.zone_field is not None
            return lambda cell: to_datetime(cell, order, zoned=zoned)
        case FieldType.ENUM:
            choices, words = field.choices, field.choice_words
            return lambda cell: to_choice(cell, choices, words)
        case FieldType.STRING_LIST:
            return to_text_list
        case FieldType.ENUM_LIST:
            listed, said = field.choices, field.choice_words
            return lambda cell: [to_choice(v, listed, said) for v in to_text_list(cell)]
        case FieldType.OBJECT:
            return to_object
    raise CellError(f"cannot read a {field.type}")  # pragma: no cover
