"""A campaign's "send now" (a schedule with no date): looked at, never sent twice on doubt.

It has no natural key, and a SENT campaign takes a new schedule (which sends it again), so
the write path's look-up by name cannot tell whether a send-now whose answer was lost went.
Its campaign can: the write path (runner/write.py) reads it just before the POST leaves and
the journal keeps that witness with the `sending` mark; after a lost answer, in this run or
in a rerun after a kill, `landed` reads the campaign again (and its schedules when it is
SCHEDULED) and core/send_now.py judges: sent, this run's, someone else's, or not sent. Only
the last is sent again; what cannot be told fails the row, and `--retry-failed` looks again
before anything is sent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

from bulkspot.core.apipath import Address
from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import ResourceSpec, spec_for
from bulkspot.core.send_now import Seen, could_not_look, judge, witness_of
from bulkspot.errors import ApiError, ConflictError, ErrorDetail, TransferError
from bulkspot.runner.held_once import held_message
from bulkspot.runner.journal_writer import JournalWriter
from bulkspot.runner.retry import Requester
from bulkspot.runner.written import Ids, Written, made
from bulkspot.transport.answers import entries_of, resource_of
from bulkspot.transport.base import Reply


@dataclass(frozen=True, slots=True)
class SendNow:
    """One send-now create and what its campaign showed just before it left (`witness`)."""

    requester: Requester
    spec: ResourceSpec
    ids: Ids
    body: Mapping[str, Any]
    key: OpKey | None
    witness: Mapping[str, Any] | None  # None: a journal of an earlier version kept none

    async def went(self, attempts: int) -> Written | None:
        """After `attempts` (none yet: None), the row of a send-now that may have gone, or
        None when the campaign shows it did not: then, and only then, it may be sent."""
        if not attempts:
            return None
        spec, ids, key = self.spec, self.ids, self.key
        try:
            campaign, server_now = await _read(self.requester, _parent_url(spec, ids), key, _one)
            held: list[Any] = []
            if campaign.get("status") == "SCHEDULED":
                url = spec.collection_url(ids)
                listed, server_now = await _read(self.requester, url, key, entries_of)
                held = [e for e in listed if isinstance(e, Mapping) and e.get("id") is not None]
        except TransferError as unread:
            why = could_not_look(_words(unread))
            return Written(Outcome(Status.FAILED, None, None, attempts, why), error=unread)
        verdict = judge(self.witness, campaign, held, server_now)
        if verdict.seen is Seen.NOT_SENT:
            return None
        if verdict.seen is Seen.OURS and verdict.schedule_id is not None:
            return made(verdict.schedule_id, attempts)
        if verdict.seen is Seen.DONE:  # no schedule to hand the library: it raises the why
            sent = ConflictError(409, [ErrorDetail("http.status.conflict", verdict.why)])
            return Written(Outcome(Status.EXISTS, None, None, attempts, verdict.why), error=sent)
        why = held_message(spec, self.body, held) if verdict.seen is Seen.HELD else verdict.why
        error = TransferError(why, method="POST", path=str(spec.collection_url(ids)))
        return Written(Outcome(Status.FAILED, None, None, attempts, why), error=error)


class Sending(Protocol):
    """What `before_sending` needs of the write path (runner/write.py's Writer)."""

    requester: Requester
    journal: JournalWriter | None


async def before_sending(
    writer: Sending,
    spec: ResourceSpec,
    ids: Ids,
    natural: str | None,
    body: Mapping[str, Any],
    key: OpKey | None,
    resumed: bool,
) -> tuple[SendNow | None, Written | None]:
    """A send-now (a create its parent allows one of, with nothing to look it up by) with its
    witness, read just before it leaves; None for any other create. One an earlier run was
    sending when it stopped (or that failed with its answer lost) is first looked at with
    that run's witness: its row when it went, or when that cannot be told (not sent)."""
    if not spec.one_per_parent or natural is not None:
        return None, None
    journal = writer.journal
    if resumed and key is not None and journal is not None:
        earlier = SendNow(writer.requester, spec, ids, body, key, journal.witness(key))
        done = await earlier.went(attempts=1)
        if done is not None:
            return None, dataclasses.replace(done, outcome=_no_request(done.outcome))
    campaign, _ = await _read(writer.requester, _parent_url(spec, ids), key, _one)
    return SendNow(writer.requester, spec, ids, body, key, witness_of(campaign)), None


def _no_request(outcome: Outcome) -> Outcome:
    return dataclasses.replace(outcome, attempts=0)  # this run sent no create


def _one(reply: Reply, *, method: str, path: str) -> Any:
    return resource_of(reply, method=method, path=path)


def _parent_url(spec: ResourceSpec, ids: Ids) -> Address:
    parent = spec_for(str(spec.parent))
    return parent.item_url({}, ids[f"{parent.kind}_id"])


async def _read(
    requester: Requester, url: Address, key: OpKey | None, parse: Callable[..., Any]
) -> tuple[Any, dt.datetime]:
    """One GET, retried until its answer holds what was asked (`parse`: a resource, or a
    collection's entries), with the server's clock at its answer (its Date header; this
    machine's clock when it sent none)."""
    async for attempt in requester.retrying(key):
        with attempt:
            reply = await requester.attempt("GET", url)
            return parse(reply, method="GET", path=str(url)), _server_clock(reply)
    raise AssertionError("a retry loop ends by returning or raising")  # pragma: no cover


def _words(error: TransferError) -> str:
    return error.summary if isinstance(error, ApiError) else str(error)


def _server_clock(reply: Reply) -> dt.datetime:
    stamp = {k.lower(): v for k, v in reply.headers.items()}.get("date")
    try:
        return parsedate_to_datetime(stamp) if stamp else dt.datetime.now(dt.UTC)
    except (TypeError, ValueError):
        return dt.datetime.now(dt.UTC)
