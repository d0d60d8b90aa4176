"""Runs of one api key share its rate gate, never their observers: each run hears of the rate
changes its own requests caused. Two imports through one `bulkspot.Session` (contact lists
and library folders at once, as one account's lists take one writer at a time; two list
sheets one after the other), against a simulator whose gateway allows a tenth of the client's
rate: every "over limit" change a run hears follows one of its own refused answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Literal

import anyio
import pytest

import bulkspot
from bulkspot.events import RateChanged, RequestDone, RunEvent, RunStarted
from bulkspot.simulator import Simulator, SimulatorConfig

ROWS = 12


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimulatorConfig(rate=10, seed=11)) as simulator:
        yield simulator


def session_of(sim: Simulator) -> bulkspot.Session:
    return bulkspot.Session(
        bulkspot.RunConfig(
            bulkspot.ApiSettings("sandbox-key", "sandbox-token", f"{sim.url}/v2/"),
            limits=bulkspot.Limits(rate=100, concurrency=8),  # ten times what it allows
            retry=bulkspot.RetryPolicy.no_wait(max_attempts=10),
            seed=5,
        )
    )


def names_sheet(folder: Path, name: str, rows: int = ROWS) -> Path:
    path = folder / f"{name}.csv"
    path.write_text("name\n" + "".join(f"{name} {n}\n" for n in range(rows)), encoding="utf-8")
    return path


async def import_heard(
    session: bulkspot.Session, sheet: Path, kind: Literal["lists", "folders"] = "lists"
) -> list[RunEvent]:
    heard: list[RunEvent] = []
    summary = await bulkspot.import_sheet(
        bulkspot.ImportJob(kind, sheet), session.config, [heard.append], session=session
    )
    assert summary.counts == {"created": sum(1 for _ in sheet.open()) - 1}, summary
    return heard


def slow_downs_not_after_own_refusal(heard: list[RunEvent]) -> list[int]:
    """The places of "over limit" changes that do not follow this run's own refused answer
    (the requester tells the change right after it tells the refusal)."""
    return [
        n
        for n, event in enumerate(heard)
        if isinstance(event, RateChanged)
        and event.reason == "over limit"
        and not (
            n > 0 and isinstance(heard[n - 1], RequestDone) and heard[n - 1].status in (403, 429)
        )
    ]


def slow_downs(heard: list[RunEvent]) -> int:
    return sum(isinstance(e, RateChanged) and e.reason == "over limit" for e in heard)


def names_on_server(sim: Simulator) -> list[str]:
    lists = [data["name"] for data in sim.store.lists.lists.values()]
    return sorted(lists + [data["name"] for data in sim.store.library.folders.values()])


def expected_names(*runs: tuple[str, int]) -> list[str]:
    return sorted(f"{run} {n}" for run, rows in runs for n in range(rows))


LISTS = 30  # 0.3 s of sending at the session's 100/s: still sending when the folders end


async def test_two_imports_at_once_each_hear_only_their_own_rate_changes(
    sim: Simulator, tmp_path: Path
) -> None:
    """A one-row folders import runs to its end while a lists import runs; then the gateway
    lowers its limit, and only the lists are still sending. The lists' slow-downs used to be
    told to the folders' observers (the run that started last), after their run had ended."""
    session = session_of(sim)
    lists_started = anyio.Event()
    lists: list[RunEvent] = []

    def hear_lists(event: RunEvent) -> None:
        lists.append(event)
        if isinstance(event, RunStarted):
            lists_started.set()

    async def import_lists() -> None:
        summary = await bulkspot.import_sheet(
            bulkspot.ImportJob("lists", names_sheet(tmp_path, "lists", LISTS)),
            session.config,
            [hear_lists],
            session=session,
        )
        assert summary.counts == {"created": LISTS}, summary

    async with anyio.create_task_group() as runs:
        runs.start_soon(import_lists)
        await lists_started.wait()
        folders = await import_heard(session, names_sheet(tmp_path, "folder", 1), "folders")
        lowered_at = len(lists)
        sim.control(rate=5)
    assert slow_downs(lists[lowered_at:]) >= 1  # the lists' own refusals, told to them
    assert slow_downs_not_after_own_refusal(lists) == []
    assert slow_downs_not_after_own_refusal(folders) == []
    assert names_on_server(sim) == expected_names(("lists", LISTS), ("folder", 1))


async def test_two_imports_one_after_the_other_each_hear_only_their_own(
    sim: Simulator, tmp_path: Path
) -> None:
    session = session_of(sim)
    first = await import_heard(session, names_sheet(tmp_path, "first"))
    second = await import_heard(session, names_sheet(tmp_path, "second"))
    assert slow_downs(first) >= 1  # the first run taught the key's gate the limit
    assert slow_downs_not_after_own_refusal(first) == []
    assert slow_downs_not_after_own_refusal(second) == []
    assert names_on_server(sim) == expected_names(("first", ROWS), ("second", ROWS))
