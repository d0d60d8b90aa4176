"""`bulkspot undo --dry-run` lists what undo would delete or cancel and sends no write; every
undo's summary says what it leaves alone and why (issue 11, "undo you can look at first")."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from bulkspot.api import Client
from bulkspot.core.operation import OpKey
from bulkspot.sinks.journal import Journal, JournalRecord
from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.paths import SAMPLES

FEE = {"fee_scope": "BOTH", "has_restricted_access": False}


def fees_of(sandbox: Sandbox, event: str) -> dict[str, dict[str, Any]]:
    return {f["label"]: f for f in sandbox.call(lambda c: c.list("fee", {"event_id": event}))}


async def make_fee(client: Client, *, event: str, body: dict[str, Any]) -> Any:
    return await client.create("fee", {"event_id": event}, body)


@pytest.fixture
def mixed_journal(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> tuple[str, Path]:
    """A fees run that created three fees, found one as it was (unchanged), updated one that
    was there (Weekend Pass), and was cut off while creating a sixth, whose label someone
    else then used for a fee of their own."""
    event = sandbox.new_event()
    there = [{"label": "General Admission", "fee": 35.0, "early_fee": 28.0, "late_fee": 45.0,
              **FEE},
             {"label": "Weekend Pass", "fee": 99.0, **FEE}]  # fmt: skip
    for body in there:
        sandbox.call(functools.partial(make_fee, event=event, body=body))
    journal = tmp_path / "fees.sqlite"
    imported = run_cli(
        "import", "fees", str(SAMPLES / "fees.csv"), "--event", event, "--rate", "500",
        "--on-existing", "update", "--journal", str(journal), "--results",
        str(tmp_path / "fees.results.csv"), env=sandbox.env,
    )  # fmt: skip
    assert imported.exit_code == 0, imported.output
    sent = {"label": "Late Pass", "fee": 20.0, **FEE}
    owned = Journal.open_existing(journal)
    owned.write_many(
        [JournalRecord(OpKey(7), "fee", "sending", {"event_id": event}, "Late Pass", sent=sent)]
    )
    owned.close()
    theirs = {"label": "Late Pass", "fee": 25.0, **FEE}
    sandbox.call(functools.partial(make_fee, event=event, body=theirs))
    return event, journal


def notes(stdout: str, first: str) -> list[str]:
    """The summary's lines from `first` to the end."""
    lines = stdout.splitlines()
    return lines[lines.index(first) :]


LEFT_ALONE = [
    "left alone (undo removes only what this run created):",
    "  1 row whose resource was updated: updates are not reverted",
    "  1 row that found a resource already there",
    "  1 cut-off create whose name someone else's resource holds",
]


def test_a_dry_run_lists_what_undo_would_delete_and_deletes_nothing(
    run_cli: Cli, sandbox: Sandbox, mixed_journal: tuple[str, Path]
) -> None:
    event, journal = mixed_journal
    before = fees_of(sandbox, event)
    kept = journal.read_bytes()
    result = run_cli("undo", "--journal", str(journal), "--dry-run", "--rate", "500",
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"dry run of undo of {journal}"
    assert "  to delete        3" in result.stdout.splitlines()
    ids = {label: fee["id"] for label, fee in before.items()}
    assert notes(result.stdout, "would delete or cancel, children first:") == [
        "would delete or cancel, children first:",
        f"  to delete  fee  Student  (id {ids['Student']})",
        f"  to delete  fee  Child (under 12)  (id {ids['Child (under 12)']})",
        f"  to delete  fee  VIP Backstage  (id {ids['VIP Backstage']})",
        *LEFT_ALONE,
    ]
    assert fees_of(sandbox, event) == before
    assert journal.read_bytes() == kept


def test_undo_deletes_what_the_run_created_and_says_what_it_left_alone(
    run_cli: Cli, sandbox: Sandbox, mixed_journal: tuple[str, Path]
) -> None:
    event, journal = mixed_journal
    result = run_cli("undo", "--journal", str(journal), "--rate", "500", env=sandbox.env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"undo of {journal}"
    assert "  deleted          3" in result.stdout.splitlines()
    assert notes(result.stdout, LEFT_ALONE[0]) == LEFT_ALONE
    left = fees_of(sandbox, event)
    assert sorted(left) == ["General Admission", "Late Pass", "Weekend Pass"]
    assert (left["Weekend Pass"]["fee"], left["Late Pass"]["fee"]) == (60.0, 25.0)

    again = run_cli("undo", "--journal", str(journal), "--rate", "500", env=sandbox.env)
    assert again.exit_code == 0, again.output
    assert notes(again.stdout, LEFT_ALONE[0]) == LEFT_ALONE[:3]
    assert sorted(fees_of(sandbox, event)) == sorted(left)
