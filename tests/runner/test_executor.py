"""Reconciliation, --on-existing, blocked children and resumption, on the FakeSender."""

from __future__ import annotations

from bulkspot.core.operation import CellProblem, OnExisting, OpKey, RowError
from bulkspot.core.outcome import Status
from bulkspot.errors import (
    BadRequestError,
    ConnectError,
    ErrorDetail,
    NetworkError,
    RequestTimeout,
    ServerError,
)
from bulkspot.events import Reconciled, Retrying, RowDone
from bulkspot.sinks.journal import Journal, JournalRecord
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import ITEMS, attribute, item, run


def outcomes(journal: Journal) -> dict[OpKey, Status]:
    return {e.key: Status(e.state) for e in journal.entries()}


async def test_a_create_that_landed_before_a_500_is_found_not_repeated(
    fake: FakeSender, journal: Journal
) -> None:
    fake.fail_next(1, lambda m, p: ServerError(500, method=m, path=p), commit=True)
    report, events = await run([item(2, "Shirt")], fake, journal)
    assert [r["name"] for r in fake.collections[ITEMS]] == ["Shirt"]
    assert outcomes(journal) == {OpKey(2): Status.CREATED}
    assert [r for r in fake.requests if r[0] == "POST"] == [("POST", ITEMS)]
    assert report.reconciliations == 1
    assert any(isinstance(e, Reconciled) and e.found for e in events)
    (entry,) = journal.entries()
    assert entry.created and entry.resource_id == fake.collections[ITEMS][0]["id"]


async def test_a_dropped_connection_after_commit_is_reconciled(
    fake: FakeSender, journal: Journal
) -> None:
    fake.fail_next(1, lambda m, p: NetworkError("reset", method=m, path=p), commit=True)
    await run([item(2, "Shirt")], fake, journal)
    assert len(fake.collections[ITEMS]) == 1
    assert outcomes(journal) == {OpKey(2): Status.CREATED}


async def test_a_timeout_that_did_not_land_is_sent_again_once(
    fake: FakeSender, journal: Journal
) -> None:
    fake.fail_next(2, lambda m, p: RequestTimeout("slow", method=m, path=p), commit=False)
    report, events = await run([item(2, "Shirt")], fake, journal)
    assert len(fake.collections[ITEMS]) == 1
    assert [r for r in fake.requests if r[0] == "POST"] == [("POST", ITEMS)] * 3
    retries = sum(1 for event in events if isinstance(event, Retrying))
    assert retries == 2 and report.reconciliations == 2


async def test_a_connect_error_is_retried_without_a_lookup(
    fake: FakeSender, journal: Journal
) -> None:
    fake.fail_next(1, lambda m, p: ConnectError("refused", method=m, path=p))
    report, _ = await run([item(2, "Shirt")], fake, journal)
    assert report.reconciliations == 0 and len(fake.collections[ITEMS]) == 1


async def test_an_existing_name_is_skipped_without_a_post(
    fake: FakeSender, journal: Journal
) -> None:
    fake.collections[ITEMS] = [{"id": "old", **item(0, "Shirt").fields}]
    await run([item(2, "Shirt")], fake, journal)
    assert not [r for r in fake.requests if r[0] == "POST"]
    (entry,) = journal.entries()
    assert (entry.state, entry.resource_id, entry.created) == ("exists", "old", False)


async def test_on_existing_update_puts_the_whole_body_only_when_it_differs(
    fake: FakeSender, journal: Journal
) -> None:
    fake.collections[ITEMS] = [
        {"id": "a", **item(0, "Same").fields, "description": "kept"},
        {"id": "b", **item(0, "Diff").fields, "description": "kept"},
    ]
    plan = [item(2, "Same"), item(3, "Diff", price=9)]
    await run(plan, fake, journal, on_existing=OnExisting.UPDATE)
    assert outcomes(journal) == {OpKey(2): Status.UNCHANGED, OpKey(3): Status.UPDATED}
    changed = fake.collections[ITEMS][1]
    assert changed["price"] == 9 and changed["description"] == "kept"  # PUT kept the rest
    assert [r for r in fake.requests if r[0] == "PUT"] == [("PUT", f"{ITEMS}/b")]


async def test_on_existing_fail_fails_the_row(fake: FakeSender, journal: Journal) -> None:
    fake.collections[ITEMS] = [{"id": "a", **item(0, "Shirt").fields}]
    await run([item(2, "Shirt")], fake, journal, on_existing=OnExisting.FAIL)
    (entry,) = journal.entries()
    assert entry.state == "failed" and "already exists" in entry.error


async def test_children_of_a_failed_parent_are_blocked(fake: FakeSender, journal: Journal) -> None:
    fake.fail_next(
        1,
        lambda m, p: BadRequestError(400, [ErrorDetail("json.field.invalid", "#/price: bad")]),
    )
    parent = item(2, "Shirt", part="item")
    plan = [parent, attribute(2, "S", parent.key), attribute(3, "M", parent.key)]
    await run(plan, fake, journal)
    assert outcomes(journal) == {
        OpKey(2, "item"): Status.FAILED,
        OpKey(2, "attribute"): Status.BLOCKED,
        OpKey(3, "attribute"): Status.BLOCKED,
    }
    assert "#/price: bad" in journal.entry(OpKey(2, "item")).error  # type: ignore[union-attr]


async def test_children_of_an_invalid_row_are_blocked(fake: FakeSender, journal: Journal) -> None:
    invalid = RowError(2, (CellProblem("Price", "'abc' is not a number"),))
    plan = [invalid, attribute(3, "M", OpKey(2, "item"))]
    await run(plan, fake, journal)
    assert outcomes(journal) == {OpKey(2): Status.INVALID, OpKey(3, "attribute"): Status.BLOCKED}


async def test_attributes_wait_for_their_item_and_use_its_id(
    fake: FakeSender, journal: Journal
) -> None:
    parent = item(2, "Shirt", part="item")
    plan = [parent] + [attribute(2 + i, f"A{i}", parent.key) for i in range(20)]
    await run(plan, fake, journal, concurrency=8)
    item_id = fake.collections[ITEMS][0]["id"]
    assert len(fake.collections[f"{ITEMS}/{item_id}/attributes"]) == 20
    # a just-created item's attributes need no lookup
    assert ("GET", f"{ITEMS}/{item_id}/attributes") not in fake.requests


async def test_a_resumed_sending_row_is_looked_up_first(fake: FakeSender, journal: Journal) -> None:
    op = item(2, "Shirt")
    fake.collections[ITEMS] = [{"id": "landed", **op.fields}]
    journal.write_many([JournalRecord(op.key, "item", "sending", {"event_id": "E1"}, "Shirt")])
    await run([op], fake, journal)
    (entry,) = journal.entries()
    assert (entry.state, entry.resource_id, entry.created) == ("created", "landed", True)
    assert not [r for r in fake.requests if r[0] == "POST"]


async def test_final_rows_of_an_earlier_run_are_not_sent_again(
    fake: FakeSender, journal: Journal
) -> None:
    await run([item(2, "A"), item(3, "B")], fake, journal)
    fake.requests.clear()
    _, events = await run([item(2, "A"), item(3, "B"), item(4, "C")], fake, journal)
    assert [r for r in fake.requests if r[0] == "POST"] == [("POST", ITEMS)]
    resumed = [e for e in events if isinstance(e, RowDone) and e.resumed]
    assert [e.key for e in resumed] == [OpKey(2), OpKey(3)]
