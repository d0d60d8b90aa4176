"""A JSON Lines cell of ids holds an id: an object, a list (but in a column of ids) or a
yes/no value there makes its row `invalid`, naming the column and saying what the cell held,
and is never sent; the sheet's other rows are done.

Before, an object was spread into a column nobody reads (`event_id.a`, only warned about), so
with --event its row went to that event, and an object `id` created instead of updating; a
`true` was read as the text "true", which has an event id's shape, and met a 404.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.plain_http import get

FAST = ("--rate", "1000", "--quiet")
ITEM = {"price": 5, "default_quantity_total": 10, "per_registrant_limit": 2,
        "show_quantity_available": False}  # fmt: skip
TOKEN_WORDS = "(letters and digits, such as a07e1iw4r2m67314717)"
NUMBER_WORDS = "(a whole number, such as 1857833708)"


def write_lines(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def results_of(folder: Path, sheet: str) -> list[dict[str, str]]:
    (path,) = folder.glob(f"{sheet}.*.results.csv")
    with path.open(encoding="utf-8-sig") as lines:
        return list(csv.DictReader(lines))


def test_an_object_a_list_or_true_as_event_id_is_invalid_and_never_sent(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    event, elsewhere, alone = sandbox.new_event(), sandbox.new_event(), sandbox.new_event()
    folder = run_cli.cwd
    write_lines(folder / "alone.jsonl", [{"name": "Hat", **ITEM}])
    before = sandbox.stats()["requests"]
    done = run_cli("import", "items", "alone.jsonl", "--event", alone, *FAST, env=sandbox.env)
    assert done.exit_code == 0, done.output
    requests_alone = sandbox.stats()["requests"] - before

    write_lines(folder / "items.jsonl", [
        {"event_id": {"a": elsewhere}, "name": "Object", **ITEM},
        {"event_id": True, "name": "Yes", **ITEM},
        {"event_id": [elsewhere], "name": "Listed", **ITEM},
        {"name": "Hat", **ITEM},
    ])  # fmt: skip
    before = sandbox.stats()["requests"]
    done = run_cli("import", "items", "items.jsonl", "--event", event, *FAST, env=sandbox.env)
    assert done.exit_code == 1, done.output
    assert sandbox.stats()["requests"] - before == requests_alone  # none for the 3 bad rows
    results = results_of(folder, "items.jsonl")
    assert [(r["status"], r["error"]) for r in results] == [
        ("invalid", f'event_id: an object {{"a": "{elsewhere}"}} is not an event id '
                    f"{TOKEN_WORDS}"),
        ("invalid", f"event_id: the yes/no value true is not an event id {TOKEN_WORDS}"),
        ("invalid", f'event_id: a list ["{elsewhere}"] is not an event id {TOKEN_WORDS}'),
        ("created", ""),
    ]  # fmt: skip
    assert results[0]["event_id"] == json.dumps({"a": elsewhere}, separators=(",", ":"))
    assert "not read" not in done.output  # no column `event_id.a` spread out and warned of
    assert get(sandbox.base, f"eventspot/events/{elsewhere}/items") == []
    assert [i["name"] for i in get(sandbox.base, f"eventspot/events/{event}/items")] == ["Hat"]


def test_an_object_as_id_neither_updates_nor_creates(sandbox: Sandbox, run_cli: Cli) -> None:
    write_lines(run_cli.cwd / "first.jsonl", [{"name": "Helpers JSON"}])
    done = run_cli("import", "lists", "first.jsonl", *FAST, env=sandbox.env)
    assert done.exit_code == 0, done.output
    (made,) = [x for x in get(sandbox.base, "lists") if x["name"] == "Helpers JSON"]
    lists_before = get(sandbox.base, "lists")

    write_lines(run_cli.cwd / "lists.jsonl", [
        {"id": {"id": made["id"]}, "name": "Renamed by an object"},
        {"id": True, "name": "Made by a yes"},
        {"name": "Volunteers JSON"},
    ])  # fmt: skip
    done = run_cli("import", "lists", "lists.jsonl", *FAST, env=sandbox.env)
    assert done.exit_code == 1, done.output
    assert [(r["status"], r["error"]) for r in results_of(run_cli.cwd, "lists.jsonl")] == [
        ("invalid", f'id: an object {{"id": "{made["id"]}"}} is not a list id {NUMBER_WORDS}'),
        ("invalid", f"id: the yes/no value true is not a list id {NUMBER_WORDS}"),
        ("created", ""),
    ]
    after = {x["name"]: x for x in get(sandbox.base, "lists")}
    assert sorted(after) == sorted([*(x["name"] for x in lists_before), "Volunteers JSON"])
    assert after["Helpers JSON"] == made


def test_a_column_of_ids_takes_a_json_list_of_ids_and_nothing_else(
    sandbox: Sandbox, run_cli: Cli
) -> None:
    event = sandbox.new_event()
    fee = sandbox.call(
        lambda client: client.create("fee", {"event_id": event}, {"label": "Entry", "fee": 10.0})
    )["id"]
    code = {"code_type": "DISCOUNT", "discount": "10%", "discount_scope": "FEE_LIST"}
    write_lines(run_cli.cwd / "codes.jsonl", [
        {"code_name": "LISTED", "fee_ids": [fee], **code},
        {"code_name": "TRUTH", "fee_ids": [True], **code},
        {"code_name": "OBJECT", "fee_ids": {"a": fee}, **code},
        {"code_name": "NESTED", "fee_ids": [[fee]], **code},
    ])  # fmt: skip
    done = run_cli("import", "promocodes", "codes.jsonl", "--event", event, *FAST, env=sandbox.env)
    assert done.exit_code == 1, done.output
    assert [(r["status"], r["error"]) for r in results_of(run_cli.cwd, "codes.jsonl")] == [
        ("created", ""),
        ("invalid", f"fee_ids: the yes/no value true is not a fee id {TOKEN_WORDS}"),
        ("invalid", f'fee_ids: an object {{"a": "{fee}"}} is not a fee id {TOKEN_WORDS}'),
        ("invalid", f'fee_ids: a list ["{fee}"] is not a fee id {TOKEN_WORDS}'),
    ]
    sent = get(sandbox.base, f"eventspot/events/{event}/promocodes")
    assert [(c["code_name"], c["fee_ids"]) for c in sent] == [("LISTED", [fee])]
