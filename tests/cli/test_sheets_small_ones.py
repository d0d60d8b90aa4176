"""The small ones of issue 23 about sheets: result files in the sheet's own delimiter."""

from __future__ import annotations

from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox

SEMICOLON_SHEET = (
    "name;price;quantity;limit;show qty\r\nTasse;35,00;10;2;yes\r\nPoster;zwölf;5;1;no\r\n"
)


def test_a_semicolon_sheets_results_and_errors_files_are_written_with_semicolons(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    (tmp_path / "inventar.csv").write_text(SEMICOLON_SHEET, encoding="utf-8")
    result = run_cli("import", "items", "inventar.csv", "--event", event, "--partial",
                     "--rate", "500", env=sandbox.env)  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "  row 3: invalid: price: 'zwölf' is not a number\n" in result.stdout  # read back
    made = {i["name"]: i["id"] for i in sandbox.call(lambda c: c.list("item", {"event_id": event}))}
    assert list(made) == ["Tasse"]
    results = tmp_path / f"inventar.csv.items.{event}.results.csv"
    assert results.read_text(encoding="utf-8-sig").splitlines() == [
        "name;price;quantity;limit;show qty;row;status;id;item_id;http_status;attempts;error",
        f"Tasse;35,00;10;2;yes;2;created;{made['Tasse']};{made['Tasse']};201;1;",
        "Poster;zwölf;5;1;no;3;invalid;;;;0;price: 'zwölf' is not a number",
    ]
    errors = tmp_path / f"inventar.csv.items.{event}.errors.csv"
    assert errors.read_text(encoding="utf-8-sig").splitlines() == [
        "name;price;quantity;limit;show qty",
        "Poster;zwölf;5;1;no",
    ]


def test_a_comma_sheets_results_keep_commas(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    (tmp_path / "shop.csv").write_text(
        "name,price,quantity,limit,show qty\nMug,8.00,10,2,yes\n", encoding="utf-8"
    )
    result = run_cli("import", "items", "shop.csv", "--event", event, "--rate", "500",
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 0, result.output
    (mug,) = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    results = tmp_path / f"shop.csv.items.{event}.results.csv"
    assert results.read_text(encoding="utf-8-sig").splitlines() == [
        "name,price,quantity,limit,show qty,row,status,id,item_id,http_status,attempts,error",
        f"Mug,8.00,10,2,yes,2,created,{mug['id']},{mug['id']},201,1,",
    ]


LISTS = "name,status\nMembers,ACTIVE\nVolunteers,\nmembers,\nVOLUNTEERS,HIDDEN\nMEMBERS,\n"


def test_list_names_that_differ_only_by_case_are_warned_on_the_dry_run_and_in_the_summary(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    (tmp_path / "lists.csv").write_text(LISTS, encoding="utf-8")
    warned = [
        "warning: row 4: name 'members' differs from row 2's 'Members' only by case: they are "
        "two lists to the API (write them alike for one)",
        "warning: row 5: name 'VOLUNTEERS' differs from row 3's 'Volunteers' only by case: "
        "they are two lists to the API (write them alike for one)",
        "warning: row 6: name 'MEMBERS' differs from row 2's 'Members' only by case: they are "
        "two lists to the API (write them alike for one)",
    ]
    before = {x["name"] for x in sandbox.call(lambda c: c.list("list", {}))}
    dry = run_cli("import", "lists", "lists.csv", "--dry-run", env=sandbox.env)
    assert dry.exit_code == 0, dry.output
    assert [line for line in dry.output.splitlines() if "differs" in line] == warned
    done = run_cli("import", "lists", "lists.csv", "--rate", "500", env=sandbox.env)
    assert done.exit_code == 0, done.output
    assert [line for line in done.output.splitlines() if "differs" in line] == warned
    made = {x["name"] for x in sandbox.call(lambda c: c.list("list", {}))} - before
    assert made == {"Members", "Volunteers", "members", "VOLUNTEERS", "MEMBERS"}  # as written
