"""Cells read as the person meant them, and refusals that say only what is wrong (issue 23's
audit): `Applies To` on a promocodes sheet names fees, `Draft` is a blank status, a refused
discount is the row's only problem, and a limit above the stock names both numbers; each
checked on the simulator over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.test_shop_exports import results_of


def import_sheet(
    run_cli: Cli, sandbox: Sandbox, kind: str, path: Path, text: str, *more: str
) -> Any:
    path.write_text(text, encoding="utf-8")
    return run_cli("import", kind, str(path), "--rate", "1000", *more, env=sandbox.env)


def errors_of(path: Path) -> dict[str, str]:
    return {row["row"]: row["error"] for row in results_of(path).values()}


def test_applies_to_on_a_promocodes_sheet_names_the_fees(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    ids = {}
    for label in ("Standard", "Student"):
        made = sandbox.call(lambda c, name=label: c.create("fee", {"event_id": event},
                                                        {"label": name, "fee": 20}))  # fmt: skip
        ids[label] = made["id"]
    sheet = tmp_path / "codes.csv"
    done = import_sheet(run_cli, sandbox, "promocodes", sheet,
                        "Code,Percent Off,Applies To\nAPPLY1,10,Student\n"
                        "APPLY2,15,Standard;Student\nWHOLE1,5,\n",
                        "--event", event)  # fmt: skip
    assert done.exit_code == 0, done.output
    codes = {c["code_name"]: c for c in sandbox.call(
        lambda c: c.list("promocode", {"event_id": event}))}  # fmt: skip
    assert {name: (c["discount_scope"], c["fee_ids"]) for name, c in codes.items()} == {
        "APPLY1": ("FEE_LIST", [ids["Student"]]),
        "APPLY2": ("FEE_LIST", [ids["Standard"], ids["Student"]]),
        "WHOLE1": ("ORDER_TOTAL", []),
    }


def test_a_draft_status_reads_as_blank(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    """A new event is a DRAFT, and an export writes a draft's status blank: `Draft` (any
    case) asks for what a blank gives, so it is read as one, not refused."""
    names = [f"draft-{next(sandbox.counter)}" for _ in range(3)]
    rows = "".join(
        f"{name},Draft test,OTHER,2027-07-17T14:00:00,2027-07-17T16:00:00,US/Eastern,{status}\n"
        for name, status in zip(names, ("Draft", "DRAFT", "Published"), strict=True)
    )
    sheet = tmp_path / "events.csv"
    header = "name,title,type,start_date,end_date,time_zone_id,status\n"
    done = import_sheet(run_cli, sandbox, "events", sheet, header + rows)
    assert done.exit_code == 0, done.output
    assert errors_of(sheet) == {"2": "", "3": "", "4": ""}
    held = {e["name"]: e["status"] for e in sandbox.call(lambda c: c.list("event", {}))}
    assert [held[name] for name in names] == ["DRAFT", "DRAFT", "ACTIVE"]


def test_a_refused_discount_is_its_rows_only_problem(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """The code type follows from the discount: a row whose discount cell is refused is
    still a DISCOUNT code, so it is not also told that code_type is required, nor that a
    DISCOUNT code needs a percent or an amount."""
    event = sandbox.new_event()
    discount, amount = tmp_path / "discount.csv", tmp_path / "amount.csv"
    first = import_sheet(run_cli, sandbox, "promocodes", discount,
                         "code_name,code_type,discount\nBAD1,,abc\nBAD2,DISCOUNT,abc\n"
                         "GOOD1,,10%\n", "--event", event)  # fmt: skip
    second = import_sheet(run_cli, sandbox, "promocodes", amount,
                          "code_name,discount_amount\nBAD3,abc\nBAD4,1.999\nGOOD2,5.00\n",
                          "--event", event)  # fmt: skip
    assert (first.exit_code, second.exit_code) == (1, 1), first.output + second.output
    refused = "discount: 'abc' is not a discount: write 20% for a percent off, or 20.00 for an "
    assert errors_of(discount) == {
        "2": refused + "amount off",
        "3": refused + "amount off",
        "4": "",
    }
    assert errors_of(amount) == {
        "2": "discount_amount: 'abc' is not a number",
        "3": "discount_amount: '1.999' could be 1999, or 1.999, which has more decimals than "
        "USD has cents: write 1999, 2.00 or 1.99, or say how this sheet writes decimals with "
        "--decimal-comma or --decimal-point",
        "4": "",
    }
    held = sandbox.call(lambda c: c.list("promocode", {"event_id": event}))
    assert sorted(c["code_name"] for c in held) == ["GOOD1", "GOOD2"]


def test_a_limit_above_the_stock_names_both_numbers(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    sheet = tmp_path / "items.csv"
    done = import_sheet(run_cli, sandbox, "items", sheet,
                        "name,price,default_quantity_total,show_quantity_available\n"
                        "Mug,5,3,yes\nTote,7,10,yes\n",
                        "--event", event, "--set", "per_registrant_limit=4")  # fmt: skip
    assert done.exit_code == 1, done.output
    assert "  row 2: invalid: --set per_registrant_limit: 4 must not be above "  \
        "default_quantity_total (3)" in done.output.splitlines()  # fmt: skip
    held = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    assert [(i["name"], i["per_registrant_limit"]) for i in held] == [("Tote", 4)]


def test_a_stock_from_set_is_named_as_set(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    sheet = tmp_path / "items.csv"
    done = import_sheet(run_cli, sandbox, "items", sheet,
                        "name,price,per_registrant_limit,show_quantity_available\n"
                        "Mug,5,4,yes\nTote,7,2,yes\n",
                        "--event", event, "--set", "default_quantity_total=3")  # fmt: skip
    assert done.exit_code == 1, done.output
    assert errors_of(sheet) == {
        "2": "per_registrant_limit: 4 must not be above --set default_quantity_total (3)",
        "3": "",
    }
    held = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    assert [(i["name"], i["default_quantity_total"]) for i in held] == [("Tote", 3)]
