"""Imports of the seed API's other kinds against the real simulator: a folder tree from one
sheet with parents named by path (under lost answers), a list update that keeps what the
sheet leaves out, files moved into folders by path, and events published from a sheet."""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bulkspot.api import import_sheet, undo_journal
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.outcome import Status
from bulkspot.runner.job import ImportJob, RunSummary
from bulkspot.simulator import Simulator, SimulatorConfig


@pytest.fixture
async def sim(request: pytest.FixtureRequest) -> AsyncIterator[Simulator]:
    settings: dict[str, Any] = getattr(request, "param", {})
    async with Simulator(SimulatorConfig(rate=0, seed=7, **settings)) as simulator:
        yield simulator


def config(sim: Simulator) -> RunConfig:
    return RunConfig(
        ApiSettings("sandbox-key", "sandbox-token", f"{sim.url}/v2/"),
        limits=Limits(rate=10_000, concurrency=4),
        retry=RetryPolicy.no_wait(max_attempts=10),
        seed=5,
    )


def sheet(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def results(summary: RunSummary) -> list[dict[str, str]]:
    with Path(summary.results_path).open(encoding="utf-8-sig") as lines:
        return list(csv.DictReader(lines))


def tree(sim: Simulator) -> dict[str, tuple[int, str]]:
    """Each folder's path -> (level, id)."""
    folders = sim.store.library.folders
    paths: dict[str, tuple[int, str]] = {}
    for ident, data in folders.items():
        names, cursor = [data["name"]], data
        while cursor.get("parent_id"):
            cursor = folders[cursor["parent_id"]]
            names.insert(0, cursor["name"])
        paths["/".join(names)] = (data["level"], ident)
    return paths


FOLDER_SHEET = """name,parent
Spring,Brochures/2026
Brochures,
2026,Brochures
Autumn,Brochures/2026
Print,Logos
Logos,
"""


@pytest.mark.parametrize("sim", [{"ambiguous_rate": 0.3}], indirect=True)
async def test_a_three_level_folder_tree_from_one_sheet_under_lost_answers(
    sim: Simulator, tmp_path: Path
) -> None:
    job = ImportJob("folders", sheet(tmp_path, "folders.csv", FOLDER_SHEET))
    summary = await import_sheet(job, config(sim))
    assert dict(summary.counts) == {Status.CREATED: 6}
    assert summary.reconciliations > 0  # some answers were lost, none made twice
    made = tree(sim)
    assert {path: level for path, (level, _) in made.items()} == {
        "Brochures": 1, "Brochures/2026": 2, "Brochures/2026/Spring": 3,
        "Brochures/2026/Autumn": 3, "Logos": 1, "Logos/Print": 2,
    }  # fmt: skip
    assert [(r["name"], r["status"], r["id"]) for r in results(summary)] == [
        (name, "created", made[path][1])
        for name, path in [("Spring", "Brochures/2026/Spring"), ("Brochures", "Brochures"),
                           ("2026", "Brochures/2026"), ("Autumn", "Brochures/2026/Autumn"),
                           ("Print", "Logos/Print"), ("Logos", "Logos")]
    ]  # fmt: skip
    again = await import_sheet(job, config(sim))
    assert dict(again.counts) == {} and again.requests == 0  # this run made nothing
    assert dict(again.job_counts) == {Status.CREATED: 6} and again.exit_code == 0


async def test_folders_named_by_path_that_exist_are_found_and_a_new_sheet_adds_under_them(
    sim: Simulator, tmp_path: Path
) -> None:
    await import_sheet(ImportJob("folders", sheet(tmp_path, "a.csv", FOLDER_SHEET)), config(sim))
    more = "name,parent\nSummer,Brochures/2026\nSpring,Brochures/2026\n2026,Logos\n"
    summary = await import_sheet(ImportJob("folders", sheet(tmp_path, "b.csv", more)),
                                 config(sim))  # fmt: skip
    assert [r["status"] for r in results(summary)] == ["created", "exists", "created"]
    assert tree(sim)["Brochures/2026/Summer"][0] == 3 and "Logos/2026" in tree(sim)


async def test_bad_folder_rows_are_invalid_with_the_reason(sim: Simulator, tmp_path: Path) -> None:
    text = (
        "name,parent,parent_id\n"
        "Too Deep,A/B/C,\n"
        "Twice,A,\n"
        "Twice,A,\n"
        "Both,A,5\n"
        "Bad Path,A//B,\n"
        "Café 🌸,,\n"
        "Missing,Nowhere,\n"
        "Slash/ed,,\n"
    )
    summary = await import_sheet(ImportJob("folders", sheet(tmp_path, "f.csv", text)),
                                 config(sim))  # fmt: skip
    assert [(r["status"], r["error"]) for r in results(summary)] == [
        ("invalid", "parent: folders nest at most 3 levels deep: a folder in 'A/B/C' would be "
                    "at level 4"),
        ("created", ""),  # its parent A made first, as mkdir -p does
        ("invalid", "name: name 'Twice' is already used on row 3"),
        ("invalid", "parent: give the parent by path or by parent_id, not both"),
        ("invalid", "parent: 'A//B' is no folder path (names joined by /, e.g. Brochures/2026)"),
        ("invalid", "name: must be ISO-8859-1 (Latin-1) characters only (got 'Café 🌸')"),
        ("created", ""),
        ("invalid", "name: 'Slash/ed' holds a /, which parent paths use between folders (x/y is "
                    "folder y in folder x): name the folder without /"),
    ]  # fmt: skip


async def test_a_folder_run_dry_runs_with_reads_and_is_undone(
    sim: Simulator, tmp_path: Path
) -> None:
    path = sheet(tmp_path, "folders.csv", FOLDER_SHEET)
    dry = await import_sheet(ImportJob("folders", path, dry_run=True), config(sim))
    assert dict(dry.counts) == {Status.TO_CREATE: 6} and sim.store.library.folders == {}
    summary = await import_sheet(ImportJob("folders", path), config(sim))
    undone = await undo_journal(Path(str(summary.journal_path)), config=config(sim))
    assert sim.store.library.folders == {}
    assert sum(undone.counts.values()) == 6


async def test_a_folder_sheet_renames_and_moves_by_id_and_parent_0_moves_to_the_top(
    sim: Simulator, tmp_path: Path
) -> None:
    await import_sheet(ImportJob("folders", sheet(tmp_path, "a.csv", FOLDER_SHEET)), config(sim))
    before = tree(sim)
    moves = (
        "id,name,parent,parent_id\n"
        f"{before['Logos/Print'][1]},,Brochures,\n"
        f"{before['Brochures/2026/Autumn'][1]},Fall,,0\n"
    )
    summary = await import_sheet(ImportJob("folders", sheet(tmp_path, "m.csv", moves)),
                                 config(sim))  # fmt: skip
    assert [r["status"] for r in results(summary)] == ["updated", "updated"]
    after = tree(sim)
    assert after["Brochures/Print"] == (2, before["Logos/Print"][1])
    assert after["Fall"] == (1, before["Brochures/2026/Autumn"][1])


async def test_a_list_update_keeps_what_the_sheet_leaves_out(
    sim: Simulator, tmp_path: Path
) -> None:
    made = "name,status\nMonthly Specials,HIDDEN\nVolunteers,\n"
    first = await import_sheet(ImportJob("lists", sheet(tmp_path, "l.csv", made)), config(sim))
    ids = [r["id"] for r in results(first)]
    assert [sim.store.lists.get(i).get("status") for i in ids] == ["HIDDEN", "ACTIVE"]
    renames = f"id,name\n{ids[0]},Specials\n{ids[1]},Volunteers\n"
    second = await import_sheet(ImportJob("lists", sheet(tmp_path, "r.csv", renames)),
                                config(sim))  # fmt: skip
    assert [r["status"] for r in results(second)] == ["updated", "unchanged"]
    assert (sim.store.lists.get(ids[0])["name"], sim.store.lists.get(ids[0])["status"]) == (
        "Specials",
        "HIDDEN",
    )  # fmt: skip  (a bare PUT of the name would have wiped the status)


async def test_a_list_name_in_use_is_found_not_made_twice(sim: Simulator, tmp_path: Path) -> None:
    sim.store.lists.create({"name": "Specials", "status": "ACTIVE"})
    summary = await import_sheet(
        ImportJob("lists", sheet(tmp_path, "l.csv", "name\nSpecials\nNew\n")), config(sim)
    )
    assert [r["status"] for r in results(summary)] == ["exists", "created"]
    assert len(sim.store.lists.lists) == 2


async def test_files_are_renamed_and_moved_into_folders_by_path(
    sim: Simulator, tmp_path: Path
) -> None:
    await import_sheet(ImportJob("folders", sheet(tmp_path, "a.csv", FOLDER_SHEET)), config(sim))
    library = sim.store.library
    library.add_file({"name": "IMG_0261.JPG", "description": "chocolates"}, {"id": "4"})
    library.add_file({"name": "logo.png"}, {"id": "5", "size": 1024})
    text = "id,name,folder\n4,,Brochures/2026/Spring\n5,logo-2026.png,Logos\n6,x,\n7,,Nowhere\n"
    summary = await import_sheet(ImportJob("files", sheet(tmp_path, "f.csv", text)), config(sim))
    folders = tree(sim)
    assert [(r["status"], r["error"]) for r in results(summary)] == [
        ("updated", ""), ("updated", ""),
        ("failed", "http.status.not_found: No file with the id 6 was found."),
        ("failed", "no folder 'Nowhere'"),
    ]  # fmt: skip
    assert library.files["4"]["folder_id"] == folders["Brochures/2026/Spring"][1]
    assert library.files["4"]["description"] == "chocolates"  # left out, so kept
    assert (library.files["5"]["name"], library.files["5"]["folder_id"]) == (
        "logo-2026.png", folders["Logos"][1]
    )  # fmt: skip


async def test_a_files_sheet_without_ids_is_refused_row_by_row(
    sim: Simulator, tmp_path: Path
) -> None:
    text = "id,name\n,new.png\n"
    summary = await import_sheet(ImportJob("files", sheet(tmp_path, "f.csv", text)), config(sim))
    assert [(r["status"], r["error"]) for r in results(summary)] == [
        ("invalid", "id: is required: a row changes the file with this id (files are uploaded "
                    "in MyLibrary)"),
    ]  # fmt: skip


EVENTS = (
    "name,title,type,start_date,end_date,time_zone_id,status\n"
    "fair,Fair,FESTIVALS_FAIRS,2027-06-05T10:00:00Z,2027-06-05T17:00:00Z,US/Eastern,ACTIVE\n"
    "talk,Talk,OTHER,2027-06-06T18:00:00Z,2027-06-06T20:00:00Z,US/Eastern,\n"
    "slam,Slam,OTHER,2027-06-07T19:00:00Z,2027-06-07T22:00:00Z,US/Eastern,CANCELLED\n"
    "bad,Bad,OTHER,2027-06-07T19:00:00Z,2027-06-07T22:00:00Z,US/Eastern,COMPLETE\n"
)


def statuses(sim: Simulator) -> dict[str, str]:
    return {e.data["name"]: e.data["status"] for e in sim.store.events.values()}


@pytest.mark.parametrize("sim", [{"ambiguous_rate": 0.3}], indirect=True)
async def test_events_are_published_and_cancelled_from_a_sheet(
    sim: Simulator, tmp_path: Path
) -> None:
    job = ImportJob("events", sheet(tmp_path, "events.csv", EVENTS))
    summary = await import_sheet(job, config(sim))
    assert statuses(sim) == {"fair": "ACTIVE", "talk": "DRAFT", "slam": "CANCELLED"}
    rows = results(summary)
    assert [(r["status"], r["error"]) for r in rows] == [
        ("created", ""), ("created", ""), ("cancelled", ""),
        ("invalid", "status: 'COMPLETE' is not one of ACTIVE, CANCELLED"),
    ]  # fmt: skip
    assert rows[0]["id"] == next(
        e.id for e in sim.store.events.values() if e.data["name"] == "fair"
    )
    assert sim.store.events[rows[0]["id"]].data.get("active_date")
    undone = await undo_journal(Path(str(summary.journal_path)), config=config(sim))
    assert statuses(sim) == {"fair": "CANCELLED", "talk": "CANCELLED", "slam": "CANCELLED"}
    assert undone.counts.get(Status.CANCELLED, 0) >= 2


async def test_an_update_row_with_only_a_status_publishes_the_event(
    sim: Simulator, tmp_path: Path
) -> None:
    first = await import_sheet(ImportJob("events", sheet(tmp_path, "e.csv", EVENTS)), config(sim))
    talk = results(first)[1]["id"]
    text = f"id,status,location\n{talk},ACTIVE,\n{talk},CANCELLED,Hall\n"
    summary = await import_sheet(ImportJob("events", sheet(tmp_path, "p.csv", text)),
                                 config(sim))  # fmt: skip
    rows = results(summary)
    assert [(r["status"], r["id"]) for r in rows] == [("updated", talk), ("cancelled", talk)]
    assert sim.store.events[talk].data["status"] == "CANCELLED"
    assert sim.store.events[talk].data["location"] == "Hall"


async def test_a_status_the_event_cannot_take_fails_with_the_apis_words(
    sim: Simulator, tmp_path: Path
) -> None:
    first = await import_sheet(ImportJob("events", sheet(tmp_path, "e.csv", EVENTS)), config(sim))
    slam = results(first)[2]["id"]  # cancelled
    text = f"id,status\n{slam},ACTIVE\n"
    summary = await import_sheet(ImportJob("events", sheet(tmp_path, "p.csv", text)),
                                 config(sim))  # fmt: skip
    assert [(r["status"], r["error"]) for r in results(summary)] == [
        (
            "failed",
            "json.field.invalid: #/status: cannot change the status from CANCELLED to ACTIVE",
        ),
    ]


def test_the_samples_parse() -> None:
    samples = Path(__file__).resolve().parents[2] / "samples"
    for name in ("folders.csv", "lists.csv", "events-published.csv", "files.csv"):
        assert (samples / name).read_text(encoding="utf-8").count("\n") >= 2, name
    json.loads((samples / "library-state.json").read_text(encoding="utf-8"))
