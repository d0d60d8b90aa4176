"""Issue 23: an events export carries the status column the events import reads (ACTIVE
publishes, CANCELLED cancels); a status no import can set is written blank, what a blank
cell leaves, so the sheet is never refused for it."""

from __future__ import annotations

import pytest

from bulkspot.core.planners import planner_for
from bulkspot.core.resources import spec_for
from bulkspot.runner.export_rows import paths_of, rows_of, shape_of

EVENT = {"id": "a07e1", "name": "fair", "title": "Fair", "type": "OTHER"}


@pytest.mark.parametrize("with_ids", [True, False])
@pytest.mark.parametrize(
    ("status", "cell"),
    [("ACTIVE", "ACTIVE"), ("CANCELLED", "CANCELLED"), ("DRAFT", None), ("COMPLETE", None),
     ("DELETED", None), (None, None)],
)  # fmt: skip
def test_an_event_s_status_is_exported_as_the_import_reads_it(
    status: str | None, cell: str | None, with_ids: bool
) -> None:
    shape = shape_of("event", with_ids=with_ids)
    [row] = rows_of(shape, {**EVENT, "status": status}, {})
    assert row["status"] == cell
    assert ("id" in row) is with_ids
    read = {c.name for c in planner_for("event").sheet_columns}
    assert "status" in read  # the column an import of events reads


def test_a_folder_s_parent_is_its_path_without_ids_and_its_id_with_them() -> None:
    folders = [
        {"id": "1", "name": "Brochures", "parent_id": "0"},
        {"id": "2", "name": "2026", "parent_id": "1"},
        {"id": "3", "name": "Spring", "parent_id": "2"},
    ]
    paths = paths_of(spec_for("folder"), folders)
    assert paths == {"1": "Brochures", "2": "Brochures/2026", "3": "Brochures/2026/Spring"}
    bare = shape_of("folder", with_ids=False)
    assert bare.columns == ("name", "parent")
    assert [r for f in folders for r in rows_of(bare, f, {"parent": paths})] == [
        {"name": "Brochures", "parent": None},
        {"name": "2026", "parent": "Brochures"},
        {"name": "Spring", "parent": "Brochures/2026"},
    ]
    assert shape_of("folder").columns == ("id", "name", "parent_id")
