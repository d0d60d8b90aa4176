"""Undo deletes only what it can prove is its own, children first (issue 21): another
writer's sizes and subfolders under the run's items and folders are kept, and so are the
holders, named with why; the run's own folders go deepest first. What the server holds is
read over plain HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bulkspot.api import import_sheet, undo_journal
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.apipath import Address
from bulkspot.core.holding import Held, LeftInPlace
from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Status
from bulkspot.errors import TransferError
from bulkspot.runner.job import ImportJob
from bulkspot.runner.undo_plan import LeftAlone, UndoSummary
from bulkspot.simulator import Simulator, SimulatorConfig
from bulkspot.sinks.journal import SENDING, Journal, JournalRecord
from bulkspot.transport.aiohttp_sender import AiohttpSender
from bulkspot.transport.base import Reply
from tests.simulator.api import Api
from tests.simulator.payloads import EVENT, ITEM

ITEMS_SHEET = """\
name,price,default_quantity_total,per_registrant_limit,show_quantity_available,attribute,\
attribute_quantity
Shirt,20.00,,2,yes,S,10
,,,,,M,12
Hat,10.00,30,1,yes,,
Mug,8.00,40,1,yes,,
Cap,9.00,50,1,yes,,
"""
FOLDERS_SHEET = """name,parent
Brochures,
2026,Brochures
Spring,Brochures/2026
Logos,
Print,Logos
"""


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimulatorConfig(rate=0, seed=7)) as simulator:
        yield simulator


@pytest.fixture
async def http(sim: Simulator) -> AsyncIterator[Api]:
    """Another writer, and the reader of what the server holds: plain HTTP."""
    async with aiohttp.ClientSession() as session:
        yield Api(session, sim.url)


def config(sim: Simulator) -> RunConfig:
    return RunConfig(
        ApiSettings("sandbox-key", "sandbox-token", f"{sim.url}/v2/"),
        limits=Limits(rate=10_000, concurrency=1),  # one at a time: the order is the plan's
        retry=RetryPolicy.no_wait(max_attempts=5),
        seed=5,
    )


def sheet(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class RecordingSender:
    """The real HTTP sender, keeping each request's method, path and status in order."""

    def __init__(self, config: RunConfig) -> None:
        self.inner = AiohttpSender(config.api)
        self.seen: list[tuple[str, str, int]] = []

    async def send(self, method: str, path: Address, body: Any = None) -> Reply:
        try:
            reply = await self.inner.send(method, path, body)
        except TransferError as error:
            self.seen.append((method, str(path), int(getattr(error, "status", 0) or 0)))
            raise
        self.seen.append((method, str(path), reply.status))
        return reply

    async def aclose(self) -> None:
        await self.inner.aclose()


async def items_held(http: Api, event: str) -> dict[str, list[str]]:
    """Each item's name -> its attributes' names, as the server answers."""
    items = (await http.call("GET", f"eventspot/events/{event}/items")).body
    return {i["name"]: sorted(a["name"] for a in i.get("attributes") or []) for i in items}


async def folder_ids(http: Api) -> dict[str, str]:
    folders = (await http.call("GET", "library/folders", query="limit=1000")).body["results"]
    return {f["name"]: f["id"] for f in folders}


async def folders_held(http: Api) -> dict[str, str]:
    """Each folder's name -> its parent's name ("" at the top), as the server answers."""
    folders = (await http.call("GET", "library/folders", query="limit=1000")).body["results"]
    names = {f["id"]: f["name"] for f in folders}
    return {f["name"]: names.get(f.get("parent_id") or "", "") for f in folders}


async def test_undo_keeps_another_writers_sizes_and_the_items_that_hold_them(
    sim: Simulator, http: Api, tmp_path: Path
) -> None:
    event = (await http.call("POST", "eventspot/events", EVENT)).body["id"]
    made = await import_sheet(ImportJob("items", sheet(tmp_path, "items.csv", ITEMS_SHEET),
                                        event_id=event), config(sim))  # fmt: skip
    assert made.exit_code == 0
    ids = {i["name"]: i["id"] for i in
           (await http.call("GET", f"eventspot/events/{event}/items")).body}  # fmt: skip
    theirs = {}
    for name in ("Shirt", "Hat"):  # someone else adds a size to two of the run's items
        added = await http.call("POST", f"eventspot/events/{event}/items/{ids[name]}/attributes",
                                {"name": "XL", "quantity_total": 5})  # fmt: skip
        assert added.status == 201
        theirs[name] = added.body["id"]
    other = await http.call("POST", f"eventspot/events/{event}/items",
                            {**ITEM, "name": "Theirs"})  # fmt: skip
    assert other.status == 201

    undone = await undo_journal(Path(str(made.journal_path)), config=config(sim))

    assert await items_held(http, event) == {"Shirt": ["XL"], "Hat": ["XL"], "Theirs": []}
    assert isinstance(undone, UndoSummary)
    assert undone.left_in_place == tuple(
        LeftInPlace("item", ids[name], name, theirs=(Held("attribute", theirs[name], "XL"),))
        for name in ("Hat", "Shirt")
    )  # in the order they came up: Hat holds nothing of the run's, Shirt held its S and M
    assert [found.line() for found in undone.left_in_place if found.name == "Hat"] == [
        f"item 'Hat' (id {ids['Hat']}): it holds 1 attribute this run did not make: "
        f"attribute 'XL' (id {theirs['Hat']})"
    ]
    assert dict(undone.counts) == {Status.DELETED: 4}  # S, M, Mug, Cap: no "already gone"
    assert undone.exit_code == 0

    # once the other writer's sizes are gone, the same undo takes what is left of the run's
    for name in ("Shirt", "Hat"):
        await http.call("DELETE", f"eventspot/events/{event}/items/{ids[name]}/attributes/"
                                  f"{theirs[name]}")  # fmt: skip
    again = await undo_journal(Path(str(made.journal_path)), config=config(sim))
    assert await items_held(http, event) == {"Theirs": []}
    assert isinstance(again, UndoSummary) and again.left_in_place == ()


