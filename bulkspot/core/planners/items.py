"""Item rows, one item each, or an item and its attributes over consecutive rows.

On an items sheet with attribute columns, the rows of one item are consecutive (the item's
cells on its first row, blank or equal on the others) and become the item, then its
attributes; an item whose quantity is blank gets the sum of its attributes' quantities, so
one item's rows are held until the item ends (one item at a time, never the file). If any
row of an item is invalid, none of the item is sent (no item is made short of a size),
unless `--partial` lets its valid rows go ahead; an item whose first row is invalid cannot
be made at all.

A sheet with one quantity column (`Stock`, `Qty`, as shop exports have it) gives on a row
with an attribute that attribute's quantity, and on an item row without one the item's.

A row that names its item by id updates it, and its attribute rows update that item's
attributes by name (those it lacks are made), whatever --on-existing says: an exported
sheet imported again is `unchanged`, and an edited quantity `updated`.

The item may exist already with other attributes; after its attributes, one more operation
(`total`) sets its default_quantity_total to the sum of all its attributes on the server (the
`Total` rule of its spec, applied by the write path), and says which attributes it has that
the sheet does not list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bulkspot.core.column import Column, Role
from bulkspot.core.columnmap import ColumnMap
from bulkspot.core.keyindex import FirstRows
from bulkspot.core.operation import (
    TOTAL_PART,
    CellProblem,
    FromOp,
    IdSource,
    OnExisting,
    Operation,
    OpKey,
    RowError,
)
from bulkspot.core.planners.base import CREATE, UPDATE, Planned, Planner, PlanSettings, Problems
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
        Column(
            Role.ATTRIBUTE.value,
            Role.ATTRIBUTE,
            ATTRIBUTE.by_name["name"],
            doc="an attribute of the item (a size, a colour): one row per attribute, "
            "item cells on the first row; e.g. Small",
        ),
        Column(
            "attribute_quantity",
            Role.ATTRIBUTE_QUANTITY,
            ATTRIBUTE.by_name["quantity_total"],
            doc="that attribute's quantity; the item's quantity is their sum; e.g. 40",
        ),
    )

    @classmethod
    def required_columns(
        cls, columns: Iterable[Column], targets: frozenset[str]
    ) -> list[tuple[str, ...]]:
        """With attributes, their quantities instead of the item's (it is their sum); an
        attribute's quantity needs the attribute's name."""
        needed = super().required_columns(columns, targets)
        if "@attribute" in targets:  # one quantity column serves both (see the docstring)
            needed = [g for g in needed if g != ("default_quantity_total",)]
            needed.append(("@attribute_quantity", "default_quantity_total"))
        if "@attribute_quantity" in targets:
            needed.append(("@attribute",))
        return needed

    def __init__(
        self, mapping: ColumnMap, settings: PlanSettings, seen: FirstRows | None = None
    ) -> None:
        super().__init__(mapping, settings, seen)
        self.partial = settings.partial
        # no attribute_quantity column: the item's quantity column gives an attribute's
        self.one_quantity = not mapping.has("@attribute_quantity")

    def attribute_column(self, api_field: str) -> str:
        """The column of an attribute's field on an items sheet."""
        role = {"name": "@attribute", "quantity_total": "@attribute_quantity"}.get(api_field)
        if role == "@attribute_quantity" and self.one_quantity:
            role = "default_quantity_total"
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
            if self.one_quantity and name is not None:
                quantity = values.pop("default_quantity_total", None)
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
        head = group.parts[0]
        body = {k: v for k, v in group.values.items() if not k.startswith("@")}
        if group.target is None:
            made = [p.attribute for p in group.parts if p.attribute is not None]
            counted = [
                p.attribute["quantity_total"]
                for p in group.parts
                if p.attribute is not None and not p.problems
            ]
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
        bad = [p.number for p in group.parts if p.problems]
        if head.problems or (bad and not self.partial):
            yield from self.held_back(group, bad)
            return
        key = OpKey(head.number, self.kind)
        action = CREATE if group.target is None else UPDATE
        ends_row = head.attribute is None
        yield Operation(key, self.kind, action, body, group.path_ids, group.target, {}, ends_row)
        parent: IdSource = FromOp(key) if group.target is None else group.target
        path_ids = {**group.path_ids, "item_id": parent}
        made_keys: list[OpKey] = []
        # an item named by id is updated, so are its attributes, by name (made when missing)
        existing = OnExisting.UPDATE if group.target is not None else None
        for part in group.parts:
            if part.problems:
                yield RowError(part.number, tuple(part.problems))
            elif part.attribute is not None:
                made_keys.append(OpKey(part.number, ATTRIBUTE.kind))
                yield Operation(
                    made_keys[-1],
                    ATTRIBUTE.kind,
                    CREATE,
                    part.attribute,
                    path_ids,
                    on_existing=existing,
                )
        if made_keys:  # the item's total, once its attributes are there (module docstring)
            total = OpKey(head.number, TOTAL_PART)
            yield Operation(
                total, self.kind, UPDATE, {}, group.path_ids, parent, {}, False, tuple(made_keys)
            )

    def held_back(self, group: ItemRows, bad: list[int]) -> Iterator[RowError]:
        """Every row of an item of which some row is invalid: none of it is sent."""
        head, *rest = group.parts
        if head.problems:  # no item: its other rows cannot be sent
            yield RowError(head.number, tuple(head.problems))
            blocked = CellProblem(
                self.map.column_of("name"), f"the item's row {head.number} is invalid"
            )
            for part in rest:
                yield RowError(part.number, (*part.problems, blocked))
            return
        rows = ", ".join(str(n) for n in bad)
        why = CellProblem(
            self.map.column_of("name"),
            (
                f"not sent: row {rows} of this item {'is' if len(bad) == 1 else 'are'} invalid, "
                "and an item is sent whole or not at all (fix it, or give --partial to send "
                "the valid rows)"
            ),
        )
        for part in group.parts:
            yield RowError(part.number, tuple(part.problems) if part.problems else (why,))
