"""A client for a script's own requests, kept to an import's rules.

The rate is never exceeded, over-limit answers slow it down, transient failures are retried
with backoff, a create whose outcome is unknown is looked up by its natural key before it is
ever sent again, and a fatal answer (401, the daily quota, an unknown key) raises StopRun at
once and for every later call. `bulkspot.open_client` makes one over aiohttp.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from bulkspot.config import RunConfig
from bulkspot.core.resources import spec_for
from bulkspot.errors import ConflictError, NotFoundError, StopRun, TransferError
from bulkspot.runner.events import Broadcast, Observer
from bulkspot.runner.gates import ConcurrencyGate, RateGate
from bulkspot.runner.retry import Requester, RetryBudget, Stopping, StopSignal
from bulkspot.transport.base import Reply, Sender
from bulkspot.transport.client import EventSpotClient, Ids, Resource


class GuardedSender:
    """A Sender that puts every request through an import's gates and retry rules.

    A POST whose outcome is unknown (a 5xx, a timeout, a cut connection) is not sent again
    here: it is raised, so that `Client.create` can look the resource up first.
    """

    def __init__(
        self, sender: Sender, config: RunConfig, observers: Sequence[Observer] = ()
    ) -> None:
        self._notify = Broadcast(observers)
        rate = RateGate(config.limits.rate, notify=self._notify)
        gate = ConcurrencyGate(
            config.limits.concurrency, cap=config.limits.max_concurrency, rate_gate=rate
        )
        self._stop = StopSignal()
        self._requester = Requester(sender, rate, gate, self._stop, self._notify)
        self._sender = sender
        self._policy = config.retry
        self._rng = random.Random(config.seed)

    @property
    def requests(self) -> int:
        """Requests sent so far."""
        return self._requester.requests

    def budget(self) -> RetryBudget:
        return self._requester.budget(self._policy, self._rng)

    async def attempt(self, method: str, path: str, body: Any = None) -> Reply:
        """One attempt through the gates; StopRun once a fatal answer has been seen."""
        try:
            return await self._requester.attempt(method, path, body)
        except Stopping:
            raise self._stopped() from None

    async def after_failure(self, budget: RetryBudget, error: TransferError) -> None:
        """Wait before the next attempt, or raise (a StopRun also stops every later call)."""
        try:
            await budget.after_failure(error)
        except StopRun as stop:
            self._stop.set(stop.reason, stop.resume_hint)
            raise
        except Stopping:
            raise self._stopped() from None

    def _stopped(self) -> StopRun:
        return StopRun(self._stop.reason or "stopped", resume_hint=self._stop.resume_hint)

    async def send(self, method: str, path: str, body: Any = None) -> Reply:
        budget = self.budget()
        while True:
            try:
                return await self.attempt(method, path, body)
            except TransferError as error:
                if method == "POST" and error.outcome_unknown:
                    raise
                await self.after_failure(budget, error)

    async def aclose(self) -> None:
        await self._sender.aclose()


class Client(EventSpotClient):
    """EventSpotClient over a GuardedSender: a create is never repeated blindly."""

    sender: GuardedSender

    def __init__(self, sender: GuardedSender) -> None:
        super().__init__(sender)

    async def find(self, kind: str, ids: Ids, natural_key: str) -> Resource | None:
        """The resource of the collection whose natural key (name, label, code) is given."""
        field = spec_for(kind).natural_key
        if field is None:
            raise ValueError(f"a {kind} has no natural key to look it up by")
        found = [r for r in await self.list(kind, ids) if str(r.get(field)) == natural_key]
        return found[0] if found else None

    async def create(self, kind: str, ids: Ids, body: Mapping[str, Any]) -> Resource:
        """POST the resource. When the answer is lost, look it up by its natural key: found
        means created; not found means it is sent again (within the retry policy). A 409
        after such a loss is our own earlier attempt, and answers with what it made."""
        spec = spec_for(kind)
        field = spec.natural_key
        natural = str(body[field]) if field is not None and body.get(field) is not None else None
        budget = self.sender.budget()
        maybe_sent = False
        while True:
            try:
                reply = await self.sender.send("POST", spec.collection_url(ids), dict(body))
                return reply.body if isinstance(reply.body, dict) else {}
            except ConflictError:
                if maybe_sent and natural is not None:
                    found = await self.find(kind, ids, natural)
                    if found is not None:
                        return found
                raise
            except TransferError as error:  # outcome unknown (the sender retried the rest)
                if natural is None:
                    raise  # nothing to look it up by: never sent twice blindly
                maybe_sent = True
                found = await self.find(kind, ids, natural)
                if found is not None:
                    return found
                await self.sender.after_failure(budget, error)

    async def delete(self, kind: str, ids: Ids, resource_id: str) -> None:
        """DELETE, retried; a retry that finds it gone means the first attempt landed."""
        budget = self.sender.budget()
        landed_maybe = False
        while True:
            try:
                await self.sender.attempt("DELETE", spec_for(kind).item_url(ids, resource_id))
                return
            except NotFoundError:
                if landed_maybe:
                    return
                raise
            except TransferError as error:
                landed_maybe = landed_maybe or error.outcome_unknown
                await self.sender.after_failure(budget, error)
