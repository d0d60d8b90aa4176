"""--verify: after an import, someone else removes 5 of its resources over plain HTTP (2
items, 1 size of a third item, 2 promocodes); a rerun with --verify makes exactly those again
(an item with its sizes), once, keeps the rest as they were without sending them, and its
results name only ids that are live. It costs the collection reads and the writes, nothing
else. Without --verify, a rerun trusts its journal and sends nothing (as before)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import bulkspot
from bulkspot.core.outcome import Status
from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.plain_http import delete, get, items_with_sizes
from tests.runner.sheets import SIZES, read_results, write_inventory, write_promocodes

ITEMS, CODES = 8, 6


def config_for(sandbox: Sandbox) -> bulkspot.RunConfig:
    settings = bulkspot.ApiSettings(
        sandbox.env["CTCT_API_KEY"], sandbox.env["CTCT_ACCESS_TOKEN"], sandbox.base
    )
    return bulkspot.RunConfig(settings, limits=bulkspot.Limits(rate=1000))


def by_method(sandbox: Sandbox) -> dict[str, int]:
    return dict(sandbox.stats()["requests_by_method"])


def sent_since(before: dict[str, int], sandbox: Sandbox) -> dict[str, int]:
    now = by_method(sandbox)
    return {m: now.get(m, 0) - before.get(m, 0) for m in now if now.get(m, 0) != before.get(m, 0)}


def test_verify_makes_again_what_someone_removed_and_only_that(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    base = sandbox.base
    write_inventory(tmp_path / "items.csv", ITEMS)
    codes = write_promocodes(tmp_path / "codes.csv", CODES)
    items = ("import", "items", "items.csv", "--event", event, "--rate", "1000")
    assert run_cli(*items, env=sandbox.env).exit_code == 0
    config = config_for(sandbox)
    first = bulkspot.run_import("promocodes", tmp_path / "codes.csv", event_id=event,
                                config=config)  # fmt: skip
    assert first.exit_code == 0
    made = items_with_sizes(base, event)
    item_ids = {i["name"]: i["id"] for i in get(base, f"eventspot/events/{event}/items")}
    code_ids = {c["code_name"]: c["id"] for c in get(base, f"eventspot/events/{event}/promocodes")}

    # someone else, over plain HTTP: 2 items, 1 size of a third, 2 promocodes
    for name in ("Item 0001", "Item 0004"):
        delete(base, f"eventspot/events/{event}/items/{item_ids[name]}")
    sized = item_ids["Item 0006"]
    size_m = next(a for a in get(base, f"eventspot/events/{event}/items/{sized}/attributes")
                  if a["name"] == "M")  # fmt: skip
    delete(base, f"eventspot/events/{event}/items/{sized}/attributes/{size_m['id']}")
    for code in (codes[2], codes[3]):
        delete(base, f"eventspot/events/{event}/promocodes/{code_ids[code]}")

    before = by_method(sandbox)
    trusted = run_cli(*items, env=sandbox.env)  # without --verify: the journal is trusted
    assert trusted.exit_code == 0 and sent_since(before, sandbox) == {}

    verified = run_cli(*items, "--verify", env=sandbox.env)
    assert verified.exit_code == 0, verified.output
    assert verified.output.splitlines()[0] == (
        f"{ITEMS * len(SIZES)} rows; checking that what an earlier run made is there"
    )
    kept = ITEMS - 2  # each item still there: its sizes read once; a new item's: no read
    remade = 2 * (1 + len(SIZES)) + 1  # two items with their sizes, and one size
    # no item's total is read again: the API keeps it the sum of the sizes this run made
    # (issue 24: it was read for each of the 3 items whose sizes were made again)
    assert sent_since(before, sandbox) == {"GET": 1 + kept, "POST": remade}
    assert items_with_sizes(base, event) == made  # each once: a double fails in there

    before = by_method(sandbox)
    summary = bulkspot.run_import("promocodes", tmp_path / "codes.csv", event_id=event,
                                  config=config, verify=True)  # fmt: skip
    assert summary.exit_code == 0
    assert dict(summary.counts) == {Status.CREATED: 2}  # the rows still there: not sent
    assert sent_since(before, sandbox) == {"GET": 1, "POST": 2}  # one read, two creates
    assert summary.requests == 3
    live_codes = get(base, f"eventspot/events/{event}/promocodes")
    assert sorted(c["code_name"] for c in live_codes) == sorted(codes)

    assert_results_live(read_results(tmp_path / f"codes.csv.promocodes.{event}.results.csv"),
                        {c["id"] for c in live_codes})  # fmt: skip
    live_sizes = {
        a["id"]
        for i in get(base, f"eventspot/events/{event}/items")
        for a in get(base, f"eventspot/events/{event}/items/{i['id']}/attributes")
    }
    assert_results_live(read_results(tmp_path / f"items.csv.items.{event}.results.csv"),
                        live_sizes)  # fmt: skip


def assert_results_live(results: list[dict[str, Any]], live: set[str]) -> None:
    assert results and {r["id"] for r in results} == live
