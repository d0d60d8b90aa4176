"""Attribute rows: each names its item by name (looked up) or by id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bulkspot.core.column import Column, Role
from bulkspot.core.operation import ByKey, CellProblem, IdSource
from bulkspot.core.planners.base import Planner, Problems
from bulkspot.core.resources import ITEM, Field, FieldType
from bulkspot.core.validate import value_check

_check_item_name = value_check(ITEM.by_name["name"])


class AttributePlanner(Planner):
    """An attribute names its item by `item` (name, looked up) or `item_id`."""

    sheet_columns = (
        Column(
            Role.ITEM.value,
            Role.ITEM,
            ITEM.by_name["name"],
            doc="the item's name (looked up in the event); this or item_id",
        ),
        Column(
            "item_id",
            Role.ITEM_ID,
            Field("item_id", FieldType.STRING, min_length=1, id_of=ITEM.kind),
            doc="the item's id; this or item",
        ),
    )

    @classmethod
    def required_columns(
        cls, columns: Iterable[Column], targets: frozenset[str]
    ) -> list[tuple[str, ...]]:
        """The item, by name or by id, even on a sheet of updates: it is in the path."""
        return [*super().required_columns(columns, targets), ("@item", "@item_id")]

    def locate(self, values: dict[str, Any], problems: Problems) -> tuple[Any, dict[str, IdSource]]:
        event, path_ids = super().locate(values, problems)
        item_id, name = values.pop("@item_id", None), values.pop("@item", None)
        if item_id is not None:
            return (event, "#", item_id), {**path_ids, "item_id": item_id}
        if name is not None:
            why = _check_item_name(name)
            if why:
                problems.append(CellProblem(self.map.header_of("@item") or Role.ITEM.value, why))
            item = ByKey(ITEM.kind, name, self.path((("event_id", event),)))
            return (event, "=", name), {**path_ids, "item_id": item}
        if self.failed("@item_id", problems) or self.failed("@item", problems):
            return event, path_ids
        column = self.map.header_of("@item") or self.map.header_of("@item_id") or Role.ITEM.value
        problems.append(CellProblem(column, "is required: the item's name (item) or id (item_id)"))
        return event, path_ids
