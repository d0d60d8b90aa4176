"""An events sheet as ticketing and shop systems write it (issue 23): their words for the
statuses, and start and end times that may not say what was meant."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bulkspot.api import import_sheet
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.runner.job import ImportJob, RunSummary
from bulkspot.simulator import Simulator, SimulatorConfig

HEADER = "name,title,type,start_date,end_date,time_zone_id,status\n"
TIMES = "2027-06-05T10:00:00Z,2027-06-05T17:00:00Z,US/Eastern"


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimulatorConfig(rate=0, seed=7)) as simulator:
        yield simulator


def config(sim: Simulator) -> RunConfig:
    return RunConfig(
        ApiSettings("sandbox-key", "sandbox-token", f"{sim.url}/v2/"),
        limits=Limits(rate=10_000, concurrency=4),
        retry=RetryPolicy.no_wait(max_attempts=3),
        seed=5,
    )


def results(summary: RunSummary) -> list[tuple[str, str]]:
    with Path(summary.results_path).open(encoding="utf-8-sig") as lines:
        return [(r["status"], r["error"]) for r in csv.DictReader(lines)]


async def test_published_live_canceled_and_cancelled_in_any_case_are_the_two_statuses(
    sim: Simulator, tmp_path: Path
) -> None:
    words = ["Published", "LIVE", "live", "Canceled", "cancelled", "CANCELED", "Draft", "Done"]
    rows = "".join(f"e{n},E{n},OTHER,{TIMES},{word}\n" for n, word in enumerate(words))
    path = tmp_path / "events.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    summary = await import_sheet(ImportJob("events", path), config(sim))
    statuses = {e.data["name"]: e.data["status"] for e in sim.store.events.values()}
    assert statuses == {
        "e0": "ACTIVE", "e1": "ACTIVE", "e2": "ACTIVE",
        "e3": "CANCELLED", "e4": "CANCELLED", "e5": "CANCELLED",
        "e6": "DRAFT",  # a draft is what a blank leaves: read as blank
    }  # fmt: skip
    assert results(summary) == [
        ("created", ""), ("created", ""), ("created", ""),
        ("cancelled", ""), ("cancelled", ""), ("cancelled", ""),
        ("created", ""),
        ("invalid", "status: 'Done' is not one of ACTIVE, CANCELLED"),
    ]  # fmt: skip


async def test_a_date_without_a_time_and_an_offset_the_rows_zone_lacks_are_warned_on_their_rows(
    sim: Simulator, tmp_path: Path
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER
        + "fair,Fair,OTHER,2027-10-02,2027-10-03,US/Eastern,\n"
        + "talk,Talk,OTHER,2027-10-02T18:00:00+02:00,2027-10-02T20:00:00-04:00,US/Eastern,\n"
        + "utc,Utc,OTHER,2027-10-02T22:00:00Z,2027-10-02 20:00,US/Eastern,\n",
        encoding="utf-8",
    )
    summary = await import_sheet(ImportJob("events", path), config(sim))
    assert list(summary.warnings) == [
        "row 2: start_date '2027-10-02' has no time: it is read as midnight in US/Eastern "
        "(write the time, e.g. 2027-10-02 18:00)",
        "row 2: end_date '2027-10-03' has no time: it is read as midnight in US/Eastern "
        "(write the time, e.g. 2027-10-03 18:00)",
        "row 3: start_date '2027-10-02T18:00:00+02:00' says +02:00, but US/Eastern is -04:00 "
        "then: it is read as 2027-10-02 12:00 in US/Eastern (check the offset or the time "
        "zone)",
    ]
    assert results(summary) == [("created", ""), ("created", ""), ("created", "")]
    made = {e.data["name"]: e.data for e in sim.store.events.values()}
    assert (made["fair"]["start_date"], made["talk"]["start_date"]) == (
        "2027-10-02T04:00:00.000Z",
        "2027-10-02T16:00:00.000Z",
    )  # warned, not refused: read as written
