"""The unit of planned work: one API change, tied to the sheet row it came from.

A sheet row usually yields one operation; an inventory row that names an item and one of its
attributes yields two (the item on the item's first row, then the attribute), told apart by
`OpKey.part`. An operation says *what* to do with which fields; where its parent ids and
referenced ids come from is data too (`IdSource`), so the engine can wait for an item created
earlier in the same run, or look a parent up by its natural key, without the planner doing any
I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple

from bulkspot.core.resources import ResourceSpec, spec_for


class Action(StrEnum):
    CREATE = "create"  # POST; a natural key already in use is handled per --on-existing
    UPDATE = "update"  # GET, change the given fields, PUT the whole body
    DELETE = "delete"  # DELETE by id (undo)
    PUBLISH = "publish"  # PATCH an event's status to ACTIVE
    CANCEL = "cancel"  # PATCH an event's status to CANCELLED


class OnExisting(StrEnum):
    """What a create does when its natural key already exists on the server."""

    SKIP = "skip"  # outcome `exists`, with the existing id
    UPDATE = "update"  # read-modify-write to the row's values; `unchanged` when nothing differs
    FAIL = "fail"  # outcome `failed`


FOR_THE_ROW = "parent "  # the part of an operation made for its row: "parent a/b"
TOTAL_PART = "total"  # an item's total written once its sizes are there: no row's own outcome


class OpKey(NamedTuple):
    """Which row (as the sheet numbers it, header = 1) and which part of it. A NamedTuple,
    like `Operation`: one of each per row, so they are built the fastest immutable way."""

    row: int  # the row's number in the sheet (the header is row 1)
    part: str = ""  # "" for the row's only operation; "item" / "attribute" when a row has two

    @property
    def for_the_row(self) -> bool:
        """Whether it makes what the row needs rather than the row's own resource (a folder
        of the row's parent path, made as `mkdir -p` does): its outcome is not the row's."""
        return self.part.startswith(FOR_THE_ROW)

    def __str__(self) -> str:
        return f"{self.row}{'/' + self.part if self.part else ''}"


@dataclass(frozen=True, slots=True)
class FromOp:
    """An id that another operation of this run produces (an item before its attributes)."""

    key: OpKey


@dataclass(frozen=True, slots=True)
class ByKey:
    """An id to look up on the server by natural key (an item by name, a fee by label).

    `scope` holds the path ids of the collection to search (e.g. {"event_id": "..."}).
    """

    kind: str
    value: str
    scope: Mapping[str, IdSource] = field(default_factory=dict)


IdSource = str | FromOp | ByKey


_NOTHING: Mapping[str, Any] = MappingProxyType({})


class Operation(NamedTuple):
    """One API change the run makes.

    - `path_ids`: the ids of the collection path (`event_id`, `item_id`), each known or to
      resolve.
    - `fields`: API field values from the sheet, coerced and valid. For CREATE the whole body;
      for UPDATE only the fields to change.
    - `target`: for UPDATE/DELETE/PUBLISH/CANCEL, the resource's id or its natural key.
    - `refs`: body fields whose values are ids to resolve, e.g. {"fee_ids": (ByKey(...),)}.
    - `ends_row`: whether the row is done when this operation is (progress counts rows).
    - `after`: operations of this run to wait for first, whatever their outcome (an item's
      total is set once its attributes are made).
    - `on_existing`: what this create does when its natural key is in use, when the
      planner knows better than --on-existing (the attributes of an item named by id).
    """

    key: OpKey
    kind: str
    action: Action
    fields: Mapping[str, Any] = _NOTHING
    path_ids: Mapping[str, IdSource] = _NOTHING
    target: IdSource | None = None
    refs: Mapping[str, tuple[IdSource, ...]] = _NOTHING
    ends_row: bool = True  # False for an item whose row also holds one of its attributes
    after: tuple[OpKey, ...] = ()
    on_existing: OnExisting | None = None  # a create's own rule, over --on-existing

    @property
    def spec(self) -> ResourceSpec:
        """The registry's spec of this operation's kind: its paths, keys and rules."""
        return spec_for(self.kind)

    @property
    def depends_on(self) -> tuple[OpKey, ...]:
        """The operations that must finish first."""
        sources: list[IdSource] = [*self.path_ids.values(), *sum(self.refs.values(), ())]
        if self.target is not None:
            sources.append(self.target)
        found: list[OpKey] = []
        while sources:
            source = sources.pop()
            if isinstance(source, FromOp):
                found.append(source.key)
            elif isinstance(source, ByKey):
                sources.extend(source.scope.values())
        return tuple(sorted({*found, *self.after}))


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that cannot be sent: every problem of it, each naming its column."""

    row: int
    problems: tuple[CellProblem, ...]

    @property
    def message(self) -> str:
        return "; ".join(str(p) for p in self.problems)


@dataclass(frozen=True, slots=True)
class CellProblem:
    """One problem of a row: the sheet's column name (or the API field when no column) and why."""

    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.column}: {self.message}" if self.column else self.message
