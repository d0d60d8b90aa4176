"""MyLibrary folders and files and contact lists in the simulator, rule by rule, as
the notes (ctct-v2.md) section 5 state them (contract tests: the client's rules are checked
against the same cases at the end)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bulkspot.core.resources import spec_for
from bulkspot.core.validate import validate_body
from bulkspot.simulator import Simulator
from tests.simulator.api import Api, StartSim

FOLDERS, FILES, LISTS = "library/folders", "library/files", "lists"
SAME_NAME = "A folder with that name at this level already exists"
GUESS_HEADER = "X-Simulator-Guess"


async def folder(api: Api, name: str, parent: str | None = None) -> dict[str, Any]:
    body = {"name": name} if parent is None else {"name": name, "parent_id": parent}
    return await api.child(FOLDERS, body)


async def test_a_folder_is_made_at_the_top_or_under_a_parent_with_its_level(api: Api) -> None:
    top = await folder(api, "Brochures")
    assert {k: top[k] for k in ("name", "level", "children", "item_count")} == {
        "name": "Brochures", "level": 1, "children": [], "item_count": 0,
    }  # fmt: skip
    assert "parent_id" not in top and top["id"].isdigit()
    child = await folder(api, "2026", top["id"])
    assert (child["level"], child["parent_id"]) == (2, top["id"])
    shown = (await api.get(f"{FOLDERS}/{top['id']}")).body
    assert [c["name"] for c in shown["children"]] == ["2026"]


async def test_folders_nest_at_most_three_levels(api: Api) -> None:
    one = await folder(api, "A")
    two = await folder(api, "B", one["id"])
    three = await folder(api, "C", two["id"])
    reply = await api.post(FOLDERS, {"name": "D", "parent_id": three["id"]})
    assert reply.status == 400
    assert reply.messages == ["#/parent_id: folders nest at most 3 levels deep (this would make 4)"]
    # a move that would take a subtree below the third level is refused the same way
    other = await folder(api, "X2", (await folder(api, "X"))["id"])
    moved = await api.put(f"{FOLDERS}/{two['id']}", {"parent_id": other["id"]})
    assert moved.status == 400 and "this would make 4" in moved.messages[0]


async def test_a_name_used_at_that_level_is_a_409_with_the_documented_message(api: Api) -> None:
    top = await folder(api, "Logos")
    await folder(api, "Print", top["id"])
    for body in ({"name": "Logos"}, {"name": "Print", "parent_id": top["id"]}):
        reply = await api.post(FOLDERS, body)
        assert (reply.status, reply.keys, reply.messages) == (
            409, ["http.status.conflict"], [SAME_NAME]
        )  # fmt: skip
    assert (await api.post(FOLDERS, {"name": "Print"})).status == 201  # another level: fine


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "#/name: is required"),
        ({"name": "x" * 41}, "#/name: must be 1 to 40 characters long (got 41)"),
        ({"name": "Café 🌸"},
         "#/name: must be ISO-8859-1 (Latin-1) characters only (got 'Café 🌸')"),
    ],
)  # fmt: skip
async def test_a_folder_name_is_required_up_to_40_latin_1_characters(
    api: Api, body: dict[str, Any], message: str
) -> None:
    reply = await api.post(FOLDERS, body)
    assert (reply.status, reply.messages) == (400, [message])
    client = [str(p) for p in validate_body(spec_for("folder"), body)]
    assert [p.split(":")[0] for p in client] == ["name"]  # the client refuses it too


async def test_an_unknown_parent_is_a_404(api: Api) -> None:
    reply = await api.post(FOLDERS, {"name": "Orphan", "parent_id": "99"})
    assert (reply.status, reply.messages) == (404, ["No folder with the id 99 was found."])


async def test_a_put_renames_and_moves_and_parent_0_moves_to_the_top(api: Api) -> None:
    top = await folder(api, "Docs")
    inner = await folder(api, "Old", top["id"])
    deeper = await folder(api, "Deeper", inner["id"])
    renamed = await api.put(f"{FOLDERS}/{inner['id']}", {"name": "New"})
    assert (renamed.status, renamed.body["name"], renamed.body["parent_id"]) == (
        200, "New", top["id"]
    )  # fmt: skip
    moved = await api.put(f"{FOLDERS}/{inner['id']}", {"name": "Documents2", "parent_id": "0"})
    assert moved.status == 200 and moved.body["level"] == 1 and "parent_id" not in moved.body
    assert (await api.get(f"{FOLDERS}/{deeper['id']}")).body["level"] == 2  # its subtree too


async def test_include_payload_false_answers_204_without_a_body(api: Api) -> None:
    made = await folder(api, "Quiet")
    reply = await api.put(f"{FOLDERS}/{made['id']}", {"name": "Hush"},
                          query="include_payload=false")  # fmt: skip
    assert (reply.status, reply.body) == (204, None)
    assert (await api.get(f"{FOLDERS}/{made['id']}")).body["name"] == "Hush"


async def test_a_move_into_itself_or_a_same_name_is_refused(api: Api) -> None:
    top = await folder(api, "Top")
    inner = await folder(api, "Inner", top["id"])
    await folder(api, "Taken")
    into = await api.put(f"{FOLDERS}/{top['id']}", {"parent_id": inner["id"]})
    assert into.status == 400
    taken = await api.put(f"{FOLDERS}/{inner['id']}", {"parent_id": "0", "name": "Taken"})
    assert (taken.status, taken.messages) == (409, [SAME_NAME])


async def test_folders_are_paged_with_limit_1_to_1000_newest_first(api: Api) -> None:
    for index in range(5):
        await folder(api, f"F{index}")
    first = await api.get(FOLDERS, query="limit=2")
    assert [f["name"] for f in first.body["results"]] == ["F4", "F3"]
    names = [f["name"] for f in first.body["results"]]
    link = first.body["meta"]["pagination"]["next_link"]
    while link:
        page = await api.get(link.removeprefix("/v2/"))
        names += [f["name"] for f in page.body["results"]]
        link = page.body["meta"]["pagination"].get("next_link")
    assert names == ["F4", "F3", "F2", "F1", "F0"]
    assert (await api.get(FOLDERS, query="limit=1000")).status == 200
    for bad in ("0", "1001"):
        reply = await api.get(FOLDERS, query=f"limit={bad}")
        assert (reply.status, reply.messages) == (
            400, [f"limit: must be a whole number from 1 to 1000 (got '{bad}')"]
        )  # fmt: skip


@pytest.mark.parametrize("guesses", [True, False])
async def test_deleting_a_folder_takes_its_folders_and_leaves_its_files_by_a_named_guess(
    start_sim: StartSim, tmp_path: Path, guesses: bool
) -> None:
    _, api = await _seeded(start_sim, tmp_path, guesses=guesses)
    empty = await folder(api, "Empty")
    gone = await api.delete(f"{FOLDERS}/6")
    # no page this simulator follows has the folder DELETE: where the files go is its guess,
    # with no neutral alternative (a file must be somewhere), so it stays and says so
    assert (gone.status, gone.headers.get(GUESS_HEADER)) == (204, "folder.delete_moves_files")
    assert (await api.get(f"{FOLDERS}/7")).status == 404
    assert (await api.get(f"{FILES}/4")).body["folder_id"] is None
    nothing_under = await api.delete(f"{FOLDERS}/{empty['id']}")
    assert (nothing_under.status, GUESS_HEADER in nothing_under.headers) == (204, False)


@pytest.mark.parametrize("guesses", [True, False])
async def test_a_folder_moved_under_itself_is_refused_by_the_tree_not_a_guess(
    start_sim: StartSim, guesses: bool
) -> None:
    _, api = await start_sim(guesses=guesses)
    top = await folder(api, "Top")
    into = await api.put(f"{FOLDERS}/{top['id']}", {"parent_id": top["id"]})
    assert (into.status, into.messages) == (
        400, ["#/parent_id: a folder cannot move into itself or a folder under it"]
    )  # fmt: skip
    assert GUESS_HEADER not in into.headers


STATE = {
    "folders": [
        {"id": "7", "name": "spring", "parent_id": "6"},  # its parent is later: loaded after it
        {"id": "6", "name": "wildflowers"},
    ],
    "files": [
        {"id": "4", "name": "IMG_0261.JPG", "description": "chocolates", "folder_id": "6",
         "height": 600, "width": 800, "size": 68825, "file_type": "JPG", "is_image": True,
         "url": "https://example.com/4.jpg", "source": "MyComputer", "status": "Active"},
    ],
    "lists": [{"id": "1", "name": "Monthly Specials", "status": "ACTIVE", "contact_count": 127}],
}  # fmt: skip


async def _seeded(start_sim: StartSim, tmp_path: Path, **config: Any) -> tuple[Simulator, Api]:
    path = tmp_path / "state.json"
    path.write_text(json.dumps(STATE), encoding="utf-8")
    return await start_sim(state_path=path, **config)


async def test_files_come_from_the_state_and_a_put_renames_describes_and_moves_them(
    start_sim: StartSim, tmp_path: Path
) -> None:
    sim, api = await _seeded(start_sim, tmp_path)
    listed = await api.get(FILES)
    assert [f["name"] for f in listed.body["results"]] == ["IMG_0261.JPG"]
    shown = (await api.get(f"{FILES}/4")).body
    assert (shown["folder"], shown["folder_id"], shown["size"]) == ("wildflowers", "6", 68825)
    assert (await api.get(f"{FOLDERS}/6")).body["item_count"] == 1
    moved = await api.put(
        f"{FILES}/4", {"name": "chocs.jpg", "description": "box", "folder_id": "7"}
    )
    assert moved.status == 200
    assert {k: moved.body[k] for k in ("name", "description", "folder", "folder_id", "size")} == {
        "name": "chocs.jpg", "description": "box", "folder": "spring", "folder_id": "7",
        "size": 68825,
    }  # fmt: skip
    top = await api.put(f"{FILES}/4", {"name": "chocs.jpg", "folder_id": "0"},
                        query="include_payload=false")  # fmt: skip
    assert top.status == 204
    again = (await api.get(f"{FILES}/4")).body
    assert again["folder_id"] is None and "description" not in again  # a PUT sets what it says
    unknown = await api.put(f"{FILES}/4", {"name": "x", "folder_id": "99"})
    assert unknown.status == 404
    assert (await api.put(f"{FILES}/4", {"folder_id": "7"})).messages == ["#/name: is required"]
    assert (await api.post(FILES, {"name": "new.png"})).status == 405  # uploads are elsewhere
    await sim.close()
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in saved["files"]] == ["chocs.jpg"]
    assert {f["id"] for f in saved["folders"]} == {"6", "7"}


async def test_a_list_is_made_and_a_put_overwrites_every_property(api: Api) -> None:
    made = await api.child(LISTS, {"name": "Monthly Specials"})
    assert (made["status"], made["contact_count"]) == ("ACTIVE", 0)
    hidden = await api.put(f"{LISTS}/{made['id']}", {"name": "Specials", "status": "HIDDEN"})
    assert (hidden.status, hidden.body["status"]) == (200, "HIDDEN")
    wiped = await api.put(f"{LISTS}/{made['id']}", {"name": "Specials"})
    assert "status" not in wiped.body  # "properties not included ... will be deleted"
    assert [entry["name"] for entry in (await api.get(LISTS)).body] == ["Specials"]  # bare array


async def test_a_list_name_already_used_is_a_409_on_post_and_put(api: Api) -> None:
    first = await api.child(LISTS, {"name": "A"})
    await api.child(LISTS, {"name": "B"})
    for reply in (
        await api.post(LISTS, {"name": "B"}),
        await api.put(f"{LISTS}/{first['id']}", {"name": "B", "status": "ACTIVE"}),
    ):
        assert (reply.status, reply.messages) == (
            409, ["#/name: 'B' is already in use by another list."]
        )  # fmt: skip
    bad = await api.post(LISTS, {"name": "C", "status": "GONE"})
    assert bad.status == 400 and bad.keys == ["json.field.enum"]
    assert [str(p).split(":")[0] for p in validate_body(spec_for("list"),
                                                      {"name": "C", "status": "GONE"})] == [
        "status"
    ]  # fmt: skip
    assert (await api.delete(f"{LISTS}/{first['id']}")).status == 204
    assert (await api.get(f"{LISTS}/{first['id']}")).status == 404
