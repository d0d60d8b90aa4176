"""Undo deletes what a run created, children first; a dry run sends no write."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bulkspot.core.apipath import Address
from bulkspot.core.operation import OnExisting, OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.runner.retry import Requester
from bulkspot.runner.undo import undo_run
from bulkspot.runner.undo_plan import LeftAlone, UndoTarget, plan_of
from bulkspot.sinks.journal import Journal, JournalRecord
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import EVENT, ITEMS, attribute, config, item, run


async def test_undo_removes_exactly_what_the_run_created(
    fake: FakeSender, journal: Journal
) -> None:
    fake.collections[ITEMS] = [{"id": "theirs", **item(0, "Existing").fields}]
    parent = item(2, "Shirt", part="item")
    plan = [parent, attribute(2, "S", parent.key), attribute(3, "M", parent.key),
            item(4, "Existing"), item(5, "Hat")]  # fmt: skip
    await run(plan, fake, journal)
    fake.requests.clear()

    await undo_run(journal, config(), Requester.for_run(fake, config()))

    assert [r["id"] for r in fake.collections[ITEMS]] == ["theirs"]
    deletes = [path for method, path in fake.requests if method == "DELETE"]
    assert len(deletes) == 4
    assert all("attributes" in path for path in deletes[:2])  # children first
    assert [e.key for e in journal.entries()] == [OpKey(4)]  # only the untouched row is left

    fake.requests.clear()
    await undo_run(journal, config(), Requester.for_run(fake, config()))  # nothing left to do
    assert not fake.requests


async def test_undo_after_a_crash_finds_creates_that_landed_by_natural_key(
    fake: FakeSender, journal: Journal
) -> None:
    """A kill between the request and its answer leaves `sending` rows without an id: the
    one whose create landed is deleted, the one that never landed is simply forgotten."""
    fake.collections[ITEMS] = [{"id": "landed", **item(0, "Shirt").fields}]
    journal.write_many([
        sending(2, item(2, "Shirt").fields),
        sending(3, item(3, "Hat").fields),
    ])  # fmt: skip

    await undo_run(journal, config(), Requester.for_run(fake, config()))

    assert fake.collections[ITEMS] == []
    assert ("DELETE", f"{ITEMS}/landed") in fake.requests
    assert list(journal.entries()) == []


async def test_undo_after_a_crash_leaves_what_someone_else_made_under_the_name(
    fake: FakeSender, journal: Journal
) -> None:
    """The run died while its creates were failing; someone else then made resources with
    those names. They do not hold what the run sent, so undo keeps them, and forgets the
    rows (nothing of the run's to undo)."""
    theirs = {"id": "theirs", **item(0, "Shirt", price=99).fields}
    fake.collections[ITEMS] = [theirs]
    journal.write_many([sending(2, item(2, "Shirt").fields)])

    _, counts = await undo_run(journal, config(), Requester.for_run(fake, config()))

    assert fake.collections[ITEMS] == [theirs]
    assert not [m for m, _ in fake.requests if m == "DELETE"]
    assert counts == {Status.EXISTS: 1}
    assert list(journal.entries()) == []


async def test_undo_of_an_old_journal_without_what_was_sent_leaves_cut_off_creates(
    fake: FakeSender, journal: Journal
) -> None:
    """A journal written before bulkspot kept the body of a create cannot prove a cut-off
    create was its own: nothing is deleted on a guess."""
    fake.collections[ITEMS] = [{"id": "landed", **item(0, "Shirt").fields}]
    journal.write_many([JournalRecord(OpKey(2), "item", "sending", {"event_id": EVENT}, "Shirt")])
    await undo_run(journal, config(), Requester.for_run(fake, config()))
    assert [r["id"] for r in fake.collections[ITEMS]] == ["landed"]
    assert not fake.requests


def sending(row: int, sent: Mapping[str, Any]) -> JournalRecord:
    """A create the journal marked as leaving, cut off before its answer."""
    name = str(sent["name"])
    return JournalRecord(OpKey(row), "item", "sending", {"event_id": EVENT}, name, sent=sent)


async def test_dry_run_plans_without_writing(fake: FakeSender, tmp_path: Path) -> None:
    fake.collections[ITEMS] = [
        {"id": "a", **item(0, "Same").fields},
        {"id": "b", **item(0, "Diff").fields},
    ]
    parent = item(4, "New", part="item")
    plan = [item(2, "Same"), item(3, "Diff", price=99), parent, attribute(4, "S", parent.key)]
    journal = Journal.open(tmp_path / "dry.sqlite", {"kind": "items"})
    report, _ = await run(plan, fake, journal, on_existing=OnExisting.UPDATE, dry_run=True)
    assert report.warning is None
    assert {e.key: e.outcome for e in journal.entries()} == {
        OpKey(2): Outcome(Status.UNCHANGED, "a"),
        OpKey(3): Outcome(Status.TO_UPDATE, "b"),
        OpKey(4, "item"): Outcome(Status.TO_CREATE),
        OpKey(4, "attribute"): Outcome(Status.TO_CREATE),
    }
    assert {method for method, _ in fake.requests} == {"GET"}


async def test_dry_run_without_the_api_still_plans_and_says_so(tmp_path: Path) -> None:
    from bulkspot.errors import ConnectError

    class Down(FakeSender):
        async def send(self, method: str, path: Address, body: object = None):  # type: ignore[no-untyped-def]
            raise ConnectError("refused", method=method, path=str(path))

    journal = Journal.open(tmp_path / "dry.sqlite", {"kind": "items"})
    report, _ = await run([item(2, "A")], Down(), journal, dry_run=True)
    assert report.warning is not None and "without the API" in report.warning
    (entry,) = journal.entries()
    assert entry.state == "to create" and "not checked" in entry.error


async def test_undo_s_dry_run_lists_its_targets_children_first_and_the_rows_it_leaves(
    fake: FakeSender, journal: Journal
) -> None:
    """What a dry run of undo reports (nothing deleted) and what the plan counted from the
    journal alone agree: the run's own resources to delete, attributes before their item;
    the updated row, the row that found its item, someone else's cut-off create and the
    unprovable one left alone."""
    fake.collections[ITEMS] = [
        {"id": "there", **item(0, "Existing").fields},
        {"id": "changed", **item(0, "Changed").fields},
        {"id": "theirs", **item(0, "Cut", price=99).fields},
    ]
    parent = item(2, "Shirt", part="item")
    plan = [parent, attribute(2, "S", parent.key), item(3, "Existing"),
            item(4, "Changed", price=7)]  # fmt: skip
    await run(plan, fake, journal, on_existing=OnExisting.UPDATE)
    journal.write_many([
        sending(5, item(5, "Cut").fields),
        JournalRecord(OpKey(6), "item", "sending", {"event_id": EVENT}, "Old"),
    ])  # fmt: skip
    assert plan_of(journal).deletes == {"attribute": 1, "item": 2}
    assert plan_of(journal).left_alone == LeftAlone(updated=1, found=1, unproven=1)
    fake.requests.clear()
    targets: list[UndoTarget] = []

    _, counts = await undo_run(
        journal, config(), Requester.for_run(fake, config()), dry_run=True, targets=targets
    )

    shirt = next(r["id"] for r in fake.collections[ITEMS] if r["name"] == "Shirt")
    (size,) = fake.collections[f"{ITEMS}/{shirt}/attributes"]
    assert targets == [
        UndoTarget(Status.TO_DELETE, "attribute", "S", size["id"]),
        UndoTarget(Status.TO_DELETE, "item", "Shirt", shirt),
    ]
    assert counts == {Status.TO_DELETE: 2, Status.EXISTS: 1}
    assert {method for method, _ in fake.requests} <= {"GET"}
    assert len(list(journal.entries())) == 6  # a dry run forgets nothing
