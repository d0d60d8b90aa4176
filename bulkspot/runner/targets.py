"""Which targets a job writes into, and holding their locks while it does
(sinks/target_lock.py says why a target has one writer on a machine).

An import locks its kind in its event (an items sheet: the event's items), an undo every
kind its journal made, `Client.ensure` the kind it looks up and makes. Imports and undos
are refused at once when another run holds a target: they run for minutes, and waiting
behind one would only start the second writer late. `ensure` waits a
bounded time instead: another script's `ensure` holds the target for one look-up and one
create, and a migration script that runs twice should queue, not fail.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import anyio

from bulkspot.config import ApiSettings
from bulkspot.core.holding import holds
from bulkspot.core.resources import spec_for
from bulkspot.core.wording import again
from bulkspot.errors import TargetBusyError
from bulkspot.sinks.journal import EVENT_KEY
from bulkspot.sinks.lock import IMPORT, UNDO
from bulkspot.sinks.target_lock import ENSURE, Target, TargetLocks, account_of

ENSURE_WAIT = 30.0  # seconds an ensure waits for another run's hold on its target
ENSURE_LEASE = 5.0  # seconds after which this process's ensures stop joining its hold
_POLL = 0.02  # seconds between tries while it waits


def account(api: ApiSettings) -> str:
    return account_of(api.base_url, api.api_key, api.token)


def import_targets(api: ApiSettings, kind: str, event_id: str | None) -> list[Target]:
    """An import's targets: its kind, and the kinds its rows make under theirs (an items
    sheet's sizes), in its event: an undo of an attributes sheet's journal deletes sizes,
    and must not while an items sheet finds and counts them."""
    spec = spec_for(kind)
    kinds = [spec.kind, *(total.child for total in spec.totals)]
    return [Target.of(account(api), each, event_id) for each in kinds]


def undo_targets(
    api: ApiSettings, identity: Mapping[str, str], kinds: Iterable[str]
) -> list[Target]:
    """An undo's targets: every kind its journal holds (the kind of its sheet first), and
    what the resources it deletes may hold (a folder's files: deleted or moved with it), in
    the journal's event."""
    main = [identity["kind"]] if identity.get("kind") else []
    found = dict.fromkeys([*main, *sorted(kinds)])
    held = [h.child for each in found if spec_for(each).can_delete for h in holds(each)]
    return [Target.of(account(api), each, identity.get(EVENT_KEY)) for each in [*found, *held]]


def hold_for_import(
    api: ApiSettings, kind: str, event_id: str | None, journal: Path
) -> TargetLocks:
    """The import's targets, now; TargetBusyError naming the run that holds one."""
    return _now(import_targets(api, kind, event_id), IMPORT, journal)


def hold_for_undo(
    api: ApiSettings, identity: Mapping[str, str], kinds: Iterable[str], journal: Path
) -> TargetLocks:
    """The undo's targets, now; TargetBusyError naming the run that holds one."""
    return _now(undo_targets(api, identity, kinds), UNDO, journal)


def _now(targets: list[Target], by: str, journal: Path) -> TargetLocks:
    found = TargetLocks.try_take(targets, by, journal)
    if not isinstance(found, TargetLocks):
        raise TargetBusyError(found.message(again()))
    return found


@dataclass(slots=True)
class _Hold:
    """This process's hold on one target for its ensures: taken once, shared by the calls
    that come while it is young, let go when the last of them ends."""

    locks: TargetLocks
    taken: float  # time.monotonic() when the lock was taken
    users: int = 0


_HOLDS: dict[Target, _Hold] = {}
_HOLDS_GUARD = threading.Lock()  # event loops on several threads share the process's holds


def _forked() -> None:
    """A forked child (a script's workers) holds none of its parent's targets, though it
    has their descriptors: it takes its own, and waits for its parent's like anyone's."""
    global _HOLDS_GUARD
    _HOLDS.clear()
    _HOLDS_GUARD = threading.Lock()  # another thread may have held it at the fork


os.register_at_fork(after_in_child=_forked)


@asynccontextmanager
async def holding_for_ensure(
    account_id: str | None, kind: str, ids: Mapping[str, str], *, wait: float | None = None
) -> AsyncIterator[float | None]:
    """Hold the target of an `ensure` (waiting up to `wait` seconds for another run to let
    go of it); yields the moment it was taken (time.monotonic), which the look-up under the
    lock must be fresher than, or None when no other process took it since this one did
    (what this process read and made since is all there is: no read is needed).
    TargetBusyError when the wait runs out. No account (a Client made by hand on a
    requester): no lock, None.

    Ensures of one target at once in this process (a script's tasks) share one hold, so
    they run side by side and one read of the collection serves them all; a call that
    comes when the hold is older than ENSURE_LEASE waits for it to end instead, so another
    process waiting for the target gets its turn."""
    if account_id is None:
        yield None
        return
    target = Target.of(account_id, kind, ids.get("event_id"))
    wait = ENSURE_WAIT if wait is None else wait
    deadline = time.monotonic() + wait
    while (hold := _join(target)) is None:
        if time.monotonic() >= deadline:
            found = TargetLocks.try_take([target], ENSURE)
            if isinstance(found, TargetLocks):  # let go of at the very last moment
                found.release()
                continue
            raise TargetBusyError(found.message(f"call ensure again (waited {wait:g} s)"))
        await anyio.sleep(_POLL)
    try:  # a fresh read only when another process may have written since this one read
        yield hold.taken if hold.locks.others_since else None
    finally:
        with _HOLDS_GUARD:
            hold.users -= 1
            if hold.users == 0:
                del _HOLDS[target]
                hold.locks.release()


def _join(target: Target) -> _Hold | None:
    """This process's young hold on `target`, or a new one; None when another run holds
    it, or this process's hold is too old to join."""
    with _HOLDS_GUARD:
        hold = _HOLDS.get(target)
        if hold is None:
            found = TargetLocks.try_take([target], ENSURE)
            if not isinstance(found, TargetLocks):
                return None
            hold = _HOLDS[target] = _Hold(found, time.monotonic())
        elif time.monotonic() - hold.taken >= ENSURE_LEASE:
            return None
        hold.users += 1
        return hold
