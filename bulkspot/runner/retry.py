"""Every request of a run passes the `Requester`: the gates, the count, and the one retry loop.

DESIGN.md's table, in code: fatal answers stop the run; over-limit answers slow the rate and
are sent again without spending an attempt; other transient failures wait (exponential
backoff with full jitter, a Retry-After wins) and spend an attempt; anything else is final
for the request. A network failure that outlasts every attempt means the host is unreachable,
which stops the run rather than failing every remaining row one by one. A stop ends every
wait at once.

The loop itself (runner/retry_loop.py) has the shape of stamina's `retry_context`:
`async for attempt in requester.retrying(key): with attempt: ...`; the run's stop is
runner/stop_signal.py.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from typing import Any

from bulkspot.config import RetryPolicy, RunConfig, SecretsGiven
from bulkspot.core.apipath import Address
from bulkspot.core.operation import OpKey
from bulkspot.core.privileges import privilege_needed
from bulkspot.errors import (
    ForbiddenError,
    OverQpsError,
    TooManyRequestsError,
    TransferError,
)
from bulkspot.events import Broadcast, Observer, RequestDone, RequestSent
from bulkspot.runner.gates import ConcurrencyGate, RateGate
from bulkspot.runner.retry_loop import RetryLoop
from bulkspot.runner.slots import Slots, Ticket
from bulkspot.runner.stop_signal import StopSignal
from bulkspot.transport.base import Reply, Sender


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
        self.given = SecretsGiven()  # where its key and token were given (for_run: the config's)

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
        requester = cls(
            sender,
            rate,
            concurrency,
            policy=policy or config.retry,
            rng=random.Random(config.seed),
            notify=notify,
        )
        requester.given = config.api.given
        return requester

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
