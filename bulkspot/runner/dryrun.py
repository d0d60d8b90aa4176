"""A dry run: what an import would do, found with read-only requests.

Each valid operation is looked up by its natural key (one GET per collection, cached), and
updates are compared with the resource as it is, so the plan says `to create`, `to update`,
`unchanged` or `exists` per row. No write request is sent. When the API cannot be reached,
the plan says `to create` / `to update` unchecked, and a warning says why.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from bulkspot.config import RunConfig
from bulkspot.core.operation import (
    Action,
    ByKey,
    FromOp,
    IdSource,
    OnExisting,
    Operation,
    OpKey,
    RowError,
)
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import spec_for
from bulkspot.errors import NetworkError, StopRun, TransferError
from bulkspot.runner.engine import make_sender
from bulkspot.runner.events import Broadcast, Event, Observer, RowDone
from bulkspot.runner.executor import merge
from bulkspot.runner.gates import ConcurrencyGate, RateGate
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.retry import Requester, StopSignal
from bulkspot.sinks.journal import Journal, JournalRecord
from bulkspot.transport.base import Sender

_NEW = "(new)"  # the id of a parent that the dry run would create


class _Unchecked(Exception):
    """The API could not be asked; the plan goes on unchecked."""


class DryRun:
    def __init__(self, index: KeyIndex, requester: Requester, config: RunConfig) -> None:
        self._index = index
        self._requester = requester
        self._config = config
        self._planned: dict[OpKey, Outcome] = {}
        self.offline_reason: str | None = None

    async def plan(self, op: Operation) -> Outcome:
        try:
            outcome = await self._plan(op)
        except _Unchecked:
            outcome = Outcome(
                Status.TO_CREATE if op.action is Action.CREATE else Status.TO_UPDATE,
                error="not checked: the API could not be reached",
            )
        except TransferError as error:
            outcome = Outcome(Status.FAILED, error=str(error))
        if op.kind in ("event", "item", "fee"):
            self._planned[op.key] = outcome
        return outcome

    async def _plan(self, op: Operation) -> Outcome:
        spec = spec_for(op.kind)
        ids: dict[str, str] = {}
        for name, source in op.path_ids.items():
            resolved = await self._resolve(source)
            if isinstance(resolved, Outcome):
                return resolved
            ids[name] = resolved
        if op.action is not Action.CREATE:
            target = await self._resolve(op.target) if op.target is not None else None
            if isinstance(target, Outcome):
                return target
            if op.action is Action.UPDATE and target and _NEW not in ids.values():
                return await self._compare(op.kind, spec.item_url(ids, target), op.fields, target)
            return Outcome(Status.TO_UPDATE, target)
        natural = op.fields.get(spec.natural_key or "")
        if natural is None or _NEW in ids.values():
            return Outcome(Status.TO_CREATE)
        found = await self._ask(self._index.find(op.kind, ids, str(natural)))
        if found is None:
            return Outcome(Status.TO_CREATE)
        if self._config.on_existing is OnExisting.UPDATE:
            return await self._compare(op.kind, spec.item_url(ids, found), op.fields, found)
        if self._config.on_existing is OnExisting.FAIL:
            return Outcome(Status.FAILED, found, error=f"{natural!r} already exists")
        return Outcome(Status.EXISTS, found)

    async def _resolve(self, source: IdSource | None) -> str | Outcome:
        if isinstance(source, str):
            return source
        if isinstance(source, FromOp):
            parent = self._planned.get(source.key)
            if parent is None or not (parent.status.is_success or parent.status in _WOULD):
                return Outcome(Status.BLOCKED, error=f"blocked: row {source.key.row} would not")
            return parent.resource_id or _NEW
        if isinstance(source, ByKey):
            scope: dict[str, str] = {}
            for name, inner in source.scope.items():
                resolved = await self._resolve(inner)
                if isinstance(resolved, Outcome):
                    return resolved
                scope[name] = resolved
            found = await self._ask(self._index.find(source.kind, scope, source.value))
            if found is None:
                return Outcome(Status.FAILED, error=f"no {source.kind} {source.value!r}")
            return str(found)
        return Outcome(Status.FAILED, error="no target id")

    async def _compare(self, kind: str, url: str, fields: Any, resource_id: str) -> Outcome:
        before = spec_for(kind).writable_body(await self._ask(self._get(url)))
        after = merge(before, fields)
        status = Status.UNCHANGED if after == before else Status.TO_UPDATE
        return Outcome(status, resource_id)

    async def _get(self, url: str) -> dict[str, Any]:
        budget = self._requester.budget(self._config.retry, random.Random(0))
        while True:
            try:
                body = (await self._requester.attempt("GET", url)).body
                return body if isinstance(body, dict) else {}
            except TransferError as error:
                await budget.after_failure(error)

    async def _ask(self, question: Any) -> Any:
        if self.offline_reason is not None:
            question.close()
            raise _Unchecked()
        try:
            return await question
        except (StopRun, NetworkError) as error:
            self.offline_reason = str(error)
            raise _Unchecked() from None


_WOULD = (Status.TO_CREATE, Status.TO_UPDATE)


async def dry_run(
    plan: Iterable[Operation | RowError],
    *,
    kind: str,
    config: RunConfig,
    journal: Journal,
    observers: Sequence[Observer] = (),
    sender: Sender | None = None,
) -> str | None:
    """Record the planned outcome of every operation in `journal`; returns a warning when the
    API could not be asked."""
    notify: Callable[[Event], None] = Broadcast(observers)
    own_sender = sender is None
    sender = sender or make_sender(config)
    rate = RateGate(config.limits.rate)
    requester = Requester(
        sender, rate, ConcurrencyGate(1, cap=1, rate_gate=rate), StopSignal(), notify
    )
    quick = RunConfig(config.api, config.limits, type(config.retry)(max_attempts=2),
                      config.on_existing, config.seed)  # fmt: skip
    planner = DryRun(KeyIndex(requester, quick.retry, random.Random(0)), requester, quick)
    records: list[JournalRecord] = []
    try:
        for item in plan:
            if isinstance(item, RowError):
                key, op_kind = OpKey(item.row), kind
                outcome = Outcome(Status.INVALID, error=item.message)
            else:
                key, op_kind, outcome = item.key, item.kind, await planner.plan(item)
            records.append(JournalRecord(key, op_kind, outcome.status.value, outcome=outcome))
            notify(RowDone(key, outcome, ends_row=getattr(item, "ends_row", True)))
            if len(records) >= 1000:
                journal.write_many(records)
                records.clear()
        journal.write_many(records)
    finally:
        if own_sender:
            await sender.aclose()
    if planner.offline_reason:
        return f"dry run without the API ({planner.offline_reason}): nothing was looked up"
    return None
