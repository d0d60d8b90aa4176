"""--retry-failed (Journal.forget): a failed create that was sent may have been made (its
answer garbled or lost), so it goes back to `sending` and is looked up and proven this run's
before it is sent again. Deleted, it came back `exists` and undo left it on the server."""

from __future__ import annotations

from pathlib import Path

from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.sinks.journal import SENDING, Journal, JournalRecord

BODY = {"name": "T-Shirt", "price": 20}


def test_retry_failed_keeps_what_a_failed_create_sent(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite", {"kind": "items", "input": "x"})
    try:
        sent, unsent, taken, blocked = OpKey(2), OpKey(3), OpKey(4), OpKey(5, "attribute")
        journal.write_many([
            JournalRecord(sent, "item", SENDING, {"event_id": "E1"}, "T-Shirt", sent=BODY),
            JournalRecord(taken, "item", SENDING, {"event_id": "E1"}, "Hat", sent=BODY),
        ])  # fmt: skip
        journal.write_many([
            JournalRecord(sent, "item", "failed", outcome=Outcome(Status.FAILED, None, 201, 8,
                                                                  "HTTP 201 ...: not JSON")),
            JournalRecord(unsent, "item", "failed", outcome=Outcome(Status.FAILED, None, 400)),
            JournalRecord(taken, "item", "failed", outcome=Outcome(Status.FAILED, "I9", 409)),
            JournalRecord(blocked, "attribute", "blocked", outcome=Outcome(Status.BLOCKED)),
        ])  # fmt: skip
        assert journal.forget((Status.FAILED, Status.BLOCKED)) == 4
        (kept,) = journal.entries()
        assert (kept.key, kept.state, kept.sent, kept.natural_key) == (
            sent,
            SENDING,
            BODY,
            "T-Shirt",
        )
    finally:
        journal.close()
