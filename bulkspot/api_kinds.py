"""The kinds as a caller names them: the sheets an import takes, the collections an export
reads, which kinds' ids other sheets name, and the checks of an id or a currency before
anything is sent. The command line builds its choices from here, not from the registry."""

from __future__ import annotations

from bulkspot.core.moments import DateOrder
from bulkspot.core.money import DEFAULT_CURRENCY
from bulkspot.core.operation import OnExisting
from bulkspot.core.resources import (
    CURRENCIES,
    EVENT,
    FEE,
    FOLDER,
    ITEM,
    PROMOCODE,
    RESOURCES,
    WRITABLE_KINDS,
    children_of,
    spec_for,
)

__all__ = [
    "CURRENCIES",
    "DEFAULT_CURRENCY",
    "EVENT",
    "EXPORTABLE_SHEETS",
    "FEE",
    "FOLDER",
    "IMPORTABLE_SHEETS",
    "ITEM",
    "PROMOCODE",
    "DateOrder",
    "OnExisting",
    "canonical_kind",
    "child_sheets",
    "event_id_problem",
    "sheet_name",
]

IMPORTABLE_SHEETS = tuple(RESOURCES[kind].plural for kind in WRITABLE_KINDS)
EXPORTABLE_SHEETS = tuple(spec.plural for spec in RESOURCES.values())  # read-only ones too


def canonical_kind(name: str) -> str:
    """The kind a singular or plural name means ("items" -> "item"); KeyError when none."""
    return spec_for(name).kind


def sheet_name(kind: str) -> str:
    """The plural a sheet of `kind` is named by ("item" -> "items")."""
    return spec_for(kind).plural


def child_sheets(kind: str) -> tuple[str, ...]:
    """The sheets whose rows name a `kind` resource's id (event -> fees, items, ...)."""
    return tuple(child.plural for child in children_of(spec_for(kind).kind))


def event_id_problem(value: object) -> str | None:
    """Why `value` is no event id (a whole message quoting it), or None."""
    from bulkspot.core.resources import id_problem

    return id_problem(EVENT.kind, value)
