"""Results people can work with (issue 12): item_id on every row of an item's group; default
file names that keep the input's extension (and an old journal still found); an errors file
in the input's own columns that imports again, fixed, without --fresh and without sending a
row twice."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.paths import SAMPLES

HEADER = "name,price,default_quantity_total,per_registrant_limit,show_quantity_available,"
HEADER += "attribute,attribute_quantity\n"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as lines:
        return list(csv.DictReader(lines))


def test_every_row_of_an_item_gets_its_id(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    """The rows of the item whose own size was refused (--partial) say which item too."""
    event = sandbox.new_event()
    (tmp_path / "shop.csv").write_text(
        HEADER + "Shirt,25.00,,2,yes,S,10\n,,,,,M,twenty\n,,,,,L,5\nCap,12.00,50,2,yes,,\n",
        encoding="utf-8",
    )
    result = run_cli("import", "items", "shop.csv", "--event", event, "--partial",
                     "--rate", "500", env=sandbox.env)  # fmt: skip
    assert result.exit_code == 1, result.output
    rows = rows_of(tmp_path / f"shop.csv.items.{event}.results.csv")
    assert [r["status"] for r in rows] == ["created", "invalid", "created", "created"]
    shirt = next(i for i in sandbox.call(lambda c: c.list("item", {"event_id": event}))
                 if i["name"] == "Shirt")  # fmt: skip
    assert [r["item_id"] for r in rows[:3]] == [shirt["id"]] * 3
    assert rows[3]["item_id"] == rows[3]["id"] != shirt["id"]


def test_a_csv_and_an_xlsx_of_one_stem_keep_journals_of_their_own(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    for name in ("inventory.csv", "inventory.xlsx"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    for name in ("inventory.csv", "inventory.xlsx"):
        result = run_cli("import", "items", name, "--event", event, "--rate", "500",
                         "--quiet", env=sandbox.env)  # fmt: skip
        assert result.exit_code == 0, result.output
        assert f"  journal          {name}.items.{event}.journal.sqlite\n" in result.stdout
    xlsx = rows_of(tmp_path / f"inventory.xlsx.items.{event}.results.csv")
    assert {r["status"] for r in xlsx} == {"exists"}  # found by name: nothing made twice
    made = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    assert len({i["name"] for i in made}) == len(made) == 10


def test_a_journal_under_the_old_name_is_found_by_a_rerun(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    shutil.copy(SAMPLES / "inventory.csv", tmp_path / "inventory.csv")
    old = f"inventory.items.{event}.journal.sqlite"  # the name an earlier version gave it
    first = run_cli("import", "items", "inventory.csv", "--event", event, "--rate", "500",
                    "--journal", old, env=sandbox.env)  # fmt: skip
    assert first.exit_code == 0, first.output
    again = run_cli("import", "items", "inventory.csv", "--event", event, "--rate", "500",
                    env=sandbox.env)  # fmt: skip
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("20 rows, all done by an earlier run: nothing to send\n")
    assert f"  journal          {old}\n" in again.stdout
    assert not (tmp_path / f"inventory.csv.items.{event}.journal.sqlite").exists()


def test_an_old_journal_of_a_sibling_sheet_is_not_taken(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """inventory.items.<event>.journal.sqlite was inventory.xlsx's: inventory.csv, another
    sheet, starts its own journal (its rows are found by name)."""
    event = sandbox.new_event()
    for name in ("inventory.csv", "inventory.xlsx"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    old = f"inventory.items.{event}.journal.sqlite"
    args = ("import", "items", "--event", event, "--rate", "500", "--quiet")
    assert run_cli(*args, "inventory.xlsx", "--journal", old, env=sandbox.env).exit_code == 0
    result = run_cli(*args, "inventory.csv", env=sandbox.env)
    assert result.exit_code == 0, result.output
    assert f"  journal          inventory.csv.items.{event}.journal.sqlite\n" in result.stdout


def test_the_errors_file_fixed_imports_again_and_sends_no_row_twice(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    (tmp_path / "shop.csv").write_text(
        HEADER + "Shirt,25.00,,2,yes,S,10\n"
        ",,,,,M,twenty\n"
        "Cap,12.00,50,2,yes,,\n"
        "Mug,eight,50,2,yes,,\n",
        encoding="utf-8",
    )
    first = run_cli("import", "items", "shop.csv", "--event", event, "--partial",
                    "--rate", "500", env=sandbox.env)  # fmt: skip
    assert first.exit_code == 1, first.output
    errors = tmp_path / f"shop.csv.items.{event}.errors.csv"
    command = f"bulkspot import items {errors.name} --event {event} --partial --rate 500"
    assert (
        f"the rows not done are also in {errors.name}, in the sheet's own columns: fix them "
        f"there and import that file:  {command}\n"
    ) in first.stdout
    # the size's item row comes along, so the file imports as a sheet
    assert errors.read_text(encoding="utf-8-sig") == (
        HEADER + "Shirt,25.00,,2,yes,S,10\n,,,,,M,twenty\nMug,eight,50,2,yes,,\n"
    )
    errors.write_text(
        errors.read_text(encoding="utf-8-sig").replace("twenty", "20").replace("eight", "8.00"),
        encoding="utf-8",
    )
    again = run_cli(*command.split()[1:], env=sandbox.env)  # as printed, no --fresh
    assert again.exit_code == 0, again.output
    fixed = rows_of(tmp_path / f"{errors.name}.items.results.csv")
    assert [r["status"] for r in fixed] == ["exists", "created", "created"]
    assert not (tmp_path / f"{errors.name}.items.errors.csv").exists()
    made = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    assert sorted(i["name"] for i in made) == ["Cap", "Mug", "Shirt"]  # each once
    shirt = next(i for i in made if i["name"] == "Shirt")
    sizes = sandbox.call(lambda c: c.list("attribute", {"event_id": event, "item_id": shirt["id"]}))
    assert sorted(a["name"] for a in sizes) == ["M", "S"]
    assert shirt["default_quantity_total"] == 30


def test_every_row_done_leaves_no_errors_file(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    shutil.copy(SAMPLES / "inventory.csv", tmp_path / "inventory.csv")
    stale = tmp_path / f"inventory.csv.items.{event}.errors.csv"
    stale.write_text("left by an earlier run\n", encoding="utf-8")
    result = run_cli("import", "items", "inventory.csv", "--event", event, "--rate", "500",
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not stale.exists() and "errors" not in result.stdout
