"""`--set FIELD=VALUE` (issue 23): one value for every row whose column is missing or blank,
checked like a cell before any request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bulkspot import api
from bulkspot.config import ApiSettings, Limits, RunConfig
from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox

SHOP = "Title,Price,Qty\nMug,8.00,100\nPoster,15.00,\n"


def _items(sandbox: Sandbox, event: str) -> dict[str, dict[str, Any]]:
    found = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    return {item["name"]: item for item in found}


def test_set_gives_missing_and_blank_columns_one_value(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    (tmp_path / "shop.csv").write_text(SHOP, encoding="utf-8")
    done = run_cli("import", "items", "shop.csv", "--event", event, "--set",
                   "per_registrant_limit=3", "--set", "show_quantity_available=yes", "--set",
                   "default_quantity_total=7", env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    items = _items(sandbox, event)
    got = {name: (i["price"], i["default_quantity_total"], i["per_registrant_limit"],
                  i["show_quantity_available"]) for name, i in items.items()}  # fmt: skip
    assert got == {"Mug": (8.0, 100, 3, True), "Poster": (15.0, 7, 3, True)}


def test_a_bad_constant_is_a_usage_error_before_any_request(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    (tmp_path / "shop.csv").write_text(SHOP, encoding="utf-8")
    before = sandbox.stats()["requests"]
    refused = run_cli("import", "items", "shop.csv", "--event", event, "--set",
                      "per_registrant_limit=lots", "--set", "show_quantity_available=yes",
                      env=sandbox.env)  # fmt: skip
    assert refused.exit_code == 2
    assert refused.stderr == "Error: --set per_registrant_limit=lots: 'lots' is not a number\n"
    unknown = run_cli("import", "items", "shop.csv", "--event", event, "--set", "flavour=x",
                      env=sandbox.env)  # fmt: skip
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "Error: --set flavour=x: 'flavour' is not a column of this sheet's kind; the columns "
        "are id, event_id, name, description, price, default_quantity_total, "
        "per_registrant_limit, show_quantity_available, attribute, attribute_quantity\n"
    )
    negative = run_cli("import", "items", "shop.csv", "--event", event, "--set",
                       "per_registrant_limit=-2", "--set", "show_quantity_available=yes",
                       env=sandbox.env)  # fmt: skip
    assert negative.exit_code == 2
    assert negative.stderr == "Error: --set per_registrant_limit=-2: must be at least 0 (got -2)\n"
    assert sandbox.stats()["requests"] == before


def test_the_missing_column_error_names_set(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    (tmp_path / "shop.csv").write_text(SHOP, encoding="utf-8")
    refused = run_cli("import", "items", "shop.csv", "--event", event, "--set",
                      "show_quantity_available=no", env=sandbox.env)  # fmt: skip
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Error: an items sheet needs a column for:\n"
        "  per_registrant_limit (or Limit, Per Registrant, Max Per Registrant, Per Person, Max "
        "Per Order); or give one value for every row with --set per_registrant_limit=VALUE\n"
        "this sheet's columns are 'Title', 'Price', 'Qty', '--set show_quantity_available' "
        "(see `bulkspot columns items`, or name a column with --map COLUMN=FIELD)\n"
    )


def test_the_library_takes_constants(sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    sheet = tmp_path / "shop.csv"
    sheet.write_text(SHOP, encoding="utf-8")
    settings = ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"], sandbox.base)
    summary = api.run_import(
        "items", sheet, config=RunConfig(settings, Limits(rate=1000)), event_id=event,
        constants={"per_registrant_limit": "2", "show_quantity_available": "no",
                   "default_quantity_total": "5"},
    )  # fmt: skip
    assert summary.exit_code == 0
    limits = {n: (i["per_registrant_limit"], i["default_quantity_total"])
              for n, i in _items(sandbox, event).items()}  # fmt: skip
    assert limits == {"Mug": (2, 100), "Poster": (2, 5)}


def test_another_set_value_is_another_job(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    """A rerun with another value is not taken for the finished job (which would send nothing)."""
    event = sandbox.new_event()
    (tmp_path / "shop.csv").write_text(SHOP, encoding="utf-8")
    common = ("import", "items", "shop.csv", "--event", event, "--set",
              "show_quantity_available=yes", "--set", "default_quantity_total=7")  # fmt: skip
    first = run_cli(*common, "--set", "per_registrant_limit=3", env=sandbox.env)
    assert first.exit_code == 0, first.output
    refused = run_cli(*common, "--set", "per_registrant_limit=5", env=sandbox.env)
    assert refused.exit_code == 2
    journal = next(tmp_path.glob("shop.csv.items.*.journal.sqlite")).name
    assert refused.stderr == (
        f"Error: the journal {journal} belongs to another job (different columns). Run with "
        "--fresh to start over (rows already on the server are found by name and not created "
        "twice), or choose another file with --journal.\n"
    )
    again = run_cli(*common, "--set", "per_registrant_limit=5", "--on-existing", "update",
                    "--fresh", env=sandbox.env)  # fmt: skip
    assert again.exit_code == 0, again.output
    limits = {n: i["per_registrant_limit"] for n, i in _items(sandbox, event).items()}
    assert limits == {"Mug": 5, "Poster": 5}


def test_set_fills_the_blanks_of_a_column_a_map_names(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    (tmp_path / "shop.csv").write_text(
        "Title,Price,Qty,Max,Show Qty\nMug,8.00,100,,yes\nPoster,15.00,20,6,no\n", "utf-8"
    )
    done = run_cli("import", "items", "shop.csv", "--event", event, "--map",
                   "max=per_registrant_limit", "--set", "per_registrant_limit=2",
                   env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    limits = {n: i["per_registrant_limit"] for n, i in _items(sandbox, event).items()}
    assert limits == {"Mug": 2, "Poster": 6}
