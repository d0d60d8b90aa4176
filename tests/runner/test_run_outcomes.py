"""Issue 22: `summary.outcomes` is the job's (every row, whichever run did it, as the
results file), `summary.run_outcomes` this run's (the rows `counts` counts): a rerun that
finishes the rest shows only the rest as its own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import bulkspot
from bulkspot.core.outcome import Status
from bulkspot.runner.job import ImportJob
from bulkspot.runner.row_outcomes import RowOutcome
from bulkspot.simulator import Simulator, SimulatorConfig

EVENT = {
    "name": "runs", "title": "Runs", "type": "OTHER", "time_zone_id": "US/Eastern",
    "start_date": "2027-07-17T14:00:00.000Z", "end_date": "2027-07-17T20:00:00.000Z",
}  # fmt: skip


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimulatorConfig(rate=0, seed=3)) as simulator:
        yield simulator


async def test_outcomes_are_the_jobs_and_run_outcomes_this_runs(
    sim: Simulator, tmp_path: Path
) -> None:
    config = bulkspot.RunConfig(bulkspot.ApiSettings("sandbox-key", "sandbox-token",
                                                     f"{sim.url}/v2/"))  # fmt: skip
    async with bulkspot.open_client(config) as client:
        event = (await client.create("event", {}, EVENT))["id"]
    sheet = tmp_path / "fees.csv"
    sheet.write_text("label,fee\nAdult,25.00\nChild,10.00\nSenior,15.00\n", encoding="utf-8")

    first = await bulkspot.import_sheet(ImportJob("fees", sheet, event, limit=2), config)
    made = {fee["label"]: fee["id"] for fee in sim.store.event(event).fees.values()}
    assert (
        list(first.run_outcomes)
        == list(first.outcomes)
        == [
            RowOutcome(2, Status.CREATED, made["Adult"]),
            RowOutcome(3, Status.CREATED, made["Child"]),
            RowOutcome(4, Status.PENDING, ""),
        ]
    )

    second = await bulkspot.import_sheet(ImportJob("fees", sheet, event), config)
    made = {fee["label"]: fee["id"] for fee in sim.store.event(event).fees.values()}
    assert len(made) == 3
    assert list(second.outcomes) == [
        RowOutcome(2, Status.CREATED, made["Adult"]),
        RowOutcome(3, Status.CREATED, made["Child"]),
        RowOutcome(4, Status.CREATED, made["Senior"]),
    ]
    assert list(second.run_outcomes) == [RowOutcome(4, Status.CREATED, made["Senior"])]
    assert dict(second.counts) == {Status.CREATED: 1}

    third = await bulkspot.import_sheet(ImportJob("fees", sheet, event), config)
    assert (list(third.run_outcomes), dict(third.counts)) == ([], {})
    assert len(third.outcomes) == 3
