"""Issue 24: a row found unchanged in the run's read of its collection sends nothing of its
own; a changed one is still read and put whole, and the dry run counts exactly that."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from benchmarks.request_jobs import bench, fees
from bulkspot.cli import cli
from tests.runner.sheets import event_of


def test_an_edited_export_updates_only_the_changed_row_and_the_dry_run_counts_it(
    tmp_path: Path,
) -> None:
    with bench(tmp_path) as b:
        event = b.new_event()
        made = fees(b.path("fees.csv"), 4)
        lines = made.read_text(encoding="utf-8").splitlines(keepends=True)
        made.write_text("".join(lines[:1] + lines[:0:-1]), encoding="utf-8")  # Fee 3 first
        b.import_("fees", made, event)
        exported = b.path("export.csv")
        b.cli("export", "fees", "--event", event, "--output", str(exported))
        with exported.open(newline="", encoding="utf-8") as sheet:
            rows = list(csv.DictReader(sheet))
        # by its label: the export lists the fees as the server holds them, in the order
        # their creates arrived, which the import's concurrent writes leave open
        [edited] = [row for row in rows if row["label"] == "Fee 1"]  # 11.00 until now
        edited["fee"] = "99.00"
        with exported.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)

        dry = b.runner.invoke(
            cli,
            ["import", "fees", str(exported), "--event", event, "--dry-run", "--rate", "4",
             "--journal", str(b.path("dry.sqlite")), "--results", str(b.path("dry.csv"))],
            env=b.env,
        )  # fmt: skip
        assert dry.exit_code == 0, dry.output
        # the event check, the fees read; the edited fee's read and PUT
        assert (
            "a real run: about 4 requests, at least 1 s at 4 requests/s, 0.0% of a standard "
            "key's 10,000 requests a day"
        ) in dry.output.splitlines()

        real = b.counted("re-import", 0, "", lambda: b.import_("fees", exported, event), event)
        assert real.by_method == {"GET": 3, "PUT": 1}
        held = sorted(fee["fee"] for fee in event_of(b.sim.dump(), event)["fees"])
        assert held == [10.0, 12.0, 13.0, 99.0]


def test_ensure_returns_an_existing_fee_whole_from_the_collection_read(tmp_path: Path) -> None:
    with bench(tmp_path) as b:
        event = b.new_event()
        b.import_("fees", fees(b.path("fees.csv"), 2), event)
        ids = {"event_id": event}
        body = {"label": "Fee 1", "fee": 11.0, "fee_scope": "BOTH"}

        async def ensure_then_get(client: Any) -> tuple[Any, Any]:
            ensured, status = await client.ensure("fee", ids, body)
            return (ensured, status), await client.get("fee", ids, ensured["id"])

        b.sim.control(reset_stats=True)
        (ensured, status), got = b.library(ensure_then_get)
        assert status == "exists"
        assert ensured == got  # whole, as a GET of it answers
        assert b.sim.stats()["requests_by_method"] == {"GET": 2}  # the fees read; the test's GET
