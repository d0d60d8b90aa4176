"""`bulkspot copy` run again after the source changed (a rehearsal, then the cut-over): it
reads the source again and brings over what is new (a promocode added) and what changed (a
fee's price, an item's sizes), each once, in catch-up sheets with journals of their own.
Seen before: the second copy said nothing to do from its cached sheets, and the new code was
never copied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.test_export_and_copy_cmds import RATE, fill
from tests.plain_http import call, get

CHANGED = "changed at the source since it was read"
NEW_CODE = {
    "code_name": "LASTMINUTE",
    "code_type": "DISCOUNT",
    "discount_type": "PERCENT",
    "discount_percent": 15,
    "discount_scope": "ORDER_TOTAL",
    "quantity_total": -1,
    "is_paused": False,
}


def writes_since(before: dict[str, int], sandbox: Sandbox) -> dict[str, int]:
    now = sandbox.stats()["requests_by_method"]
    return {m: n - before.get(m, 0) for m, n in now.items() if m != "GET" and n != before.get(m)}


def fees(base: str, event: str) -> dict[str, dict[str, Any]]:
    return {f["label"]: {k: v for k, v in f.items() if k != "id"}
            for f in get(base, f"eventspot/events/{event}/fees")}  # fmt: skip


def sizes(base: str, event: str) -> dict[str, list[str]]:
    return {
        i["name"]: sorted(a["name"] for a in get(
            base, f"eventspot/events/{event}/items/{i['id']}/attributes"))
        for i in get(base, f"eventspot/events/{event}/items")
    }  # fmt: skip


def totals(base: str, event: str) -> dict[str, int]:
    return {i["name"]: i["default_quantity_total"]
            for i in get(base, f"eventspot/events/{event}/items")}  # fmt: skip


def code_names(base: str, event: str) -> list[str]:
    return sorted(c["code_name"] for c in get(base, f"eventspot/events/{event}/promocodes"))


def test_copy_run_again_brings_over_what_is_new_or_changed_at_the_source(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    source, target = sandbox.new_event(), sandbox.new_event()
    base = sandbox.base
    fill(run_cli, sandbox, source, tmp_path)
    command = ("copy", "--from-event", source, "--to-event", target, *RATE)
    first = run_cli(*command, env=sandbox.env)
    assert first.exit_code == 0, first.output

    # the source changes, over plain HTTP: a new promocode, a fee's price, an item's size
    status, _ = call(base, "POST", f"eventspot/events/{source}/promocodes", NEW_CODE)
    assert status == 201
    fee = next(f for f in get(base, f"eventspot/events/{source}/fees")
               if f["label"] == "Weekend Pass")  # fmt: skip
    status, _ = call(base, "PUT", f"eventspot/events/{source}/fees/{fee['id']}",
                     {**fee, "fee": 65})  # fmt: skip
    assert status == 200
    shirt = next(i for i in get(base, f"eventspot/events/{source}/items")
                 if i["name"] == "Festival T-Shirt")  # fmt: skip
    status, _ = call(base, "POST", f"eventspot/events/{source}/items/{shirt['id']}/attributes",
                     {"name": "XXL", "quantity_total": 10})  # fmt: skip
    assert status == 201

    before = dict(sandbox.stats()["requests_by_method"])
    again = run_cli(*command, env=sandbox.env)
    assert again.exit_code == 0, again.output
    folder = Path(f"bulkspot-copy-{source}-to-{target}")
    assert again.stdout.splitlines() == [
        "fees: 5 created",
        f"fees catch-up 1 ({CHANGED}: 0 new, 1 changed): 1 updated",
        "items: 20 created",
        f"items catch-up 1 ({CHANGED}: 0 new, 1 changed): 4 unchanged, 1 created",
        "promocodes: 6 created",
        f"promocodes catch-up 1 ({CHANGED}: 1 new, 0 changed): 1 created",
        f"sheets, journals and results: {folder}",
        f"  undo: bulkspot undo --journal {folder / 'promocodes.catch-up-1.journal.sqlite'}",
        f"  undo: bulkspot undo --journal {folder / 'promocodes.journal.sqlite'}",
        f"  undo: bulkspot undo --journal {folder / 'items.catch-up-1.journal.sqlite'}",
        f"  undo: bulkspot undo --journal {folder / 'items.journal.sqlite'}",
        f"  undo: bulkspot undo --journal {folder / 'fees.catch-up-1.journal.sqlite'}",
        f"  undo: bulkspot undo --journal {folder / 'fees.journal.sqlite'}",
    ]
    # the code and the size made, the fee written; the shirt's total (the server's sum of
    # its sizes) read and found right, so not written
    assert writes_since(before, sandbox) == {"POST": 2, "PUT": 1}  # nothing else sent
    assert fees(base, target) == fees(base, source)
    assert fees(base, target)["Weekend Pass"]["fee"] == 65
    assert code_names(base, target) == code_names(base, source)  # each once
    assert "LASTMINUTE" in code_names(base, target)
    assert sizes(base, target) == sizes(base, source)
    assert sizes(base, target)["Festival T-Shirt"] == ["L", "M", "S", "XL", "XXL"]
    assert totals(base, target) == totals(base, source)

    before = dict(sandbox.stats()["requests_by_method"])
    third = run_cli(*command, env=sandbox.env)  # nothing changed since: nothing sent
    assert third.exit_code == 0, third.output
    assert third.stdout.splitlines()[:6] == [  # the totals so far, nothing new
        "fees: 5 created",
        "fees catch-up 1: 1 updated",
        "items: 20 created",
        "items catch-up 1: 4 unchanged, 1 created",
        "promocodes: 6 created",
        "promocodes catch-up 1: 1 created",
    ]
    assert writes_since(before, sandbox) == {}
    assert code_names(base, target) == code_names(base, source)
