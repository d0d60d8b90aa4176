"""Fatal answers stop the run fast, leave the rest pending, and a re-run finishes it."""

from __future__ import annotations

import os
import signal

import anyio
import pytest

from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.apipath import Address
from bulkspot.errors import AuthenticationError, ErrorDetail, OverQuotaError, TransferError
from bulkspot.events import RequestSent, RunEvent, RunStopped
from bulkspot.runner.engine import execute_plan
from bulkspot.runner.retry import Requester
from bulkspot.sinks.journal import Journal
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import ITEMS, item, run

FATAL = [
    lambda m, p: AuthenticationError(401, [ErrorDetail("unauthorized", "Unauthorized")]),
    lambda m, p: OverQuotaError(403, [ErrorDetail("mashery.not.authorized.over.ratelimit", "")]),
]


class Refusing(FakeSender):
    """Answers every write with one fatal error while `refuse` is set."""

    refuse: TransferError | None = None

    async def send(self, method: str, path: Address, body: object = None):  # type: ignore[no-untyped-def]
        if self.refuse is not None and method == "POST":
            self.requests.append((method, str(path)))
            raise self.refuse
        return await super().send(method, path, body)


@pytest.mark.parametrize("make", FATAL, ids=["401", "daily-quota"])
async def test_a_fatal_answer_stops_after_one_request_per_worker(
    make: object, journal: Journal
) -> None:
    fake = Refusing()
    fake.refuse = make("POST", ITEMS)  # type: ignore[operator]
    plan = [item(row, f"Item {row}") for row in range(2, 202)]
    report, events = await run(list(plan), fake, journal, concurrency=4)
    posts = [r for r in fake.requests if r[0] == "POST"]
    assert 1 <= len(posts) <= 4
    assert report.stopped and any(isinstance(e, RunStopped) for e in events)
    assert "again" in report.resume_hint
    assert all(e.state != "created" for e in journal.entries())

    fake.refuse = None  # the cause is fixed: the same plan again finishes the rest
    report, _ = await run(list(plan), fake, journal, concurrency=4)
    assert report.stopped is None
    assert sorted(r["name"] for r in fake.collections[ITEMS]) == sorted(
        op.fields["name"] for op in plan
    )
    assert {e.state for e in journal.entries()} == {"created"}


async def test_a_stop_ends_the_waits_for_rate_slots_at_once(journal: Journal) -> None:
    """At 2 requests/s, 8 workers queued for their slots would take 4 s to notice a stop;
    they must notice it at once (Ctrl-C feels instant)."""
    fake, events = FakeSender(), []
    requester = Requester.for_run(fake, slow_config(), [events.append])

    def stop_after_the_first(event: RunEvent) -> None:
        if isinstance(event, RequestSent) and event.method == "POST":
            requester.stop.set("interrupted (test)")

    plan = [item(row, f"Item {row}") for row in range(2, 30)]
    with anyio.fail_after(2.0), requester.notify.listening(stop_after_the_first):
        # a deadline well under the 4 s the queued slots would take
        report = await execute_plan(
            plan, kind="items", config=slow_config(), requester=requester, journal=journal
        )
    assert report.stopped == "interrupted (test)"
    assert [method for method, _ in fake.requests] == ["GET", "POST"]  # look up, create
    states = [e.state for e in journal.entries()]
    assert states.count("created") == 1  # the rest never left (at most marked as leaving)


def slow_config() -> RunConfig:
    return RunConfig(
        ApiSettings("key-secret", "token-secret", "http://127.0.0.1:9/v2/"),
        limits=Limits(rate=2, concurrency=8),
        retry=RetryPolicy.no_wait(),
    )


async def test_a_second_ctrl_c_cancels_the_pool_and_the_run_still_ends_stopped(
    journal: Journal,
) -> None:
    """The second Ctrl-C cancels the workers before the pool returns: the run ends stopped,
    not with an error of its own (an UnboundLocalError reached a user once)."""
    fake, events = FakeSender(), []
    requester = Requester.for_run(fake, slow_config(), [events.append])
    signalled = False

    def ctrl_c_twice(event: RunEvent) -> None:
        nonlocal signalled
        if isinstance(event, RequestSent) and event.method == "POST" and not signalled:
            signalled = True
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)

    plan = [item(row, f"Item {row}") for row in range(2, 30)]
    with anyio.fail_after(5.0), requester.notify.listening(ctrl_c_twice):
        report = await execute_plan(
            plan, kind="items", config=slow_config(), requester=requester, journal=journal,
            handle_signals=True,
        )  # fmt: skip
    assert report.stopped == "interrupted (Ctrl-C)"
