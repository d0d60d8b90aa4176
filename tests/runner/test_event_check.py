"""The event check is the run's first collection read (issue 24), and a sheet of amounts
reads its event beside it, not before it: neither waits on the other (at 250 ms latency,
a quarter second before the first write). End to end, per kind, in
tests/cli/test_checks_before_sending.py; here, that the two are in flight at once."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from bulkspot.core.apipath import Address
from bulkspot.core.money import sheet_currency
from bulkspot.errors import ConfigError
from bulkspot.runner.checks import check_event
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.retry import Requester
from bulkspot.transport.base import Reply
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import EVENT, ITEMS, config

BASE = "http://127.0.0.1:9/v2/"


class Meeting:
    """A sender whose answers wait until `expected` requests are in flight together: a
    check that sent them one after the other would never see its first answer."""

    def __init__(self, fake: FakeSender, expected: int) -> None:
        self.fake, self.expected, self.arrived = fake, expected, 0
        self.together = anyio.Event()

    async def send(self, method: str, path: Address, body: Any = None) -> Reply:
        self.arrived += 1
        if self.arrived >= self.expected:
            self.together.set()
        with anyio.fail_after(2):
            await self.together.wait()
        return await self.fake.send(method, path, body)

    async def aclose(self) -> None:
        return None


def index_over(sender: Meeting) -> KeyIndex:
    return KeyIndex(Requester.for_run(sender, config(), []))


async def test_a_sheet_of_amounts_reads_its_event_and_its_items_at_once() -> None:
    fake = FakeSender({"eventspot/events": [{"id": EVENT, "currency_type": "EUR"}]})
    index = index_over(Meeting(fake, expected=2))
    with pytest.raises(ConfigError) as refused:
        await check_event(EVENT, "item", index, BASE, currency=sheet_currency(None))
    assert str(refused.value) == (
        f"event {EVENT} is in EUR, but this sheet's amounts are USD (by default, as no "
        "--currency was given): nothing was sent. If the amounts are EUR, give --currency "
        "EUR; if they are USD, convert them to EUR first"
    )
    assert sorted(fake.requests) == [("GET", f"eventspot/events/{EVENT}"), ("GET", ITEMS)]


async def test_a_sheet_without_amounts_reads_only_its_collection_which_the_rows_then_use() -> None:
    fake = FakeSender({ITEMS: [{"id": "I1", "name": "Shirt"}]})
    index = index_over(Meeting(fake, expected=1))
    await check_event(EVENT, "attribute", index, BASE)  # an attribute's item: the event's items
    assert fake.requests == [("GET", ITEMS)]
    assert await index.find("item", {"event_id": EVENT}, "Shirt") == "I1"  # no second read
    assert fake.requests == [("GET", ITEMS)]
