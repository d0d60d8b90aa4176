"""A sheet's names that differ only by case from one its event or account already holds
(issue 23): the API keeps both (a buyer typing SPRING gets the event's code, not the
sheet's spring), so the dry run and the summary warn, and the results file says it on the
row. Read from the collection the run reads anyway: no request is added (issue 24)."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox

CODE = {"code_type": "DISCOUNT", "discount_type": "PERCENT", "discount_percent": 10,
        "discount_scope": "ORDER_TOTAL", "quantity_total": -1, "is_paused": False}  # fmt: skip


def errors_by_name(results: Path, column: str) -> dict[str, tuple[str, str]]:
    with results.open(encoding="utf-8-sig", newline="") as file:
        return {row[column]: (row["status"], row["error"]) for row in csv.DictReader(file)}


def sent(sandbox: Sandbox) -> dict[str, int]:
    return dict(sandbox.stats()["requests_by_method"])


def counted(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {m: n - before.get(m, 0) for m, n in after.items() if n != before.get(m, 0)}


def test_a_code_that_differs_by_case_from_the_events_is_warned_on_its_row(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    for name in ("SPRING", "Autumn"):
        sandbox.call(lambda c, n=name: c.create("promocode", {"event_id": event},
                                                {**CODE, "code_name": n}))  # fmt: skip
    sheet = tmp_path / "codes.csv"
    # 'autumn' differs from the event's 'Autumn', but the sheet writes 'Autumn' too: the
    # sheet's own twins are said as such, not again as the event's
    sheet.write_text("code_name,discount\nspring,10%\nWINTER,10%\nautumn,5%\nAutumn,5%\n",
                     encoding="utf-8")  # fmt: skip
    warning = (
        "warning: promocodes that differ only by case from the event's: row 2 'spring' (the "
        "event's 'SPRING'); the API keeps both (write them alike for one)"
    )
    note = "differs only by case from the event's 'SPRING' (the API keeps both)"
    args = ["import", "promocodes", str(sheet), "--event", event, "--rate", "1000"]
    before = sent(sandbox)
    dry = run_cli(*args, "--dry-run", "--results", str(tmp_path / "dry.csv"), env=sandbox.env)
    assert dry.exit_code == 0, dry.output
    assert warning in dry.stdout.splitlines()
    assert errors_by_name(tmp_path / "dry.csv", "code_name") == {
        "spring": ("to create", note),
        "WINTER": ("to create", ""),
        "autumn": ("to create", ""),
        "Autumn": ("exists", "the code 'Autumn' differs only by case from row 4's 'autumn'"),
    }
    assert counted(before, sent(sandbox)) == {"GET": 1}  # the codes' read: no other
    before = sent(sandbox)
    done = run_cli(*args, "--results", str(tmp_path / "done.csv"), env=sandbox.env)
    assert done.exit_code == 0, done.output
    assert warning in done.stdout.splitlines()
    assert errors_by_name(tmp_path / "done.csv", "code_name")["spring"] == ("created", note)
    assert counted(before, sent(sandbox)) == {"GET": 1, "POST": 3}
    held = sandbox.call(lambda c: c.list("promocode", {"event_id": event}))
    assert sorted(c["code_name"] for c in held) == ["Autumn", "SPRING", "WINTER", "autumn",
                                                    "spring"]  # fmt: skip


def test_a_list_that_differs_by_case_from_the_accounts_is_warned_on_its_row(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.call(lambda c: c.create("list", {}, {"name": "Held Twins Crew", "status": "ACTIVE"}))
    sheet = tmp_path / "lists.csv"
    sheet.write_text("name\nheld twins crew\nHeld Twins Stage\n", encoding="utf-8")
    warning = (
        "warning: lists that differ only by case from the account's: row 2 'held twins crew' "
        "(the account's 'Held Twins Crew'); the API keeps both (write them alike for one)"
    )
    note = "differs only by case from the account's 'Held Twins Crew' (the API keeps both)"
    args = ["import", "lists", str(sheet), "--rate", "1000"]
    before = sent(sandbox)
    dry = run_cli(*args, "--dry-run", "--results", str(tmp_path / "dry.csv"), env=sandbox.env)
    assert dry.exit_code == 0, dry.output
    assert warning in dry.stdout.splitlines()
    assert errors_by_name(tmp_path / "dry.csv", "name") == {
        "held twins crew": ("to create", note),
        "Held Twins Stage": ("to create", ""),
    }
    assert counted(before, sent(sandbox)) == {"GET": 1}  # the lists' read: no other
    before = sent(sandbox)
    done = run_cli(*args, "--results", str(tmp_path / "done.csv"), env=sandbox.env)
    assert done.exit_code == 0, done.output
    assert warning in done.stdout.splitlines()
    assert errors_by_name(tmp_path / "done.csv", "name") == {
        "held twins crew": ("created", note),
        "Held Twins Stage": ("created", ""),
    }
    assert counted(before, sent(sandbox)) == {"GET": 1, "POST": 2}
    names = {x["name"] for x in sandbox.call(lambda c: c.list("list", {}))}
    assert {"Held Twins Crew", "held twins crew", "Held Twins Stage"} <= names
