"""A run counts its own requests and retries from the events it hears while it lasts
(runner/run_count.py), not as a difference of the job's shared totals."""

from __future__ import annotations

from bulkspot.core.apipath import ApiPath
from bulkspot.errors import ServerError
from bulkspot.runner.retry import Requester
from bulkspot.runner.run_count import counting
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import EVENT, ITEMS, config

ITEMS_PATH = ApiPath.of("eventspot", "events", EVENT, "items")


async def test_a_run_counts_what_is_sent_while_it_lasts_and_nothing_before_or_after() -> None:
    sender = FakeSender()
    sender.collections[ITEMS] = [{"id": "x", "name": "b"}]
    requester = Requester.for_run(sender, config())
    await requester.send("GET", ITEMS_PATH)  # the job's look-up before the run
    sender.fail_next(2, lambda m, p: ServerError(503, method=m, path=p))
    with counting(requester.notify) as this_run:
        await requester.send("PUT", ApiPath.of(*ITEMS_PATH.segments, "x"), {"name": "a"})
    await requester.send("GET", ITEMS_PATH)  # and one after it
    assert (this_run.requests, this_run.retries) == (3, 2)
    assert (requester.requests, requester.retries) == (5, 2)  # the job's totals
