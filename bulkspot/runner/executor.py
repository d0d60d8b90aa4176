"""Carrying out one operation: resolve its ids, send it, reconcile, decide its outcome."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio

from bulkspot.config import RetryPolicy
from bulkspot.core.operation import Action, ByKey, FromOp, IdSource, OnExisting, Operation, OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ResourceSpec, spec_for
from bulkspot.errors import ApiError, ConflictError, NotFoundError, TransferError
from bulkspot.runner.events import Event, Reconciled
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.retry import Requester, RetryBudget, Stopping
from bulkspot.sinks.journal import Journal, JournalRecord, JournalWriter
from bulkspot.transport.base import Reply

PARENT_KINDS = frozenset({"event", "item", "fee"})


class Unresolved(Exception):
    """An id the operation needs could not be had: the operation ends with `outcome`."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.error)
        self.outcome = outcome


class NotOnServer(Unresolved):
    """A natural key the server does not have."""


@dataclass
class Produced:
    """Ids produced by operations of this run that other operations wait for."""

    journal: Journal | None
    _events: dict[OpKey, anyio.Event] = field(default_factory=dict)
    _outcomes: dict[OpKey, Outcome] = field(default_factory=dict)
    _invalid_rows: set[int] = field(default_factory=set)

    def invalid(self, row: int) -> None:
        """A row that failed validation: what depends on it is blocked."""
        self._invalid_rows.add(row)

    def expect(self, key: OpKey) -> None:
        self._events.setdefault(key, anyio.Event())

    def settle(self, key: OpKey, outcome: Outcome | None) -> None:
        """`outcome` None: the operation will not finish in this run (stopped)."""
        if key in self._events:
            if outcome is not None:
                self._outcomes[key] = outcome
            self._events[key].set()

    async def outcome_of(self, key: OpKey) -> Outcome | None:
        if key.row in self._invalid_rows:
            return Outcome(Status.INVALID)
        if key in self._events:
            await self._events[key].wait()
            return self._outcomes.get(key)
        entry = self.journal.entry(key) if self.journal else None
        return entry.outcome if entry else None


