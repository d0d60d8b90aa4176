"""Folder paths are unambiguous (issue 20), checked over HTTP on the simulator: a parent path
whose folders do not exist is made as `mkdir -p` does (each folder once, parents first, with
an import's guarantees: found by name when there, journaled, resumed, undone), and a name
holding `/` is refused (it was made at the top, and a parent `x/y` then reached it)."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bulkspot.api import import_sheet, open_client, undo_journal
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.outcome import Status
from bulkspot.runner.job import ImportJob, RunSummary
from bulkspot.simulator import Simulator, SimulatorConfig

SHEET = "name,parent\nc,a/b\nd,a/b\ne,a\n"


@pytest.fixture
async def sim(request: pytest.FixtureRequest) -> AsyncIterator[Simulator]:
    settings: dict[str, Any] = getattr(request, "param", {})
    async with Simulator(SimulatorConfig(rate=0, seed=3, **settings)) as simulator:
        yield simulator


def config(sim: Simulator) -> RunConfig:
    return RunConfig(
        ApiSettings("sandbox-key", "sandbox-token", f"{sim.url}/v2/"),
        limits=Limits(rate=10_000, concurrency=4),
        retry=RetryPolicy.no_wait(max_attempts=10),
        seed=5,
    )


async def folders(sim: Simulator) -> list[tuple[str, str, str]]:
    """Every folder the API lists (GET library/folders): (its path, its id, its parent's
    path), parents before children."""
    async with open_client(config(sim)) as client:
        found = await client.list("folder", {})
    by_id = {str(f["id"]): f for f in found}

    def path(folder: dict[str, Any]) -> str:
        parent = by_id.get(str(folder.get("parent_id") or ""))
        return f"{path(parent)}/{folder['name']}" if parent else str(folder["name"])

    listed = [(path(f), str(f["id"])) for f in found]
    return sorted((p, i, p.rpartition("/")[0]) for p, i in listed)


def writes(sim: Simulator) -> int:
    return sum(n for m, n in sim.stats()["requests_by_method"].items() if m != "GET")


def results(summary: RunSummary) -> list[dict[str, str]]:
    with Path(summary.results_path).open(encoding="utf-8-sig") as lines:
        return list(csv.DictReader(lines))


@pytest.mark.parametrize("sim", [{}, {"ambiguous_rate": 0.3}], indirect=True,
                         ids=["plain", "lost answers"])  # fmt: skip
async def test_a_missing_parent_path_is_made_once_parents_first_and_a_rerun_makes_nothing(
    sim: Simulator, tmp_path: Path
) -> None:
    (tmp_path / "f.csv").write_text(SHEET, encoding="utf-8")
    job = ImportJob("folders", tmp_path / "f.csv")
    summary = await import_sheet(job, config(sim))
    assert dict(summary.counts) == {Status.CREATED: 3}
    made = await folders(sim)
    assert [(path, parent) for path, _id, parent in made] == [
        ("a", ""),
        ("a/b", "a"),
        ("a/b/c", "a/b"),
        ("a/b/d", "a/b"),
        ("a/e", "a"),
    ]  # one a, one b: made once for rows 2 and 3, each inside the one before
    ids = {path: ident for path, ident, _parent in made}
    assert [(r["status"], r["id"]) for r in results(summary)] == [
        ("created", ids["a/b/c"]),
        ("created", ids["a/b/d"]),
        ("created", ids["a/e"]),
    ]
    assert writes(sim) >= 5
    before = writes(sim)
    again = await import_sheet(job, config(sim))
    assert dict(again.counts) == {} and again.requests == 0 and writes(sim) == before
    assert await folders(sim) == made
    undone = await undo_journal(Path(str(summary.journal_path)), config=config(sim))
    assert undone.exit_code == 0 and await folders(sim) == []  # c, d, e, then b, then a


async def test_a_folder_of_the_path_already_there_is_found_by_name(
    sim: Simulator, tmp_path: Path
) -> None:
    async with open_client(config(sim)) as client:
        await client.create("folder", {}, {"name": "a"})
    (tmp_path / "f.csv").write_text(SHEET, encoding="utf-8")
    summary = await import_sheet(ImportJob("folders", tmp_path / "f.csv"), config(sim))
    assert dict(summary.counts) == {Status.CREATED: 3}
    assert [path for path, _id, _parent in await folders(sim)] == [
        "a",
        "a/b",
        "a/b/c",
        "a/b/d",
        "a/e",
    ]  # the a that was there, not a second a
    undone = await undo_journal(Path(str(summary.journal_path)), config=config(sim))
    assert undone.exit_code == 0
    assert [path for path, _id, _parent in await folders(sim)] == ["a"]  # not this run's


async def test_a_name_with_a_slash_is_refused_and_nothing_is_sent_for_it(
    sim: Simulator, tmp_path: Path
) -> None:
    (tmp_path / "f.csv").write_text("name,parent\nx/y,\nz,x/y\n", encoding="utf-8")
    summary = await import_sheet(ImportJob("folders", tmp_path / "f.csv"), config(sim))
    assert [(r["status"], r["error"]) for r in results(summary)] == [
        ("invalid", "name: 'x/y' holds a /, which parent paths use between folders (x/y is "
                    "folder y in folder x): name the folder without /"),
        ("created", ""),
    ]  # fmt: skip
    assert [path for path, _id, _parent in await folders(sim)] == ["x", "x/y", "x/y/z"]


async def test_a_run_stopped_after_a_parent_resumes_without_making_it_again(
    sim: Simulator, tmp_path: Path
) -> None:
    """--limit 1 stops after folder a (made for row 2, parents first); the row itself stays
    pending, not `created` with a's id; the same command then makes the rest, a once."""
    (tmp_path / "f.csv").write_text("name,parent\nc,a/b\nx,q\nd,a/b\n", encoding="utf-8")
    job = ImportJob("folders", tmp_path / "f.csv")
    first = await import_sheet(dataclasses.replace(job, limit=1), config(sim))
    assert [path for path, _id, _parent in await folders(sim)] == ["a"]
    assert [(r["status"], r["id"]) for r in results(first)] == [("pending", "")] * 3
    rest = await import_sheet(job, config(sim))
    assert dict(rest.counts) == {Status.CREATED: 3}
    made = await folders(sim)
    assert [path for path, _id, _parent in made] == ["a", "a/b", "a/b/c", "a/b/d", "q", "q/x"]
    ids = {path: ident for path, ident, _parent in made}
    assert [(r["status"], r["id"]) for r in results(rest)] == [
        ("created", ids["a/b/c"]),
        ("created", ids["q/x"]),
        ("created", ids["a/b/d"]),
    ]


