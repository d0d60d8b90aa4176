"""Rows to operations, lazily, in input order, parents before children.

Each row becomes one `Operation` or one `RowError` naming every problem of the row by column.
A row with an `id` updates that resource with the cells it fills; any other row creates. On
an items sheet with attribute columns, the rows of one item are consecutive (the item's cells
on its first row, blank or equal on the others) and become the item, then its attributes; an
item whose quantity is blank gets the sum of its attributes' quantities, so one item's rows
are held until the item ends (one item at a time, never the file). If an item's first row is
invalid the item cannot be created, and its other rows are invalid too.

A natural key used twice in the file (an event's name, a fee's label, an item's name, an
attribute's name in its item, a promocode's code_name) is an error on the later row, found
with `SeenKeys` so that memory stays small for a million rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bulkspot.core.construct import new_key, new_operation
from bulkspot.core.keyindex import SeenKeys
from bulkspot.core.mapping import BodyRules, ColumnError, ColumnMap, sheet_of
from bulkspot.core.operation import (
    Action,
    ByKey,
    CellProblem,
    FromOp,
    IdSource,
    Operation,
    RowError,
)
from bulkspot.core.resources import ATTRIBUTE, ITEM, Problem, spec_for
from bulkspot.core.validate import check_value

Planned = Operation | RowError
Problems = list[CellProblem]
Refs = dict[str, tuple[IdSource, ...]]
CREATE, UPDATE = Action.CREATE, Action.UPDATE  # an enum member lookup costs ~250 ns on 3.11


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """What the command line adds to the sheet: the event the rows belong to (`--event`)."""

    event_id: str | None = None


def plan_rows(
    kind: str, rows: Iterable[Any], mapping: ColumnMap, settings: PlanSettings | None = None
) -> Iterator[Planned]:
    """The operations (and row errors) of `rows` (sources.Row), produced as they are read.

    Raises ColumnError at once, before any row is read, when the rows' event is unknown.
    """
    spec = spec_for(kind)
    if spec.kind != mapping.kind:
        raise ValueError(f"the column map is for {mapping.kind}s, not {spec.plural}")
    settings = settings or PlanSettings()
    if spec.parent is not None and not settings.event_id and not mapping.has("@event_id"):
        raise ColumnError(
            f"{sheet_of(spec)} belongs to an event: give --event ID, or add an event_id column"
        )
    planner = {"item": ItemPlanner, "attribute": AttributePlanner, "promocode": PromocodePlanner}
    return planner.get(spec.kind, Planner)(mapping, settings).plan(rows)


class Planner:
    """The work common to every kind (events and fees need no more)."""

    fallbacks: dict[str, str] = {}  # noqa: RUF012 - API field -> the role that may supply it
    always_valid: frozenset[str] = frozenset()  # fields only the planner fills, validly

    def __init__(self, mapping: ColumnMap, settings: PlanSettings) -> None:
        self.map = mapping
        self.spec = mapping.spec
        self.kind = mapping.spec.kind
        self.key_field = self.spec.natural_key or "name"
        self.event = settings.event_id
        self.seen = SeenKeys()
        self.nested = any("." in b.column.target for b in mapping.bindings)
        self.rules = BodyRules.of(self.spec, mapping.trusted() | self.always_valid)
        self.paths: dict[tuple[Any, ...], dict[str, IdSource]] = {}  # shared path_ids dicts
        self.event_paths: dict[Any, dict[str, IdSource]] = {}

    def plan(self, rows: Iterable[Any]) -> Iterator[Planned]:
        plan_row = self.plan_row
        for row in rows:
            yield plan_row(row.number, row.cells, row.problems)

    def plan_row(self, number: int, cells: Any, found: tuple[CellProblem, ...]) -> Planned:
        values, problems = self.map.read(cells)
        if found:
            problems[:0] = found
        target = values.pop("@id", None)
        refs: Refs = {}
        scope, path_ids = self.locate(values, problems)
        shown = self.prepare(values, refs, scope, target is None, problems)
        body = self.nest(values) if self.nested else values
        if target is not None:
            problems += self.map.check_fields(values)
            if problems:
                return RowError(number, tuple(problems))
            key = new_key(number, "")
            return new_operation(key, self.kind, UPDATE, body, path_ids, target, refs, True)
        invalid = self.rules.problems({**body, **shown} if shown else body)
        if invalid:
            problems += self.without_repeats(
                self.map.problems_of(invalid, self.fallbacks), problems
            )
        self.check_unique(values.get(self.key_field), scope, number, problems)
        if problems:
            return RowError(number, tuple(problems))
        return new_operation(
            new_key(number, ""), self.kind, CREATE, body, path_ids, None, refs, True
        )

    def locate(self, values: dict[str, Any], problems: Problems) -> tuple[Any, dict[str, IdSource]]:
        """The path ids the row's resource lives under, and its natural key's scope."""
        event = values.pop("@event_id", None) or self.event
        if self.spec.parent is None:
            return "", self.path(())
        if event is None:
            column = self.map.header_of("@event_id") or "event_id"
            problems.append(CellProblem(column, "is required: fill it in, or give --event ID"))
            return "", self.path(())
        path_ids = self.event_paths.get(event)
        if path_ids is None:
            if len(self.event_paths) > 4096:
                self.event_paths.clear()
            path_ids = self.event_paths[event] = self.path((("event_id", event),))
        return event, path_ids

    def path(self, ids: tuple[tuple[str, IdSource], ...]) -> dict[str, IdSource]:
        """One path_ids dict per distinct path, shared by its operations (never mutated)."""
        found = self.paths.get(ids)
        if found is None:
            if len(self.paths) > 4096:
                self.paths.clear()
            found = self.paths[ids] = dict(ids)
        return found

    def prepare(
        self, values: dict[str, Any], refs: Refs, scope: Any, create: bool, problems: Problems
    ) -> dict[str, Any] | None:
        """Turn sheet-only roles into fields and refs and add defaults; return what only
        validation sees (fee labels standing in for the ids they will become)."""
        return None

    def check_unique(self, key: Any, scope: Any, number: int, problems: Problems) -> None:
        """An error when the natural key was used on an earlier row of the same scope."""
        if isinstance(key, str) and key:
            earlier = self.seen.first_row((scope, key), number)
            if earlier is not None:
                column = self.map.column_of(self.key_field, self.fallbacks)
                message = f"{self.key_field} {key!r} is already used on row {earlier}"
                problems.append(CellProblem(column, message))

    @staticmethod
    def nest(values: dict[str, Any]) -> dict[str, Any]:
        """Dotted targets as nested objects: {"address.city": x} -> {"address": {"city": x}}."""
        body: dict[str, Any] = {}
        for target, value in values.items():
            parent, dot, child = target.partition(".")
            if dot:
                body.setdefault(parent, {})[child] = value
            else:
                body[target] = value
        return body

    @staticmethod
    def without_repeats(found: Problems, earlier: Problems) -> Problems:
        """Validation problems less those on a column whose cell already failed to convert
        (its value is missing, so it also reads as required: once is enough)."""
        failed = {p.column for p in earlier}
        return [p for p in found if p.column not in failed] if failed else found


class PromocodePlanner(Planner):
    """Fees by label (`fees`) or id (`fee_ids`); "20%" / "15.00" discounts; defaults:
    code_type DISCOUNT when a discount is given, discount_scope FEE_LIST when fees are given
    (else ORDER_TOTAL), quantity_total -1 (unlimited) when blank."""

    fallbacks = {  # noqa: RUF012
        "fee_ids": "@fees",
        "discount_percent": "@discount",
        "discount_amount": "@discount",
        "discount_type": "@discount",
    }

    always_valid = frozenset({"code_type", "discount_type", "discount_scope", "fee_ids"})

    def __init__(self, mapping: ColumnMap, settings: PlanSettings) -> None:
        super().__init__(mapping, settings)
        self.fee_refs: dict[tuple[Any, ...], tuple[IdSource, ...]] = {}

    def prepare(
        self, values: dict[str, Any], refs: Refs, scope: Any, create: bool, problems: Problems
    ) -> dict[str, Any] | None:
        discount = values.pop("@discount", None)
        if discount is not None:
            name, amount = discount
            if name in values:
                column = self.map.header_of("@discount") or "discount"
                problems.append(CellProblem(column, f"{name} is given twice (also in its column)"))
            values[name] = amount
        if "discount_type" not in values:
            if "discount_percent" in values:
                values["discount_type"] = "PERCENT"
            elif "discount_amount" in values:
                values["discount_type"] = "AMOUNT"
        labels = values.pop("@fees", None)
        if labels:
            refs["fee_ids"] = self.fees_by_label(scope, labels)
        if create:
            if "code_type" not in values and "discount_type" in values:
                values["code_type"] = "DISCOUNT"
            if values.get("code_type") == "DISCOUNT" and "discount_scope" not in values:
                fees = labels or values.get("fee_ids")
                values["discount_scope"] = "FEE_LIST" if fees else "ORDER_TOTAL"
            if "quantity_total" not in values:
                values["quantity_total"] = -1
        if labels:  # validation counts fees by label as the ids they will become
            return {"fee_ids": [*values.get("fee_ids", ()), *labels]}
        return None

    def fees_by_label(self, scope: Any, labels: tuple[str, ...]) -> tuple[IdSource, ...]:
        """The fee look-ups of a list of labels, shared by the rows that name the same fees."""
        key = (scope, labels)
        found = self.fee_refs.get(key)
        if found is None:
            if len(self.fee_refs) > 4096:
                self.fee_refs.clear()
            scoped = self.path((("event_id", scope),))
            found = self.fee_refs[key] = tuple(ByKey("fee", label, scoped) for label in labels)
        return found


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

    def attribute_column(self, api_field: str) -> str:
        """The column of an attribute's field on an items sheet."""
        role = {"name": "@attribute", "quantity_total": "@attribute_quantity"}.get(api_field)
        return (self.map.header_of(role) if role else None) or api_field

    attribute_rules = BodyRules.of(ATTRIBUTE)

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
            earlier = self.seen.first_row((scope, name), number)
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
        key = new_key(head.number, "item")
        action = CREATE if group.target is None else UPDATE
        ends_row = head.attribute is None
        yield new_operation(key, "item", action, body, group.path_ids, group.target, {}, ends_row)
        parent: IdSource = FromOp(key) if group.target is None else group.target
        path_ids = {**group.path_ids, "item_id": parent}
        for part in group.parts:
            if part.problems:
                yield RowError(part.number, tuple(part.problems))
            elif part.attribute is not None:
                key = new_key(part.number, "attribute")
                yield new_operation(
                    key, "attribute", CREATE, part.attribute, path_ids, None, {}, True
                )
