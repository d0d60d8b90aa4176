"""The one retry loop, with the shape of stamina's `retry_context`:

    async for attempt in requester.retrying(key):
        with attempt:
            return await requester.attempt("GET", path)

A retryable failure inside `with attempt` is kept and the loop waits before the next try;
anything else leaves the loop, and so does the last failure once the attempts are spent.
Over-limit answers (403 over the per-second limit, 429) wait without spending an attempt;
other transient failures wait (exponential backoff with full jitter, a Retry-After wins) and
spend one; a fatal answer becomes StopRun; a host that refuses connections for longer than
the policy allows stops the run.
"""

from __future__ import annotations

import random
import time
from types import TracebackType
from typing import Protocol

from bulkspot.config import RetryPolicy, SecretsGiven
from bulkspot.core.operation import OpKey
from bulkspot.errors import (
    NetworkError,
    OverQpsError,
    StopRun,
    TooManyRequestsError,
    TransferError,
)
from bulkspot.events import Broadcast, Retrying
from bulkspot.runner.fatal import fatal_stop
from bulkspot.runner.stop_signal import StopSignal


class RetryHost(Protocol):
    """What the loop needs of the requester it retries for: its policy and random numbers,
    its run's stop and observers, and the counts the whole run shares."""

    policy: RetryPolicy
    rng: random.Random
    stop: StopSignal
    notify: Broadcast
    retries: int
    unreachable_since: float | None
    given: SecretsGiven  # where its key and token were given: a fatal answer's hint names it


class Attempt:
    """One try of a `RetryLoop`: the `with` block keeps a retryable failure for the loop to
    decide on, turns a fatal one into StopRun, and lets anything else through."""

    __slots__ = ("again_wanted", "error", "given", "number")

    def __init__(self, number: int, given: SecretsGiven | None = None) -> None:
        self.number = number  # 1-based
        self.given = given
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
        stop = fatal_stop(error, self.given)
        if stop is not None:
            raise stop from error
        if error.transient:
            self.error = error
            return True
        return False


class RetryLoop:
    """Async iterator of `Attempt`s; see `Requester.retrying`."""

    def __init__(self, requester: RetryHost, key: OpKey | None, limit: int | None = None) -> None:
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
        number = current.number + 1 if current is not None else 1
        self._current = Attempt(number, requester.given)
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
