"""Attribute rows: each names its item by name (looked up) or by id."""

from __future__ import annotations

from typing import Any

from bulkspot.core.operation import ByKey, CellProblem, IdSource
from bulkspot.core.planners.base import Planner, Problems
from bulkspot.core.resources import ITEM
from bulkspot.core.validate import check_value


class AttributePlanner(Planner):
    """An attribute names its item by `item` (name, looked up) or `item_id`."""

    def locate(self, values: dict[str, Any], problems: Problems) -> tuple[Any, dict[str, IdSource]]:
        event, path_ids = super().locate(values, problems)
        item_id, name = values.pop("@item_id", None), values.pop("@item", None)
        if item_id is not None:
            return (event, "#", item_id), {**path_ids, "item_id": item_id}
        if name is not None:
            why = check_value(ITEM.by_name["name"], name)
            if why:
                problems.append(CellProblem(self.map.header_of("@item") or "item", why))
            item = ByKey("item", name, self.path((("event_id", event),)))
            return (event, "=", name), {**path_ids, "item_id": item}
        column = self.map.header_of("@item") or self.map.header_of("@item_id") or "item"
        problems.append(CellProblem(column, "is required: the item's name (item) or id (item_id)"))
        return event, path_ids
