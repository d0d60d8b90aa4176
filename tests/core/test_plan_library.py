"""Planning the seed API's other kinds: an event's status as a PATCH after its write,
folders parents first with their parents by path or id, files by id, lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bulkspot.core.mapping import map_columns
from bulkspot.core.operation import (
    Action,
    ByKey,
    FromOp,
    OnExisting,
    Operation,
    OpKey,
    RowError,
)
from bulkspot.core.plan import plan_rows
from bulkspot.core.planners.folders import folder_source
from bulkspot.core.resources import spec_for
from bulkspot.sources import Row

EVENT_CELLS = ["Fair", "Fair", "OTHER", "2027-06-05T10:00:00Z", "2027-06-05T17:00:00Z", "UTC"]
EVENT_HEADERS = ["name", "title", "type", "start_date", "end_date", "time_zone_id", "status"]


def plan(kind: str, headers: list[str], *rows: Sequence[Any]) -> list[Operation | RowError]:
    mapping = map_columns(kind, headers)
    sheet = (Row("s", n, dict(zip(headers, r, strict=False))) for n, r in enumerate(rows, 2))
    return list(plan_rows(kind, sheet, mapping))


def shape(planned: list[Operation | RowError]) -> list[tuple[Any, ...]]:
    return [
        (p.row, "invalid", p.message) if isinstance(p, RowError)
        else (p.key, p.action, p.target, dict(p.path_ids), p.ends_row)
        for p in planned
    ]  # fmt: skip


def test_an_event_with_a_status_is_written_then_patched() -> None:
    planned = plan(
        "events", EVENT_HEADERS, [*EVENT_CELLS, "ACTIVE"], [*EVENT_CELLS[:-1], "UTC", ""]
    )
    made = OpKey(2, "event")
    assert shape(planned)[:2] == [
        (made, Action.CREATE, None, {}, False),
        (OpKey(2, "status"), Action.PUBLISH, FromOp(made), {}, True),
    ]
    assert isinstance(planned[2], RowError)  # the same name twice in the file
    assert "status" not in planned[0].fields  # type: ignore[union-attr]


def test_an_update_row_patches_alone_or_after_its_put() -> None:
    planned = plan("events", ["id", "status", "location"], ["E1", "cancelled", ""],
                   ["E2", "ACTIVE", "Hall"], ["E3", "", "Pier"])  # fmt: skip
    assert shape(planned) == [
        (OpKey(2, "status"), Action.CANCEL, "E1", {}, True),
        (OpKey(3, "event"), Action.UPDATE, "E2", {}, False),
        (OpKey(3, "status"), Action.PUBLISH, "E2", {}, True),
        (OpKey(4), Action.UPDATE, "E3", {}, True),
    ]


def test_folders_are_planned_parents_first_with_parents_by_path() -> None:
    planned = plan("folders", ["name", "parent"], ["Spring", "Brochures/2026"], ["Brochures", ""],
                   ["2026", "Brochures"], ["Deep", "Old/Place"])  # fmt: skip
    assert shape(planned) == [
        (OpKey(3), Action.CREATE, None, {}, True),
        (OpKey(5, "parent Old"), Action.CREATE, None, {}, False),  # mkdir -p: made, or found
        (OpKey(4), Action.CREATE, None, {"parent_id": FromOp(OpKey(3))}, True),
        (OpKey(5, "parent Old/Place"), Action.CREATE, None,
         {"parent_id": FromOp(OpKey(5, "parent Old"))}, False),
        (OpKey(2), Action.CREATE, None, {"parent_id": FromOp(OpKey(4))}, True),
        (OpKey(5), Action.CREATE, None, {"parent_id": FromOp(OpKey(5, "parent Old/Place"))}, True),
    ]  # fmt: skip


def test_a_parent_by_id_and_0_for_the_top() -> None:
    planned = plan("folders", ["id", "name", "parent_id"], ["", "A", "17"], ["", "B", "0"],
                   ["9", "", "0"])  # fmt: skip
    assert shape(planned) == [
        (OpKey(2), Action.CREATE, None, {"parent_id": "17"}, True),
        (OpKey(3), Action.CREATE, None, {}, True),  # a new folder at the top names no parent
        (OpKey(4), Action.UPDATE, "9", {"parent_id": "0"}, True),  # a move to the top does
    ]


def test_a_name_may_repeat_under_another_parent_only() -> None:
    planned = plan("folders", ["name", "parent"], ["X", "A"], ["X", "B"], ["X", "A"], ["X", ""])
    assert [p.row if isinstance(p, RowError) else p.key for p in planned] == [
        4,
        OpKey(2, "parent A"),
        OpKey(3, "parent B"),
        OpKey(5),
        OpKey(2),
        OpKey(3),
    ]
    assert isinstance(planned[0], RowError)
    assert planned[0].message == "name: name 'X' is already used on row 2"


def test_a_path_no_row_makes_is_made_once_parents_first_by_its_first_row() -> None:
    """`mkdir -p` (issue 20): a and b made once, by row 2, for rows 2 and 3; an existing
    folder is found by name (on_existing skip), whatever --on-existing says of the rows."""
    planned = plan("folders", ["name", "parent"], ["c", "a/b"], ["d", "a/b"], ["e", "a"],
                   ["f", "a/b/c"])  # fmt: skip
    a, b = OpKey(2, "parent a"), OpKey(2, "parent a/b")
    assert shape(planned) == [
        (5, "invalid", "parent: folders nest at most 3 levels deep: a folder in 'a/b/c' would "
         "be at level 4"),
        (OpKey(2, "parent a"), Action.CREATE, None, {}, False),
        (OpKey(2, "parent a/b"), Action.CREATE, None, {"parent_id": FromOp(a)}, False),
        (OpKey(4), Action.CREATE, None, {"parent_id": FromOp(a)}, True),
        (OpKey(2), Action.CREATE, None, {"parent_id": FromOp(b)}, True),
        (OpKey(3), Action.CREATE, None, {"parent_id": FromOp(b)}, True),
    ]  # fmt: skip
    made = [p for p in planned if isinstance(p, Operation) and p.key.part]
    assert [(dict(p.fields), p.on_existing) for p in made] == [
        ({"name": "a"}, OnExisting.SKIP),
        ({"name": "b"}, OnExisting.SKIP),
    ]


def test_a_folder_name_with_a_slash_is_refused() -> None:
    """`x/y` was taken as a top folder's name; a parent `x/y` then reached it, not y in x."""
    planned = plan("folders", ["name", "parent"], ["x/y", ""], ["z", "x/y"], ["w/v", "x"])
    assert shape(planned)[:2] == [
        (2, "invalid", "name: 'x/y' holds a /, which parent paths use between folders (x/y is "
         "folder y in folder x): name the folder without /"),
        (4, "invalid", "name: 'w/v' holds a /, which parent paths use between folders (x/y is "
         "folder y in folder x): name the folder without /"),
    ]  # fmt: skip
    planned = plan("folders", ["id", "name", "parent", "parent_id"], ["9", "a/b", "", "3"])
    assert shape(planned) == [
        (2, "invalid", "name: 'a/b' holds a /, which parent paths use between folders (x/y is "
         "folder y in folder x): name the folder without /"),
    ]  # fmt: skip


