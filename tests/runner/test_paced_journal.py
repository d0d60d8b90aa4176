"""A paced run's journal (runner/journal_writer.py): each create's mark is committed before
its request leaves, by its own task, with the outcomes that waited for it (one commit a
request); the outcomes after the last mark wait for the writer. A crash then leaves rows
`sending` whose resources exist: the next run finds them by name and sends none again."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.apipath import Address
from bulkspot.core.operation import Operation
from bulkspot.core.outcome import Status
from bulkspot.runner.engine import execute_plan
from bulkspot.runner.journal_writer import JournalWriter
from bulkspot.runner.retry import Requester
from bulkspot.sinks.journal import SENDING, Journal, JournalRecord
from bulkspot.transport.base import Reply
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import ITEMS, item

ROWS = 8
IDENTITY = {"kind": "items", "input": "x"}


def paced() -> RunConfig:
    """50/s: a mark comes 20 ms after the last commit (calm), as at 4/s."""
    return RunConfig(
        ApiSettings("key-secret", "token-secret", "http://127.0.0.1:9/v2/"),
        limits=Limits(rate=50),
        retry=RetryPolicy.no_wait(max_attempts=5),
        seed=7,
    )


def committed(path: Path) -> dict[int, str]:
    """What another connection reads: only what was committed."""
    with closing(sqlite3.connect(path)) as other:
        return dict(other.execute("SELECT row, state FROM ops").fetchall())


class Watching(FakeSender):
    """Records, for each POST, the committed state of its row when it arrived."""

    def __init__(self, journal_path: Path) -> None:
        super().__init__()
        self.journal_path = journal_path
        self.state_on_arrival: dict[str, str | None] = {}

    async def send(self, method: str, address: Address, body: Any = None) -> Reply:
        if method == "POST":
            row = int(body["name"].split()[-1])
            self.state_on_arrival[body["name"]] = committed(self.journal_path).get(row)
        return await super().send(method, address, body)


def plan() -> list[Operation]:
    return [item(row, f"Shirt {row}") for row in range(2, 2 + ROWS)]


async def run(plan: list[Operation], sender: FakeSender, journal: Journal) -> None:
    settings = paced()
    await execute_plan(
        plan,
        kind="items",
        config=settings,
        requester=Requester.for_run(sender, settings),
        journal=journal,
    )


async def test_a_paced_create_leaves_with_its_mark_committed_one_commit_a_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "run.journal.sqlite"
    journal = Journal.open(path, IDENTITY)
    commits: list[list[tuple[int, str]]] = []
    write_many = journal.write_many

    def counting(records: list[JournalRecord]) -> None:
        commits.append([(r.key.row, r.state) for r in records])
        write_many(records)

    monkeypatch.setattr(journal, "write_many", counting)
    sender = Watching(path)
    await run(plan(), sender, journal)
    journal.close()
    assert sender.state_on_arrival == {f"Shirt {row}": SENDING for row in range(2, 2 + ROWS)}
    assert committed(path) == dict.fromkeys(range(2, 2 + ROWS), "created")
    # a mark's commit carries the outcomes answered before it: no commit of its own for one
    assert len(commits) <= ROWS + 1
    assert sum(len(batch) for batch in commits) == 2 * ROWS
    assert any({state for _, state in batch} == {SENDING, "created"} for batch in commits), commits


async def test_a_crash_after_batched_marks_never_sends_a_row_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, crashed = tmp_path / "run.journal.sqlite", tmp_path / "crashed.journal.sqlite"
    close = JournalWriter.close

    async def crash_first(writer: JournalWriter) -> None:
        """The process dies here: what was committed, and nothing the writer still holds."""
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(crashed)) as copy:
            source.backup(copy)
        await close(writer)

    monkeypatch.setattr(JournalWriter, "close", crash_first)
    sender = FakeSender()
    journal = Journal.open(path, IDENTITY)
    await run(plan(), sender, journal)
    journal.close()
    monkeypatch.setattr(JournalWriter, "close", close)
    left = committed(crashed)
    made_but_sending = [row for row, state in left.items() if state == SENDING]
    assert made_but_sending, left  # the outcomes after the last mark were not committed yet

    sender.requests.clear()
    again = Journal.open(crashed, IDENTITY)
    await run(plan(), sender, again)
    outcomes = {entry.key.row: entry.outcome for entry in again.entries()}
    again.close()
    assert [m for m, _ in sender.requests if m == "POST"] == []
    names = [resource["name"] for resource in sender.collections[ITEMS]]
    assert sorted(names) == sorted(f"Shirt {row}" for row in range(2, 2 + ROWS))
    for row in made_but_sending:  # found by name and proven this run's: created, with its id
        outcome = outcomes[row]
        assert outcome is not None and outcome.status is Status.CREATED and outcome.resource_id
