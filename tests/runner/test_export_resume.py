"""Issue 14: an export that stopped after its first page resumes from its journal of pages: the
run again asks only for the pages it lacks and writes the whole sheet, the same sheet an export
that never stopped writes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from bulkspot import api
from bulkspot.core.apipath import Address, ApiPath, NextLink
from bulkspot.runner.page_reader import ExportProgress
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from bulkspot.transport.aiohttp_sender import AiohttpSender
from bulkspot.transport.base import Reply
from tests.runner.migration import config_for, new_event

PAGE = 5
REGISTRANTS = 12  # three pages of five
EVENTS = 7  # two pages of five (and each event read whole)


class RecordingSender:
    """The real HTTP sender, noting every request it sends."""

    def __init__(self, config: api.RunConfig, sent: list[tuple[str, Address]]) -> None:
        self.inner = AiohttpSender(config.api)  # made on the running loop
        self.sent = sent

    async def send(self, method: str, path: Address, body: Any = None) -> Reply:
        self.sent.append((method, path))
        return await self.inner.send(method, path, body)

    async def aclose(self) -> None:
        await self.inner.aclose()


class Interrupted(Exception):
    """Stands for the Ctrl-C or the kill that stops an export after its first page."""


def stop_after_first_page(progress: ExportProgress) -> None:
    if progress.pages == 1 and not progress.resumed:
        raise Interrupted


@pytest.fixture(scope="module")
def simulator() -> Iterator[tuple[str, str]]:
    """A simulator holding EVENTS events, the first with REGISTRANTS registrants."""
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0)) as sim:
        base = f"{sim.url}/v2/"
        events = [new_event(base, f"resume-{n}") for n in range(EVENTS)]
        for n in range(REGISTRANTS):
            registrant = {
                "email": f"r{n}@example.com", "first_name": f"R{n}", "last_name": "X",
                "registration_status": "REGISTERED", "payment_status": "PAID",
            }  # fmt: skip
            sim.call(sim.store.add_registrant, events[0], registrant)
        yield base, events[0]


def export(job: api.ExportJob, config: api.RunConfig, **options: Any) -> api.ExportSummary:
    return anyio.run(lambda: api.export(job, config, **options))


@pytest.mark.parametrize(
    ("kind", "whole_reads"),
    [("registrants", 0), ("events", EVENTS - PAGE)],  # events: each of page 2 read whole
)
def test_an_export_stopped_after_its_first_page_reads_only_the_pages_it_lacks(
    simulator: tuple[str, str], tmp_path: Path, kind: str, whole_reads: int
) -> None:
    base, event = simulator
    config = config_for(base)
    event_id = event if kind == "registrants" else None
    sheet = tmp_path / f"{kind}.csv"
    job = api.ExportJob(kind, sheet, event_id, page_size=PAGE)
    journal = tmp_path / f"{kind}.csv.export-journal.jsonl"

    with pytest.raises(Interrupted):
        export(job, config, on_progress=stop_after_first_page)
    assert not sheet.exists()
    assert len(journal.read_bytes().splitlines()) == 2  # which export, then its first page

    sent: list[tuple[str, Address]] = []

    async def resume() -> api.ExportSummary:
        recorder = RecordingSender(config, sent)
        try:
            return await api.export(job, config, sender=recorder)
        finally:
            await recorder.aclose()

    resumed = anyio.run(resume)
    total = REGISTRANTS if kind == "registrants" else EVENTS
    pages = -(-total // PAGE)
    assert (resumed.resources, resumed.pages, resumed.resumed_pages) == (total, pages, 1)
    # the first page's path carries ?limit=, the others their next link: page 1 not asked again
    assert not any(isinstance(path, ApiPath) and path.query for _, path in sent), sent
    paged = [path for _, path in sent if isinstance(path, NextLink)]
    assert len(paged) == pages - 1
    assert len(sent) == pages - 1 + whole_reads
    assert {method for method, _ in sent} == {"GET"}
    assert not journal.exists()  # the sheet is whole: nothing left to resume

    whole = export(api.ExportJob(kind, tmp_path / f"whole-{kind}.csv", event_id), config)
    assert whole.resumed_pages == 0
    assert sheet.read_bytes() == (tmp_path / f"whole-{kind}.csv").read_bytes()
    assert len(sheet.read_text(encoding="utf-8").splitlines()) == total + 1