def test_a_folder_name_with_a_slash_is_a_name_in_a_sheet_of_parent_ids() -> None:
    """No path is read from a sheet without a parent path column (an export's): an
    account's folder `a/b` is renamed, moved or left unchanged by its id like any other."""
    planned = plan("folders", ["id", "name", "parent_id"], ["9", "a/b", ""], ["", "c/d", "9"])
    assert [(op.target, dict(op.fields), dict(op.path_ids)) for op in planned] == [
        ("9", {"name": "a/b"}, {}),
        (None, {"name": "c/d"}, {"parent_id": "9"}),
    ]


def test_a_folder_source_prefers_this_runs_folders() -> None:
    made = {"A": OpKey(2)}
    assert folder_source(("A", "B"), made) == ByKey("folder", "B", {"parent_id": FromOp(OpKey(2))})


def test_a_file_row_needs_its_id_and_moves_by_path() -> None:
    planned = plan("files", ["id", "name", "folder"], ["4", "", "A/B"], ["", "x.png", ""])
    assert shape(planned)[0] == (
        OpKey(2), Action.UPDATE, "4",
        {"folder_id": ByKey("folder", "B", {"parent_id": ByKey("folder", "A", {})})}, True,
    )  # fmt: skip
    assert isinstance(planned[1], RowError)
    assert planned[1].message == (
        "id: is required: a row changes the file with this id (files are uploaded in MyLibrary)"
    )


def test_lists_plan_with_the_base_planner() -> None:
    (made, hidden) = plan("lists", ["name", "status"], ["Specials", ""], ["Staff", "hidden"])
    assert isinstance(made, Operation) and made.fields == {"name": "Specials"}
    assert isinstance(hidden, Operation) and hidden.fields == {"name": "Staff", "status": "HIDDEN"}


def test_the_registry_knows_the_scope_of_a_folders_name() -> None:
    folder, file = spec_for("folders"), spec_for("files")
    assert (folder.key_scope, dict(folder.body_ids)) == ("parent_id", {"parent_id": "folder"})
    assert (file.natural_key, dict(file.body_ids)) == (None, {"folder_id": "folder"})


def test_dot_and_dot_dot_are_no_folders_in_a_path() -> None:
    """`a/../b` made a folder named .. in a (mkdir -p took each name as written), and `./e`
    a folder named . at the top: a path reads them as here and up, so neither is a name."""
    planned = plan("folders", ["name", "parent"], ["c", "a/../b"], ["d", "./e"], ["..", ""],
                   ["f", "a/b"])  # fmt: skip
    assert shape(planned)[:3] == [
        (2, "invalid", "parent: 'a/../b' is no folder path: . and .. name no folder here (name "
         "the folders from the top, e.g. Brochures/2026)"),
        (3, "invalid", "parent: './e' is no folder path: . and .. name no folder here (name the "
         "folders from the top, e.g. Brochures/2026)"),
        (4, "invalid", "name: '..' is no folder name where parents are named by path (a path "
         "reads it as here or up): name the folder otherwise"),
    ]  # fmt: skip
    assert len(shape(planned)) == 6  # f, and the a and b it is made in
