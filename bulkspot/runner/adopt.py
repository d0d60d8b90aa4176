"""One live resource per name for the kinds the API does not keep unique (events).

Another writer (a colleague's laptop, a second run of a script) may make the same event
name between this run's look-up and its create: the API answers both creates with 201. So
the write path looks again just after such a create, with a read that started after the
create was answered, and every writer keeps the eldest of the name (core/twins.py). A run
whose create is not the eldest takes the eldest for its row and removes its own double
(cancels it: the API cannot delete an event). When the API refuses that too, the row fails
naming both ids and the command that cancels the double: never two live events in silence.

Cost: one read per check, shared by every create answered before it started; for a paged
kind (events) it asks only for what changed since the run's last read (`modified_since`),
usually one page. So at most one extra request per event made, none per name found.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from bulkspot.core.operation import OnExisting, OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ResourceSpec
from bulkspot.core.twins import eldest, twin_of
from bulkspot.errors import TransferError
from bulkspot.runner.written import Ids, Written, failed

if TYPE_CHECKING:
    from bulkspot.runner.lookup import KeyIndex


class Writer(Protocol):
    """What taking the elder of two doubles needs of the write path (runner/write.py's
    `Writer`): its look-ups, its list of doubles taken, and its writes."""

    index: KeyIndex
    adopted: list[str]

    async def take_existing(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        body: Mapping[str, Any],
        on_existing: OnExisting,
        attempts: int,
        key: OpKey | None,
    ) -> Written: ...

    async def delete(
        self, spec: ResourceSpec, ids: Ids, resource_id: str, *, key: OpKey | None = None
    ) -> Written: ...

    async def set_status(
        self,
        spec: ResourceSpec,
        ids: Ids,
        resource_id: str,
        status: str,
        *,
        key: OpKey | None = None,
    ) -> Written: ...


FRESH_FOR = 1.0  # seconds: a read this recent serves as the look just before a create


def guards_twins(spec: ResourceSpec, natural: str | None, look_first: bool) -> bool:
    """Whether a create of this kind is checked just before and just after: a kind the API
    does not keep unique, made by a writer that finds names first (an import, `ensure`)."""
    return look_first and natural is not None and not spec.unique_key


def look_just_before() -> float:
    """How fresh the read a create of such a kind looks its name up in must be."""
    return time.monotonic() - FRESH_FOR


async def keep_eldest(
    writer: Writer,
    spec: ResourceSpec,
    ids: Ids,
    natural: str,
    body: Mapping[str, Any],
    written: Written,
    *,
    on_existing: OnExisting,
    key: OpKey | None,
    answered: float,
) -> Written:
    """`written` (this run's create) when its resource is the eldest live one of its name;
    else the eldest, taken per `on_existing`, once this run's double is removed."""
    own = str(written.outcome.resource_id or "")
    index = writer.index
    try:
        await index.find(spec.kind, ids, natural, fresher_than=answered)
    except TransferError as error:  # the look after failed: the create stands, said so
        note = f"made; whether another writer made it too is unknown ({error})"
        return dataclasses.replace(
            written, outcome=dataclasses.replace(written.outcome, error=note)
        )
    twins = {twin.id: twin for twin in index.twins(spec.kind, ids, natural)}
    if own not in twins or twins[own].created is None:  # the read's word on it, else the answer's
        twins[own] = twin_of({**(written.resource or {}), "id": own})
    kept = eldest(twins.values())
    if kept is None or kept.id == own:
        return written
    removed = await _remove(writer, spec, ids, own, key)
    attempts = written.outcome.attempts + removed.outcome.attempts
    if removed.outcome.status not in (Status.DELETED, Status.CANCELLED, Status.UNCHANGED):
        return _double_left(spec, ids, natural, (own, kept.id), written, removed, attempts)
    if spec.can_delete:
        index.forget(spec.kind, ids, own)
    else:
        index.add(spec.kind, ids, natural, own, removed.resource or {"status": "CANCELLED"})
    verb = "deleted" if spec.can_delete else "cancelled"
    writer.adopted.append(f"{spec.kind} {natural!r}: kept {kept.id}, {verb} {own}")
    adopted = await writer.take_existing(spec, ids, kept.id, body, on_existing, attempts, key)
    note = (
        f"another writer made this {spec.kind} at the same moment ({kept.id}, the elder): "
        f"taken, and this run's double {own} {verb}"
    )
    if adopted.outcome.error:
        note = f"{note}; {adopted.outcome.error}"
    return dataclasses.replace(adopted, outcome=dataclasses.replace(adopted.outcome, error=note))


def adopted_warning(writer: Writer, shown: int = 10) -> str | None:
    """The summary's word on the doubles a run removed (each row's note says it too)."""
    if not writer.adopted:
        return None
    more = len(writer.adopted) - shown
    listed = "; ".join(sorted(writer.adopted)[:shown]) + (f"; and {more} more" if more > 0 else "")
    return (
        f"another writer made {len(writer.adopted)} of these at the same moment: this run "
        f"took the elder of each and removed its own double ({listed})"
    )


async def _remove(
    writer: Writer, spec: ResourceSpec, ids: Ids, own: str, key: OpKey | None
) -> Written:
    if spec.can_delete:
        return await writer.delete(spec, ids, own, key=key)
    return await writer.set_status(spec, ids, own, "CANCELLED", key=key)


def _double_left(
    spec: ResourceSpec,
    ids: Ids,
    natural: str,
    pair: tuple[str, str],
    written: Written,
    removed: Written,
    attempts: int,
) -> Written:
    """The API refused to remove this run's double: the row fails, naming both and the
    command that removes it, and keeps the double as this run's (undo may remove it)."""
    own, kept = pair
    how = (
        f"delete it (DELETE {spec.item_url(ids, own)})"
        if spec.can_delete
        else f"cancel it with: bulkspot {spec.plural} cancel {own}"
    )
    why = removed.outcome.error or str(removed.outcome.status)
    message = (
        f"two live {spec.plural} named {natural!r}: {kept} (another writer's, the elder) "
        f"and {own} (this run's, which could not be removed: {why}); {how}"
    )
    error = removed.error
    if error is None:
        return Written(Outcome(Status.FAILED, own, None, attempts, message), True, written.resource)
    fail = failed(error, attempts)
    outcome = dataclasses.replace(fail.outcome, resource_id=own, error=message)
    return Written(outcome, True, written.resource, error)
