"""Whose is the resource a look-up found after a lost or garbled answer: the proof of
ownership (DESIGN.md's guarantee 7), which the write path asks before it counts a create made.

A resource is this run's when it holds every field the create sent. A kind the API keeps
unique by natural key has one candidate. A kind it does not (events share names) can have
several that appeared since the create was sent: when more than one holds every field sent,
another writer sent the same body at the same time, and which one this run made cannot be
told. Then none is counted as this run's (undo leaves them all), nothing is sent again (that
would make one more), and the row fails naming them all, so a person can keep one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ResourceSpec
from bulkspot.core.write_rules import Found, natural_key_of, whose
from bulkspot.errors import ConflictError, ErrorDetail
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.reads import read_resource
from bulkspot.runner.retry import Requester
from bulkspot.runner.written import Ids, Written


async def prove_ours(
    requester: Requester,
    index: KeyIndex,
    spec: ResourceSpec,
    ids: Ids,
    body: Mapping[str, Any],
    found: str,
    key: OpKey | None,
) -> Found:
    """`found` (or, for a kind that is not unique, whichever resource of its name) as this
    run's when it holds every field `body` sent; `doubles` when several do."""
    natural = natural_key_of(spec, body)
    candidates = [found]
    if not spec.unique_key and natural is not None:
        candidates = index.all_named(spec.kind, ids, natural) or candidates
    held = {c: await read_resource(requester, spec.item_url(ids, c), key) for c in candidates}
    return whose(found, held, body)


def cannot_tell(
    spec: ResourceSpec, ids: Ids, body: Mapping[str, Any], found: Found, attempts: int
) -> Written:
    """The row of a create whose resource cannot be told apart from another writer's (for
    the library's `Client.create`, a ConflictError: the name is in use by resources this
    call cannot prove its own)."""
    why = (
        f"the answer to this create was lost or garbled, and {len(found.doubles)} "
        f"{spec.plural} named {natural_key_of(spec, body)!r} that hold everything it sent "
        f"appeared since it was sent ({', '.join(found.doubles)}): which one this run made "
        "cannot be told, so none is counted as its own (undo leaves them); keep one"
    )
    conflict = ConflictError(
        409,
        [ErrorDetail("http.status.conflict", why)],
        method="POST",
        path=str(spec.collection_url(ids)),
    )
    return Written(Outcome(Status.FAILED, None, None, attempts, why), error=conflict)
