"""A create refused because its parent already holds one (a campaign's schedule).

A campaign holds one pending schedule at most, and the API refuses a second with a 400
("only DRAFT or SENT campaigns can be scheduled"), not the 409 a name in use gets. Another
writer (a colleague scheduling by hand, a second laptop) may have scheduled the campaign
before this run's POST, or this run's own POST may have landed with its answer lost. The
write path (runner/write.py) settles one held at the row's own scheduled_date as it does a
409's name (this run's only when proven so, else someone else's: `exists`). One held at
another date is never moved or doubled: the row fails naming it and what to do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bulkspot.core.resources import ResourceSpec
from bulkspot.errors import BadRequestError, ErrorDetail, TransferError
from bulkspot.runner.reads import read_page
from bulkspot.runner.retry import Requester
from bulkspot.runner.written import Ids, Written, failed


def held_once(spec: ResourceSpec, error: TransferError) -> bool:
    """Whether `error` may be the API's word that the parent holds one already."""
    return spec.one_per_parent and isinstance(error, BadRequestError)


async def refused(
    requester: Requester,
    spec: ResourceSpec,
    ids: Ids,
    body: Mapping[str, Any],
    error: TransferError,
    attempts: int,
) -> Written:
    """A create's end when nothing it could call its own or someone else's was found: the
    API's words, or (the parent holds one) what the parent holds instead, read now."""
    if not isinstance(error, BadRequestError) or not held_once(spec, error):
        return failed(error, attempts)
    try:
        entries, _ = await read_page(requester, spec.collection_url(ids))
    except TransferError:
        return failed(error, attempts)
    held = [e for e in entries if isinstance(e, Mapping) and e.get("id") is not None]
    if not held:
        return failed(error, attempts)
    why = ErrorDetail("", f"{held_message(spec, body, held)} ({error.summary})")
    named = BadRequestError(error.status, [why], method=error.method, path=error.path)
    return failed(named, attempts)  # the library's Client.create raises it


def held_message(
    spec: ResourceSpec, body: Mapping[str, Any], held: Sequence[Mapping[str, Any]]
) -> str:
    """Why a create cannot go: the parent holds `held` (each with its id and natural key)."""
    field = str(spec.natural_key)
    named = ", ".join(f"{e.get(field)} ({spec.kind} {e['id']})" for e in held)
    instead = (
        f"change the row's {field} to {held[0].get(field)} to keep it"
        if body.get(field) is not None
        else "leave the row out"
    )
    return (
        f"the {spec.parent} is already scheduled for {named}, not by this run, and the API "
        f"takes no second {spec.kind}: unschedule it first, or {instead}"
    )


def held_elsewhere(
    spec: ResourceSpec, body: Mapping[str, Any], read: Mapping[str, str]
) -> str | None:
    """A dry run's word for a create its real run would see refused: the parent's
    collection as read (natural key -> id) holds another (None: it holds none)."""
    if not spec.one_per_parent or not read:
        return None
    held = [{str(spec.natural_key): value, "id": ident} for value, ident in read.items()]
    return held_message(spec, body, held)
