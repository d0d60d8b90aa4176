"""The results file's own contract (sinks/results.py): a row's columns from the journal
entries of its operations, in input order, the worst status winning; rows the journal does
not know are pending."""

from __future__ import annotations

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Status
from bulkspot.sinks.journal import SENDING, JournalEntry
from bulkspot.sinks.results import combine, result_columns, results_by_row


def entry(row: int, state: str, part: str = "", kind: str = "item", **kw: object) -> JournalEntry:
    fields: dict[str, object] = {
        "scope": {},
        "natural_key": None,
        "resource_id": None,
        "created": False,
        "http_status": None,
        "attempts": 1,
        "error": "",
    }
    fields.update(kw)
    return JournalEntry(OpKey(row, part), kind, state, **fields)  # type: ignore[arg-type]


def test_a_row_without_entries_is_pending() -> None:
    assert combine(4, []) == {"row": 4, "status": "pending"}


def test_a_rows_status_stays_a_status_on_its_way_to_the_files() -> None:
    assert combine(4, [])["status"] is Status.PENDING
    assert combine(2, [entry(2, "created", resource_id="x")])["status"] is Status.CREATED


def test_a_create_left_sending_reads_as_pending() -> None:
    assert combine(4, [entry(4, SENDING)])["status"] == "pending"


def test_a_row_of_two_operations_takes_the_worst_status_and_names_each_parts_error() -> None:
    item = entry(2, "created", resource_id="i1", http_status=201)
    size = entry(
        2,
        "failed",
        part="attribute",
        kind="attribute",
        http_status=400,
        error="bad size",
        scope={"event_id": "E1", "item_id": "i1"},
    )
    assert combine(2, [item, size], "item") == {
        "row": 2,
        "status": "failed",
        "id": "",
        "item_id": "i1",
        "http_status": 400,
        "attempts": 2,
        "error": "attribute: bad size",
    }


def test_the_parent_id_column_comes_only_for_a_sheet_of_parents_and_children() -> None:
    assert result_columns() == ("row", "status", "id", "http_status", "attempts", "error")
    assert result_columns("item") == (
        "row",
        "status",
        "id",
        "item_id",
        "http_status",
        "attempts",
        "error",
    )


def test_rows_and_entries_are_merged_in_row_order_skipping_entries_of_no_row() -> None:
    rows = [(2, {"name": "a"}), (3, {"name": "b"}), (5, {"name": "c"})]
    entries = [
        entry(2, "created", resource_id="x"),
        entry(4, "failed"),
        entry(5, "exists", resource_id="y"),
    ]
    merged = [
        (cells["name"], result["status"], result.get("id"))
        for cells, result in results_by_row(rows, entries)
    ]
    assert merged == [("a", "created", "x"), ("b", "pending", None), ("c", "exists", "y")]