async def test_folder_undo_goes_deepest_first_and_keeps_a_folder_holding_anothers_subfolder(
    sim: Simulator, http: Api, tmp_path: Path
) -> None:
    made = await import_sheet(ImportJob("folders", sheet(tmp_path, "folders.csv", FOLDERS_SHEET)),
                              config(sim))  # fmt: skip
    assert made.exit_code == 0
    ids = await folder_ids(http)
    added = await http.call("POST", "library/folders", {"name": "Theirs",
                                                        "parent_id": ids["Logos"]})  # fmt: skip
    assert added.status == 201
    recorder = RecordingSender(config(sim))
    try:
        undone = await undo_journal(Path(str(made.journal_path)), config=config(sim),
                                    sender=recorder)  # fmt: skip
    finally:
        await recorder.aclose()

    assert await folders_held(http) == {"Logos": "", "Theirs": "Logos"}
    deletes = [(path.rsplit("/", 1)[-1], status) for method, path, status in recorder.seen
               if method == "DELETE"]  # fmt: skip
    assert deletes == [(ids["Spring"], 204), (ids["Print"], 204), (ids["2026"], 204),
                       (ids["Brochures"], 204)]  # fmt: skip
    assert isinstance(undone, UndoSummary)
    assert [found.line() for found in undone.left_in_place] == [
        f"folder 'Logos' (id {ids['Logos']}): it holds 1 folder this run did not make: "
        f"folder 'Theirs' (id {added.body['id']})"
    ]
    assert dict(undone.counts) == {Status.DELETED: 4}


async def test_a_folder_above_one_left_in_place_is_left_too_and_the_dry_run_says_the_same(
    sim: Simulator, http: Api, tmp_path: Path
) -> None:
    made = await import_sheet(ImportJob("folders", sheet(tmp_path, "folders.csv", FOLDERS_SHEET)),
                              config(sim))  # fmt: skip
    ids = await folder_ids(http)
    added = await http.call("POST", "library/folders", {"name": "Theirs",
                                                        "parent_id": ids["2026"]})  # fmt: skip
    journal = Path(str(made.journal_path))

    dry = await undo_journal(journal, config=config(sim), dry_run=True)
    undone = await undo_journal(journal, config=config(sim))

    assert await folders_held(http) == {"Brochures": "", "2026": "Brochures",
                                        "Theirs": "2026"}  # fmt: skip

    expected = [
        f"folder '2026' (id {ids['2026']}): it holds 1 folder this run did not make: "
        f"folder 'Theirs' (id {added.body['id']})",
        f"folder 'Brochures' (id {ids['Brochures']}): it holds 1 folder of this run's left in "
        f"place: folder '2026' (id {ids['2026']})",
    ]
    assert isinstance(dry, UndoSummary) and isinstance(undone, UndoSummary)
    assert [found.line() for found in dry.left_in_place] == expected
    assert [found.line() for found in undone.left_in_place] == expected
    assert [(t.kind, t.name) for t in dry.targets] == [("folder", "Spring"), ("folder", "Print"),
                                                      ("folder", "Logos")]  # fmt: skip


async def test_folder_undo_deletes_children_first_so_none_is_already_gone(
    sim: Simulator, http: Api, tmp_path: Path
) -> None:
    made = await import_sheet(ImportJob("folders", sheet(tmp_path, "folders.csv", FOLDERS_SHEET)),
                              config(sim))  # fmt: skip
    ids = await folder_ids(http)
    recorder = RecordingSender(config(sim))
    try:
        undone = await undo_journal(Path(str(made.journal_path)), config=config(sim),
                                    sender=recorder)  # fmt: skip
    finally:
        await recorder.aclose()

    assert await folders_held(http) == {}
    assert [(path.rsplit("/", 1)[-1], status) for method, path, status in recorder.seen
            if method == "DELETE"] == [
        (ids[name], 204) for name in ("Spring", "Print", "2026", "Logos", "Brochures")
    ]  # fmt: skip
    assert dict(undone.counts) == {Status.DELETED: 5}


