"""A workbook whose first sheet lacks the kind's columns (a "Read me" in front of the data)
is refused naming the sheet that was read and the workbook's other sheets, with the option
that picks one; nothing is sent.

Seen before: the refusal listed the first sheet's "columns" ('This workbook lists our
merch.') as if they were the sheet's, and said nothing of the sheet 'Items' beside it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.plain_http import get


def test_a_first_sheet_without_the_columns_names_the_other_sheets(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "Read me"
    readme.append(["This workbook lists our merch."])
    items = book.create_sheet("Items")
    items.append(["name", "price", "default_quantity_total", "per_registrant_limit",
                  "show_quantity_available"])  # fmt: skip
    items.append(["Mug", 8, 10, 2, "yes"])
    book.create_sheet("Notes")
    book.save(tmp_path / "merch.xlsx")
    before = sandbox.stats()["requests"]
    refused = run_cli("import", "items", "merch.xlsx", "--event", event, env=sandbox.env)
    assert refused.exit_code == 2
    assert refused.stderr.splitlines()[-1] == (
        "that is the sheet 'Read me', the first of merch.xlsx; its other sheets are 'Items', "
        "'Notes': name one with --sheet NAME"
    )
    assert sandbox.stats()["requests"] == before
    done = run_cli("import", "items", "merch.xlsx", "--event", event, "--sheet", "Items",
                   env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    assert [i["name"] for i in get(sandbox.base, f"eventspot/events/{event}/items")] == ["Mug"]
