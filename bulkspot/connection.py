"""The one place that makes the HTTP sender and the gates around it, for every facade call:
an import, an undo, an export, a copy, a generate and a script's client all send through a
requester made here.

It sits below `bulkspot.session` and `bulkspot.api` (both import it, it imports neither),
so a `Session` reaches the gates without the facade and the facade without a cycle.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Protocol

from bulkspot.config import RetryPolicy, RunConfig, checked_config
from bulkspot.events import Observer

if TYPE_CHECKING:
    from bulkspot.runner.gates import ConcurrencyGate, RateGate
    from bulkspot.runner.retry import Requester
    from bulkspot.transport.base import Sender


class SharedConcurrency(Protocol):
    """What `connect` needs of a `bulkspot.Session`: its concurrency gate on this loop."""

    def concurrency_gate(self, rate: RateGate | None) -> ConcurrencyGate | None: ...


@asynccontextmanager
async def connect(
    config: RunConfig,
    observers: Sequence[Observer] = (),
    *,
    sender: Sender | None = None,
    retry: RetryPolicy | None = None,
    session: SharedConcurrency | None = None,
) -> AsyncIterator[Requester]:
    """The one place that makes the HTTP sender and the gates around it: everything a job
    sends (its look-ups, its writes, its undo) passes this requester, and every run is
    written to the `bulkspot.run` logger (runner/log.py). `sender`: another
    transport (a test's fake); it is not closed here. `session`: its concurrency gate is
    shared by every call made through it on this event loop."""
    import anyio

    from bulkspot.runner.log import logged
    from bulkspot.runner.retry import Requester

    config = checked_config(config)
    own = sender is None
    gate = rate_gate(config) if own else None  # a test's sender is its own gateway
    if sender is None:  # (after the gate, which may refuse: no session left unclosed)
        from bulkspot.transport.aiohttp_sender import AiohttpSender

        sender = AiohttpSender(config.api)
    concurrency = session.concurrency_gate(gate) if session is not None and own else None
    try:
        with logged(observers, (config.api.api_key, config.api.token)) as heard:
            yield Requester.for_run(
                sender, config, heard, policy=retry, rate=gate, concurrency=concurrency
            )
    finally:
        if own:
            with anyio.CancelScope(shield=True):
                await sender.aclose()


_RATE_GATES: dict[tuple[str, str], RateGate] = {}


def rate_gate(config: RunConfig) -> RateGate:
    """One rate gate per api key and API in this process: the gateway counts the key's
    requests, whichever job sends them (an import after a look-up, two imports in a row, a
    generate's read and its import), so their starts share one sliding window; and one
    window per key and API origin on the machine, shared with the key's other processes
    (sinks/key_window.py)."""
    from bulkspot.runner.gates import RateGate
    from bulkspot.sinks.key_window import KeyWindow
    from bulkspot.sinks.target_lock import origin_of

    key = (config.api.base_url, config.api.api_key)
    gate = _RATE_GATES.get(key)
    if gate is None:  # and the processes of the key on this machine share one window
        shared = KeyWindow.for_key(origin_of(config.api.base_url), config.api.api_key)
        gate = _RATE_GATES[key] = RateGate(config.limits.rate, shared=shared)
    return gate


def dry_run_retry(policy: RetryPolicy) -> RetryPolicy:
    """A dry run tries a look-up twice at most, then goes on unchecked: it writes nothing,
    so waiting out a long outage buys nothing. The backoff stays the user's."""
    return dataclasses.replace(policy, max_attempts=min(2, policy.max_attempts))


def not_in_a_loop(blocking: str, awaitable: str) -> None:
    """A blocking call cannot start a loop inside a running one: say what to await."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    from bulkspot.errors import BulkspotError

    raise BulkspotError(
        f"bulkspot.{blocking} blocks, so it cannot run inside a running event loop; "
        f"there, use `await bulkspot.{awaitable}(...)`"
    )
