"""A journal that cannot be written mid-run (the disk fills) stops the run with a
StorageError naming the file and the cause, never an ExceptionGroup; what the server made is
in the journal; the same job, run again once the disk has room, ends with every row exactly
once. The fault is injected into the journal's SQLite connection, so this runs everywhere
(tests/cli/test_storage_faults.py fills a real tiny filesystem where mounting is allowed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bulkspot.api import import_sheet
from bulkspot.core.outcome import Status
from bulkspot.errors import JournalError, StorageError
from bulkspot.runner.job import EXIT_OK, ImportJob
from bulkspot.simulator import Simulator, SimulatorConfig
from bulkspot.sinks import journal as journal_module
from bulkspot.sinks.journal import Journal
from tests.runner.sheets import (
    SIZES,
    event_of,
    new_event,
    read_results,
    repeated,
    run_config,
    write_inventory,
)

ITEMS = 30
FULL_AFTER = 60  # records written before the disk is full: mid-run, after some creates


class FillingConnection:
    """A journal's SQLite connection on a disk that fills after `room` records: writes
    then fail as SQLite fails them (and SQLite rolls the transaction back itself)."""

    def __init__(self, db: sqlite3.Connection, room: int) -> None:
        self._db = db
        self.room = room

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        rows = list(rows)
        if sql.lstrip().startswith("INSERT INTO ops"):
            self.room -= len(rows)
            if self.room < 0:
                self._db.execute("ROLLBACK")
                raise sqlite3.OperationalError("database or disk is full")
        return self._db.executemany(sql, rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def disk_fills_after(monkeypatch: pytest.MonkeyPatch, records: int) -> None:
    """Every journal opened from now on sits on a disk with room for `records` records."""
    real_init = Journal.__init__

    def on_a_small_disk(self: Journal, path: Path, db: sqlite3.Connection, lock: Any) -> None:
        real_init(self, path, FillingConnection(db, records), lock)  # type: ignore[arg-type]

    monkeypatch.setattr(journal_module.Journal, "__init__", on_a_small_disk)


async def test_a_disk_that_fills_mid_run_stops_it_and_the_rerun_ends_exactly_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = write_inventory(tmp_path / "inventory.csv", ITEMS)
    journal_path = tmp_path / "inventory.journal.sqlite"
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=5)) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)
        job = ImportJob(
            kind="items",
            source=tmp_path / "inventory.csv",
            event_id=event,
            results_path=tmp_path / "inventory.results.csv",
            journal_path=journal_path,
        )
        config = run_config(base, concurrency=4)

        with monkeypatch.context() as small_disk:
            disk_fills_after(small_disk, FULL_AFTER)
            with pytest.raises(StorageError) as stopped:
                await import_sheet(job, config)
        assert str(stopped.value) == (
            f"cannot write the journal {journal_path}: the disk is full. Nothing done is "
            "lost: once that is fixed, make the same call again."  # said to a library caller
        )
        made_before = [i["name"] for i in event_of(sim.dump(), event)["items"]]
        journal = Journal.open_existing(journal_path)  # the lock went with the stopped run
        known = {e.natural_key for e in journal.entries() if e.kind == "item"}
        journal.close()
        assert 0 < len(made_before) < ITEMS  # it did stop midway
        assert set(made_before) <= known  # whatever the server made, the journal knows of

        summary = await import_sheet(job, config)  # the disk has room again
        server = event_of(sim.dump(), event)
    assert summary.exit_code == EXIT_OK
    assert {s: n for s, n in summary.job_counts.items() if n} == {Status.CREATED: rows}
    names = [item["name"] for item in server["items"]]
    assert repeated(names) == [] and sorted(names) == [f"Item {n:04d}" for n in range(ITEMS)]
    for item in server["items"]:
        assert sorted(a["name"] for a in item["attributes"]) == sorted(SIZES), item["name"]
    results = read_results(tmp_path / "inventory.results.csv")
    attribute_ids = {a["id"] for item in server["items"] for a in item["attributes"]}
    assert len(results) == rows and {r["id"] for r in results} == attribute_ids


async def test_a_damaged_journal_read_mid_run_stops_it_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that fails inside the worker pool (the producer asks a journal that holds an
    earlier run's rows about each row) is the journal's error, raised once the run has wound
    down."""
    write_inventory(tmp_path / "inventory.csv", 4)
    journal_path = tmp_path / "inventory.journal.sqlite"

    def damaged(self: Journal, key: object) -> None:
        with self._failing("read"):
            raise sqlite3.DatabaseError("database disk image is malformed")

    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=6)) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)
        job = ImportJob(kind="items", source=tmp_path / "inventory.csv", event_id=event,
                        journal_path=journal_path)  # fmt: skip
        monkeypatch.setattr(journal_module.Journal, "entry", damaged)
        monkeypatch.setattr(journal_module.Journal, "is_empty", lambda self: False)
        with pytest.raises(JournalError) as stopped:
            await import_sheet(job, run_config(base))
    assert str(stopped.value) == (
        f"the journal {journal_path} is damaged (database disk image is malformed). Run with "
        f"fresh=True to start over: the damaged journal is kept as {journal_path}.damaged-"
        "<date>-<time>, and rows already on the server are found by name and not created "
        "twice. Or choose another file with journal_path."
    )
