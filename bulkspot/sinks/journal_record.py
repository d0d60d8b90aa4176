"""A journal's rows as the run reads and writes them: `JournalEntry` (one operation's state,
read back) and `JournalRecord` (one state change, written), and the SQL that moves them
between Python and the `ops` table (sinks/journal.py keeps the file)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status

SENDING = "sending"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    key: OpKey
    kind: str
    state: str
    scope: Mapping[str, str]
    natural_key: str | None
    resource_id: str | None
    created: bool
    http_status: int | None
    attempts: int
    error: str
    sent_json: str | None = None  # the body of a create as it was sent: sorted-key JSON
    witness_json: str | None = None  # what its parent showed just before it left (send-now)

    @property
    def sent(self) -> Mapping[str, Any] | None:
        return orjson.loads(self.sent_json) if self.sent_json else None  # type: ignore[no-any-return]

    @property
    def witness(self) -> Mapping[str, Any] | None:
        return orjson.loads(self.witness_json) if self.witness_json else None  # type: ignore[no-any-return]

    @property
    def outcome(self) -> Outcome | None:
        if self.state == SENDING:
            return None
        return Outcome(
            Status(self.state), self.resource_id, self.http_status, self.attempts, self.error
        )


@dataclass(frozen=True, slots=True)
class JournalRecord:
    """One state change of one operation."""

    key: OpKey
    kind: str
    state: str
    scope: Mapping[str, str] | None = None
    natural_key: str | None = None
    outcome: Outcome | None = None
    created: bool = False
    sent: Mapping[str, Any] | None = None
    witness: Mapping[str, Any] | None = None  # a send-now's witness (core/send_now.py)

    def as_params(self, now: float) -> tuple[Any, ...]:
        o = self.outcome
        return (
            self.key.row,
            self.key.part,
            self.kind,
            self.state,
            json.dumps(dict(self.scope)) if self.scope is not None else None,
            self.natural_key,
            o.resource_id if o else None,
            int(self.created),
            o.http_status if o else None,
            o.attempts if o else 0,
            o.error if o else "",
            now,
            _encode(self.sent) if self.sent is not None else None,
            _encode(self.witness) if self.witness is not None else None,
        )


def _encode(sent: Mapping[str, Any]) -> str:
    """The journal's text of a body: keys sorted, so a dry run's results can show it as is."""
    return orjson.dumps(sent, default=str, option=orjson.OPT_SORT_KEYS).decode()


COLUMNS = (
    "row, part, kind, state, scope, natural_key, resource_id, created, http_status, attempts, "
    "error, sent, witness"
)
UPSERT = """
INSERT INTO ops (row, part, kind, state, scope, natural_key, resource_id, created, http_status,
                 attempts, error, updated_at, sent, witness)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (row, part) DO UPDATE SET
    state = excluded.state,
    scope = COALESCE(excluded.scope, ops.scope),
    natural_key = COALESCE(excluded.natural_key, ops.natural_key),
    resource_id = COALESCE(excluded.resource_id, ops.resource_id),
    created = MAX(excluded.created, ops.created),
    http_status = excluded.http_status,
    attempts = excluded.attempts,
    error = excluded.error,
    updated_at = excluded.updated_at,
    sent = COALESCE(excluded.sent, ops.sent),
    witness = COALESCE(excluded.witness, ops.witness)
"""


def entry_of(found: tuple[Any, ...]) -> JournalEntry:
    (
        row,
        part,
        kind,
        state,
        scope,
        natural_key,
        resource_id,
        created,
        status,
        attempts,
        error,
        sent,
        witness,
    ) = found
    return JournalEntry(
        key=OpKey(row, part),
        kind=kind,
        state=state,
        scope=json.loads(scope) if scope else {},
        natural_key=natural_key,
        resource_id=resource_id,
        created=bool(created),
        http_status=status,
        attempts=attempts,
        error=error,
        sent_json=sent,
        witness_json=witness,
    )
