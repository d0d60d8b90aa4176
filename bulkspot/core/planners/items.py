"""Item rows, one item each, or an item and its attributes over consecutive rows.

On an items sheet with attribute columns, the rows of one item are consecutive (the item's
cells on its first row, blank or equal on the others) and become the item, then its
attributes; an item whose quantity is blank gets the sum of its attributes' quantities, so
one item's rows are held until the item ends (one item at a time, never the file). If an
item's first row is invalid the item cannot be created, and its other rows are invalid too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bulkspot.core.column import Column, Role
from bulkspot.core.operation import CellProblem, FromOp, IdSource, Operation, OpKey, RowError
from bulkspot.core.planners.base import CREATE, UPDATE, Planned, Planner, Problems
from bulkspot.core.resources import ATTRIBUTE, ITEM, Problem
from bulkspot.core.validate import Validator, check_value


@dataclass(slots=True)
class Part:
    """One row of an item: its attribute's body (None when the row has none), problems."""

    number: int
    attribute: dict[str, Any] | None
    problems: Problems


@dataclass(slots=True)
class ItemRows:
    """The consecutive rows of one item, held until the item ends."""

    head: int
    target: Any  # the item's id when the rows update it
    event_cell: Any
    path_ids: dict[str, IdSource]
    values: dict[str, Any]
    parts: list[Part] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)  # attribute name -> its row


