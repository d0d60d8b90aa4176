"""The commands end to end against the simulator on a loopback port (in-process CliRunner)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from bulkspot.core.codes import ALPHABET
from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.paths import SAMPLES


def results(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as rows:
        return list(csv.DictReader(rows))


def statuses(path: Path) -> list[str]:
    return [row["status"] for row in results(path)]


def test_inventory_imports_and_running_again_sends_nothing(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    out = tmp_path / "inventory.results.csv"
    journal = tmp_path / "inventory.journal.sqlite"
    args = ["import", "items", str(SAMPLES / "inventory.xlsx"), "--event", event,
            "--rate", "500", "--results", str(out), "--journal", str(journal)]  # fmt: skip
    first = run_cli(*args, env=sandbox.env)
    assert first.exit_code == 0, first.output
    assert set(statuses(out)) == {"created"} and len(statuses(out)) == 20
    items = sandbox.call(lambda c: c.list("item", {"event_id": event}))
    shirt = next(i for i in items if i["name"] == "Festival T-Shirt")
    assert shirt["default_quantity_total"] == 240
    assert "created" in first.stdout and "requests sent" in first.stdout
    again = run_cli(*args, env=sandbox.env)
    assert again.exit_code == 0, again.output
    assert "requests sent    0" in again.stdout
    assert set(statuses(out)) == {"created"}


def test_bad_rows_exit_1_and_the_results_say_why(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    out = tmp_path / "errors.results.csv"
    result = run_cli(
        "import", "items", str(SAMPLES / "inventory-with-errors.csv"), "--event", event,
        "--rate", "500", "--results", str(out), "--journal", str(tmp_path / "j.sqlite"),
        env=sandbox.env,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    rows = {row["row"]: row for row in results(out)}
    assert rows["5"]["status"] == "invalid" and "'twelve' is not a number" in rows["5"]["error"]
    assert rows["6"]["status"] == "invalid" and "name: is required" in rows["6"]["error"]
    assert rows["10"]["status"] == "created"
    assert "to send the failed rows again" not in result.stdout
    assert f"rows not done (all of them, and why, in {out}):" in result.stdout
    assert "  row 5: invalid: price: 'twelve' is not a number\n" in result.stdout
    assert "  row 6: invalid: name: is required\n" in result.stdout


def test_events_fees_promocodes_and_undo(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    fees_journal = tmp_path / "fees.journal.sqlite"
    common = ["--event", event, "--rate", "500"]
    dry = run_cli("import", "fees", str(SAMPLES / "fees.csv"), *common, "--dry-run",
                  "--results", str(tmp_path / "dry.csv"), env=sandbox.env)  # fmt: skip
    assert dry.exit_code == 0, dry.output
    assert "5 rows; a dry run: nothing is created or changed\n" in dry.stdout
    assert re.search(r"requests sent +[1-9]", dry.stdout), dry.stdout  # its read-only ones
    assert "at least" not in dry.stdout and "ETA" not in dry.stdout
    assert set(statuses(tmp_path / "dry.csv")) == {"to create"}
    assert sandbox.call(lambda c: c.list("fee", {"event_id": event})) == []
    fees = run_cli("import", "fees", str(SAMPLES / "fees.csv"), *common,
                   "--results", str(tmp_path / "fees.csv"), "--journal", str(fees_journal),
                   env=sandbox.env)  # fmt: skip
    assert fees.exit_code == 0, fees.output
    codes_journal = tmp_path / "codes.journal.sqlite"
    codes = run_cli("import", "promocodes", str(SAMPLES / "promocodes.csv"), *common,
                    "--results", str(tmp_path / "codes.csv"), "--journal", str(codes_journal),
                    env=sandbox.env)  # fmt: skip
    assert codes.exit_code == 0, codes.output
    made = sandbox.call(lambda c: c.list("promocode", {"event_id": event}))
    assert {p["code_name"] for p in made} == {
        "EARLYBIRD", "STUDENT5", "WEEKEND10", "VOLUNTEER", "SPONSOR_25", "BACKSTAGE"
    }  # fmt: skip
    undo = run_cli("undo", "--journal", str(codes_journal), "--rate", "500", env=sandbox.env)
    assert undo.exit_code == 0, undo.output
    assert sandbox.call(lambda c: c.list("promocode", {"event_id": event})) == []
    undo = run_cli("undo", "--journal", str(fees_journal), "--rate", "500", env=sandbox.env)
    assert undo.exit_code == 0, undo.output
    assert "deleted" in undo.stdout
    assert sandbox.call(lambda c: c.list("fee", {"event_id": event})) == []


def test_generated_codes_avoid_the_events_codes(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    taken = ["ZZZ2", "ZZZ3", "zzzA", "ZZZB", "ZZZC"]
    for code in taken:
        body = {"code_name": code, "code_type": "DISCOUNT", "discount_percent": 5,
                "discount_scope": "ORDER_TOTAL"}  # fmt: skip
        sandbox.call(lambda c, b=body: c.create("promocode", {"event_id": event}, b))
    out = tmp_path / "codes.csv"
    result = run_cli(
        "promocodes", "generate", "--event", event, "--count", "26", "--prefix", "ZZZ",
        "--length", "4", "--discount", "15%", "--seed", "3", "--output", str(out), "--only-csv",
        env=sandbox.env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = results(out)
    assert {r["code_name"] for r in rows} == {f"ZZZ{c}" for c in ALPHABET if c not in "23ABC"}
    assert {(r["code_type"], r["discount"], r["discount_scope"]) for r in rows} == {
        ("DISCOUNT", "15%", "ORDER_TOTAL")
    }
    # one more cannot exist: 31 possible, 5 taken, 26 asked
    refused = run_cli(
        "promocodes", "generate", "--event", event, "--count", "27", "--prefix", "ZZZ",
        "--length", "4", "--discount", "15%", "--only-csv", env=sandbox.env,
    )  # fmt: skip
    assert refused.exit_code == 2 and "gives only 26 new codes" in refused.output


def test_generate_imports_like_import_promocodes(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    run_cli("import", "fees", str(SAMPLES / "fees.csv"), "--event", event, "--rate", "500",
            "--results", str(tmp_path / "f.csv"), "--journal", str(tmp_path / "f.sqlite"),
            env=sandbox.env)  # fmt: skip
    out = tmp_path / "vip.csv"
    result = run_cli(
        "promocodes", "generate", "--event", event, "--count", "12", "--prefix", "VIP_",
        "--access-fee", "VIP Backstage", "--quantity", "1", "--seed", "5", "--output", str(out),
        "--rate", "500", "--journal", str(tmp_path / "vip.sqlite"), env=sandbox.env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"wrote 12 codes to {out}" in result.stdout
    made = sandbox.call(lambda c: c.list("promocode", {"event_id": event}))
    assert len(made) == 12 and {p["code_type"] for p in made} == {"ACCESS"}
    assert all(p["code_name"].startswith("VIP_") and len(p["code_name"]) == 8 for p in made)
    results = out.with_name(f"vip.csv.promocodes.{event}.results.csv")
    assert set(statuses(results)) == {"created"}


def test_the_simulator_refuses_a_wrong_token_and_the_run_stops(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    env = {**sandbox.env, "CTCT_ACCESS_TOKEN": "wrong-token-987"}
    result = run_cli("import", "fees", str(SAMPLES / "fees.csv"), "--event", event,
                     "--results", str(tmp_path / "r.csv"), "--journal", str(tmp_path / "j.sqlite"),
                     env=env)  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "stopped:" in result.stdout
    assert "to finish the rest:  bulkspot import fees" in result.stdout
    assert "wrong-token-987" not in result.output
    assert set(statuses(tmp_path / "r.csv")) == {"pending"}


def test_events_print_the_ids_that_the_other_sheets_need(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    args = ["import", "events", str(SAMPLES / "events.csv"), "--rate", "500", "--results",
            str(tmp_path / "events.csv"), "--journal", str(tmp_path / "e.sqlite")]  # fmt: skip
    first = run_cli(*args, env=sandbox.env)
    assert first.exit_code == 0, first.output
    ids = [row["id"] for row in results(tmp_path / "events.csv")]
    assert len(ids) == 3 and all(ids)
    assert "event ids (for --event):" in first.stdout
    assert f"  {ids[0]}  riverside-summer-fest-2027  (created)" in first.stdout
    # --fresh forgets the journal: the events are found by name, not created twice
    again = run_cli(*args, "--fresh", env=sandbox.env)
    assert again.exit_code == 0, again.output
    assert f"  {ids[0]}  riverside-summer-fest-2027  (exists)" in again.stdout
