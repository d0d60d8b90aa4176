"""MyLibrary folder rows: a folder's parent by path from the top (`Brochures/2026`) or by
id (`parent_id`), parents made before the folders in them.

The natural key of a folder is (its parent, its name), so a name is checked for repeats
within its parent. A parent named by path is the folder an earlier operation of this run
makes when a row of the sheet makes it (wherever that row is: the sheet's folders are
planned parents first, so a sheet of folders is held in memory, as one of a few levels of
folders always fits). A folder of the path that no row makes is made as `mkdir -p` does:
once, parents first, by an operation of the first row whose path needs it (its part named
`parent PATH`), which finds the folder by name when it is there already (`exists`), so it
is journaled, resumed and reconciled like any other create.

Paths are unambiguous: in a sheet that names parents by path, a folder's name cannot hold
`/`, since `x/y` as a parent is folder `y` in folder `x`, nor be `.` or `..`, which a path
would read as "here" and "up" (a path holding them is refused: it would make such folders).
A sheet that names them by id (an export's) names no path, so there a `/` is just a
character of the name (the API takes it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from bulkspot.core.column import Column, Role
from bulkspot.core.operation import (
    FOR_THE_ROW,
    Action,
    ByKey,
    CellProblem,
    FromOp,
    IdSource,
    OnExisting,
    Operation,
    OpKey,
)
from bulkspot.core.planners.base import Planned, Planner, Problems
from bulkspot.core.resources import FOLDER, MAX_FOLDER_LEVEL, NO_PARENT, Field, FieldType
from bulkspot.core.validate import value_check

_check_name = value_check(FOLDER.by_name["name"])
PATH_FIELD = Field("path", FieldType.STRING, min_length=1)
RELATIVE = (".", "..")  # what a path would read as "here" and "up": no folder's name in one


def split_path(path: str) -> tuple[tuple[str, ...], str | None]:
    """A folder path's names from the top, and why it is no path (or None)."""
    names = tuple(part.strip() for part in path.strip().strip("/").split("/"))
    if not path.strip("/ ") or any(not name for name in names):
        return names, f"{path!r} is no folder path (names joined by /, e.g. Brochures/2026)"
    if any(name in RELATIVE for name in names):
        return names, (
            f"{path!r} is no folder path: . and .. name no folder here (name the folders "
            "from the top, e.g. Brochures/2026)"
        )
    for name in names:
        why = _check_name(name)
        if why is not None:
            return names, f"{name!r}: {why}"
    return names, None


def folder_source(names: tuple[str, ...], made: Mapping[str, OpKey]) -> IdSource:
    """Where the id of the folder at `names` comes from: the operation of this run that
    makes it, else a look-up by name in its parent (itself found the same way)."""
    source: IdSource | None = None
    for depth in range(1, len(names) + 1):
        key = made.get("/".join(names[:depth]))
        if key is not None:
            source = FromOp(key)
        else:
            scope: dict[str, IdSource] = {} if source is None else {"parent_id": source}
            source = ByKey(FOLDER.kind, names[depth - 1], scope)
    assert source is not None  # a path has at least one name
    return source


def make_parents(
    names: tuple[str, ...], made: dict[str, OpKey], row: int
) -> tuple[list[tuple[int, Operation]], IdSource]:
    """`mkdir -p`: the creates of the folders of the path that no operation makes yet (for
    `row`, recorded in `made` so no other row makes them again), parents first, each with
    the number of folders above it; and where the id of the folder at `names` comes from."""
    new: list[tuple[int, Operation]] = []
    source: IdSource | None = None
    for depth in range(1, len(names) + 1):
        path = "/".join(names[:depth])
        key = made.get(path)
        if key is None:
            key = made[path] = OpKey(row, f"{FOR_THE_ROW}{path}")
            scope: dict[str, IdSource] = {} if source is None else {"parent_id": source}
            create = Operation(
                key,
                FOLDER.kind,
                Action.CREATE,
                {"name": names[depth - 1]},
                scope,
                ends_row=False,
                on_existing=OnExisting.SKIP,
            )
            new.append((depth - 1, create))
        source = FromOp(key)
    assert source is not None  # a path has at least one name
    return new, source


