"""The journal's own contract (sinks/journal.py): one line per operation, the latest state
wins, entries come back in input order, a create's body is kept as it was sent, and the
counts a rerun starts from leave out what is not final."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.sinks.journal import SENDING, Journal, JournalRecord

SCOPE = {"event_id": "E1"}


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    opened = Journal.open(tmp_path / "j.journal.sqlite", {"kind": "items", "input": "x"})
    yield opened
    opened.close()


def ended(row: int, status: Status, part: str = "", **kw: object) -> JournalRecord:
    outcome = Outcome(status, **kw)  # type: ignore[arg-type]
    return JournalRecord(OpKey(row, part), "item", status.value, outcome=outcome)


def test_a_later_record_of_an_operation_replaces_its_state_and_keeps_what_was_sent(
    journal: Journal,
) -> None:
    sent = {"price": 5, "name": "Shirt"}
    journal.write_many([JournalRecord(OpKey(2), "item", SENDING, SCOPE, "Shirt", sent=sent)])
    journal.write_many([ended(2, Status.CREATED, resource_id="id1", http_status=201, attempts=1)])
    entry = journal.entry(OpKey(2))
    assert entry is not None
    assert (entry.state, entry.resource_id, entry.http_status, entry.attempts) == (
        "created",
        "id1",
        201,
        1,
    )
    assert entry.sent_json == '{"name":"Shirt","price":5}' and entry.sent == sent
    assert entry.outcome == Outcome(Status.CREATED, "id1", 201, 1)


def test_entries_come_back_in_input_order_whatever_order_they_were_written_in(
    journal: Journal,
) -> None:
    journal.write_many(
        [
            ended(9, Status.CREATED),
            ended(3, Status.FAILED, error="no"),
            ended(3, Status.CREATED, part="attribute"),
            ended(5, Status.EXISTS),
        ]
    )
    keys = [(e.key.row, e.key.part) for e in journal.entries()]
    assert keys == [(3, ""), (3, "attribute"), (5, ""), (9, "")]
    assert [e.key.row for e in journal.entries(states=("failed",))] == [3]


def test_a_sending_entry_has_no_outcome_and_is_not_final(journal: Journal) -> None:
    journal.write_many(
        [
            JournalRecord(OpKey(2), "item", SENDING, SCOPE, "Shirt", sent={}),
            ended(3, Status.BLOCKED),
            ended(4, Status.PENDING),
            ended(5, Status.CREATED),
            ended(6, Status.INVALID, error="bad"),
        ]
    )
    sending = journal.entry(OpKey(2))
    assert sending is not None and sending.outcome is None
    assert journal.count_final() == 2  # created and invalid: a rerun leaves them
    assert journal.count_by_state() == {
        "sending": 1,
        "blocked": 1,
        "pending": 1,
        "created": 1,
        "invalid": 1,
    }


def test_a_fresh_journal_is_empty_and_a_written_one_is_not(journal: Journal) -> None:
    assert journal.is_empty() and journal.entry(OpKey(2)) is None
    journal.write_many([ended(2, Status.EXISTS, resource_id="x")])
    assert not journal.is_empty()