@dataclass
class Executor:
    requester: Requester
    index: KeyIndex
    writer: JournalWriter
    produced: Produced
    policy: RetryPolicy
    on_existing: OnExisting
    rng: random.Random
    notify: Callable[[Event], None]
    reconciliations: int = 0

    async def run(self, op: Operation, *, resumed_sending: bool = False) -> tuple[Outcome, bool]:
        """The operation's outcome, and whether this run created its resource."""
        spec = spec_for(op.kind)
        try:
            ids = {name: await self._resolve(src, op.key) for name, src in op.path_ids.items()}
            body = dict(op.fields)
            for name, sources in op.refs.items():
                resolved = [await self._resolve(src, op.key) for src in sources]
                body[name] = [*(body.get(name) or []), *resolved]
            if op.action is Action.CREATE:
                return await self._create(op, spec, ids, body, resumed_sending)
            target = await self._resolve(op.target, op.key) if op.target is not None else ""
            return await self._on_target(op, spec, ids, target, body), False
        except NotOnServer as missing:
            if op.action is Action.DELETE and isinstance(op.target, ByKey):
                return Outcome(Status.UNCHANGED, error=f"nothing to delete: {missing}"), False
            return missing.outcome, False
        except Unresolved as unresolved:
            return unresolved.outcome, False
        except TransferError as error:  # final for this row (fatal ones arrive as StopRun)
            return _failed(error, 1), False

    async def _resolve(self, source: IdSource | None, key: OpKey) -> str:
        if isinstance(source, str):
            return source
        if isinstance(source, FromOp):
            outcome = await self.produced.outcome_of(source.key)
            if outcome is None or outcome.status is Status.PENDING:
                raise Stopping()  # its parent did not finish in this run: pending too
            if not outcome.status.is_success or not outcome.resource_id:
                why = f"row {source.key.row}'s {source.key.part or 'resource'} {outcome.status}"
                raise Unresolved(Outcome(Status.BLOCKED, error=f"blocked: {why}"))
            return outcome.resource_id
        if isinstance(source, ByKey):
            scope = {name: await self._resolve(s, key) for name, s in source.scope.items()}
            found = await self._find(source.kind, scope, source.value)
            if found is None:
                where = ", ".join(f"{k.removesuffix('_id')} {v}" for k, v in scope.items())
                where = f" in {where}" if where else ""
                raise NotOnServer(
                    Outcome(Status.FAILED, error=f"no {source.kind} {source.value!r}{where}")
                )
            return found
        raise Unresolved(Outcome(Status.FAILED, error="no id for the operation's target"))

    async def _find(
        self, kind: str, scope: Mapping[str, str], value: str, fresher_than: float | None = None
    ) -> str | None:
        try:
            return await self.index.find(kind, scope, value, fresher_than=fresher_than)
        except TransferError as error:
            raise Unresolved(_failed(error, 1)) from None

    async def _create(
        self,
        op: Operation,
        spec: ResourceSpec,
        ids: dict[str, str],
        body: dict[str, Any],
        resumed_sending: bool,
    ) -> tuple[Outcome, bool]:
        natural = str(body[spec.natural_key]) if spec.natural_key in body else None
        if natural is not None:
            if resumed_sending:  # an earlier run may have created it just before it died
                found = await self._reconcile(op, spec, ids, natural, time.monotonic())
                if found:
                    return Outcome(Status.CREATED, found, attempts=0), True
            else:
                existing = await self._find(op.kind, ids, natural)
                if existing is not None:
                    return await self._existing(op, spec, ids, existing, body, attempts=0), False
        await self.writer.mark_sending(op.key, op.kind, ids, natural)
        budget = self._budget(op.key)
        maybe_sent = resumed_sending
        while True:
            started = time.monotonic()
            try:
                reply = await self.requester.attempt("POST", spec.collection_url(ids), body)
            except ConflictError as conflict:
                found = await self._reconcile(op, spec, ids, natural, started)
                if found is None:
                    return _failed(conflict, budget.attempts + 1), False
                if maybe_sent:  # our own earlier attempt made it
                    return Outcome(Status.CREATED, found, 409, budget.attempts + 1), True
                outcome = await self._existing(op, spec, ids, found, body, budget.attempts + 1)
                return outcome, False
            except TransferError as error:
                if error.outcome_unknown and natural is not None:
                    maybe_sent = True
                    found = await self._reconcile(op, spec, ids, natural, started)
                    if found is not None:
                        self._children_empty(op.kind, ids, found)
                        return Outcome(Status.CREATED, found, None, budget.attempts + 1), True
                try:
                    await budget.after_failure(error)
                except TransferError as final:
                    return _failed(final, budget.attempts), False
                continue
            resource = reply.body if isinstance(reply.body, dict) else {}
            resource_id = str(resource.get("id", ""))
            self.index.add(op.kind, ids, natural, resource_id)
            self._children_empty(op.kind, ids, resource_id)
            return Outcome(Status.CREATED, resource_id, reply.status, budget.attempts + 1), True

    def _children_empty(self, kind: str, ids: Mapping[str, str], resource_id: str) -> None:
        if kind == "item":
            self.index.known_empty("attribute", {**ids, "item_id": resource_id})
        elif kind == "event":
            for child in ("fee", "item", "promocode"):
                self.index.known_empty(child, {"event_id": resource_id})

    async def _reconcile(
        self,
        op: Operation,
        spec: ResourceSpec,
        ids: Mapping[str, str],
        natural: str | None,
        since: float,
    ) -> str | None:
        if natural is None:
            return None
        self.reconciliations += 1
        found = await self._find(op.kind, ids, natural, fresher_than=since)
        self.notify(Reconciled(op.key, found is not None))
        return found

    async def _existing(
        self,
        op: Operation,
        spec: ResourceSpec,
        ids: Mapping[str, str],
        resource_id: str,
        body: Mapping[str, Any],
        attempts: int,
    ) -> Outcome:
        if self.on_existing is OnExisting.SKIP:
            return Outcome(Status.EXISTS, resource_id, attempts=attempts)
        if self.on_existing is OnExisting.FAIL:
            return Outcome(
                Status.FAILED,
                resource_id,
                409,
                attempts,
                f"{spec.natural_key} {body.get(spec.natural_key or '')!r} already exists",
            )
        return await self._update(op, spec, ids, resource_id, body, attempts)

    async def _on_target(
        self,
        op: Operation,
        spec: ResourceSpec,
        ids: Mapping[str, str],
        target: str,
        body: Mapping[str, Any],
    ) -> Outcome:
        if op.action is Action.UPDATE:
            return await self._update(op, spec, ids, target, body, 0)
        if op.action is Action.DELETE:
            try:
                reply = await self._send(op.key, "DELETE", spec.item_url(ids, target))
            except NotFoundError as gone:  # already gone: a retried delete that had landed
                return Outcome(Status.DELETED, target, gone.status, 1)
            return Outcome(Status.DELETED, target, reply.status, 1)
        publish = op.action is Action.PUBLISH
        status = "ACTIVE" if publish else "CANCELLED"
        patch = [{"op": "REPLACE", "path": "#/status", "value": status}]
        reply = await self._send(op.key, "PATCH", spec.item_url(ids, target), patch)
        return Outcome(Status.UPDATED if publish else Status.CANCELLED, target, reply.status, 1)

    async def _update(
        self,
        op: Operation,
        spec: ResourceSpec,
        ids: Mapping[str, str],
        resource_id: str,
        fields: Mapping[str, Any],
        attempts: int,
    ) -> Outcome:
        """Read, change, write the whole body: PUT clears whatever it is not given."""
        url = spec.item_url(ids, resource_id)
        try:
            current = (await self._send(op.key, "GET", url)).body or {}
            before = spec.writable_body(current)
            after = merge(before, fields)
            if after == before:
                return Outcome(Status.UNCHANGED, resource_id, 200, attempts + 1)
            reply = await self._send(op.key, "PUT", url, after)
        except TransferError as error:
            return _failed(error, attempts + 1)
        return Outcome(Status.UPDATED, resource_id, reply.status, attempts + 2)

    async def _send(self, key: OpKey, method: str, path: str, body: Any = None) -> Reply:
        """An idempotent request, retried through any transient failure."""
        budget = self._budget(key)
        while True:
            try:
                return await self.requester.attempt(method, path, body)
            except TransferError as error:
                await budget.after_failure(error)

    def _budget(self, key: OpKey) -> RetryBudget:
        return self.requester.budget(self.policy, self.rng, key)


def merge(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """`current` with `changes` applied; nested objects (address, contact) merge key by key."""
    merged = dict(current)
    for name, value in changes.items():
        if isinstance(value, Mapping) and isinstance(merged.get(name), Mapping):
            merged[name] = merge(merged[name], value)
        else:
            merged[name] = value
    return merged


def _failed(error: TransferError, attempts: int) -> Outcome:
    status = error.status if isinstance(error, ApiError) else None
    message = error.summary if isinstance(error, ApiError) else str(error)
    return Outcome(Status.FAILED, None, status, attempts, message)


def journal_record(op: Operation, outcome: Outcome, created: bool) -> JournalRecord:
    return JournalRecord(op.key, op.kind, outcome.status.value, outcome=outcome, created=created)
