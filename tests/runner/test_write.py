"""The write path's own contract (runner/write.py), writer by writer on the FakeSender: a
name in use is kept, refused or updated as asked; an update sends the whole body and nothing
when nothing changes; a 409's repeated look-ups go through the one retry loop without counting
retries; the dry writer says what the real one does, in the same words."""

from __future__ import annotations

from typing import Any

from bulkspot.core.apipath import Address
from bulkspot.core.operation import OnExisting
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ITEM
from bulkspot.errors import ConflictError
from bulkspot.events import Retrying, RunEvent
from bulkspot.runner.dryrun import DryWriter
from bulkspot.runner.retry import Requester
from bulkspot.runner.write import Writer
from bulkspot.transport.base import Reply
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import EVENT, ITEMS, config

SCOPE = {"event_id": EVENT}
SHIRT = {
    "name": "Shirt",
    "price": 5,
    "default_quantity_total": 10,
    "per_registrant_limit": 1,
    "show_quantity_available": True,
}


def requester(sender: FakeSender, events: list[RunEvent] | None = None) -> Requester:
    observers = [events.append] if events is not None else []
    return Requester.for_run(sender, config(), observers)


def held(sender: FakeSender, price: int = 5) -> FakeSender:
    sender.collections[ITEMS] = [{"id": "there", **SHIRT, "price": price}]
    return sender


def writes(sender: FakeSender) -> list[str]:
    return [method for method, _ in sender.requests if method != "GET"]


async def test_a_name_in_use_is_kept_without_a_write() -> None:
    sender = held(FakeSender())
    written = await Writer(requester(sender)).create(
        ITEM, SCOPE, SHIRT, on_existing=OnExisting.SKIP
    )
    assert written.outcome == Outcome(Status.EXISTS, "there")
    assert not written.created and writes(sender) == []


async def test_a_name_in_use_is_refused_with_a_409_when_asked_to_fail() -> None:
    sender = held(FakeSender())
    written = await Writer(requester(sender)).create(
        ITEM, SCOPE, SHIRT, on_existing=OnExisting.FAIL
    )
    assert written.outcome == Outcome(Status.FAILED, "there", 409, 0, "name 'Shirt' already exists")
    assert isinstance(written.error, ConflictError) and writes(sender) == []


async def test_a_name_in_use_is_updated_with_the_whole_body_when_asked() -> None:
    sender = held(FakeSender(), price=9)
    written = await Writer(requester(sender)).create(
        ITEM, SCOPE, SHIRT, on_existing=OnExisting.UPDATE
    )
    assert written.outcome == Outcome(Status.UPDATED, "there", 200, 2)
    assert sender.collections[ITEMS] == [{"id": "there", **SHIRT}]
    assert writes(sender) == ["PUT"]


async def test_an_update_that_changes_nothing_sends_no_put() -> None:
    sender = held(FakeSender())
    written = await Writer(requester(sender)).update(ITEM, SCOPE, "there", {"price": 5.0})
    assert written.outcome == Outcome(Status.UNCHANGED, "there", 200, 1)
    assert writes(sender) == []


class SlowIndex(FakeSender):
    """Someone else takes the name just before the POST; their item shows in the collection
    only after `hidden` more reads."""

    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.hidden = hidden
        self.taken = False

    async def send(self, method: str, address: Address, body: Any = None) -> Reply:
        if method == "POST" and not self.taken:
            self.taken = True
            self.collections.setdefault(ITEMS, []).append({"id": "theirs", **SHIRT})
        if method == "GET" and str(address) == ITEMS and self.taken and self.hidden > 0:
            self.hidden -= 1
            self.requests.append((method, str(address)))
            return Reply(200, [])
        return await super().send(method, address, body)


async def test_a_409s_look_ups_repeat_through_the_retry_loop_counting_no_retry() -> None:
    events: list[RunEvent] = []
    sender = SlowIndex(hidden=2)
    made = requester(sender, events)
    written = await Writer(made).create(ITEM, SCOPE, SHIRT, on_existing=OnExisting.SKIP)
    assert written.outcome == Outcome(Status.EXISTS, "theirs", attempts=1)
    reads = [path for method, path in sender.requests if method == "GET" and path == ITEMS]
    assert len(reads) == 4  # the look-up before the POST, then three after its 409
    assert made.retries == 0 and not [e for e in events if isinstance(e, Retrying)]


async def test_the_dry_writer_refuses_a_name_in_use_in_the_real_writers_words() -> None:
    real = await Writer(requester(held(FakeSender()))).create(
        ITEM, SCOPE, SHIRT, on_existing=OnExisting.FAIL
    )
    dry = await DryWriter(requester(held(FakeSender()))).create(
        ITEM, SCOPE, SHIRT, on_existing=OnExisting.FAIL
    )
    assert dry.outcome == Outcome(Status.FAILED, "there", None, 0, real.outcome.error)


async def test_the_dry_undo_leaves_someone_elses_resource_in_the_real_undos_words() -> None:
    ours = {**SHIRT, "price": 7}  # what this run's create sent; the item holds 5
    real_sender, dry_sender = held(FakeSender()), held(FakeSender())
    real = await Writer(requester(real_sender)).delete(ITEM, SCOPE, "there", expected=ours)
    dry = await DryWriter(requester(dry_sender)).delete(ITEM, SCOPE, "there", expected=ours)
    why = "left alone: not made by this run (its price differs)"
    assert real.outcome == Outcome(Status.EXISTS, "there", 200, 1, why)
    assert dry.outcome == Outcome(Status.EXISTS, "there", error=why)
    assert writes(real_sender) == [] and writes(dry_sender) == []


async def test_a_dry_writer_keeps_what_each_row_would_send_only_when_asked() -> None:
    keeping = DryWriter(requester(FakeSender()), keep_bodies=True)
    created = await keeping.create(ITEM, SCOPE, SHIRT, on_existing=OnExisting.SKIP)
    assert (created.outcome.status, created.sent) == (Status.TO_CREATE, SHIRT)
    updated = await keeping.create(ITEM, SCOPE, SHIRT, on_existing=OnExisting.UPDATE)
    assert updated.sent == SHIRT  # no name in use here: still a create
    cancelled = await keeping.set_status(ITEM, SCOPE, "7", "CANCELLED")
    assert (cancelled.outcome.status, cancelled.sent) == (Status.TO_CANCEL, {"status": "CANCELLED"})
    plain = await DryWriter(requester(FakeSender())).create(
        ITEM, SCOPE, SHIRT, on_existing=OnExisting.SKIP
    )
    assert plain.sent is None