class ItemPlanner(Planner):
    """Items, one row each, or with attribute rows (see the module's docstring)."""

    row_child = ATTRIBUTE.kind
    sheet_columns = (
        Column("attribute", Role.ATTRIBUTE, ATTRIBUTE.by_name["name"],
               doc="an attribute of the item (a size, a colour): one row per attribute, "
               "item cells on the first row; e.g. Small"),
        Column("attribute_quantity", Role.ATTRIBUTE_QUANTITY,
               ATTRIBUTE.by_name["quantity_total"],
               doc="that attribute's quantity; the item's quantity is their sum; e.g. 40"),
    )  # fmt: skip

    @classmethod
    def required_columns(
        cls, columns: Iterable[Column], targets: frozenset[str]
    ) -> list[tuple[str, ...]]:
        """With attributes, their quantities instead of the item's (it is their sum); an
        attribute's quantity needs the attribute's name."""
        needed = super().required_columns(columns, targets)
        if "@attribute" in targets:
            needed = [g for g in needed if g != ("default_quantity_total",)]
            needed.append(("@attribute_quantity",))
        if "@attribute_quantity" in targets:
            needed.append(("@attribute",))
        return needed

    def attribute_column(self, api_field: str) -> str:
        """The column of an attribute's field on an items sheet."""
        role = {"name": "@attribute", "quantity_total": "@attribute_quantity"}.get(api_field)
        return (self.map.header_of(role) if role else None) or api_field

    attribute_rules = Validator.of(ATTRIBUTE)

    @staticmethod
    def unknown_sum(found: list[Problem], body: dict[str, Any]) -> list[Problem]:
        """Some attribute row is bad (it says why), so the item's sum is not known yet: leave
        out the limit-above-sum rule, which would only echo that row's error."""
        limit = "per_registrant_limit"
        if check_value(ITEM.by_name[limit], body.get(limit)) is not None:
            return found  # the limit's own problem, not the rule's
        return [p for p in found if p.field != limit]

    def plan(self, rows: Iterable[Any]) -> Iterator[Planned]:
        if not self.map.has("@attribute"):
            yield from super().plan(rows)
            return
        group: ItemRows | None = None
        for row in rows:
            values, problems = self.map.read(row.cells)
            problems[:0] = row.problems
            name = values.pop("@attribute", None)
            quantity = values.pop("@attribute_quantity", None)
            attribute: dict[str, Any] | None = None if name is None and quantity is None else {}
            if attribute is not None and name is not None:
                attribute["name"] = name
            if attribute is not None and quantity is not None:
                attribute["quantity_total"] = quantity
            if group is not None and attribute is not None and self.continues(group, values):
                self.add(group, Part(row.number, attribute, problems), values)
                continue
            if group is not None:
                yield from self.close(group)
            group = self.open(row.number, values, attribute, problems)
        if group is not None:
            yield from self.close(group)

    @staticmethod
    def continues(group: ItemRows, values: dict[str, Any]) -> bool:
        """Whether a row with an attribute belongs to the item of the rows before it."""
        return (
            values.get("name") in (None, group.values.get("name"))
            and values.get("@id") in (None, group.target)
            and values.get("@event_id") in (None, group.event_cell)
        )

    def open(
        self,
        number: int,
        values: dict[str, Any],
        attribute: dict[str, Any] | None,
        problems: Problems,
    ) -> ItemRows:
        target = values.pop("@id", None)
        event_cell = values.get("@event_id")
        scope, path_ids = self.locate(values, problems)
        group = ItemRows(number, target, event_cell, path_ids, values)
        name = values.get("name")
        if target is None and isinstance(name, str):
            earlier = self.seen.first_row(scope, name, number)
            if earlier is not None:
                message = f"item {name!r} is already defined on row {earlier}"
                problems.append(CellProblem(self.map.column_of("name"), message))
        self.add(group, Part(number, attribute, problems), {})
        return group

    def add(self, group: ItemRows, part: Part, values: dict[str, Any]) -> None:
        """Take a row into the item: its item cells must agree with the first row's."""
        for target, value in values.items():
            first = group.values.get(target)
            if not target.startswith("@") and first != value:
                why = "is blank there" if first is None else f"it is {first!r} there"
                message = f"differs from the item's first row {group.head} ({why})"
                part.problems.append(CellProblem(self.map.column_of(target), message))
        if part.attribute is not None:
            invalid = self.attribute_rules.problems(part.attribute)
            found = [CellProblem(self.attribute_column(p.field), p.message) for p in invalid]
            part.problems += self.without_repeats(found, part.problems)
            name = part.attribute.get("name")
            if isinstance(name, str) and name in group.names:
                message = (
                    f"attribute {name!r} is already used on row {group.names[name]} for this item"
                )
                part.problems.append(CellProblem(self.map.column_of("@attribute"), message))
            elif isinstance(name, str):
                group.names[name] = part.number
        group.parts.append(part)

    def close(self, group: ItemRows) -> Iterator[Planned]:
        head, *rest = group.parts
        body = {k: v for k, v in group.values.items() if not k.startswith("@")}
        if group.target is None:
            made = [p.attribute for p in group.parts if p.attribute is not None]
            counted = [p.attribute["quantity_total"] for p in group.parts
                       if p.attribute is not None and not p.problems]  # fmt: skip
            derived = "default_quantity_total" not in body and bool(made)
            if derived:  # what the API will make it: the sum of the attributes it gets
                body["default_quantity_total"] = sum(counted)
            invalid = self.rules.problems(body)
            if derived and len(counted) < len(made):
                invalid = self.unknown_sum(invalid, body)
            found = self.map.problems_of(invalid)
        else:
            found = self.map.check_fields(body)
        head.problems += self.without_repeats(found, head.problems)
        if head.problems:
            yield RowError(head.number, tuple(head.problems))
            blocked = CellProblem(
                self.map.column_of("name"), f"the item's row {head.number} is invalid"
            )
            for part in rest:
                yield RowError(part.number, (*part.problems, blocked))
            return
        key = OpKey(head.number, self.kind)
        action = CREATE if group.target is None else UPDATE
        ends_row = head.attribute is None
        yield Operation(key, self.kind, action, body, group.path_ids, group.target, {}, ends_row)
        parent: IdSource = FromOp(key) if group.target is None else group.target
        path_ids = {**group.path_ids, "item_id": parent}
        for part in group.parts:
            if part.problems:
                yield RowError(part.number, tuple(part.problems))
            elif part.attribute is not None:
                key = OpKey(part.number, ATTRIBUTE.kind)
                yield Operation(key, ATTRIBUTE.kind, CREATE, part.attribute, path_ids)