class FolderPlanner(Planner):
    """Folders by parent path or parent id (see the module's docstring)."""

    sheet_columns = (
        Column(
            "parent",
            Role.PARENT,
            PATH_FIELD,
            doc="the parent folder's path from the top, e.g. Brochures/2026; blank: the "
            "top (or give parent_id)",
        ),
    )

    _names: tuple[str, ...] | None = None  # the parent path of the row being planned

    def plan(self, rows: Iterable[Any]) -> Iterator[Planned]:
        made: dict[str, OpKey] = {}  # path -> the row that makes that folder
        held: list[tuple[int, Operation, tuple[str, ...] | None]] = []
        for row in rows:
            planned = self.plan_row(row.number, row.cells, row.problems)
            if not isinstance(planned, Operation):
                yield planned  # first: a folder in it waits for nothing that follows
                continue
            names = self._names
            if planned.target is None and planned.path_ids.get("parent_id") == NO_PARENT:
                planned = planned._replace(path_ids={})  # a new top folder names no parent
            if planned.target is None and "parent_id" not in planned.path_ids:  # by path
                made["/".join((*(names or ()), str(planned.fields["name"])))] = planned.key
            held.append((len(names or ()), planned, names))
        ready: list[tuple[int, Operation]] = []  # sheet order: a path's first row makes it
        for depth, op, names in held:
            if names:
                parents, source = make_parents(names, made, op.key.row)
                ready += parents
                op = op._replace(path_ids={"parent_id": source})
            ready.append((depth, op))
        for _depth, op in sorted(ready, key=lambda entry: entry[0]):  # parents first
            yield op

    def locate(self, values: dict[str, Any], problems: Problems) -> tuple[Any, dict[str, IdSource]]:
        """The parent (a path to resolve once the sheet is read, or an id) and the scope of
        the name: its parent."""
        name = values.get("name")
        by_path = self.map.header_of("@parent") is not None  # a sheet of ids: no path to read
        if by_path and isinstance(name, str) and ("/" in name or name in RELATIVE):
            column = self.map.header_of("name") or "name"
            problems.append(
                CellProblem(
                    column,
                    f"{name!r} holds a /, which parent paths use "
                    "between folders (x/y is folder y in folder x): "
                    "name the folder without /"
                    if "/" in name
                    else f"{name!r} is no folder name where parents are named by path (a "
                    "path reads it as here or up): name the folder otherwise",
                )
            )
        parent_id, path = values.pop("parent_id", None), values.pop("@parent", None)
        if parent_id is not None and path is not None:
            column = self.map.header_of("@parent") or "parent"
            both = "give the parent by path or by parent_id, not both"
            problems.append(CellProblem(column, both))
        if path is not None:
            names, why = split_path(path)
            column = self.map.header_of("@parent") or "parent"
            if why is not None:
                problems.append(CellProblem(column, why))
            elif len(names) >= MAX_FOLDER_LEVEL:
                problems.append(
                    CellProblem(
                        column,
                        f"folders nest at most {MAX_FOLDER_LEVEL} "
                        f"levels deep: a folder in {path!r} would be at "
                        f"level {len(names) + 1}",
                    )
                )
            self._names = names
            return "/" + "/".join(names), {}
        if parent_id is None:
            return "", {}  # the top (an update that names no parent keeps it where it is)
        scope = "" if parent_id == NO_PARENT else f"#{parent_id}"
        return scope, self.path((("parent_id", parent_id),))  # "0": the top (plan() sees to it)

    def plan_row(self, number: int, cells: Any, found: tuple[CellProblem, ...]) -> Planned:
        self._names = None
        return super().plan_row(number, cells, found)
