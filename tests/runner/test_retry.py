"""What happens after a failed attempt: wait and retry, fail the row, or stop the run."""

from __future__ import annotations

from typing import Any

import pytest

from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.apipath import Address, ApiPath
from bulkspot.core.backoff import Backoff
from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Status
from bulkspot.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConnectError,
    OverQpsError,
    RequestTimeout,
    ServerError,
    StopRun,
    TooManyRequestsError,
    TransferError,
)
from bulkspot.events import RequestSent, Retrying, RunEvent
from bulkspot.runner.retry import Requester
from bulkspot.sinks.journal import Journal
from bulkspot.transport.base import Reply
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import item, run


class Scripted(FakeSender):
    """Fails with the scripted errors in turn, then answers 200."""

    def __init__(self, *errors: TransferError) -> None:
        super().__init__()
        self.script = list(errors)

    async def send(self, method: str, path: Address, body: object = None) -> Reply:
        self.requests.append((method, str(path)))
        if self.script:
            raise self.script.pop(0)
        return Reply(200, {"ok": True})


CONFIG = RunConfig(ApiSettings("k", "t", "http://127.0.0.1:9/v2/"), Limits(rate=1e6), seed=5)


def requester(
    sender: Scripted, events: list[RunEvent], **policy: Any
) -> tuple[Requester, list[float]]:
    """A requester that waits for nothing, and the list of the waits it decided on (filled
    as its Retrying events arrive)."""
    waits: list[float] = []

    def wait_of(event: RunEvent) -> None:
        if isinstance(event, Retrying):
            waits.append(event.wait)

    observers = [events.append, wait_of]
    made = Requester.for_run(sender, CONFIG, observers, policy=RetryPolicy(**policy))

    async def sleep(seconds: float) -> None:
        if made.stop.is_set:
            raise made.stop.error()

    made.stop.sleep = sleep  # type: ignore[method-assign]
    return made, waits


async def send(made: Requester) -> Reply:
    return await made.send("GET", ApiPath.of("p"), key=OpKey(2))


def failures(count: int, make: type[TransferError] = ServerError, **kw: object) -> list[Any]:
    if issubclass(make, ApiError):
        return [make(500 if make is ServerError else 403, method="GET", path="p", **kw)  # type: ignore[arg-type]
                for _ in range(count)]  # fmt: skip
    return [make("refused", method="GET", path="p") for _ in range(count)]


async def test_a_500_waits_with_capped_jittered_backoff_until_the_attempts_run_out() -> None:
    events: list[RunEvent] = []
    made, waits = requester(
        Scripted(*failures(4)), events, max_attempts=4, backoff=Backoff(0.5, 2.0, 8.0)
    )
    with pytest.raises(ServerError):
        await send(made)
    assert made.requests == 4 and made.retries == 3
    assert all(0 <= wait <= 8.0 for wait in waits) and len(waits) == 3
    assert [type(e) for e in events if isinstance(e, Retrying)] == [Retrying] * 3


async def test_the_loop_ends_with_the_answer_once_an_attempt_succeeds() -> None:
    events: list[RunEvent] = []
    made, _waits = requester(Scripted(*failures(2)), events)
    assert (await send(made)).body == {"ok": True}
    assert made.requests == 3 and made.retries == 2


async def test_a_retry_after_wins_over_the_backoff() -> None:
    events: list[RunEvent] = []
    scripted = Scripted(
        ServerError(503, method="GET", path="p", retry_after=7.0),
        OverQpsError(403, method="GET", path="p", retry_after=2.0),
    )
    made, waits = requester(scripted, events)
    await send(made)
    assert waits == [7.0, 2.0]


async def test_over_limit_answers_wait_about_a_second_and_spend_no_attempt() -> None:
    events: list[RunEvent] = []
    scripted = Scripted(
        OverQpsError(403, method="GET", path="p"), TooManyRequestsError(429, method="GET", path="p")
    )
    made, waits = requester(scripted, events, max_attempts=1)
    await send(made)  # one attempt allowed, yet both over-limit answers were sent again
    assert made.retries == 2
    assert all(1.0 <= wait <= 1.5 for wait in waits)


async def test_the_time_budget_of_a_row_ends_its_retries() -> None:
    events: list[RunEvent] = []
    made, waits = requester(Scripted(*failures(20)), events, max_seconds=1.0,
                     backoff=Backoff(5.0, 2.0, 60.0))  # fmt: skip
    with pytest.raises(ServerError):  # the first wait alone may not fit; at most a few do
        await send(made)
    assert sum(waits) <= 1.0


@pytest.mark.parametrize("error", [BadRequestError(400, method="POST", path="p")])
async def test_a_final_answer_is_not_retried(error: TransferError) -> None:
    events: list[RunEvent] = []
    made, waits = requester(Scripted(error), events)
    with pytest.raises(type(error)):
        await send(made)
    assert waits == [] and not [e for e in events if isinstance(e, Retrying)]


async def test_a_fatal_answer_stops_at_once() -> None:
    events: list[RunEvent] = []
    made, waits = requester(Scripted(AuthenticationError(401, method="GET", path="p")), events)
    with pytest.raises(StopRun, match="refused the access token"):
        await send(made)
    assert made.requests == 1 and waits == []


