"""Try before all (issue 12): `--limit N` sends the first N rows for real and leaves the rest
pending for the same command without it; a dry run says what each row would send and what
the real run would cost."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.paths import SAMPLES


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as lines:
        return list(csv.DictReader(lines))


SHOWN = {"per_registrant_limit": 2, "show_quantity_available": True}


def items_sheet(folder: Path) -> Path:
    """Four items: a shirt with two sizes, then a cap, a mug and a pin, one row each."""
    path = folder / "shop.csv"
    path.write_text(
        "name,price,default_quantity_total,per_registrant_limit,show_quantity_available,"
        "attribute,attribute_quantity\n"
        "Shirt,25.00,,2,yes,S,10\n"
        ",,,,,M,20\n"
        "Cap,12.00,50,2,yes,,\n"
        "Mug,8.00,50,2,yes,,\n"
        "Pin,2.00,50,2,yes,,\n",
        encoding="utf-8",
    )
    return path


def test_limit_sends_the_first_rows_and_the_same_command_without_it_finishes(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    items_sheet(tmp_path)
    first = run_cli("import", "items", "shop.csv", "--event", event, "--limit", "3",
                    "--rate", "500", env=sandbox.env)  # fmt: skip
    assert first.exit_code == 0, first.output  # pending as asked is not a failure
    results = tmp_path / f"shop.csv.items.{event}.results.csv"
    # the shirt's two rows and the cap: three rows (the shirt's sizes are not split)
    assert [r["status"] for r in rows_of(results)] == [
        "created", "created", "created", "pending", "pending"
    ]  # fmt: skip
    assert f"to finish the rest:  bulkspot import items shop.csv --event {event} --rate 500\n" in (
        first.stdout
    )
    made = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    assert sorted(i["name"] for i in made) == ["Cap", "Shirt"]
    shirt = next(i for i in made if i["name"] == "Shirt")
    assert shirt["default_quantity_total"] == 30  # its total was set: the group went whole

    again = run_cli("import", "items", "shop.csv", "--event", event, "--rate", "500",
                    env=sandbox.env)  # fmt: skip
    assert again.exit_code == 0, again.output
    assert [r["status"] for r in rows_of(results)] == ["created"] * 5
    made = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    assert sorted(i["name"] for i in made) == ["Cap", "Mug", "Pin", "Shirt"]  # each once


def test_limit_counts_rows_still_to_send(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    """Run twice with --limit 1: the second run sends the next row, not the first again."""
    event = sandbox.new_event()
    items_sheet(tmp_path)
    args = ("import", "items", "shop.csv", "--event", event, "--rate", "500", "--limit", "1")
    assert run_cli(*args, env=sandbox.env).exit_code == 0
    assert run_cli(*args, env=sandbox.env).exit_code == 0
    results = rows_of(tmp_path / f"shop.csv.items.{event}.results.csv")
    assert [r["status"] for r in results] == ["created", "created", "created", "pending",
                                              "pending"]  # fmt: skip


def test_limit_must_be_a_positive_number(run_cli: Cli, tmp_path: Path) -> None:
    items_sheet(tmp_path)
    result = run_cli("import", "items", "shop.csv", "--event", "E1", "--limit", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--limit': 0 is not in the range x>=1." in result.stderr


def test_a_dry_run_shows_each_rows_body_and_estimates_the_real_run(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    items_sheet(tmp_path)
    result = run_cli("import", "items", "shop.csv", "--event", event, "--dry-run", "--rate", "4",
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not (tmp_path / f"shop.csv.items.{event}.results.csv").exists()  # the real run's
    rows = rows_of(tmp_path / f"shop.csv.items.{event}.dry-run.results.csv")
    assert [json.loads(r["would_send"]) for r in rows] == [
        {"item": {**SHOWN, "name": "Shirt", "price": 25.0, "default_quantity_total": 30},
         "attribute": {"name": "S", "quantity_total": 10}},
        {"name": "M", "quantity_total": 20},
        {**SHOWN, "name": "Cap", "price": 12.0, "default_quantity_total": 50},
        {**SHOWN, "name": "Mug", "price": 8.0, "default_quantity_total": 50},
        {**SHOWN, "name": "Pin", "price": 2.0, "default_quantity_total": 50},
    ]  # fmt: skip
    assert sandbox.call(lambda c: c.list("item", {"event_id": event})) == []
    # the 2 reads it made (the event, the items) and 6 writes: 4 items, 2 sizes (the shirt's
    # total needs no request: its create carries the sum of the sizes the run makes)
    assert (
        "a real run: about 8 requests, at least 2 s at 4 requests/s, 0.1% of a standard "
        "key's 10,000 requests a day\n"
    ) in result.stdout

    def sent() -> int:
        return sum(sandbox.stats()["requests_by_method"].values())

    before = sent()
    real = run_cli("import", "items", "shop.csv", "--event", event, env=sandbox.env)
    assert real.exit_code == 0, real.output
    assert sent() - before == 8  # the estimate, exactly


def test_a_dry_run_writes_nothing_to_send_for_rows_that_exist(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    shutil.copy(SAMPLES / "fees.csv", tmp_path / "fees.csv")
    assert run_cli("import", "fees", "fees.csv", "--event", event, "--rate", "500",
                   env=sandbox.env).exit_code == 0  # fmt: skip
    dry = run_cli("import", "fees", "fees.csv", "--event", event, "--dry-run",
                  "--results", "dry.csv", env=sandbox.env)  # fmt: skip
    assert dry.exit_code == 0, dry.output
    rows = rows_of(tmp_path / "dry.csv")
    assert {r["status"] for r in rows} == {"exists"}
    assert {r["would_send"] for r in rows} == {""}
