"""Carrying out one operation: resolve the ids it needs, then write through the write path.

An operation's ids come from three places (core/operation.py): given, made by an earlier
operation of this run (`FromOp`: an attribute waits for its item), or looked up on the
server by natural key (`ByKey`: a promocode's fees by label). The write itself, and every
rule about it, is the write path's (runner/write.py); a dry run hands the same executor a
read-only one (runner/dryrun.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import anyio

from bulkspot.core.operation import Action, ByKey, FromOp, IdSource, OnExisting, Operation, OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import FEE, FieldType, spec_for
from bulkspot.errors import StopRun, TransferError
from bulkspot.runner.dryrun import NEW_ID
from bulkspot.runner.fee_lookup import fee_as_meant
from bulkspot.runner.status_held import status_held
from bulkspot.runner.written import WritePath, Written, failed
from bulkspot.sinks.journal import Journal


class Unresolved(Exception):
    """An id the operation needs could not be had: the operation ends with `outcome`."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.error)
        self.outcome = outcome


class NotOnServer(Unresolved):
    """A natural key the server does not have."""


@dataclass
class Produced:
    """Outcomes of this run's operations that other operations wait for (their ids)."""

    journal: Journal | None
    _events: dict[OpKey, anyio.Event] = field(default_factory=dict)
    _outcomes: dict[OpKey, Outcome] = field(default_factory=dict)
    _invalid_rows: set[int] = field(default_factory=set)
    waiting: int = 0  # workers waiting on an earlier operation: they hold no place in flight

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
            event = self._events[key]
            if not event.is_set():
                self.waiting += 1
                try:
                    await event.wait()
                finally:
                    self.waiting -= 1
            return self._outcomes.get(key)
        entry = self.journal.entry(key) if self.journal else None
        return entry.outcome if entry else None

    def made_here(self, key: OpKey) -> bool:
        """Whether this run made (or, dry, would make) `key`'s resource: not a resumed
        run's journal, not one found there already."""
        made = self._outcomes.get(key) if key in self._events else None
        return made is not None and made.status in (Status.CREATED, Status.TO_CREATE)