REFUSED = "cannot reach 127.0.0.1:9 (connection refused) for GET p"


async def test_a_host_unreachable_after_every_attempt_stops_the_run() -> None:
    events: list[RunEvent] = []
    refused = [ConnectError(REFUSED, method="GET", path="p") for _ in range(2)]
    made, _waits = requester(Scripted(*refused), events, max_attempts=2)
    with pytest.raises(StopRun) as stopped:
        await send(made)
    assert stopped.value.reason == REFUSED


async def test_a_host_refusing_connections_stops_the_run_after_the_policys_seconds() -> None:
    """Not after every attempt of every row: the first refused connect starts the clock."""
    events: list[RunEvent] = []
    refused = [ConnectError(REFUSED, method="GET", path="p") for _ in range(8)]
    made, _waits = requester(Scripted(*refused), events, unreachable_seconds=0.0,
                             backoff=Backoff(0.5, 2.0, 8.0))  # fmt: skip
    with pytest.raises(StopRun) as stopped:
        await send(made)
    assert stopped.value.reason == REFUSED
    assert made.requests == 1


async def test_timeouts_stop_the_run_only_once_every_attempt_is_spent() -> None:
    """A timeout may have reached the host: it is there, so the seconds rule does not apply."""
    events: list[RunEvent] = []
    lost = [RequestTimeout("no answer in time for GET p", method="GET", path="p")] * 3
    made, _waits = requester(Scripted(*lost), events, unreachable_seconds=0.0, max_attempts=3)
    with pytest.raises(StopRun) as stopped:
        await send(made)
    assert stopped.value.reason == "the API cannot be reached: no answer in time for GET p"
    assert made.requests == 3


async def test_a_look_ups_retries_are_told_too() -> None:
    """The progress line says a look-up is retrying instead of freezing."""
    events: list[RunEvent] = []
    made, _waits = requester(Scripted(*failures(1)), events)
    await made.send("GET", "p")  # no row key: a look-up
    (retrying,) = [e for e in events if isinstance(e, Retrying)]
    assert retrying.key is None and retrying.attempt == 1


async def test_a_stop_ends_the_wait_between_attempts() -> None:
    policy = RetryPolicy(backoff=Backoff(60.0, 2.0, 60.0))
    made = Requester.for_run(Scripted(*failures(3)), CONFIG, policy=policy)
    made.stop.set("interrupted (test)")
    with pytest.raises(StopRun, match="interrupted"):
        await send(made)


async def test_a_row_that_always_fails_ends_failed_with_its_attempts(
    fake: FakeSender, journal: Journal
) -> None:
    fake.fail_next(99, lambda m, p: ServerError(500, method=m, path=p), commit=False)
    report, _ = await run([item(2, "Shirt"), item(3, "Hat")], fake, journal, concurrency=1)
    entries = {e.key.row: e for e in journal.entries()}
    assert entries[2].state == Status.FAILED.value and entries[2].attempts == 5
    assert "500" in (entries[2].error or "")
    assert entries[3].state == Status.FAILED.value  # the fault outlasts both rows
    assert report.stopped is None


class Unreachable(FakeSender):
    async def send(self, method: str, path: Address, body: object = None):  # type: ignore[no-untyped-def]
        self.requests.append((method, str(path)))
        raise ConnectError(REFUSED, method=method, path=str(path))


async def test_an_unreachable_host_stops_the_run_and_its_retries_are_counted(
    journal: Journal,
) -> None:
    fake = Unreachable()
    report, events = await run([item(2, "Shirt"), item(3, "Hat")], fake, journal, concurrency=1)
    assert report.stopped == REFUSED
    retries = sum(1 for event in events if isinstance(event, Retrying))
    sent = sum(1 for event in events if isinstance(event, RequestSent))
    assert len(fake.requests) == 5 and retries == 4  # the look-up before the create
    assert sent == 5


class _RefusedForGood(ApiError):
    """An error kind errors.py does not know, flagged fatal: the flag alone must stop."""

    fatal = True


async def test_any_error_flagged_fatal_stops_the_run_at_once() -> None:
    events: list[RunEvent] = []
    made, waits = requester(Scripted(_RefusedForGood(418, method="GET", path="p")), events)
    with pytest.raises(StopRun) as stopped:
        await send(made)
    refused = "the API refused every further request: HTTP 418 from GET p: HTTP 418"
    assert stopped.value.reason == refused
    assert made.requests == 1 and waits == []


async def test_an_attempt_asking_again_waits_the_backoff_quietly_within_its_cap() -> None:
    events: list[RunEvent] = []
    made, waits = requester(Scripted(), events, max_attempts=9, backoff=Backoff(1.0, 2.0, 8.0))
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    made.stop.sleep = sleep  # type: ignore[method-assign]
    tried = []
    async for attempt in made.retrying(OpKey(2), attempts=3):
        tried.append(attempt.number)
        attempt.again()
    assert tried == [1, 2, 3]  # the cap, not the policy's nine
    assert len(slept) == 2 and 0 <= slept[0] <= 1.0 and 0 <= slept[1] <= 2.0
    assert made.retries == 0 and waits == [] and events == []  # nothing failed