async def test_a_name_with_a_slash_is_a_name_where_parents_are_named_by_id(
    sim: Simulator, tmp_path: Path
) -> None:
    """A sheet of parent ids (an export's) names no path: a / there is a character of the
    name, as the API takes it, and an account's folder `a/b` exported imports unchanged."""
    async with open_client(config(sim)) as client:
        top = await client.create("folder", {}, {"name": "a/b"})
    (tmp_path / "f.csv").write_text(
        f"id,name,parent_id\n{top['id']},a/b,\n,c/d,{top['id']}\n", encoding="utf-8"
    )
    summary = await import_sheet(ImportJob("folders", tmp_path / "f.csv"), config(sim))
    assert [(r["status"], r["error"]) for r in results(summary)] == [
        ("unchanged", ""),
        ("created", ""),
    ]
    assert [path for path, _id, _parent in await folders(sim)] == ["a/b", "a/b/c/d"]


async def test_an_export_without_ids_refuses_a_name_its_path_would_split(
    sim: Simulator, tmp_path: Path
) -> None:
    """A sheet without ids names parents by path: a folder `a/b` there would come back as
    b in a (and its own row refused), so that export is refused, nothing written, and the
    export with ids (which names parents by id) goes through."""
    from bulkspot.api import export
    from bulkspot.errors import ConfigError
    from bulkspot.runner.export import ExportJob

    async with open_client(config(sim)) as client:
        top = await client.create("folder", {}, {"name": "a/b"})
        await client.create("folder", {}, {"name": "c", "parent_id": top["id"]})
    sheet = tmp_path / "folders.csv"
    with pytest.raises(ConfigError) as refused:
        await export(ExportJob("folders", sheet, with_ids=False), config(sim))
    assert str(refused.value) == (
        f"folder 'a/b' (id {top['id']}) holds a /, so a sheet without ids cannot name it in a "
        "path (x/y is folder y in folder x): export with ids (without with_ids=False), or "
        "rename the folder"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no sheet, no journal to resume
    summary = await export(ExportJob("folders", sheet), config(sim))
    assert summary.rows == 2
