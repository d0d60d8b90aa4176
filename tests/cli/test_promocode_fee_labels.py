"""A promocode's fee list as the person meant it (issue 23): a label in another case finds
its one fee, a label that finds none says what was meant (also that fees are `;`-separated),
and a fee named twice is sent once; checked on the simulator over HTTP."""

from __future__ import annotations

from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.test_shop_exports import results_of

SHEET = (
    "code_name,discount,fees\n"
    "LOWER1,10%,student\n"
    "DUPE1,10%,Student;Student\n"
    'COMMA1,10%,"Standard, Student"\n'
    "AMBIG1,10%,vip\n"
    "TYPO1,10%,Studnet\n"
)


def test_fee_labels_match_as_meant(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    ids = {}
    for label in ("Standard", "Student", "VIP", "Vip"):
        made = sandbox.call(lambda c, name=label: c.create("fee", {"event_id": event},
                                                        {"label": name, "fee": 20}))  # fmt: skip
        ids[label] = made["id"]
    sheet = tmp_path / "codes.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    done = run_cli("import", "promocodes", str(sheet), "--event", event, "--rate", "1000",
                   env=sandbox.env)  # fmt: skip
    assert done.exit_code != 0, done.output
    codes = {c["code_name"]: c for c in sandbox.call(
        lambda c: c.list("promocode", {"event_id": event}))}  # fmt: skip
    assert {name: c["fee_ids"] for name, c in codes.items()} == {
        "LOWER1": [ids["Student"]],
        "DUPE1": [ids["Student"]],
    }
    errors = {row["code_name"]: row["error"] for row in results_of(sheet).values()}
    assert errors == {
        "LOWER1": "",
        "DUPE1": "",
        "COMMA1": f"no fee 'Standard, Student' in event {event}: the fees column is "
        ";-separated, so write 'Standard;Student'",
        "AMBIG1": f"no fee 'vip' in event {event} (did you mean 'VIP' or 'Vip'?)",
        "TYPO1": f"no fee 'Studnet' in event {event} (did you mean 'Student'?)",
    }
