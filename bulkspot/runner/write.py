"""The one write path: every create, update, delete and status change bulkspot sends.

The import, the library client and undo all write through a `Writer`, so the rule that makes
a run trustworthy lives in one place: the API has no idempotency keys, so a create whose
answer was lost (a 5xx, a timeout, a cut connection) is looked up by its natural key before
it is ever sent again, and so is one answered 409. A dry run writes through a `DryWriter`
(runner/dryrun.py) instead, which says what this one would do from read-only requests.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from typing import Any

from bulkspot.core.operation import OnExisting, OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ResourceSpec, children_of
from bulkspot.core.write_rules import Found, merged_update, natural_key_of, when_existing
from bulkspot.errors import ConflictError, ErrorDetail, TransferError
from bulkspot.events import Reconciled
from bulkspot.runner import removal
from bulkspot.runner.adopt import guards_twins, keep_eldest, look_just_before
from bulkspot.runner.held_once import held_once, refused
from bulkspot.runner.journal_writer import JournalWriter
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.proof import cannot_tell, prove_ours
from bulkspot.runner.replace import put, read_merged
from bulkspot.runner.retry import Requester
from bulkspot.runner.send_now import SendNow, before_sending
from bulkspot.runner.written import Ids, Written, failed, made
from bulkspot.transport.answers import resource_of

LOOKUPS_AFTER_CONFLICT = 3  # a 409's name may take a moment to show in the collection


class Writer:
    """Writes to the API through the requester's gates and retry loop."""

    def __init__(
        self,
        requester: Requester,
        index: KeyIndex | None = None,
        journal: JournalWriter | None = None,
        *,
        look_first: bool = True,
    ) -> None:
        self.requester = requester
        self.index = index or KeyIndex(requester)
        self.journal = journal
        self.look_first = look_first  # look a natural key up before its first POST
        self.reconciliations = 0
        self.adopted: list[str] = []  # another writer's elder taken, this run's double removed

    async def find(self, spec: ResourceSpec, scope: Ids, value: str) -> str | None:
        return await self.index.find(spec.kind, scope, value)

    async def create(
        self,
        spec: ResourceSpec,
        ids: Ids,
        body: Mapping[str, Any],
        *,
        on_existing: OnExisting,
        key: OpKey | None = None,
        resumed: bool = False,
    ) -> Written:
        """POST the resource, never twice blindly. `resumed`: an earlier run was sending it
        when it stopped, so it may exist already."""
        natural = natural_key_of(spec, body)
        twins = guards_twins(spec, natural, self.look_first)  # the API keeps no name unique
        try:
            send_now, done = await before_sending(self, spec, ids, natural, body, key, resumed)
            if done is not None:  # a send-now that went, or cannot be told (send_now.py)
                return done
            if natural is not None and resumed:
                # sent by a run that has ended: any read of this run is fresh enough
                found = await self._reconcile(spec, ids, natural, body, 0.0, key)
                if found is not None:
                    return await self._settle(found, spec, ids, body, on_existing, 0, key)
            elif natural is not None and self.look_first:
                existing = await self.index.find(spec.kind, ids, natural)
                if existing is None and twins:  # just before: in a read at most 1 s old
                    existing = await self.index.find(
                        spec.kind, ids, natural, fresher_than=look_just_before()
                    )
                if existing is not None:
                    return await self.take_existing(spec, ids, existing, body, on_existing, 0, key)
            if key is not None and self.journal is not None:
                witness = send_now.witness if send_now else None
                await self.journal.mark_sending(key, spec.kind, ids, natural, body, witness)
            written = await self._post(
                spec, ids, body, natural, on_existing, resumed, key, send_now
            )
            if twins and natural is not None and written.created:  # and just after
                args, now = (self, spec, ids, natural, body, written), time.monotonic()
                return await keep_eldest(*args, on_existing=on_existing, key=key, answered=now)
            return written
        except TransferError as error:  # a look-up that failed after its retries
            return failed(error, 0)

    async def _post(
        self,
        spec: ResourceSpec,
        ids: Ids,
        body: Mapping[str, Any],
        natural: str | None,
        on_existing: OnExisting,
        maybe_sent: bool,
        key: OpKey | None,
        send_now: SendNow | None = None,  # what tells whether a lost one went
    ) -> Written:
        loop = self.requester.retrying(key)
        # A look-up after a lost answer must come from a read sent after the loss was seen:
        # one sent after the create may still reach the server first (aiohttp writes a
        # POST's body a turn of the event loop after a GET's headers).
        seen_at = time.monotonic()
        try:
            async for attempt in loop:
                if maybe_sent and natural is not None and attempt.number > 1:
                    found = await self._reconcile(spec, ids, natural, body, seen_at, key)
                    if found is not None:
                        return await self._settle(
                            found, spec, ids, body, on_existing, attempt.number - 1, key
                        )
                if maybe_sent and send_now and (went := await send_now.went(attempt.number - 1)):
                    return went  # a send-now that went, or cannot be told: not sent again
                with attempt:
                    url = spec.collection_url(ids)
                    reply = await self.requester.attempt("POST", url, body)
                    resource = resource_of(reply, method="POST", path=str(url))  # or garbled
                seen_at = time.monotonic()
                if attempt.error is not None and attempt.error.outcome_unknown:
                    if natural is None and send_now is None:
                        raise attempt.error  # nothing to look it up by: never sent again
                    maybe_sent = True
        except ConflictError as conflict:
            # the name is taken: by an attempt of ours whose answer was lost, or by someone
            # else; a look-up that does not see it yet is repeated before giving up
            now = time.monotonic()  # the 409 is in: a read sent now holds the name
            tries = LOOKUPS_AFTER_CONFLICT
            found = await self._reconcile(
                spec, ids, natural, body, now, key, tries=tries, prove=maybe_sent
            )
            if found is None:
                return failed(conflict, loop.attempts)
            return await self._settle(found, spec, ids, body, on_existing, loop.attempts, key)
        except TransferError as error:
            if maybe_sent and send_now:  # a send-now: its campaign tells whether it went
                return await send_now.went(loop.attempts) or failed(error, loop.attempts)
            held = held_once(spec, error)  # a 400, not a 409: the parent holds one already
            if maybe_sent or held:
                found = await self._reconcile(
                    spec, ids, natural, body, time.monotonic(), key, prove=maybe_sent
                )
                if found is not None:
                    return await self._settle(
                        found, spec, ids, body, on_existing, loop.attempts, key
                    )
            return await refused(self.requester, spec, ids, body, error, loop.attempts)
        resource_id = str(resource["id"])
        self.index.add(spec.kind, ids, natural, resource_id, resource)
        for child in children_of(spec.kind):  # a parent made just now has no children yet
            self.index.known_empty(child.kind, {**ids, str(child.parent_id): resource_id})
        return made(resource_id, loop.attempts, reply.status, resource)

    async def _reconcile(
        self,
        spec: ResourceSpec,
        ids: Ids,
        natural: str | None,
        body: Mapping[str, Any],
        since: float,
        key: OpKey | None,
        *,
        tries: int = 1,
        prove: bool = True,
    ) -> Found | None:
        """The resource a lost answer may have made, looked up by its natural key with a
        read that started after `since`, and whether it holds every field `body` sent
        (`prove` False: no attempt of this create can have made it)."""
        if natural is None:
            return None
        self.reconciliations += 1
        found: str | None = None
        async for attempt in self.requester.retrying(key, attempts=tries):
            fresher_than = since if attempt.number == 1 else time.monotonic()
            found = await self.index.find(spec.kind, ids, natural, fresher_than=fresher_than)
            if found is None:
                attempt.again()  # a name just taken may take a moment to show in a read
        if key is not None:
            self.requester.notify(Reconciled(key, found is not None))
        if found is None or not prove:
            return None if found is None else Found(found, ours=False, why="")
        return await prove_ours(self.requester, self.index, spec, ids, body, found, key)

    async def _settle(
        self,
        found: Found,
        spec: ResourceSpec,
        ids: Ids,
        body: Mapping[str, Any],
        on_existing: OnExisting,
        attempts: int,
        key: OpKey | None,
    ) -> Written:
        """A create that found its name in use: made by this run only when proven so."""
        if found.ours:
            return made(found.resource_id, attempts)
        if found.doubles:
            return cannot_tell(spec, ids, body, found, attempts)
        written = await self.take_existing(
            spec, ids, found.resource_id, body, on_existing, attempts, key
        )
        if found.why and written.outcome.status is Status.EXISTS:
            note = f"already there, not made by this run (its {found.why} differs)"
            return Written(dataclasses.replace(written.outcome, error=note))
        return written

    async def take_existing(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        body: Mapping[str, Any],
        on_existing: OnExisting,
        attempts: int,
        key: OpKey | None,
    ) -> Written:
        """The natural key is in use by `resource_id`: keep it, update it or fail."""
        kept_or_refused = when_existing(
            on_existing, spec, body, resource_id, attempts=attempts, refused_status=409
        )
        if kept_or_refused is None:
            return await self.update(spec, ids, resource_id, body, key=key, attempts=attempts)
        if kept_or_refused.status is Status.FAILED:
            detail = ErrorDetail("http.status.conflict", kept_or_refused.error)
            return Written(kept_or_refused, error=ConflictError(409, [detail]))
        return Written(kept_or_refused)

    async def update(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        changes: Mapping[str, Any],
        *,
        key: OpKey | None = None,
        attempts: int = 0,
    ) -> Written:
        """Read, change, write the whole body: a PUT clears whatever it is not given."""
        url = spec.item_url(ids, resource_id)
        try:
            held = await self.index.held(spec.kind, ids, resource_id, read=self.look_first)
            if held is not None and not merged_update(spec, held, changes).changes_anything:
                return Written(Outcome(Status.UNCHANGED, resource_id, None, attempts), False, held)
            current, before, after = await read_merged(self.requester, spec, url, changes, key)
            if after == before:  # (an item's total: the sum of its attributes)
                return Written(
                    Outcome(Status.UNCHANGED, resource_id, 200, attempts + 1), False, current
                )
            self.index.written(spec.kind, ids, resource_id)
            status, resource = await put(self.requester, spec, url, after, changes, key)
        except TransferError as error:
            return failed(error, attempts + 1)
        return Written(Outcome(Status.UPDATED, resource_id, status, attempts + 2), False, resource)

    async def delete(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        *,
        key: OpKey | None = None,
        expected: Mapping[str, Any] | None = None,
    ) -> Written:
        """DELETE, retried (runner/removal.py)."""
        return await removal.delete(
            self.requester, spec, ids, resource_id, key=key, expected=expected
        )

    async def set_status(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        status: str,
        *,
        key: OpKey | None = None,
        expected: Mapping[str, Any] | None = None,
    ) -> Written:
        """PATCH the status (runner/removal.py)."""
        return await removal.set_status(
            self.requester, spec, ids, resource_id, status, key=key, expected=expected
        )
