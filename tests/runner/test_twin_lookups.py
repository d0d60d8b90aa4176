"""What the look just before and just after an event's create costs: the run's first read
of the account's events is whole; every later one asks only for what changed since
(`modified_since`), one page, and serves every create answered before it started."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import anyio

from bulkspot.api import import_sheet
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.core.apipath import Address, NextLink
from bulkspot.errors import BadRequestError, ErrorDetail
from bulkspot.runner.job import ImportJob
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from bulkspot.transport.aiohttp_sender import AiohttpSender
from bulkspot.transport.base import Reply

KEY, TOKEN = "sandbox-key", "sandbox-token"
EVENT = {"title": "T", "type": "OTHER", "start_date": "2027-07-17T14:00:00.000Z",
         "end_date": "2027-07-17T20:00:00.000Z", "time_zone_id": "US/Eastern"}  # fmt: skip
THERE = 120  # events in the account before the run: a whole read is 3 pages of 50
NEW = 10


class Recorder:
    """The real sender, keeping what it sent; `refuse_since`: an API that answers a read of
    what changed since (`modified_since`) with 400, as one that knows no such filter may."""

    def __init__(self, config: RunConfig, *, refuse_since: bool = False) -> None:
        self.inner = AiohttpSender(config.api)
        self.sent: list[tuple[str, str]] = []
        self.refuse_since = refuse_since

    async def send(self, method: str, path: Address, body: Any = None) -> Reply:
        shown = path.text if isinstance(path, NextLink) else f"{path}?{urlencode(path.query)}"
        self.sent.append((method, shown.removesuffix("?")))
        if self.refuse_since and "modified_since" in shown:
            detail = ErrorDetail("query.param.invalid", "modified_since is not supported")
            raise BadRequestError(400, [detail], method=method, path=str(path))
        return await self.inner.send(method, path, body)

    async def aclose(self) -> None:
        await self.inner.aclose()


def write_sheet(path: Path, names: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        sheet = csv.writer(out)
        sheet.writerow(["name", *EVENT])
        for name in names:
            sheet.writerow([name, *EVENT.values()])
    return path


def test_an_events_import_reads_the_account_once_then_only_what_changed(
    tmp_path: Path,
) -> None:
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, seed=3)) as sim:
        made_long_ago = {"created_date": "2026-01-05T09:00:00.000Z"}
        for n in range(THERE):
            sim.call(sim.store.create_event, {**EVENT, "name": f"old-{n:03d}"}, made_long_ago)
        cancelled = sim.call(sim.store.create_event, {**EVENT, "name": "new-00"})
        sim.call(sim.store.set_status, cancelled.id, "CANCELLED")
        live = sim.call(sim.store.create_event, {**EVENT, "name": "new-01"})
        config = RunConfig(ApiSettings(KEY, TOKEN, f"{sim.url}/v2/"), Limits(rate=1000))
        names = [f"new-{n:02d}" for n in range(NEW)]
        job = ImportJob("events", write_sheet(tmp_path / "events.csv", names),
                        results_path=tmp_path / "results.csv")  # fmt: skip

        async def run() -> list[tuple[str, str]]:
            recorder = Recorder(config)
            try:
                await import_sheet(job, config, sender=recorder)
            finally:
                await recorder.aclose()
            return recorder.sent

        sent = anyio.run(run)

    with job.results_path.open(encoding="utf-8-sig", newline="") as handle:  # type: ignore[union-attr]
        results = list(csv.DictReader(handle))
    rows = [(r["name"], r["status"], r["error"]) for r in results]
    # a cancelled event of the name is no event of it; a live one is
    assert rows == [(n, "exists" if n == "new-01" else "created", "") for n in names]
    assert results[0]["id"] != cancelled.id and results[1]["id"] == live.id
    assert (("POST", "eventspot/events")) in sent
    reads = [urlsplit(path) for method, path in sent if method == "GET"]
    whole = [r for r in reads if "modified_since" not in parse_qs(r.query)]
    assert len(whole) == 3  # the first read: every page of the account
    later = [r for r in reads if "modified_since" in parse_qs(r.query)]
    assert later  # the looks after each create: only what changed since
    creates = sum(1 for method, _ in sent if method == "POST")
    assert creates == NEW - 1
    # at most one read a create (creates answered before a read started share it), and
    # nothing else: no cancel, no second page
    assert len(later) <= creates
    assert len(sent) == len(whole) + len(later) + creates


def test_an_api_without_modified_since_gets_whole_reads_and_the_check_still_holds(
    tmp_path: Path,
) -> None:
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, seed=4)) as sim:
        config = RunConfig(ApiSettings(KEY, TOKEN, f"{sim.url}/v2/"), Limits(rate=1000))
        names = [f"plain-{n}" for n in range(4)]
        sim.call(sim.store.create_event, {**EVENT, "name": "someone-elses"})
        job = ImportJob("events", write_sheet(tmp_path / "events.csv", names),
                        results_path=tmp_path / "results.csv")  # fmt: skip

        async def run() -> list[tuple[str, str]]:
            recorder = Recorder(config, refuse_since=True)
            try:
                await import_sheet(job, config, sender=recorder)
            finally:
                await recorder.aclose()
            return recorder.sent

        sent = anyio.run(run)
        made = sim.call(lambda: len(sim.store.events))

    with job.results_path.open(encoding="utf-8-sig", newline="") as handle:  # type: ignore[union-attr]
        rows = [(r["name"], r["status"], r["error"]) for r in csv.DictReader(handle)]
    assert rows == [(name, "created", "") for name in names]
    assert made == len(names) + 1
    refused = [path for method, path in sent if method == "GET" and "modified_since" in path]
    assert len(refused) == 1  # asked once; whole reads from then on
