"""Every request of a run passes the `Requester`: the gates, the count, and the one retry loop.

DESIGN.md's table, in code: fatal answers stop the run; over-limit answers slow the rate and
are sent again without spending an attempt; other transient failures wait (exponential
backoff with full jitter, a Retry-After wins) and spend an attempt; anything else is final
for the request. A network failure that outlasts every attempt means the host is unreachable,
which stops the run rather than failing every remaining row one by one. A stop ends every
wait at once.

The loop has the shape of stamina's `retry_context`:

    async for attempt in requester.retrying(key):
        with attempt:
            return await requester.attempt("GET", path)

A retryable failure inside `with attempt` is kept and the loop waits before the next try;
anything else leaves the loop, and so does the last failure once the attempts are spent.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from functools import partial
from types import TracebackType
from typing import Any

import anyio

from bulkspot.config import RetryPolicy, RunConfig
from bulkspot.core.apipath import Address
from bulkspot.core.operation import OpKey
from bulkspot.core.privileges import privilege_needed
from bulkspot.errors import (
    ForbiddenError,
    NetworkError,
    OverQpsError,
    StopRun,
    TooManyRequestsError,
    TransferError,
)
from bulkspot.events import Broadcast, Observer, RequestDone, RequestSent, Retrying
from bulkspot.runner.fatal import fatal_stop
from bulkspot.runner.gates import ConcurrencyGate, RateGate
from bulkspot.runner.slots import Slots, Ticket
from bulkspot.runner.wakeable import Sleepers
from bulkspot.transport.base import Reply, Sender
from bulkspot.transport.departure import DEPARTURE


class StopSignal:
    """The run's stop, set once: no request starts after it; waits in progress end early,
    raising StopRun with the reason it was set for."""

    def __init__(self) -> None:
        self.reason: str | None = None
        self.resume_hint = ""
        self._event = anyio.Event()
        self._sleepers = Sleepers(self._event)

    @property
    def is_set(self) -> bool:
        return self.reason is not None

    def set(self, reason: str, resume_hint: str = "") -> None:
        if self.reason is None:
            self.reason, self.resume_hint = reason, resume_hint
            self._event.set()
            self._sleepers.wake_all()

    def error(self) -> StopRun:
        return StopRun(self.reason or "stopped", resume_hint=self.resume_hint)

    async def sleep(self, seconds: float) -> None:
        """Sleep, or raise StopRun as soon as the run is told to stop."""
        if seconds > 0:
            await self._sleepers.sleep(seconds)  # runner/wakeable.py
        if self.is_set:
            raise self.error()


class Requester:
    """Sends single attempts through the rate and concurrency gates, counts them, and runs
    the retry loop that every caller (write path, look-ups, the library client) shares."""

    def __init__(
        self,
        sender: Sender,
        rate: RateGate,
        concurrency: ConcurrencyGate,
        *,
        policy: RetryPolicy,
        rng: random.Random,
        notify: Broadcast | None = None,
    ) -> None:
        self.sender = sender
        self.rate = rate
        self.concurrency = concurrency
        self.gates = Slots(concurrency, rate)  # a place in flight first, then a start
        self.policy = policy
        self.stop = StopSignal()
        self.notify = notify or Broadcast()  # the run's observers
        self.rng = rng
        self.requests = 0
        self.retries = 0
        self.unreachable_since: float | None = None  # the first of a run of refused connects

    @classmethod
    def for_run(
        cls,
        sender: Sender,
        config: RunConfig,
        observers: Iterable[Observer] = (),
        *,
        policy: RetryPolicy | None = None,
        rate: RateGate | None = None,
        concurrency: ConcurrencyGate | None = None,
    ) -> Requester:
        """The gates a run's config asks for, around `sender`; `observers` hear every event.
        `rate`: a rate gate to share (every run of one api key in a process passes one);
        `concurrency`: a concurrency gate to share (a library Session's, on its loop).
        A shared gate is never handed this run's observers: each request tells them what
        it changed (runner/slots.py)."""
        notify = Broadcast(observers)
        if rate is None:
            rate = RateGate(config.limits.rate)
        else:  # the run's own ceiling, which its RunStarted announces: no change to hear
            rate.limit(config.limits.rate)
        if concurrency is None:
            concurrency = ConcurrencyGate(
                config.limits.concurrency, cap=config.limits.max_concurrency, rate_gate=rate
            )
        return cls(
            sender,
            rate,
            concurrency,
            policy=policy or config.retry,
            rng=random.Random(config.seed),
            notify=notify,
        )

    async def attempt(self, method: str, path: Address, body: Any = None) -> Reply:
        """One request, once: through the gates, or StopRun when the run has stopped."""
        ticket = Ticket(self.stop.sleep, self.notify)  # a stop ends the gates' waits at once
        async with self.gates.slot(ticket):
            if self.stop.is_set:  # checked after the wait: nothing leaves once the run stops
                raise self.stop.error()
            self.requests += 1
            shown = str(path)  # never the query
            self.notify(RequestSent(method, shown))
            started = time.monotonic()
            leaving = DEPARTURE.set(partial(self.rate.departed, ticket))
            try:
                reply = await self.sender.send(method, path, body)
            except TransferError as error:
                ticket.latency = time.monotonic() - started
                ticket.refused = isinstance(error, OverQpsError | TooManyRequestsError)
                if isinstance(error, ForbiddenError) and error.privilege is None:
                    error.privilege = privilege_needed(error.method, error.path)
                status = getattr(error, "status", None)
                self.notify(RequestDone(method, shown, status, ticket.latency, str(error)))
                raise
            except BaseException:
                ticket.latency = time.monotonic() - started
                raise
            finally:
                DEPARTURE.reset(leaving)
            ticket.latency = time.monotonic() - started
            self.notify(RequestDone(method, shown, reply.status, ticket.latency))
            self.unreachable_since = None
            return reply

    def retrying(self, key: OpKey | None = None, *, attempts: int | None = None) -> RetryLoop:
        """The attempts one request may make (see the module docstring); `attempts` caps
        them below the policy's (a look-up repeated until a write shows in a read)."""
        return RetryLoop(self, key, attempts)

    async def send(
        self, method: str, path: Address, body: Any = None, *, key: OpKey | None = None
    ) -> Reply:
        """A request that is safe to repeat (GET, PUT, PATCH), retried through transient
        failures."""
        async for attempt in self.retrying(key):
            with attempt:
                return await self.attempt(method, path, body)
        raise AssertionError("a retry loop ends by returning or raising")  # pragma: no cover


class Attempt:
    """One try of a `RetryLoop`: the `with` block keeps a retryable failure for the loop to
    decide on, turns a fatal one into StopRun, and lets anything else through."""

    __slots__ = ("again_wanted", "error", "number")

    def __init__(self, number: int) -> None:
        self.number = number  # 1-based
        self.error: TransferError | None = None
        self.again_wanted = False

    def again(self) -> None:
        """Nothing failed, but the answer is not the one awaited yet (a write not yet seen
        by a read): try once more after the backoff, quietly (no retry is counted)."""
        self.again_wanted = True

    def __enter__(self) -> Attempt:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if not isinstance(error, TransferError):
            return False
        stop = fatal_stop(error)
        if stop is not None:
            raise stop from error
        if error.transient:
            self.error = error
            return True
        return False


class RetryLoop:
    """Async iterator of `Attempt`s; see `Requester.retrying`."""

    def __init__(self, requester: Requester, key: OpKey | None, limit: int | None = None) -> None:
        self._requester = requester
        self._key = key
        self._limit = requester.policy.max_attempts if limit is None else limit
        self._current: Attempt | None = None
        self.started = time.monotonic()
        self.failures = 0  # failed attempts that count against max_attempts

    @property
    def attempts(self) -> int:
        """Attempts made so far, over-limit ones included."""
        return self._current.number if self._current is not None else 0

    def __aiter__(self) -> RetryLoop:
        return self

    async def __anext__(self) -> Attempt:
        current, requester = self._current, self._requester
        if current is not None and current.error is not None:
            wait = self._wait_after(current.error)
            requester.retries += 1
            requester.notify(Retrying(self._key, current.number, str(current.error), wait))
            await requester.stop.sleep(wait)
        elif current is not None:  # the block finished without a retryable failure
            if not current.again_wanted:
                raise StopAsyncIteration
            await requester.stop.sleep(self._wait_again())
        self._current = Attempt(current.number + 1 if current is not None else 1)
        return self._current

    def _wait_after(self, error: TransferError) -> float:
        """Seconds to wait before the next attempt, or raise what ends the loop."""
        policy, rng = self._requester.policy, self._requester.rng
        retry_after = getattr(error, "retry_after", None)
        if isinstance(error, OverQpsError | TooManyRequestsError):  # spends no attempt
            wait = retry_after if retry_after is not None else policy.over_limit_wait
            wait *= rng.uniform(1.0, 1.5) if retry_after is None else 1.0
        else:
            self.failures += 1
            wait = policy.backoff.wait(self.failures, rng, retry_after)
            if isinstance(error, NetworkError) and self._unreachable_for(error, wait):
                raise StopRun(
                    f"the API cannot be reached: {error}" if error.may_have_reached else str(error),
                    resume_hint="check the network and the base URL, then run the same "
                    "command again",
                ) from error
            if self.failures >= self._limit:
                raise error
        if time.monotonic() - self.started + wait > policy.max_seconds:
            raise error
        return wait

    def _wait_again(self) -> float:
        """Seconds to wait before trying again an attempt that asked for it, or the loop's
        end once the attempts are spent."""
        self.failures += 1
        if self.failures >= self._limit:
            raise StopAsyncIteration
        return self._requester.policy.backoff.wait(self.failures, self._requester.rng)

    def _unreachable_for(self, error: NetworkError, wait: float) -> bool:
        """Whether the host counts as unreachable: every attempt failed without an answer,
        or connections have been refused for longer than the policy allows, whichever row
        or look-up saw it first (the run stops within that time, not after every row's
        retries)."""
        if self.failures >= self._limit:
            return True
        if error.may_have_reached:  # a timeout or a cut connection: the host is there
            return False
        requester, now = self._requester, time.monotonic()
        if requester.unreachable_since is None:
            requester.unreachable_since = now
        return now + wait - requester.unreachable_since > requester.policy.unreachable_seconds