@dataclass
class Executor:
    writes: WritePath
    produced: Produced
    on_existing: OnExisting

    async def run(self, op: Operation, *, resumed_sending: bool = False) -> Written:
        """The operation's outcome; StopRun when the run stops before it could finish."""
        for earlier in op.after:  # an item's total waits for its attributes, however they end
            if await self.produced.outcome_of(earlier) is None:
                raise StopRun("stopped before the rows it sums finished")
        try:
            ids = {name: await self._resolve(src) for name, src in op.path_ids.items()}
            body: dict[str, Any] = dict(op.fields)
            for name in op.spec.body_ids:  # an id the API takes in the body (parent_id)
                if ids.get(name):
                    body[name] = ids[name]
            for name, sources in op.refs.items():
                resolved: list[Any] = [await self._resolve(source) for source in sources]
                if op.spec.by_name[name].type is FieldType.OBJECT_LIST:  # [{"id": ...}]
                    resolved = [{"id": ident} for ident in resolved]
                body[name] = [*(body.get(name) or []), *resolved]
            target = await self._resolve(op.target) if op.target is not None else ""
        except NotOnServer as missing:
            if op.action is Action.DELETE and isinstance(op.target, ByKey):
                return Written(Outcome(Status.UNCHANGED, error=f"nothing to delete: {missing}"))
            return Written(missing.outcome)
        except Unresolved as unresolved:
            return Written(unresolved.outcome)
        except TransferError as error:  # a look-up failed after its retries
            return failed(error, 0)
        spec, writes, key = op.spec, self.writes, op.key
        if op.action is Action.CREATE:
            on_existing = op.on_existing or self.on_existing
            return await writes.create(
                spec, ids, body, on_existing=on_existing, key=key, resumed=resumed_sending
            )
        if op.action is Action.UPDATE:
            if op.after and self._made_whole(op):  # its create already carried the sum
                return Written(Outcome(Status.UNCHANGED, target, attempts=0))
            written = await writes.update(spec, ids, target, body, key=key)
            return await self._total_noted(op, written) if op.after else written
        expected = op.fields or None  # undo: what a create whose answer was lost sent
        if op.action is Action.DELETE:
            return await writes.delete(spec, ids, target, key=key, expected=expected)
        status = "ACTIVE" if op.action is Action.PUBLISH else "CANCELLED"
        if expected is None and not isinstance(op.target, FromOp):  # made by this run: DRAFT
            held = await status_held(writes, spec, ids, target, status, key)
            if held is not None:
                return held
        return await writes.set_status(spec, ids, target, status, key=key, expected=expected)

    def _made_whole(self, op: Operation) -> bool:
        """A total needs no read when this run made the resource and every child it sums:
        the API's sum is then the children this run sent, which the create carried."""
        target = op.target
        return isinstance(target, FromOp) and all(
            self.produced.made_here(key) for key in (target.key, *op.after)
        )

    async def _total_noted(self, op: Operation, written: Written) -> Written:
        """A total's outcome, saying when the resource was there before this run and which
        children it has that the sheet does not list (its total counts them too)."""
        resource = written.resource
        if not isinstance(resource, dict) or not written.outcome.status.is_success:
            return written
        outcomes = [await self.produced.outcome_of(key) for key in op.after]
        ours = {o.resource_id for o in outcomes if o is not None and o.resource_id}
        notes: list[str] = []
        if isinstance(op.target, FromOp):
            made = await self.produced.outcome_of(op.target.key)
            if made is not None and made.status is Status.EXISTS:
                notes.append(f"the {op.kind} was there already")
        for total in op.spec.totals:
            child = spec_for(total.child)
            others = [
                str(c.get(child.natural_key or "id"))
                for c in resource.get(total.embedded) or ()
                if isinstance(c, dict) and str(c.get("id")) not in ours
            ]
            if others:
                notes.append(
                    f"it also has {child.plural} this sheet does not list ({', '.join(others)}); "
                    f"its {total.field} counts them too: {total.of(resource)}"
                )
        if not notes:
            return written
        outcome = dataclasses.replace(written.outcome, error="; ".join(notes))
        return dataclasses.replace(written, outcome=outcome)

    async def _resolve(self, source: IdSource | None) -> str:
        if isinstance(source, str):
            return source
        if isinstance(source, FromOp):
            outcome = await self.produced.outcome_of(source.key)
            if outcome is None or outcome.status is Status.PENDING:
                raise StopRun("stopped before the row it needs finished")
            if outcome.status.is_planned:  # a dry run: it would be there
                return outcome.resource_id or NEW_ID
            if not outcome.status.is_success or not outcome.resource_id:
                why = f"row {source.key.row}'s {source.key.part or 'resource'} {outcome.status}"
                raise Unresolved(Outcome(Status.BLOCKED, error=f"blocked: {why}"))
            return outcome.resource_id
        if isinstance(source, ByKey):
            scope = {name: await self._resolve(s) for name, s in source.scope.items()}
            found = await self.writes.find(spec_for(source.kind), scope, source.value)
            if found is None and source.kind == FEE.kind:  # `student` is the fee `Student`
                found, why = fee_as_meant(self.writes.index, scope, source.value)
                if found is None:
                    raise NotOnServer(Outcome(Status.FAILED, error=why))
            if found is None:
                where = ", ".join(f"{k.removesuffix('_id')} {v}" for k, v in scope.items())
                where = f" in {where}" if where else ""
                raise NotOnServer(
                    Outcome(Status.FAILED, error=f"no {source.kind} {source.value!r}{where}")
                )
            return found
        raise Unresolved(Outcome(Status.FAILED, error="no id for the operation's target"))
