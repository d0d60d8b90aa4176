"""Resources as the rows of a sheet `bulkspot import` reads back: the columns of each kind
come from `bulkspot.core.columns.columns_for`, so an exported sheet is one an import takes.

A kind's row is its `id` (unless the sheet is for making the resources elsewhere) and its
writable fields, dotted for nested ones (`address.city`). Two kinds have more to say:
- an id-list field that names another kind (a promocode's `fee_ids`) is written as that
  kind's natural keys in the column the planner reads them from (`fees`: fee labels), so
  the sheet means the same in another event;
- the columns a kind's declaration adds (`SheetSpec.exported`): a kind whose rows may also
  make a child (items and their attributes) is written one row per child, the resource's
  cells on its first row, the child's (`child.name`) on each; a kind its parent embeds
  (attributes) names that parent (`parent.name`: the item by name); a declared column that
  is no column of the kind's sheet (a field the API keeps) comes last, to be read by people;
  one the sheet reads from a few choices (an event's status) is written only with a value
  an import can set (ACTIVE, CANCELLED), else blank (DRAFT: what a blank cell leaves).
Kinds a sheet cannot make (registrants) are written with every field the API gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bulkspot.core.column import Role
from bulkspot.core.columns import columns_for
from bulkspot.core.planners import planner_for
from bulkspot.core.resources import ResourceSpec, spec_for
from bulkspot.core.wording import option
from bulkspot.errors import ConfigError
from bulkspot.runner.export_file import MarkedAmount

Row = dict[str, Any]
# the sources of a declared column (SheetSpec.exported)
CHILD, PARENT, PATH = "child.", "parent.", "path."


@dataclass(frozen=True, slots=True)
class SheetShape:
    """The columns of an exported sheet of one kind, and how each is filled."""

    spec: ResourceSpec
    columns: tuple[str, ...]
    fields: tuple[str, ...]  # the columns that are API fields (dotted paths)
    by_key: Mapping[str, tuple[str, str]]  # column -> (id-list field, the kind it names)
    with_ids: bool
    declared: Mapping[str, str]  # the columns its kind declares (SheetSpec.exported): sources
    # a declared column an import reads from a few choices -> them (events' status: ACTIVE,
    # CANCELLED); any other value (DRAFT) is what a blank cell leaves, so it is written blank
    settable: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # a column written as a path (a folder's parent) -> the body id field it stands for
    paths: Mapping[str, str] = field(default_factory=dict)
    money: tuple[str, ...] = ()  # the columns of amounts (in the event's currency)

    @property
    def child(self) -> str | None:
        """The child kind one row may also hold (items: attribute), when the sheet has it."""
        child = planner_for(self.spec.kind).row_child
        has_cells = any(source.startswith(CHILD) for source in self.declared.values())
        return child if child is not None and has_cells else None


def shape_of(kind: str, *, with_ids: bool = True) -> SheetShape:
    """The columns of an exported sheet of `kind`: those an import of it reads."""
    spec = spec_for(kind)
    if not spec.importable:
        names = tuple(f.name for f in spec.fields)
        return SheetShape(spec, names, names, {}, with_ids, {})
    planner = planner_for(spec.kind)
    # a body id by path in a sheet without ids, by id in one with ids (never both: refused)
    paths = {c: s.removeprefix(PATH) for c, s in spec.sheet.exported.items() if s.startswith(PATH)}
    declared = {c: s for c, s in spec.sheet.exported.items() if not with_ids or c not in paths}
    skipped = set(paths.values()) if not with_ids else set(paths)
    replaced = {f: role for f, role in planner.fallbacks.items() if f in spec.references}
    columns: list[str] = []
    fields: list[str] = []
    by_key: dict[str, tuple[str, str]] = {}
    settable: dict[str, tuple[str, ...]] = {}
    for column in columns_for(spec.kind):
        if column.name in declared and column.field.choices:
            settable[column.name] = column.field.choices
        if column.name in skipped:
            continue
        if column.role is Role.ID and with_ids:
            columns.append(column.name)
        elif column.role is Role.FIELD and column.name not in replaced:
            columns.append(column.name)
            fields.append(column.name)
        elif column.target in replaced.values():  # fees: the labels of fee_ids
            named = next(f for f, role in replaced.items() if role == column.target)
            columns.append(column.name)
            by_key[column.name] = (named, spec.references[named])
        elif column.name in declared:  # declared: an item's attribute cells
            columns.append(column.name)
    # a declared column no sheet reads (a field the API keeps, to be seen): written last
    columns += [name for name in declared if name not in columns]
    paths = {c: f for c, f in paths.items() if c in declared}
    money = tuple(c.name for c in columns_for(spec.kind) if c.field.money and c.name in fields)
    return SheetShape(
        spec, tuple(columns), tuple(fields), by_key, with_ids, declared, settable, paths, money
    )


def paths_of(spec: ResourceSpec, resources: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """id -> the path from the top (names joined by /) of resources of a kind that nests in
    itself through its key scope (folders in their parent_id); a parent not among them (the
    top, "0") ends the path. ConfigError when a name holds a /: that path would name
    another folder (a/b is b in a), so the sheet is refused rather than written."""
    by_id = {str(r.get("id")): r for r in resources}
    for ident, resource in by_id.items():
        name = resource.get(spec.natural_key or "id")
        if isinstance(name, str) and "/" in name:
            raise ConfigError(
                f"{spec.kind} {name!r} (id {ident}) holds a /, so a sheet without ids cannot "
                f"name it in a path (x/y is {spec.kind} y in {spec.kind} x): export with ids "
                f"(without {option('--no-ids')}), or rename the {spec.kind}"
            )
    found: dict[str, str] = {}
    for ident in by_id:
        names: list[str] = []
        at: str | None = ident
        while at in by_id and len(names) <= len(by_id):  # a loop of parents ends too
            names.append(str(by_id[at].get(spec.natural_key or "id")))
            up = by_id[at].get(spec.key_scope) if spec.key_scope else None
            at = str(up) if up is not None else None
        found[ident] = "/".join(reversed(names))
    return found


def value_at(resource: Mapping[str, Any], dotted: str) -> Any:
    """A field's value, by dotted path (`address.city`); None when absent."""
    value: Any = resource
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def rows_of(
    shape: SheetShape,
    resource: Mapping[str, Any],
    names: Mapping[str, Mapping[str, str]],
    parent: Mapping[str, Any] | None = None,
    currency: str | None = None,
) -> Iterator[Row]:
    """The sheet rows of one resource. `names`: per referenced kind, id -> natural key (fee
    ids -> labels); `parent`: the resource that embeds it (an attribute's item); `currency`:
    the one its amounts are written with (None: written as plain numbers)."""
    row: Row = {column: None for column in shape.columns}
    if "id" in row:
        row["id"] = resource.get("id")
    for column in shape.fields:
        row[column] = value_at(resource, column)
    for column in shape.money:
        amount = row[column]
        if currency and isinstance(amount, int | float) and not isinstance(amount, bool):
            row[column] = MarkedAmount(amount, currency)
    for column, (named, kind) in shape.by_key.items():
        # ids, or objects that hold them (a campaign's sent_to_contact_lists: [{"id": ...}])
        ids = [i.get("id") if isinstance(i, Mapping) else i for i in resource.get(named) or ()]
        labels = names.get(kind, {})
        row[column] = [labels.get(str(i), str(i)) for i in ids] or None
    from_child: dict[str, str] = {}
    for column, source in shape.declared.items():
        if source.startswith(CHILD):
            from_child[column] = source.removeprefix(CHILD)
        elif source.startswith(PARENT):
            row[column] = value_at(parent or {}, source.removeprefix(PARENT)) or None
        elif source.startswith(PATH):  # names[column]: id -> path (export.py reads them)
            ident = value_at(resource, source.removeprefix(PATH))
            row[column] = names.get(column, {}).get(str(ident)) if ident is not None else None
        else:
            value = value_at(resource, source)
            choices = shape.settable.get(column)
            row[column] = None if choices is not None and value not in choices else value
    children = _children(shape, resource)
    if not children:
        yield row
        return
    for total in shape.spec.totals:  # the sum of its children: left to them
        row[total.field] = None
    first = True
    for child in children:
        cells = row if first else {column: None for column in shape.columns}
        for column, child_field in from_child.items():
            cells[column] = value_at(child, child_field)
        first = False
        yield cells


def _children(shape: SheetShape, resource: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    if shape.child is None:
        return ()
    embedded = next((t.embedded for t in shape.spec.totals if t.child == shape.child), None)
    found = resource.get(embedded) if embedded else None
    return [c for c in found or () if isinstance(c, Mapping)]
