"""A resource counts as this run's only when proven so (runner/write.py): answered to this
run's create, or found after a lost answer holding every field the create sent. Anything
else under the name is someone else's: `exists`, never `created`, and undo leaves it."""

from __future__ import annotations

from typing import Any

from bulkspot.core.apipath import Address
from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Status
from bulkspot.errors import ServerError
from bulkspot.runner.retry import Requester
from bulkspot.runner.undo import undo_run
from bulkspot.sinks.journal import Journal, JournalRecord
from bulkspot.transport.base import Reply
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import EVENT, ITEMS, config, item, run


def sending(row: int, name: str, **fields: Any) -> JournalRecord:
    """A create an earlier run marked as leaving, then died before its answer."""
    sent = item(row, name, **fields).fields
    return JournalRecord(OpKey(row), "item", "sending", {"event_id": EVENT}, name, sent=sent)


async def test_a_rerun_finds_its_own_cut_off_create_and_calls_it_created(
    fake: FakeSender, journal: Journal
) -> None:
    fake.collections[ITEMS] = [{"id": "ours", **item(0, "Shirt").fields}]
    journal.write_many([sending(2, "Shirt")])
    await run([item(2, "Shirt")], fake, journal)
    entry = journal.entry(OpKey(2))
    assert entry is not None
    assert (entry.state, entry.resource_id, entry.created) == ("created", "ours", True)
    assert not [m for m, _ in fake.requests if m == "POST"]


async def test_a_rerun_calls_someone_elses_resource_under_a_cut_off_name_exists(
    fake: FakeSender, journal: Journal
) -> None:
    fake.collections[ITEMS] = [{"id": "theirs", **item(0, "Shirt", price=99).fields}]
    journal.write_many([sending(2, "Shirt")])
    await run([item(2, "Shirt")], fake, journal)
    entry = journal.entry(OpKey(2))
    assert entry is not None
    assert (entry.state, entry.resource_id, entry.created) == ("exists", "theirs", False)
    assert entry.error == "already there, not made by this run (its price differs)"

    await undo_run(journal, config(), Requester.for_run(fake, config()))
    assert [r["id"] for r in fake.collections[ITEMS]] == ["theirs"]  # undo leaves it


class Racing(FakeSender):
    """Someone else makes the item between the run's look-up and its POST; their item shows
    in the collection only from the second read after that (a slow index)."""

    def __init__(self, hidden_reads: int = 1) -> None:
        super().__init__()
        self.hidden_reads = hidden_reads
        self.raced = False

    async def send(self, method: str, address: Address, body: Any = None) -> Reply:
        path = str(address)
        if method == "POST" and not self.raced:
            self.raced = True
            self.collections.setdefault(path, []).append(
                {"id": "theirs", **item(0, "Shirt", price=99).fields}
            )
        if method == "GET" and path == ITEMS and self.raced and self.hidden_reads > 0:
            self.hidden_reads -= 1
            self.requests.append((method, path))
            return Reply(200, [])
        return await super().send(method, address, body)


async def test_a_409_for_a_name_someone_else_just_took_is_exists_not_failed(
    journal: Journal,
) -> None:
    fake = Racing(hidden_reads=1)
    await run([item(2, "Shirt")], fake, journal)
    entry = journal.entry(OpKey(2))
    assert entry is not None
    assert (entry.state, entry.resource_id, entry.created) == ("exists", "theirs", False)
    gets = [p for m, p in fake.requests if m == "GET" and p == ITEMS]
    assert len(gets) == 3  # the look-up first, then one read that missed it, one that saw it


async def test_a_409_whose_name_never_shows_fails_after_repeated_look_ups(
    journal: Journal,
) -> None:
    fake = Racing(hidden_reads=99)
    await run([item(2, "Shirt")], fake, journal)
    entry = journal.entry(OpKey(2))
    assert entry is not None and entry.state == "failed" and entry.http_status == 409
    gets = [p for m, p in fake.requests if m == "GET" and p == ITEMS]
    assert len(gets) == 4  # the look-up first, then three after the 409


async def test_a_lost_answer_whose_name_holds_other_values_is_not_this_runs(
    fake: FakeSender, journal: Journal
) -> None:
    """The POST fails with a 500 before anything is made, and meanwhile someone else makes
    the name with other values: the look-up finds theirs, which is `exists`."""

    def theirs_then_fail(method: str, path: str) -> ServerError:
        fake.collections[ITEMS].append({"id": "theirs", **item(0, "Shirt", price=1).fields})
        return ServerError(500, method=method, path=path)

    fake.collections[ITEMS] = []
    fake.fail_next(1, theirs_then_fail)
    await run([item(2, "Shirt")], fake, journal)
    entry = journal.entry(OpKey(2))
    assert entry is not None
    assert (entry.state, entry.resource_id, entry.created) == ("exists", "theirs", False)
    assert [r["id"] for r in fake.collections[ITEMS]] == ["theirs"]  # nothing sent twice


async def test_journal_keeps_what_a_create_sent(fake: FakeSender, journal: Journal) -> None:
    await run([item(2, "Shirt")], fake, journal)
    entry = journal.entry(OpKey(2))
    assert entry is not None and entry.sent == item(2, "Shirt").fields
    assert entry.outcome is not None and entry.outcome.status is Status.CREATED
