"""Pages as long as the API gives them (issue 24): every page of a paged collection is a
request of the day's quota, and MyLibrary's collections give up to 1000 a page where the
reads asked for 50 (an account's 60 folders took two reads, 2,000 took forty). The export
and an import's look-up now ask for the longest page the kind declares."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from bulkspot import api
from bulkspot.core.outcome import Status
from bulkspot.core.resources import spec_for
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from tests.runner.migration import config_for

FOLDERS = 60  # more than a page of 50


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorThread]:
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, seed=11)) as sim:

        async def fill() -> None:
            async with api.open_client(config_for(f"{sim.url}/v2/")) as client:
                for n in range(FOLDERS):
                    await client.create("folder", {}, {"name": f"folder {n:02d}"})

        anyio.run(fill)
        yield sim


def gets(sim: SimulatorThread) -> int:
    return int(sim.stats()["requests_by_method"].get("GET", 0))


def test_the_kinds_declare_the_apis_longest_page() -> None:
    assert {k: spec_for(k).largest_page for k in ("folder", "file", "event", "campaign")} == {
        "folder": 1000, "file": 1000, "event": 50, "campaign": 50,
    }  # fmt: skip


def test_an_export_of_60_folders_is_one_read(sim: SimulatorThread, tmp_path: Path) -> None:
    before = gets(sim)
    done = api.run_export("folders", tmp_path / "folders.csv", config=config_for(f"{sim.url}/v2/"))
    assert (done.resources, done.pages, done.requests) == (FOLDERS, 1, 1)
    assert gets(sim) - before == 1


def test_an_import_finds_60_folders_in_one_read(sim: SimulatorThread, tmp_path: Path) -> None:
    sheet = tmp_path / "folders.csv"
    sheet.write_text("name\n" + "".join(f"folder {n:02d}\n" for n in range(FOLDERS)), "utf-8")
    before = gets(sim)
    done = api.run_import("folders", sheet, config=config_for(f"{sim.url}/v2/"))
    assert dict(done.counts) == {Status.EXISTS: FOLDERS}
    assert gets(sim) - before == 1
