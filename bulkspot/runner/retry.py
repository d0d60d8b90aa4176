"""One attempt through the gates, and the decision after a failed one.

DESIGN.md's table, in code: fatal answers stop the run; over-limit answers slow the rate and
are sent again without spending an attempt; other transient failures wait (exponential
backoff with full jitter, a Retry-After wins) and spend an attempt; anything else is final
for the row. A network failure that outlasts every attempt means the host is unreachable,
which stops the run rather than failing every remaining row one by one.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import anyio

from bulkspot.config import RetryPolicy
from bulkspot.core.operation import OpKey
from bulkspot.errors import (
    AuthenticationError,
    InactiveKeyError,
    NetworkError,
    OverQpsError,
    OverQuotaError,
    StopRun,
    TooManyRequestsError,
    TransferError,
)
from bulkspot.runner.events import Event, RequestDone, RequestSent, Retrying
from bulkspot.runner.gates import ConcurrencyGate, RateGate
from bulkspot.transport.base import Reply, Sender


class StopSignal:
    """Set once: no new request starts after it; waits in progress end early."""

    def __init__(self) -> None:
        self.reason: str | None = None
        self.resume_hint = ""
        self._event = anyio.Event()

    @property
    def is_set(self) -> bool:
        return self.reason is not None

    def set(self, reason: str, resume_hint: str = "") -> None:
        if self.reason is None:
            self.reason, self.resume_hint = reason, resume_hint
            self._event.set()

    async def sleep(self, seconds: float) -> None:
        """Sleep, or raise Stopping as soon as the run is told to stop."""
        if seconds > 0:
            with anyio.move_on_after(seconds):
                await self._event.wait()
        if self.is_set:
            raise Stopping()


class Stopping(Exception):
    """Raised inside a worker when the run stops before its operation could finish."""


class Requester:
    """Sends single attempts through the rate and concurrency gates, and counts them."""

    def __init__(
        self,
        sender: Sender,
        rate: RateGate,
        concurrency: ConcurrencyGate,
        stop: StopSignal,
        notify: Callable[[Event], None],
    ) -> None:
        self.sender = sender
        self.rate = rate
        self.concurrency = concurrency
        self.stop = stop
        self._notify = notify
        self.requests = 0
        self.retries = 0  # by every budget that retries through this requester

    def retried(self) -> None:
        self.retries += 1

    def budget(
        self, policy: RetryPolicy, rng: random.Random, key: OpKey | None = None
    ) -> RetryBudget:
        """One operation's retry budget: its waits end when the run stops, and its retries
        are counted here, whoever retries (the executor, a look-up, a dry run)."""
        return RetryBudget(policy, rng, self.stop, self._notify, key, on_retry=self.retried)

    async def attempt(self, method: str, path: str, body: Any = None) -> Reply:
        await self.concurrency.acquire()
        started: float | None = None
        try:
            await self.rate.wait(self.stop.sleep)  # a stop ends the wait for a slot at once
            if self.stop.is_set:  # checked after the wait: nothing leaves once the run stops
                raise Stopping()
            self.requests += 1
            shown = path.split("?", 1)[0]
            self._notify(RequestSent(method, shown))
            started = time.monotonic()
            try:
                reply = await self.sender.send(method, path, body)
            except TransferError as error:
                status = getattr(error, "status", None)
                self._notify(RequestDone(method, shown, status, time.monotonic() - started,
                                         str(error)))  # fmt: skip
                raise
            self._notify(RequestDone(method, shown, reply.status, time.monotonic() - started))
            return reply
        except (OverQpsError, TooManyRequestsError):
            self.rate.over_limit()
            raise
        finally:
            latency = time.monotonic() - started if started is not None else None
            self.concurrency.release(latency)


class RetryBudget:
    """The attempts and time one operation may spend, and the wait before the next."""

    def __init__(
        self,
        policy: RetryPolicy,
        rng: random.Random,
        stop: StopSignal,
        notify: Callable[[Event], None],
        key: OpKey | None = None,
        *,
        on_retry: Callable[[], None] = lambda: None,
    ) -> None:
        self.policy = policy
        self._on_retry = on_retry
        self._rng = rng
        self._stop = stop
        self._notify = notify
        self._key = key
        self._started = time.monotonic()
        self.attempts = 0  # attempts that reached an answer or a failure, over-limit included
        self.failures = 0  # failed attempts that count against max_attempts
        self.retries = 0

    async def after_failure(self, error: TransferError) -> None:
        """Wait before the next attempt, or raise: the error itself when it is final for the
        row, StopRun when it is final for the run."""
        self.attempts += 1
        stop = fatal_stop(error)
        if stop is not None:
            raise stop
        if not error.transient:
            raise error
        elapsed = time.monotonic() - self._started
        retry_after = getattr(error, "retry_after", None)
        if isinstance(error, OverQpsError | TooManyRequestsError):
            wait = retry_after if retry_after is not None else self.policy.over_limit_wait
            wait *= self._rng.uniform(1.0, 1.5) if retry_after is None else 1.0
        else:
            self.failures += 1
            if self.failures >= self.policy.max_attempts:
                if isinstance(error, NetworkError):
                    raise StopRun(
                        f"the API cannot be reached: {error}",
                        resume_hint="check the network and the base URL, then run the same "
                        "command again",
                    )
                raise error
            wait = self.policy.backoff.wait(self.failures, self._rng, retry_after)
        if elapsed + wait > self.policy.max_seconds:
            raise error
        self.retries += 1
        self._on_retry()
        if self._key is not None:
            self._notify(Retrying(self._key, self.attempts, str(error), wait))
        await self._stop.sleep(wait)


def fatal_stop(error: TransferError) -> StopRun | None:
    """The StopRun for an answer that makes every further request pointless."""
    if isinstance(error, AuthenticationError):
        return StopRun(
            "the API refused the access token (401)",
            resume_hint="fix CTCT_ACCESS_TOKEN (or --token), then run the same command again",
        )
    if isinstance(error, OverQuotaError):
        return StopRun(
            "the daily request quota of this api key is used up",
            resume_hint=f"the quota resets at 00:00 UTC (in {_until_utc_midnight()}); "
            "run the same command again then",
        )
    if isinstance(error, InactiveKeyError):
        return StopRun(
            "the API does not know this api key, or it is inactive (403)",
            resume_hint="fix CTCT_API_KEY (or --api-key), then run the same command again",
        )
    return None


def _until_utc_midnight() -> str:
    seconds = 86_400 - int(time.time()) % 86_400
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
