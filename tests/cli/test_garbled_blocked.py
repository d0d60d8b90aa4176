"""Issue 21: an item's create answered `201` with a body that was not the item left its sizes
`blocked` for good: the `--retry-failed` command the summary printed said every row was done.
Now the command the summary prints makes them, once the item's id is known."""

from __future__ import annotations

import json
import shlex
import urllib.request
from pathlib import Path
from typing import Any

from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox
from tests.hostile_proxy import HostileProxyThread, Spoil
from tests.runner.sheets import read_results, write_inventory

ITEM_LOST = [  # the item's create answered garbled, and the reads that could find it refused
    Spoil("GET", r"/items$", skip=1, refuse=True),
    Spoil("POST", r"/items$", most=1),
]
RETRY_LINE = "to send the failed rows again:  "


def on_server(sandbox: Sandbox, path: str) -> Any:
    request = urllib.request.Request(
        f"{sandbox.url}/v2/{path}?api_key={SANDBOX['CTCT_API_KEY']}",
        headers={"Authorization": f"Bearer {SANDBOX['CTCT_ACCESS_TOKEN']}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def test_the_retry_failed_command_the_summary_prints_makes_the_blocked_sizes(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    write_inventory(tmp_path / "shirts.csv", 1, ("S", "M", "L"))
    with HostileProxyThread(sandbox.url, ITEM_LOST, seed=1) as proxy:
        env = {**SANDBOX, "BULKSPOT_BASE_URL": f"{proxy.url}/v2/"}
        first = run_cli("import", "items", "shirts.csv", "--event", event, "--journal",
                        "shirts.sqlite", "--results", "shirts.results.csv", "--rate", "1000",
                        env=env)  # fmt: skip
        assert first.exit_code == 1, first.output
        rows = read_results(tmp_path / "shirts.results.csv")
        assert [r["status"] for r in rows][1:] == ["blocked", "blocked"]
        (line,) = [ln for ln in first.output.splitlines() if ln.startswith(RETRY_LINE)]
        command = line.removeprefix(RETRY_LINE)
        assert command == (
            f"bulkspot import items shirts.csv --event {event} --journal shirts.sqlite "
            "--results shirts.results.csv --rate 1000 --retry-failed"
        )
        proxy.heal()
        second = run_cli(*shlex.split(command)[1:], env=env)
        assert second.exit_code == 0, second.output
        rows = read_results(tmp_path / "shirts.results.csv")
        assert [r["status"] for r in rows] == ["created"] * 3
        (item,) = on_server(sandbox, f"eventspot/events/{event}/items")
        assert sorted(a["name"] for a in item["attributes"]) == ["L", "M", "S"]
        assert item["default_quantity_total"] == 33
        assert {r["item_id"] for r in rows} == {item["id"]}

        undone = run_cli("undo", "--journal", "shirts.sqlite", "--yes", "--rate", "1000", env=env)
        assert undone.exit_code == 0, undone.output
        assert on_server(sandbox, f"eventspot/events/{event}/items") == []