@pytest.mark.parametrize("landed", [True, False], ids=["the-runs-own", "someone-elses"])
async def test_a_cut_off_size_under_the_runs_item_is_proven_before_the_item_goes(
    sim: Simulator, http: Api, tmp_path: Path, landed: bool
) -> None:
    """A kill left a size's create without its answer; a size of that name is under the
    run's item. Holding what was sent, it is the run's: both go. Not holding it (someone
    else made it), it stays, and so does the item."""
    event = (await http.call("POST", "eventspot/events", EVENT)).body["id"]
    made = await import_sheet(ImportJob("items", sheet(tmp_path, "items.csv", ITEMS_SHEET),
                                        event_id=event), config(sim))  # fmt: skip
    shirt = next(i for i in (await http.call("GET", f"eventspot/events/{event}/items")).body
                 if i["name"] == "Shirt")  # fmt: skip
    sent = {"name": "L", "quantity_total": 7}
    body = sent if landed else {**sent, "quantity_total": 70}
    there = await http.call("POST", f"eventspot/events/{event}/items/{shirt['id']}/attributes",
                            body)  # fmt: skip
    journal_path = Path(str(made.journal_path))
    journal = Journal.open_existing(journal_path)
    try:
        journal.write_many([JournalRecord(OpKey(9, "attribute"), "attribute", SENDING,
                                          {"event_id": event, "item_id": shirt["id"]}, "L",
                                          sent=sent)])  # fmt: skip
    finally:
        journal.close()

    undone = await undo_journal(journal_path, config=config(sim))

    held = await items_held(http, event)
    assert isinstance(undone, UndoSummary)
    if landed:
        assert held == {} and undone.left_in_place == ()
    else:
        assert held == {"Shirt": ["L"]}
        assert [found.line() for found in undone.left_in_place] == [
            f"item 'Shirt' (id {shirt['id']}): it holds 1 attribute this run did not make: "
            f"attribute 'L' (id {there.body['id']})"
        ]


LISTS_SHEET = """name,status
Members,ACTIVE
Donors,ACTIVE
Volunteers,HIDDEN
"""


async def test_undo_keeps_a_list_someone_added_contacts_to_and_says_so(
    sim: Simulator, http: Api, tmp_path: Path
) -> None:
    """Deleting a list drops every contact from it, and no run adds contacts: a list of the
    run's that holds some is someone else's work. It was deleted with its 12 contacts."""
    made = await import_sheet(ImportJob("lists", sheet(tmp_path, "lists.csv", LISTS_SHEET)),
                              config(sim))  # fmt: skip
    assert made.exit_code == 0
    ids = {found["name"]: found["id"] for found in (await http.call("GET", "lists")).body}
    # someone adds 12 contacts to Members (the simulator serves no contacts: its store does)
    sim.store.lists.lists[ids["Members"]]["contact_count"] = 12
    journal = Path(str(made.journal_path))

    dry = await undo_journal(journal, config=config(sim), dry_run=True)
    undone = await undo_journal(journal, config=config(sim))

    held = (await http.call("GET", "lists")).body
    assert [(found["name"], found["contact_count"]) for found in held] == [("Members", 12)]
    assert isinstance(undone, UndoSummary) and isinstance(dry, UndoSummary)
    line = f"list 'Members' (id {ids['Members']}): it holds 12 contacts this run did not add"
    assert [found.line() for found in undone.left_in_place] == [line]
    assert [found.line() for found in dry.left_in_place] == [line]
    assert dict(undone.counts) == {Status.DELETED: 2}


async def test_undo_of_items_it_made_with_their_sizes_leaves_nothing_alone(
    sim: Simulator, http: Api, tmp_path: Path
) -> None:
    """An item with sizes keeps its total in a follow-up of its row ('total'), unchanged when
    the API's sum is already right: undo counted each under 'left alone: rows that found a
    resource already there', of an import that found nothing."""
    event = (await http.call("POST", "eventspot/events", EVENT)).body["id"]
    job = ImportJob("items", sheet(tmp_path, "items.csv", ITEMS_SHEET), event_id=event)
    made = await import_sheet(job, config(sim))
    assert made.exit_code == 0 and set(made.counts) == {Status.CREATED}
    journal = Path(str(made.journal_path))
    dry = await undo_journal(journal, config=config(sim), dry_run=True)
    undone = await undo_journal(journal, config=config(sim))
    assert isinstance(dry, UndoSummary) and isinstance(undone, UndoSummary)
    assert dry.left_alone == undone.left_alone == LeftAlone()
    assert dict(undone.counts) == {Status.DELETED: 6}  # 4 items, 2 sizes
    assert await items_held(http, event) == {}
